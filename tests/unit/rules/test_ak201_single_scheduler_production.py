"""AK201 single-scheduler-production: one scheduler is a single point of failure."""
from .conftest import findings

RULE = "AK201"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'profile: production\nscheduler: {replicas: 1}\n')
    assert [p.path for p in problems] == ['scheduler.replicas']
    assert 'dies' in problems[0].message
    assert problems[0].line == 2
