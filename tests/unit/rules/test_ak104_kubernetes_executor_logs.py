"""AK104 kubernetes-executor-logs: task logs must outlive the task pods."""
from .conftest import docstring_examples, findings

RULE = "AK104"


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
    problems = findings(RULE, 'executor: CeleryExecutor\ncelery: {worker_replicas: 2}\nlogging: {persistence: {enabled: true, access_mode: ReadWriteOnce}}\n')
    assert [p.path for p in problems] == ['logging.persistence.access_mode']
    assert 'pods write logs' in problems[0].message
    assert problems[0].line == 3
