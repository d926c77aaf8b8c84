"""The official chart's apiServer.hpa (webserver.hpa on Airflow 2): a HorizontalPodAutoscaler for the UI's
Deployment, which then leaves its replica count to it; nothing unless asked."""
import pytest
from support.kube import STRICT_VERSIONS, problems_all
from support.render import HELMS, RELEASE, find, helm_template, kinds, render_values

BEHAVIOR = {"scaleDown": {"stabilizationWindowSeconds": 300}}


@pytest.mark.parametrize("helm", HELMS)
def test_no_autoscaler_unless_asked(helm):
    objs = render_values({}, helm)
    assert kinds(objs, "HorizontalPodAutoscaler") == []
    assert find(objs, "Deployment", f"{RELEASE}-api-server")["spec"]["replicas"] == 1


@pytest.mark.parametrize(("version", "ui", "key"), [("3.3.2", "api-server", "apiServer"),
                                                    ("2.10.4", "webserver", "webserver")])
@pytest.mark.parametrize("helm", HELMS)
def test_the_ui_scales_with_its_autoscaler(helm, version, ui, key):
    objs = render_values({"airflowVersion": version, "images": {"airflow": {"tag": version}},
                          key: {"hpa": {"enabled": True, "minReplicaCount": 2, "maxReplicaCount": 6,
                                        "behavior": BEHAVIOR}}}, helm)
    (hpa,) = kinds(objs, "HorizontalPodAutoscaler")
    deployment = find(objs, "Deployment", f"{RELEASE}-{ui}")
    assert hpa["metadata"]["name"] == f"{RELEASE}-{ui}"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": deployment["metadata"]["name"]}
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"], hpa["spec"]["behavior"]) == (2, 6, BEHAVIOR)
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert "replicas" not in deployment["spec"]  # else every upgrade would reset what the HPA chose
    assert problems_all(objs, STRICT_VERSIONS[-1]) == []


@pytest.mark.parametrize("helm", HELMS)
def test_at_least_one_replica(helm):
    run = helm_template("--set", "apiServer.hpa.enabled=true", "--set", "apiServer.hpa.minReplicaCount=0", helm=helm)
    assert run.returncode != 0 and "minReplicaCount" in run.stderr
