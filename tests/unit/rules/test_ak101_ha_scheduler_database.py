"""AK101 ha-scheduler-database: more than one scheduler needs PostgreSQL or MySQL."""
from .conftest import findings

RULE = "AK101"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'scheduler: {replicas: 3}\ndatabase: {backend: sqlite}\n')
    assert [p.path for p in problems] == ['scheduler.replicas']
    assert 'sqlite' in problems[0].message
    assert problems[0].line == 1
