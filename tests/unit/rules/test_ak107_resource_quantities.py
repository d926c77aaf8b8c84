"""AK107 resource-quantities: requests and limits are Kubernetes quantities, requests not above limits."""
from .conftest import docstring_examples, findings

RULE = "AK107"


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
    problems = findings(RULE, 'workers:\n  resources:\n    requests: {cpu: "3"}\n    limits: {cpu: 2000m}\n')
    assert [p.path for p in problems] == ['workers.resources.requests.cpu']
    assert 'above' in problems[0].message
    assert problems[0].line == 3


def test_gb_suffix_gets_a_hint():
    problems = findings(RULE, "scheduler:\n  resources:\n    limits: {memory: 2GB}\n")
    assert problems[0].path == "scheduler.resources.limits.memory"
    assert "2Gi" in problems[0].message


def test_profiles_are_checked_too():
    text = "workers:\n  profiles:\n    gpu:\n      resources: {requests: {nvidia.com/gpu: 2}, limits: {nvidia.com/gpu: 1, memory: 1Gi}}\n"
    assert [p.path for p in findings(RULE, text)] == ["workers.profiles.gpu.resources.requests.nvidia.com/gpu"]
