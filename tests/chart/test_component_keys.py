"""The official chart's per-component keys (values.yaml "@defs" component, workload, waiting and job), the
global volumes/volumeMounts, images.* and registry keys: what they render on every component.
Each release is rendered once per helm version; every test reads those renders."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml
from support.kube import problems_all
from support.render import (
    CHART,
    HELMS,
    RELEASE,
    airflow_cfg,
    containers,
    find,
    helm_template,
    kinds,
    parse,
    pod_templates,
)

# ../shared/ beside the checkout (a worktree may sit one folder deeper).
SHARED = next(p / "shared" for p in Path(__file__).resolve().parents if (p / "shared" / "anchors").is_dir())
OFFICIAL_SCHEMA = SHARED / "anchors" / "official-airflow-chart" / "values.schema.json"
AIRFLOW3 = ("scheduler", "apiServer", "triggerer", "dagProcessor", "workers", "flower", "pgbouncer", "statsd",
            "redis", "migrateDatabaseJob", "createUserJob")
# values key -> (kind, name suffix, main container) of what it renders.
WORKLOADS = {
    "scheduler": ("Deployment", "scheduler", "scheduler"),
    "apiServer": ("Deployment", "api-server", "api-server"),
    "triggerer": ("Deployment", "triggerer", "triggerer"),
    "dagProcessor": ("Deployment", "dag-processor", "dag-processor"),
    "workers": ("Deployment", "worker", "worker"),
    "flower": ("Deployment", "flower", "flower"),
    "pgbouncer": ("Deployment", "pgbouncer", "pgbouncer"),
    "statsd": ("Deployment", "statsd", "statsd"),
    "redis": ("StatefulSet", "redis", "redis"),
    "migrateDatabaseJob": ("Job", "migrate-database", "migrate-database"),
    "createUserJob": ("Job", "create-user", "create-user"),
}
DIGEST = "sha256:" + "ab" * 32


def shared_keys(component: str) -> dict:
    """Every shared key set, each value naming its component so a test can tell where it went."""
    return {
        "env": [{"name": "COMPONENT_ENV", "value": component}],
        "extraVolumes": [{"name": f"extra-{component.lower()}", "emptyDir": {}}],
        "extraVolumeMounts": [{"name": f"extra-{component.lower()}", "mountPath": "/extra"}],
        "extraContainers": [{"name": "sidecar", "image": "busybox:1.36", "command": ["sleep", "infinity"]}],
        "extraInitContainers": [{"name": "prepare", "image": "busybox:1.36", "command": ["true"],
                                 "env": [{"name": "RELEASE", "value": "{{ .Release.Name }}"}]}],
        "podAnnotations": {"example.com/pod": component},
        "labels": {"example.com/team": component.lower()},
        "annotations": {"example.com/controller": component},
        "priorityClassName": f"{component.lower()}-priority",
        "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname",
                                       "whenUnsatisfiable": "ScheduleAnyway"}],
        "securityContexts": {"pod": {"runAsUser": 4242, "runAsNonRoot": True},
                             "container": {"allowPrivilegeEscalation": False, "runAsUser": 4242}},
        "revisionHistoryLimit": 2,
        "safeToEvict": False,
        "containerLifecycleHooks": {"preStop": {"exec": {"command": ["sleep", "5"]}}},
        "hostAliases": [{"ip": "127.0.0.1", "hostnames": [f"{component.lower()}.example"]}],
    }


def airflow3_values() -> dict:
    values = {
        "executor": "CeleryExecutor,KubernetesExecutor",
        "images": {"airflow": {"digest": DIGEST}, "pod_template": {"repository": "registry.example.com/tasks"}},
        "imagePullSecrets": ["by-name", {"name": "by-map"}],
        "registry": {"secretName": "registry-secret"},
        "volumes": [{"name": "global-extra", "configMap": {"name": "global-extra"}}],
        "volumeMounts": [{"name": "global-extra", "mountPath": "/global"}],
        "env": [{"name": "GLOBAL_ENV", "value": "1"}],
    }
    for component in AIRFLOW3:
        values[component] = shared_keys(component)
    values["auth"] = {"manager": "fab"}  # Airflow 3's user Job creates FAB's admin
    for job in ("migrateDatabaseJob", "createUserJob"):
        values[job].pop("revisionHistoryLimit")
        values[job]["jobAnnotations"] = {"argocd.argoproj.io/hook": "Sync"}
    values["migrateDatabaseJob"].update({
        "jobAnnotations": {"argocd.argoproj.io/hook": "Sync"}, "applyCustomEnv": False, "useHelmHooks": False,
        "ttlSecondsAfterFinished": 300, "serviceAccount": {"create": True}})
    values["scheduler"].update({
        "command": ["bash", "-c"], "args": ["exec airflow scheduler --pid {{ .Release.Name }}.pid"],
        "startupProbe": {"failureThreshold": 30, "periodSeconds": 10},
        "waitForMigrations": {"enabled": False}})
    values["apiServer"].update({
        "livenessProbe": {"scheme": "HTTPS", "timeoutSeconds": 30},
        "readinessProbe": {"scheme": "HTTPS"}, "startupProbe": {"scheme": "HTTPS", "timeoutSeconds": 120},
        "service": {"type": "NodePort", "ports": [{"name": "airflow-ui", "port": 8081, "nodePort": 30080}]}})
    values["ingress"] = {"apiServer": {"enabled": True}}
    values["triggerer"].update({
        "serviceAccount": {"automountServiceAccountToken": True, "annotations": {"iam.example.com/role": "t"}},
        "waitForMigrations": {"env": [{"name": "WAIT_ENV", "value": "1"}],
                              "securityContexts": {"container": {"runAsUser": 5151}}}})
    gpu = {"priorityClassName": "gpu", "safeToEvict": True, "extraContainers": None,
           "securityContexts": {"pod": {"runAsUser": 1}}}
    values["workers"].update({"livenessProbe": {"enabled": False}, "command": ["/entrypoint"],
                              "args": ["celery-only"], "profiles": {"gpu": gpu}})
    values["images"]["migrationsWaitTimeout"] = 90
    values["flower"]["enabled"] = True
    for name in ("statsd", "redis", "pgbouncer"):  # the official chart's images.* of the other containers
        values["images"][name] = {"repository": f"mirror.example.com/{name}", "tag": "1.0", "pullPolicy": "Always"}
    values["pgbouncer"].update({"enabled": True, "serviceAccount": {"create": True}, "args": ["-v"]})
    values["statsd"].update({"startupProbe": {"periodSeconds": 7}})
    return values


def airflow2_values() -> dict:
    return {
        "images": {"airflow": {"tag": "2.10.4-python3.11"}, "useDefaultImageForMigration": True},
        "defaultAirflowTag": "2.10.4",
        "apiServer": {"startupProbe": {"timeoutSeconds": 10}},
        "webserver": {"livenessProbe": {"scheme": "HTTPS"}, "startupProbe": {"scheme": "HTTPS"},
                      "extraVolumes": [{"name": "tls", "secret": {"secretName": "web-tls"}}],
                      "extraVolumeMounts": [{"name": "tls", "mountPath": "/tls", "readOnly": True}]},
        "createUserJob": {"env": [{"name": "CREATE_USER_ENV", "value": "1"}], "jobAnnotations": {"a": "b"},
                          "annotations": {"pod": "annotation"}, "labels": {"team": "data"},
                          "serviceAccount": {"name": "user-job"}},
    }


def render(values: dict, helm: str, tmp_path_factory) -> list[dict]:
    path = tmp_path_factory.mktemp("values") / "values.yaml"
    path.write_text(yaml.safe_dump(values))
    result = helm_template("-f", str(path), helm=helm)
    assert result.returncode == 0, result.stderr
    return parse(result.stdout)


@pytest.fixture(scope="module", params=HELMS)
def rendered(request, tmp_path_factory) -> list[dict]:
    return render(airflow3_values(), request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=HELMS)
def rendered2(request, tmp_path_factory) -> list[dict]:
    return render(airflow2_values(), request.param, tmp_path_factory)


def workload(objs: list[dict], component: str) -> dict:
    kind, suffix, _ = WORKLOADS[component]
    if kind == "Job":
        return next(o for o in kinds(objs, "Job") if o["metadata"]["name"].startswith(f"{RELEASE}-{suffix}-"))
    return find(objs, kind, f"{RELEASE}-{suffix}")


def pod_spec(objs: list[dict], component: str) -> dict:
    return workload(objs, component)["spec"]["template"]["spec"]


def main(objs: list[dict], component: str) -> dict:
    return containers(workload(objs, component))[WORKLOADS[component][2]]


def env(container: dict) -> dict[str, str]:
    return {e["name"]: e.get("value") for e in container.get("env", [])}


def task_pod(objs: list[dict]) -> dict:
    return pod_templates(objs)["pod_template.yaml"]


def test_the_official_chart_keys_are_declared_for_every_component():
    """Each key of this part that the official chart has on a component, ours accepts there."""
    ours = json.loads((CHART / "values.schema.json").read_text())
    official = json.loads(OFFICIAL_SCHEMA.read_text())["properties"]
    keys = ("extraVolumes", "extraVolumeMounts", "extraContainers", "extraInitContainers", "startupProbe",
            "livenessProbe", "readinessProbe", "podAnnotations", "labels", "annotations", "priorityClassName",
            "topologySpreadConstraints", "securityContexts", "serviceAccount", "revisionHistoryLimit", "safeToEvict",
            "env", "command", "args", "nodeSelector", "affinity", "tolerations", "waitForMigrations",
            "useHelmHooks", "ttlSecondsAfterFinished", "jobAnnotations", "applyCustomEnv", "containerLifecycleHooks",
            "hostAliases", "terminationGracePeriodSeconds", "securityContext")
    missing = [f"{component}.{key}" for component in (*AIRFLOW3, "webserver", "createUserJob") for key in keys
               if key in official[component]["properties"] and key not in ours["properties"][component]["properties"]]
    assert missing == []


@pytest.mark.parametrize("component", AIRFLOW3)
def test_volumes_containers_and_env_reach_the_component(rendered, component):
    spec, container = pod_spec(rendered, component), main(rendered, component)
    volume = f"extra-{component.lower()}"
    assert volume in [v["name"] for v in spec["volumes"]]
    assert {"name": volume, "mountPath": "/extra"} in container["volumeMounts"]
    assert "sidecar" in [c["name"] for c in spec["containers"]]
    init = {c["name"]: c for c in spec["initContainers"]}
    assert env(init["prepare"])["RELEASE"] == RELEASE  # templated as in the official chart
    assert env(container)["COMPONENT_ENV"] == component


@pytest.mark.parametrize("component", AIRFLOW3)
def test_pod_metadata_scheduling_and_security(rendered, component):
    obj = workload(rendered, component)
    pod = obj["spec"]["template"]
    assert pod["metadata"]["labels"]["example.com/team"] == component.lower()
    assert obj["metadata"]["labels"]["example.com/team"] == component.lower()
    assert pod["metadata"]["labels"]["component"] == WORKLOADS[component][1]  # the selector stays the chart's
    annotations = pod["metadata"]["annotations"]
    assert annotations["example.com/pod"] == component
    assert annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"] == "false"
    assert pod["spec"]["priorityClassName"] == f"{component.lower()}-priority"
    assert pod["spec"]["topologySpreadConstraints"][0]["topologyKey"] == "kubernetes.io/hostname"
    assert pod["spec"]["securityContext"] == {"runAsUser": 4242, "runAsNonRoot": True}
    assert main(rendered, component)["securityContext"]["runAsUser"] == 4242
    assert main(rendered, component)["lifecycle"] == {"preStop": {"exec": {"command": ["sleep", "5"]}}}
    assert pod["spec"]["hostAliases"][0]["hostnames"] == [f"{component.lower()}.example"]
    if obj["kind"] == "Job":
        assert obj["metadata"]["annotations"] == {"argocd.argoproj.io/hook": "Sync"}
    else:
        assert obj["metadata"]["annotations"] == {"example.com/controller": component}
        assert obj["spec"]["revisionHistoryLimit"] == 2


def test_global_volumes_reach_airflow_pods_only(rendered):
    for component in ("scheduler", "apiServer", "triggerer", "dagProcessor", "workers", "migrateDatabaseJob"):
        assert {"name": "global-extra", "mountPath": "/global"} in main(rendered, component)["volumeMounts"]
        assert "global-extra" in [v["name"] for v in pod_spec(rendered, component)["volumes"]]
    for component in ("pgbouncer", "statsd", "redis"):
        assert "global-extra" not in [v["name"] for v in pod_spec(rendered, component)["volumes"]]
    task = task_pod(rendered)["spec"]["containers"][0]
    assert {"name": "global-extra", "mountPath": "/global"} in task["volumeMounts"]


def test_command_args_and_probes(rendered):
    scheduler = main(rendered, "scheduler")
    assert scheduler["command"] == ["bash", "-c"]
    assert scheduler["args"] == [f"exec airflow scheduler --pid {RELEASE}.pid"]
    # Its heartbeat over HTTP ([scheduler] enable_health_check) with the user's timing over the chart's.
    assert scheduler["startupProbe"] == {"httpGet": {"path": "/health", "port": 8974}, "periodSeconds": 10,
                                         "timeoutSeconds": 5, "failureThreshold": 30}
    assert scheduler["readinessProbe"]["httpGet"] == scheduler["startupProbe"]["httpGet"]
    assert scheduler["livenessProbe"]["exec"]["command"][:3] == ["airflow", "jobs", "check"]
    api = main(rendered, "apiServer")
    for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
        assert api[kind]["httpGet"]["scheme"] == "HTTPS", kind
    assert api["livenessProbe"]["timeoutSeconds"] == 30 and api["livenessProbe"]["initialDelaySeconds"] == 15
    assert api["startupProbe"]["timeoutSeconds"] == 120
    worker = main(rendered, "workers")
    assert "livenessProbe" not in worker
    assert (worker["command"], worker["args"]) == (["/entrypoint"], ["celery-only"])
    task = task_pod(rendered)["spec"]["containers"][0]
    assert task["command"] == ["/entrypoint"] and "args" not in task  # the executor gives task pods their args
    pgbouncer = main(rendered, "pgbouncer")
    assert pgbouncer["command"][0] == "pgbouncer" and pgbouncer["args"] == ["-v"]
    assert main(rendered, "statsd")["startupProbe"] == {"httpGet": {"path": "/metrics", "port": "metrics"},
                                                        "periodSeconds": 7}


def test_service_accounts(rendered):
    triggerer = pod_spec(rendered, "triggerer")
    assert triggerer["automountServiceAccountToken"] is True
    sa = find(rendered, "ServiceAccount", f"{RELEASE}-triggerer")
    assert sa["metadata"]["annotations"] == {"iam.example.com/role": "t"}
    # The KubernetesExecutor's need: the chart projects the token into the scheduler container itself.
    scheduler = pod_spec(rendered, "scheduler")
    assert scheduler["automountServiceAccountToken"] is False
    assert "kube-api-access" in {v["name"] for v in scheduler["volumes"]}
    assert "kube-api-access" not in {v["name"] for v in triggerer["volumes"]}  # the kubelet mounts its token
    assert pod_spec(rendered, "apiServer")["automountServiceAccountToken"] is False
    for component, name in (("pgbouncer", "pgbouncer"), ("migrateDatabaseJob", "migrate-database")):
        find(rendered, "ServiceAccount", f"{RELEASE}-{name}")
        assert pod_spec(rendered, component)["serviceAccountName"] == f"{RELEASE}-{name}"
    # Not asked for: statsd runs as the namespace's default account, with no token.
    assert "serviceAccountName" not in pod_spec(rendered, "statsd")
    assert f"{RELEASE}-statsd" not in [o["metadata"]["name"] for o in kinds(rendered, "ServiceAccount")]


def test_wait_for_migrations(rendered):
    assert "wait-for-migrations" not in [c["name"] for c in pod_spec(rendered, "scheduler")["initContainers"]]
    wait = {c["name"]: c for c in pod_spec(rendered, "triggerer")["initContainers"]}["wait-for-migrations"]
    assert env(wait)["WAIT_ENV"] == "1"
    assert wait["securityContext"]["runAsUser"] == 5151


def test_images_and_pull_secrets(rendered):
    for component in ("scheduler", "apiServer", "workers", "migrateDatabaseJob"):
        assert main(rendered, component)["image"] == f"apache/airflow@{DIGEST}", component
    assert task_pod(rendered)["spec"]["containers"][0]["image"] == "registry.example.com/tasks:3.3.2"
    expected = [{"name": "by-name"}, {"name": "by-map"}, {"name": "registry-secret"}]
    for component in AIRFLOW3:
        assert pod_spec(rendered, component)["imagePullSecrets"] == expected, component
    assert task_pod(rendered)["spec"]["imagePullSecrets"] == expected


def test_images_of_the_other_containers(rendered):
    for component in ("statsd", "redis", "pgbouncer"):
        container = main(rendered, component)
        assert (container["image"], container["imagePullPolicy"]) == (f"mirror.example.com/{component}:1.0", "Always")


@pytest.mark.parametrize("helm", HELMS)
def test_the_git_sync_image(helm, tmp_path_factory):
    objs = render({"dags": {"gitSync": {"enabled": True, "repo": "https://git.example.com/dags.git"}},
                   "images": {"gitSync": {"repository": "mirror.example.com/git-sync", "tag": "v4.4.2",
                                          "pullPolicy": "Always"}}}, helm, tmp_path_factory)
    sidecars = [c for o in objs if o["kind"] in ("Deployment", "StatefulSet")
                for c in o["spec"]["template"]["spec"]["containers"] if c["name"] == "git-sync"]
    assert sidecars and all(c["image"] == "mirror.example.com/git-sync:v4.4.2" for c in sidecars)
    assert all(c["imagePullPolicy"] == "Always" for c in sidecars)


def test_profiles_override_the_shared_keys(rendered):
    default, gpu = pod_templates(rendered)["pod_template.yaml"], pod_templates(rendered)["gpu.yaml"]
    assert default["spec"]["priorityClassName"] == "workers-priority"
    assert gpu["spec"]["priorityClassName"] == "gpu"
    assert gpu["metadata"]["annotations"]["cluster-autoscaler.kubernetes.io/safe-to-evict"] == "true"
    assert [c["name"] for c in default["spec"]["containers"]] == ["base", "sidecar"]
    assert [c["name"] for c in gpu["spec"]["containers"]] == ["base"]  # null deletes what workers.* set
    assert gpu["spec"]["securityContext"] == {"runAsUser": 1, "runAsNonRoot": True}  # maps merge key by key


def test_ui_service_ports(rendered):
    """The official chart's service.ports: the first port is the UI's everywhere it is reached."""
    service = find(rendered, "Service", f"{RELEASE}-api-server")["spec"]
    assert service["ports"] == [{"name": "airflow-ui", "port": 8081, "targetPort": "http", "protocol": "TCP",
                                 "nodePort": 30080}]
    assert service["type"] == "NodePort"
    backend = find(rendered, "Ingress", f"{RELEASE}-api-server")["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend["service"]["port"] == {"number": 8081}
    assert f"http://{RELEASE}-api-server:8081/execution/" in airflow_cfg(rendered)


def test_migrations_wait_timeout(rendered):
    wait = {c["name"]: c for c in pod_spec(rendered, "triggerer")["initContainers"]}["wait-for-migrations"]
    assert "--migration-wait-timeout=90" in wait["args"][-1]


def test_job_keys(rendered):
    job = main(rendered, "migrateDatabaseJob")
    assert "GLOBAL_ENV" not in env(job)  # applyCustomEnv: false
    assert env(job)["COMPONENT_ENV"] == "migrateDatabaseJob"
    assert env(main(rendered, "scheduler"))["GLOBAL_ENV"] == "1"
    assert "ttlSecondsAfterFinished" not in workload(rendered, "migrateDatabaseJob")["spec"]


@pytest.mark.parametrize("version", ("1.30", "1.35"))
def test_strict_kubernetes_validation(rendered, rendered2, version):
    assert problems_all(rendered, version) == []
    assert problems_all(rendered2, version) == []


def test_airflow2_webserver_overrides_and_user_job(rendered2):
    web = containers(find(rendered2, "Deployment", f"{RELEASE}-webserver"))["webserver"]
    assert web["livenessProbe"]["httpGet"]["scheme"] == "HTTPS"
    # The user's keys over the UI's default startup probe (every second, up to 300 times).
    assert web["startupProbe"] == {"httpGet": {"path": "/health", "port": "http", "scheme": "HTTPS"},
                                   "timeoutSeconds": 10, "periodSeconds": 1, "failureThreshold": 300}
    assert {"name": "tls", "mountPath": "/tls", "readOnly": True} in web["volumeMounts"]
    assert "readinessProbe" in web and "scheme" not in web["readinessProbe"]["httpGet"]
    job = next(o for o in kinds(rendered2, "Job") if "create-user" in o["metadata"]["name"])
    assert job["metadata"]["annotations"] == {"a": "b"}
    pod = job["spec"]["template"]
    assert pod["metadata"]["annotations"] == {"pod": "annotation"}
    assert pod["metadata"]["labels"]["team"] == "data"
    assert pod["spec"]["serviceAccountName"] == "user-job"
    user = containers(job)["create-user"]
    assert env(user)["CREATE_USER_ENV"] == "1" and "USER_NAME" in env(user)
    migrate = next(o for o in kinds(rendered2, "Job") if "migrate-database" in o["metadata"]["name"])
    assert containers(migrate)["migrate-database"]["image"] == "apache/airflow:2.10.4"  # useDefaultImageForMigration
    assert containers(find(rendered2, "Deployment", f"{RELEASE}-scheduler"))["scheduler"]["image"] == \
        "apache/airflow:2.10.4-python3.11"


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize(("values", "field"), [
    ({"apiServer": {"startupProbe": {"scheme": "FTP"}}}, "/apiServer/startupProbe/scheme"),
    ({"scheduler": {"extraVolumes": {"name": "x"}}}, "/scheduler/extraVolumes"),
    ({"redis": {"safeToEvict": "yes"}}, "/redis/safeToEvict"),
    ({"createUserJob": {"jobAnnotations": {"a": 1}}}, "/createUserJob/jobAnnotations/a"),
    ({"images": {"airflow": {"digest": "latest"}}}, "/images/airflow/digest"),
    ({"registry": {"connection": {"user": "robot"}}}, "/registry/connection"),
])
def test_bad_shared_keys_are_refused_with_their_path(values, field, helm, tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text(yaml.safe_dump(values))
    result = helm_template("-f", str(path), helm=helm)
    assert result.returncode != 0
    assert field in result.stderr or field.lstrip("/").replace("/", ".") in result.stderr, result.stderr


@pytest.fixture(scope="module", params=HELMS)
def official_shapes(request, tmp_path_factory) -> list[dict]:
    """Keys as the official chart's own values.yaml spells them."""
    values = {"defaultAirflowDigest": DIGEST,
              "images": {"airflow": {"repository": None, "tag": None, "digest": None},
                         "pod_template": {"repository": None, "tag": None}},
              "securityContexts": {"containers": {"runAsUser": 6060, "runAsGroup": 6060}},
              "scheduler": {"enabled": True, "serviceAccount": {"name": None, "create": True},
                            "terminationGracePeriodSeconds": 0},
              "apiServer": {"enabled": True, "revisionHistoryLimit": None}, "revisionHistoryLimit": 0,
              "statsd": {"args": ["--statsd.mapping-config=/etc/statsd-exporter/mappings.yml"]},
              "registry": {"connection": {"host": "registry.example.com", "user": "robot", "pass": "s3cret"}},
              "dags": {"gitSync": {"enabled": True, "repo": "https://example.com/dags.git"}}}
    return render(values, request.param, tmp_path_factory)


def test_the_official_statsd_args_find_the_mappings(official_shapes):
    statsd = containers(find(official_shapes, "Deployment", f"{RELEASE}-statsd"))["statsd"]
    assert statsd["args"] == ["--statsd.mapping-config=/etc/statsd-exporter/mappings.yml"]
    assert {"name": "mappings", "mountPath": "/etc/statsd-exporter", "readOnly": True} in statsd["volumeMounts"]


def test_registry_connection_becomes_a_pull_secret(official_shapes):
    secret = find(official_shapes, "Secret", f"{RELEASE}-registry")
    assert secret["type"] == "kubernetes.io/dockerconfigjson"
    auths = json.loads(base64.b64decode(secret["data"][".dockerconfigjson"]))["auths"]
    assert auths == {"registry.example.com": {"username": "robot", "password": "s3cret",
                                              "auth": base64.b64encode(b"robot:s3cret").decode()}}
    for workload in kinds(official_shapes, "Deployment"):
        assert {"name": f"{RELEASE}-registry"} in workload["spec"]["template"]["spec"]["imagePullSecrets"]


def test_official_shapes(official_shapes):
    scheduler = containers(find(official_shapes, "Deployment", f"{RELEASE}-scheduler"))
    assert scheduler["scheduler"]["image"] == f"apache/airflow@{DIGEST}"
    assert scheduler["scheduler"]["securityContext"] == {"runAsUser": 6060, "runAsGroup": 6060,
                                                         "readOnlyRootFilesystem": True}
    processor = containers(find(official_shapes, "Deployment", f"{RELEASE}-dag-processor"))
    assert processor["git-sync"]["securityContext"]["runAsGroup"] == 6060  # its own user stays 65533
    assert find(official_shapes, "Deployment", f"{RELEASE}-scheduler")["spec"]["template"]["spec"][
        "serviceAccountName"] == f"{RELEASE}-scheduler"
    assert find(official_shapes, "Deployment", f"{RELEASE}-api-server")["spec"]["revisionHistoryLimit"] == 0
    assert find(official_shapes, "Deployment", f"{RELEASE}-scheduler")["spec"]["template"]["spec"][
        "terminationGracePeriodSeconds"] == 0


@pytest.mark.parametrize(("key", "where"), [("scheduler.enabled", "/scheduler/enabled"),
                                            ("apiServer.enabled", "/apiServer/enabled"),
                                            ("webserver.enabled", "webserver.enabled: the webserver is")])
@pytest.mark.parametrize("helm", HELMS)
def test_components_the_chart_always_runs_cannot_be_disabled(key, where, helm):
    result = helm_template("--set", "images.airflow.tag=2.10.4", "--set", f"{key}=false", helm=helm)
    assert result.returncode != 0 and where in result.stderr, result.stderr


def test_every_shared_key_is_documented_once():
    """The @defs blocks of values.yaml: each leaf has its "# --" comment, and no component block repeats it."""
    import sys

    sys.path.insert(0, str(CHART.parent / "tools"))
    from gen_chart_schema import VALUES, descriptions, leaves, shared_blocks

    text = VALUES.read_text()
    blocks = shared_blocks(text)
    assert {name for name, _, _ in blocks} == {"component", "workload", "waiting", "customEnv", "job",
                                               "disruptionBudget"}
    values = yaml.safe_load(text)
    for name, components, body in blocks:
        docs = descriptions(body)
        assert [path for path, _ in leaves(yaml.safe_load(body)) if path not in docs] == [], name
        # A component block keeps a shared key only for a default of its own (apiServer's probes, workers' 600s).
        own_defaults = {"livenessProbe", "readinessProbe", "startupProbe", "terminationGracePeriodSeconds"}
        for component in components:
            repeated = set(yaml.safe_load(body)) & set(values.get(component) or {})
            assert repeated <= own_defaults, (component, repeated)
