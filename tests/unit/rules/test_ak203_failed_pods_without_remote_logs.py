"""AK203 failed-pods-without-remote-logs: kept failed pods are the only copy of their logs."""
from .conftest import docstring_examples, findings

RULE = "AK203"


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


def test_only_applies_to_the_kubernetes_executor():
    assert findings(RULE, "executor: LocalExecutor\nworkers: {delete_pods_on_failure: false}\n") == []
    assert findings(RULE, "workers: {delete_pods_on_failure: false}\n")  # KubernetesExecutor default
    assert findings(RULE, "workers: {delete_pods_on_failure: true}\n") == []
