"""AK107 resource-quantities: requests and limits are Kubernetes quantities, requests not above limits."""
from .conftest import findings

RULE = "AK107"


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
    text = ("workers:\n  profiles:\n    gpu:\n"
            "      resources: {requests: {nvidia.com/gpu: 2}, limits: {nvidia.com/gpu: 1, memory: 1Gi}}\n")
    assert [p.path for p in findings(RULE, text)] == ["workers.profiles.gpu.resources.requests.nvidia.com/gpu"]
