"""Global keys of the official chart: `secret` as env, extraSecrets / extraConfigMaps,
airflowLocalSettings, Airflow 3 DAG bundles, and dags.gitSync.wait (deprecated, honoured)."""
import json

import pytest
from support.kube import STRICT_VERSIONS, problems_all
from support.render import (
    HELMS,
    RELEASE,
    airflow_cfg,
    cfg_sections,
    containers,
    find,
    kinds,
    pod_templates,
    render_cases,
)

BUNDLES = [{"name": "team-a", "classpath": "airflow.providers.git.bundles.git.GitDagBundle", "team_name": "a",
            "kwargs": {"git_conn_id": "git_a", "tracking_ref": "main", "subdir": "dags", "refresh_interval": 60}},
           {"name": "dags-folder", "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle", "kwargs": {}}]
SETTINGS = "# {{ .Release.Name }}\ndef pod_mutation_hook(pod):\n    pod.metadata.labels['mutated'] = 'yes'"
CASES = {
    "defaults": {},
    "global": {
        "secret": [{"envName": "AIRFLOW_CONN_WAREHOUSE", "secretName": "warehouse", "secretKey": "uri"},
                   {"envName": "API_TOKEN", "secretName": "tokens"}],
        "extraSecrets": {"{{ .Release.Name }}-connections": {
            "type": "Opaque", "labels": {"team": "data"}, "annotations": {"owner": "me"},
            "data": "AIRFLOW_CONN_A: {{ \"postgres://a\" | b64enc }}", "stringData": "AIRFLOW_CONN_B: 'http://b'"}},
        "extraConfigMaps": {"{{ .Release.Name }}-variables": {
            "data": "AIRFLOW_VAR_NAMESPACE: '{{ .Release.Namespace }}'"}},
        "airflowLocalSettings": SETTINGS,
        "dagProcessor": {"dagBundleConfigList": BUNDLES},
        "dags": {"gitSync": {"enabled": True, "repo": "https://github.com/example/dags.git", "wait": 45}},
    },
    "git-sync-keys": {"dags": {"gitSync": {
        "enabled": True, "repo": "https://github.com/example/dags.git", "branch": "main", "rev": "HEAD",
        "ref": "v1.2", "containerName": "sync", "uid": 1000, "env": [{"name": "HTTPS_PROXY", "value": "http://proxy"}],
        "envFrom": "- secretRef: {name: '{{ .Release.Name }}-proxy'}",
        "extraVolumeMounts": [{"name": "dags", "mountPath": "/extra", "readOnly": True}],
        "securityContext": {"runAsGroup": 3}, "securityContexts": {"container": {"runAsUser": 2000}},
        "containerLifecycleHooks": {"preStop": {"exec": {"command": ["sleep", "1"]}}},
        "livenessProbe": {"tcpSocket": {"port": "git-sync"}},
        "readinessProbe": {"httpGet": {"path": "/", "port": 8787}},
        "emptyDirConfig": {"sizeLimit": "1Gi"}}},
        "logs": {"emptyDirConfig": {"sizeLimit": "2Gi", "medium": "Memory"}}},
    # Newer official charts: probe timing only, git-sync's HTTP port, no readiness probe.
    "git-sync-probe-timing": {"dags": {"gitSync": {
        "enabled": True, "repo": "https://github.com/example/dags.git", "httpPort": 1234,
        "recommendedProbeSetting": True, "readinessProbe": {"exec": {"command": ["true"]}},
        "livenessProbe": {"enabled": True, "initialDelaySeconds": 0, "timeoutSeconds": 3},
        "startupProbe": {"enabled": True, "periodSeconds": 5, "failureThreshold": 10}}}},
    "git-sync-probe-off": {"dags": {"gitSync": {"enabled": True, "repo": "https://github.com/example/dags.git",
                                                "livenessProbe": {"enabled": False}}}},
    # As in the official chart: git-sync fills the DAGs PVC from the one pod that parses DAGs.
    "git-sync-into-pvc": {"dags": {"persistence": {"enabled": True, "subPath": "shared"},
                                   "gitSync": {"enabled": True, "repo": "https://github.com/example/dags.git",
                                               "subPath": "dags"}}},
    "git-sync-into-pvc-airflow2": {"airflowVersion": "2.10.4", "dags": {
        "persistence": {"enabled": True}, "gitSync": {"enabled": True, "repo": "https://github.com/example/dags.git"}}},
    "pod-launching": {"allowPodLaunching": True, "executor": "CeleryExecutor,KubernetesExecutor"},
    "standard-naming": {"useStandardNaming": True, "nameOverride": "orchestrator"},
    "built-in-env-off": {"enableBuiltInSecretEnvVars": {"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": False,
                                                        "AIRFLOW_CONN_AIRFLOW_DB": False,
                                                        "AIRFLOW__CORE__FERNET_KEY": True},
                         "env": [{"name": "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD", "value": "cat /run/db-url"}]},
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_cases(CASES, tmp_path_factory.mktemp("global"))


def airflow_containers(objs):
    """Every Airflow container the chart renders: components, jobs and worker pod templates."""
    found = []
    for obj in kinds(objs, "Deployment") + kinds(objs, "Job"):
        found += [c for name, c in containers(obj).items() if c["image"].startswith("apache/airflow:3")
                  and name not in ("log-groomer", "simple-auth-passwords", "create-secrets", "health")]
    for template in pod_templates(objs).values():
        found.append(template["spec"]["containers"][0])
    return found


@pytest.mark.parametrize("helm", HELMS)
def test_secret_list_is_env_of_every_airflow_container(rendered, helm):
    containers_ = airflow_containers(rendered["global", helm])
    assert len(containers_) >= 6
    for container in containers_:
        env = {e["name"]: e.get("valueFrom") for e in container["env"]}
        assert env["AIRFLOW_CONN_WAREHOUSE"] == {"secretKeyRef": {"name": "warehouse", "key": "uri"}}
        assert env["API_TOKEN"] == {"secretKeyRef": {"name": "tokens", "key": "API_TOKEN"}}


@pytest.mark.parametrize("helm", HELMS)
def test_extra_secrets_and_config_maps_are_templated(rendered, helm):
    objs = rendered["global", helm]
    secret = find(objs, "Secret", f"{RELEASE}-connections")
    assert secret["type"] == "Opaque"
    assert secret["data"] == {"AIRFLOW_CONN_A": "cG9zdGdyZXM6Ly9h"}
    assert secret["stringData"] == {"AIRFLOW_CONN_B": "http://b"}
    assert secret["metadata"]["labels"]["team"] == "data" and secret["metadata"]["annotations"] == {"owner": "me"}
    config_map = find(objs, "ConfigMap", f"{RELEASE}-variables")
    assert config_map["data"] == {"AIRFLOW_VAR_NAMESPACE": "airflow"}


@pytest.mark.parametrize("helm", HELMS)
def test_local_settings_mounted_in_every_airflow_container(rendered, helm):
    objs = rendered["global", helm]
    text = find(objs, "ConfigMap", f"{RELEASE}-config")["data"]["airflow_local_settings.py"]
    assert text.startswith(f"# {RELEASE}\ndef pod_mutation_hook(pod):")
    compile(text, "airflow_local_settings.py", "exec")  # real Python
    mount = {"name": "config", "mountPath": "/opt/airflow/config/airflow_local_settings.py",
             "subPath": "airflow_local_settings.py", "readOnly": True}
    for container in airflow_containers(objs):
        assert mount in container["volumeMounts"], container["name"]


@pytest.mark.parametrize("helm", HELMS)
def test_defaults_add_no_settings_file_and_no_bundles(rendered, helm):
    objs = rendered["defaults", helm]
    assert "airflow_local_settings.py" not in find(objs, "ConfigMap", f"{RELEASE}-config")["data"]
    assert "dag_processor" not in cfg_sections(airflow_cfg(objs))
    for container in airflow_containers(objs):
        assert "/opt/airflow/config/airflow_local_settings.py" not in str(container["volumeMounts"])


@pytest.mark.parametrize("helm", HELMS)
def test_dag_bundles_as_airflow_config(rendered, helm):
    cfg = cfg_sections(airflow_cfg(rendered["global", helm]))
    assert json.loads(cfg["dag_processor"]["dag_bundle_config_list"]) == BUNDLES


@pytest.mark.parametrize("helm", HELMS)
def test_git_sync_wait_seconds_become_the_period(rendered, helm):
    objs = rendered["global", helm]
    sidecar = containers(find(objs, "Deployment", f"{RELEASE}-dag-processor"))["git-sync"]
    init = containers(pod_templates(objs)["pod_template.yaml"] | {"kind": "Pod"})["git-sync-init"]
    assert {"name": "GITSYNC_PERIOD", "value": "45s"} in sidecar["env"]
    assert {"name": "GITSYNC_PERIOD", "value": "45s"} in init["env"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_strictly_valid(rendered, case):
    for version in STRICT_VERSIONS:
        assert problems_all(rendered[case, "helm4"], version) == []


@pytest.mark.parametrize("helm", HELMS)
def test_official_git_sync_keys(rendered, helm):
    objs = rendered["git-sync-keys", helm]
    spec = find(objs, "Deployment", f"{RELEASE}-dag-processor")["spec"]["template"]["spec"]
    sidecar = containers(find(objs, "Deployment", f"{RELEASE}-dag-processor"))["sync"]
    init = containers(pod_templates(objs)["pod_template.yaml"] | {"kind": "Pod"})["sync-init"]
    for container in (sidecar, init):
        env = {e["name"]: e["value"] for e in container["env"]}
        assert env["GITSYNC_REF"] == "v1.2" and env["HTTPS_PROXY"] == "http://proxy"
        assert container["envFrom"] == [{"secretRef": {"name": f"{RELEASE}-proxy"}}]
        assert {"name": "dags", "mountPath": "/extra", "readOnly": True} in container["volumeMounts"]
        assert container["securityContext"]["runAsUser"] == 2000  # securityContexts.container wins over uid
        assert container["securityContext"]["runAsGroup"] == 3
        assert container["lifecycle"] == {"preStop": {"exec": {"command": ["sleep", "1"]}}}
    assert sidecar["livenessProbe"] == {"tcpSocket": {"port": "git-sync"}}
    assert sidecar["readinessProbe"] == {"httpGet": {"path": "/", "port": 8787}}
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert volumes["dags"]["emptyDir"] == {"sizeLimit": "1Gi"}
    assert volumes["logs"]["emptyDir"] == {"sizeLimit": "2Gi", "medium": "Memory"}


@pytest.mark.parametrize("helm", HELMS)
def test_standard_naming_prefixes_release_and_chart_name(rendered, helm):
    objs = rendered["standard-naming", helm]
    prefix = f"{RELEASE}-orchestrator-"
    assert {o["metadata"]["name"] for o in kinds(objs, "Deployment")} == {
        prefix + c for c in ("scheduler", "api-server", "triggerer", "dag-processor", "statsd")}
    assert cfg_sections(airflow_cfg_named(objs, prefix))["metrics"]["statsd_host"] == prefix + "statsd"


def airflow_cfg_named(objs, prefix):
    return find(objs, "ConfigMap", prefix + "config")["data"]["airflow.cfg"]


@pytest.mark.parametrize("helm", HELMS)
def test_built_in_env_vars_can_be_left_out(rendered, helm):
    containers_ = airflow_containers(rendered["built-in-env-off", helm])
    assert containers_
    for container in containers_:
        names = [e["name"] for e in container["env"]]
        assert "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" not in names and "AIRFLOW_CONN_AIRFLOW_DB" not in names
        assert "AIRFLOW__CORE__FERNET_KEY_CMD" in names
        # The user's own command, not the chart's file.
        assert [e["value"] for e in container["env"] if e["name"] == "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD"] == [
            "cat /run/db-url"]


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize(("case", "writer"), [("git-sync-into-pvc", "dag-processor"),
                                              ("git-sync-into-pvc-airflow2", "scheduler")])
def test_git_sync_into_the_dags_claim_from_one_writer(rendered, helm, case, writer):
    objs = rendered[case, helm]
    subpath = "shared" if case == "git-sync-into-pvc" else None
    for deployment in kinds(objs, "Deployment"):
        spec = deployment["spec"]["template"]["spec"]
        volumes = {v["name"]: v for v in spec["volumes"]}
        if "dags" not in volumes:
            continue
        assert volumes["dags"]["persistentVolumeClaim"] == {"claimName": f"{RELEASE}-dags"}
        syncing = [c["name"] for c in spec["containers"] if c["name"] == "git-sync"]
        assert syncing == (["git-sync"] if deployment["metadata"]["name"] == f"{RELEASE}-{writer}" else [])
        for container in spec["containers"]:
            mount = next((m for m in container.get("volumeMounts", []) if m["name"] == "dags"), None)
            assert mount is None or mount.get("subPath") == subpath, (container["name"], mount)
    assert "initContainers" not in pod_templates(objs)["pod_template.yaml"]["spec"]
    folder = cfg_sections(airflow_cfg(objs))["core"]["dags_folder"]
    assert folder == ("/opt/airflow/dags/repo/dags" if subpath else "/opt/airflow/dags/repo")


@pytest.mark.parametrize("helm", HELMS)
def test_git_sync_probe_timing_and_port(rendered, helm):
    sidecar = containers(find(rendered["git-sync-probe-timing", helm], "Deployment", f"{RELEASE}-dag-processor"))
    sidecar = sidecar["git-sync"]
    check = {"httpGet": {"path": "/", "port": "git-sync"}}
    assert sidecar["ports"] == [{"name": "git-sync", "containerPort": 1234, "protocol": "TCP"}]
    assert {"name": "GITSYNC_HTTP_BIND", "value": ":1234"} in sidecar["env"]
    assert sidecar["livenessProbe"] == {**check, "initialDelaySeconds": 0, "periodSeconds": 30,
                                        "failureThreshold": 10, "timeoutSeconds": 3}
    assert sidecar["startupProbe"] == {**check, "periodSeconds": 5, "failureThreshold": 10}
    assert "readinessProbe" not in sidecar  # recommendedProbeSetting
    off = containers(find(rendered["git-sync-probe-off", helm], "Deployment", f"{RELEASE}-dag-processor"))
    assert "livenessProbe" not in off["git-sync"] and "startupProbe" not in off["git-sync"]


@pytest.mark.parametrize("helm", HELMS)
def test_global_allow_pod_launching_is_the_workers_switch(rendered, helm):
    for case, allowed in (("pod-launching", True), ("defaults", False)):
        objs = rendered[case, helm]
        assert (f"{RELEASE}-pod-launcher" in {o["metadata"]["name"] for o in kinds(objs, "Role")}) is allowed
        # The token is projected into the task container by the chart itself (automount stays off).
        task = pod_templates(objs)["pod_template.yaml"]["spec"]
        assert task["automountServiceAccountToken"] is False
        assert any(v["name"] == "kube-api-access" for v in task["volumes"]) is allowed
    worker = find(rendered["pod-launching", helm], "Deployment", f"{RELEASE}-worker")["spec"]["template"]["spec"]
    assert any(v["name"] == "kube-api-access" for v in worker["volumes"])
