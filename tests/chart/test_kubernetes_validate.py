"""Every rendered object is valid in strict mode (unknown fields fail) for the oldest and the newest
Kubernetes minors the chart supports (support.kube.STRICT_VERSIONS); the compat tier checks every minor between."""
import pytest
from support.kube import STRICT_VERSIONS, problems_all
from support.render import SCENARIOS, render_scenario

VERSIONS = (STRICT_VERSIONS[0], STRICT_VERSIONS[-1])


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_strict_kubernetes_validation(scenario, version):
    assert problems_all(render_scenario(scenario), version) == []


def test_strict_validation_catches_an_unknown_field():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
           "spec": {"containers": [{"name": "base", "image": "i", "resourcez": {}}]}}
    assert all(problems_all([pod], v) != [] for v in VERSIONS)
