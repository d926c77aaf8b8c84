"""Every chart/ci scenario renders with helm 3 and helm 4 into the same objects."""
import pytest
from support.render import SCENARIOS, render_scenario


def test_at_least_ten_scenarios():
    assert len(SCENARIOS) >= 10


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_helm3_and_helm4_render_the_same_objects(scenario):
    def shape(objs):
        return sorted((o["kind"], o["metadata"]["name"]) for o in objs)

    assert shape(render_scenario(scenario, "helm3")) == shape(render_scenario(scenario, "helm4"))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_container_has_resources_and_long_running_ones_probes(scenario):
    for obj in render_scenario(scenario):
        if obj["kind"] not in ("Deployment", "StatefulSet", "Job", "Pod"):
            continue
        spec = obj["spec"]["template"]["spec"] if obj["kind"] != "Pod" else obj["spec"]
        for container in spec.get("initContainers", []) + spec["containers"]:
            where = f"{obj['kind']}/{obj['metadata']['name']}/{container['name']}"
            assert container["resources"].get("limits") and container["resources"].get("requests"), where
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, where
            assert container["securityContext"]["capabilities"]["drop"] == ["ALL"], where
        if obj["kind"] in ("Deployment", "StatefulSet"):
            for container in spec["containers"]:
                # The log groomer's one process is its loop: when it stops, the container exits (nothing to probe).
                if container["name"] not in ("git-sync", "log-groomer"):
                    assert "livenessProbe" in container, f"{obj['metadata']['name']}/{container['name']}"
            assert spec["securityContext"]["runAsNonRoot"] is True
            assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
