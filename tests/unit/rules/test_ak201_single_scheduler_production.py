"""AK201 single-scheduler-production: one scheduler is a single point of failure."""
from .conftest import docstring_examples, findings

RULE = "AK201"


def test_passing_example_is_clean():
    passing, _ = docstring_examples(RULE)
    assert findings(RULE, passing) == []


def test_failing_example_is_reported():
    _, failing = docstring_examples(RULE)
    problems = findings(RULE, failing)
    assert problems, "the docstring's failing example must trigger the rule"
    for problem in problems:
        assert problem.path and problem.message
        assert problem.severity == "warning"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'profile: production\nscheduler: {replicas: 1}\n')
    assert [p.path for p in problems] == ['scheduler.replicas']
    assert 'dies' in problems[0].message
    assert problems[0].line == 2
