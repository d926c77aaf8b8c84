"""AK103 celery-broker: a Celery executor needs a broker."""
from .conftest import docstring_examples, findings

RULE = "AK103"


def test_passing_example_is_clean():
    passing, _ = docstring_examples(RULE)
    assert findings(RULE, passing) == []


def test_failing_example_is_reported():
    _, failing = docstring_examples(RULE)
    problems = findings(RULE, failing)
    assert problems, "the docstring's failing example must trigger the rule"
    for problem in problems:
        assert problem.path and problem.message


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'executor: CeleryExecutor\ncelery: {redis_password_secret: redis-pw}\n')
    assert [p.path for p in problems] == ['celery.redis_password_secret']
    assert 'broker_url_secret' in problems[0].message
    assert problems[0].line == 2
