"""AK108 worker-profile-ownership: worker templates leave the executor's parts alone."""
from .conftest import docstring_examples, findings

RULE = "AK108"


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
    problems = findings(RULE, 'workers:\n  pod_spec: {containers: [{name: base}]}\n')
    assert [p.path for p in problems] == ['workers.pod_spec.containers']
    assert 'base' in problems[0].message
    assert problems[0].line == 2
