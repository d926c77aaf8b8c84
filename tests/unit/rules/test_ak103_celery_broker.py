"""AK103 celery-broker: a Celery executor needs a broker."""
from .conftest import findings

RULE = "AK103"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'executor: CeleryExecutor\ncelery: {redis_password_secret: redis-pw}\n')
    assert [p.path for p in problems] == ['celery.redis_password_secret']
    assert 'broker_url_secret' in problems[0].message
    assert problems[0].line == 2
