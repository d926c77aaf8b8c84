"""Issue 11's hardening, on real renders (helm 3 and helm 4): namespaces, NetworkPolicies that
select every pod, read-only root filesystems, probes, API tokens only where the API is called,
credentials as files. tests/compat/test_compat_checkov.py runs checkov itself."""
import json

import pytest
from support.render import (
    HELMS,
    NAMESPACE,
    PROMETHEUS_CRDS,
    RELEASE,
    ROOT,
    SCENARIOS,
    airflow_cfg,
    containers,
    find,
    kinds,
    pod_templates,
    render_files,
    render_scenario,
)

PRODUCTION = ROOT / "values-examples" / "production" / "values.yaml"
CLUSTER_SCOPED = {"ClusterRole", "ClusterRoleBinding"}


def pod_specs(objs) -> dict[str, dict]:
    """{kind/name: pod template (metadata + spec)} of every workload, Job hook and task pod template."""
    pods = {}
    for obj in objs:
        spec = obj.get("spec") or {}
        if obj["kind"] == "CronJob":
            pods[f"CronJob/{obj['metadata']['name']}"] = spec["jobTemplate"]["spec"]["template"]
        elif "template" in spec and obj["kind"] in ("Deployment", "StatefulSet", "Job"):
            pods[f"{obj['kind']}/{obj['metadata']['name']}"] = spec["template"]
    for name, pod in pod_templates(objs).items():
        pods[f"task-pod/{name}"] = pod
    return pods


@pytest.fixture(scope="module", params=HELMS)
def production(request):
    return render_files(PRODUCTION, helm=request.param, extra=PROMETHEUS_CRDS)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_namespaced_object_names_the_release_namespace(scenario):
    for obj in render_scenario(scenario):
        namespace = obj["metadata"].get("namespace")
        if obj["kind"] in CLUSTER_SCOPED:
            assert namespace is None, (obj["kind"], obj["metadata"]["name"])
        else:
            assert namespace == NAMESPACE, (obj["kind"], obj["metadata"]["name"])


def test_network_policies_select_every_pod(production):
    policies = [p["spec"]["podSelector"]["matchLabels"] for p in kinds(production, "NetworkPolicy")]
    assert {"release": RELEASE} in policies  # the default deny
    for name, pod in pod_specs(production).items():
        labels = pod["metadata"]["labels"]
        assert any(sel.items() <= labels.items() for sel in policies), name


def test_the_ui_is_reached_by_task_pods_and_from_the_ingress(production):
    ui = find(production, "NetworkPolicy", f"{RELEASE}-api-server-8080")["spec"]["ingress"][0]
    assert ui["ports"] == [{"port": 8080, "protocol": "TCP"}] and "from" not in ui  # anyone: execution API, ingress
    peer = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}
    objs = render_files(PRODUCTION, extra=(*PROMETHEUS_CRDS, "--set-json",
                                           f"networkPolicies.ingressFrom={json.dumps([peer])}"))
    sources = find(objs, "NetworkPolicy", f"{RELEASE}-api-server-8080")["spec"]["ingress"][0]["from"]
    assert sources == [{"podSelector": {"matchLabels": {"tier": "airflow", "release": RELEASE}}}, peer]


def test_credentials_are_files_and_tokens_only_where_the_api_is_called(production):
    for name, pod in pod_specs(production).items():
        spec = pod["spec"]
        assert spec["automountServiceAccountToken"] is False, name
        for c in spec["containers"] + spec.get("initContainers", []):
            assert not [e for e in c.get("env", []) if "secretKeyRef" in (e.get("valueFrom") or {})], (name, c["name"])
            assert not [e for e in c.get("envFrom", []) if "secretRef" in e], (name, c["name"])
        token = [c["name"] for c in spec["containers"] + spec.get("initContainers", [])
                 if "kube-api-access" in str(c.get("volumeMounts"))]
        wanted = ["scheduler"] if name == "Deployment/airflow-scheduler" else (
            ["create-secrets"] if "create-secrets" in name else [])
        assert token == wanted, name


def test_read_only_root_and_probes(production):
    for name, pod in pod_specs(production).items():
        spec = pod["spec"]
        for c in spec["containers"] + spec.get("initContainers", []):
            read_only = c["securityContext"]["readOnlyRootFilesystem"]
            # A task pod's base container runs the user's code, which may write anywhere.
            assert read_only is not (name.startswith("task-pod/") and c["name"] == "base"), (name, c["name"])
            # Where Airflow itself runs (not the chart's small Python scripts), it may write to /tmp.
            scripts = ("create-secrets", "health")
            if read_only and c["image"].startswith("apache/airflow:3") and c["name"] not in scripts:
                assert {"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"], (name, c["name"])
        if name.split("/")[0] in ("Deployment", "StatefulSet"):
            for c in spec["containers"]:
                assert c.get("readinessProbe") and c.get("livenessProbe"), (name, c["name"])


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_airflow_has_a_writable_tmp_wherever_its_root_is_read_only(scenario):
    """Importing Airflow asks tempfile for a folder: on a read-only root without the /tmp emptyDir it
    fails ("No usable temporary directory"); the Celery workers' wait-for-migrations did, on the node."""
    for name, pod in pod_specs(render_scenario(scenario)).items():
        for c in pod["spec"]["containers"] + pod["spec"].get("initContainers", []):
            runs_airflow = c["name"] == "wait-for-migrations" or (c.get("args") or [""])[0] in ("airflow", "python")
            if runs_airflow and c["securityContext"].get("readOnlyRootFilesystem") and c["name"] != "create-secrets":
                assert {"name": "tmp", "mountPath": "/tmp"} in c.get("volumeMounts", []), (name, c["name"])


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if "airflow2" in s])
def test_airflow2_containers_keep_a_writable_root(scenario):
    """Airflow 2 creates its log folders in AIRFLOW_HOME when it configures logging, in every process
    (wait-for-migrations and the migration Job failed on a read-only root on the node)."""
    for name, pod in pod_specs(render_scenario(scenario)).items():
        for c in pod["spec"]["containers"] + pod["spec"].get("initContainers", []):
            if c["name"] in ("wait-for-migrations", "migrate-database") or (c.get("args") or [""])[0] == "airflow":
                assert c["securityContext"]["readOnlyRootFilesystem"] is False, (name, c["name"])


def test_job_components_are_ready_soon_after_their_job_starts(production):
    """Readiness every 60s with no startup probe kept a fresh pod un-Ready for a minute (dev-kind's install
    took 45s instead of 27s on the node): a startup probe gates it, cheap for the scheduler (its HTTP check)."""
    probes = {c["name"]: c for pod in pod_specs(production).values() for c in pod["spec"]["containers"]}
    assert probes["scheduler"]["startupProbe"]["httpGet"] == {"path": "/health", "port": 8974}
    assert probes["scheduler"]["readinessProbe"]["periodSeconds"] == 10
    assert "enable_health_check = True" in airflow_cfg(production)
    for name in ("dag-processor", "triggerer"):
        started, ready = probes[name]["startupProbe"], probes[name]["readinessProbe"]
        assert started["exec"] == ready["exec"] == probes[name]["livenessProbe"]["exec"]
        assert started["periodSeconds"] <= 5 and ready["initialDelaySeconds"] == 0, name


@pytest.mark.parametrize("helm", HELMS)
def test_what_stays_writable(helm):
    local = render_scenario("local", helm)
    scheduler = containers(find(local, "Deployment", f"{RELEASE}-scheduler"))
    assert scheduler["scheduler"]["securityContext"]["readOnlyRootFilesystem"] is False  # LocalExecutor tasks
    # Its wait for migrations too: the pod has no /tmp emptyDir, and importing Airflow needs one.
    assert scheduler["wait-for-migrations"]["securityContext"]["readOnlyRootFilesystem"] is False
    web = containers(find(render_scenario("airflow2", helm), "Deployment", f"{RELEASE}-webserver"))["webserver"]
    assert web["securityContext"]["readOnlyRootFilesystem"] is False  # Airflow 2 writes pid files in AIRFLOW_HOME


def test_local_executor_log_server_is_let_through():
    objs = render_files(extra=("--set", "executor=LocalExecutor", "--set", "networkPolicies.enabled=true"))
    rule = find(objs, "NetworkPolicy", f"{RELEASE}-scheduler-8793")["spec"]
    assert rule["podSelector"]["matchLabels"]["component"] == "scheduler"


@pytest.mark.parametrize("helm", HELMS)
def test_the_users_automount_choice_wins(helm):
    objs = render_files(extra=("--set", "scheduler.serviceAccount.automountServiceAccountToken=true"), helm=helm)
    spec = find(objs, "Deployment", f"{RELEASE}-scheduler")["spec"]["template"]["spec"]
    assert spec["automountServiceAccountToken"] is True
    assert "kube-api-access" not in {v["name"] for v in spec["volumes"]}  # the kubelet's mount instead


def test_airflow_db_connection_on_airflow2_or_when_asked():
    def has_conn(objs, component):
        env = containers(find(objs, "Deployment", f"{RELEASE}-{component}"))[component]["env"]
        return "AIRFLOW_CONN_AIRFLOW_DB" in {e["name"] for e in env}

    assert has_conn(render_scenario("airflow2"), "webserver")
    assert not has_conn(render_scenario("kubernetes-dev"), "scheduler")
    asked = render_files(extra=("--set", "enableBuiltInSecretEnvVars.AIRFLOW_CONN_AIRFLOW_DB=true"))
    assert has_conn(asked, "scheduler")
