"""Every rendered object is valid for Kubernetes 1.30 and 1.35 in strict mode (unknown fields fail)."""
import pytest
from support.kube import problems_all
from support.render import SCENARIOS, render_scenario

VERSIONS = ("1.30", "1.35")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_strict_kubernetes_validation(scenario, version):
    assert problems_all(render_scenario(scenario), version) == []


def test_strict_validation_catches_an_unknown_field():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
           "spec": {"containers": [{"name": "base", "image": "i", "resourcez": {}}]}}
    assert problems_all([pod], "1.35") != []
