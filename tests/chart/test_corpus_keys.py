"""Official-chart keys that published values files use (../shared/real-values/, issue 10): what each one
renders, helm 3 and helm 4. The embedded PostgreSQL takes the Bitnami chart's keys, the create-user keys feed
the admin user of either auth manager, the task pods may get a ServiceAccount of their own.

Each case is rendered once per helm version for the module; strict Kubernetes validation covers every object.
"""
from __future__ import annotations

import pytest
import yaml
from support.kube import problems_all
from support.render import (
    HELMS,
    RELEASE,
    airflow_cfg,
    cfg_sections,
    containers,
    find,
    helm_template,
    kinds,
    render_cases,
    secret_value,
)

CELERY = {"executor": "CeleryExecutor"}
CASES = {
    "broker-url": {**CELERY, "data": {"brokerUrl": "redis://:s3cret@redis.example.com:6379/0"}},
    "result-backend": {**CELERY, "data": {"resultBackendConnection": {
        "host": "results.example.com", "user": "results", "pass": "r3s", "db": "celery", "port": 5433}}},
    "result-backend-pgbouncer": {**CELERY, "pgbouncer": {"enabled": True}, "data": {"resultBackendConnection": {
        "host": "results.example.com", "user": "results", "pass": "r3s", "db": "celery"}}},
    "strategies": {**CELERY, "workers": {"persistence": {"enabled": True}, "updateStrategy": {"type": "OnDelete"}},
                   "scheduler": {"strategy": {"type": "Recreate"}},
                   "apiServer": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0}}}},
    "task-pod-account": {"allowPodLaunching": True, "workers": {"kubernetes": {"serviceAccount": {
        "create": True, "name": "spark-submit", "automountServiceAccountToken": True,
        "annotations": {"example.com/role": "spark"}}}}},
    "task-pod-account-default-name": {"workers": {"kubernetes": {"serviceAccount": {"create": True}}}},
    "create-user-simple": {"createUserJob": {"defaultUser": {"username": "ops", "role": "Op", "password": "dev-only"}}},
    "create-user-fab": {"auth": {"manager": "fab"},
                        "createUserJob": {"defaultUser": {"username": "ops", "role": "Op",
                                                          "email": "ops@example.com"}}},
    "create-user-off": {"auth": {"manager": "fab"}, "createUserJob": {"enabled": False}},
    "create-user-airflow2": {"airflowVersion": "2.10.4", "createUserJob": {"defaultUser": {"username": "ops"}},
                             "webserver": {"defaultUser": {"email": "web@example.com"}}},
    "postgresql-bitnami-keys": {
        "imagePullSecrets": ["global-pull"],
        "postgresql": {
            "image": {"registry": "mirror.example.com", "repository": "library/postgres", "tag": "17-bookworm",
                      "pullSecrets": ["pg-pull", {"name": "global-pull"}]},
            "global": {"imagePullSecrets": [{"name": "bitnami-global"}]},
            "auth": {"enablePostgresUser": True},
            "volumePermissions": {"enabled": True},
            "primary": {"nodeSelector": {"role": "db"},
                        "tolerations": [{"key": "role", "value": "db", "effect": "NoSchedule", "operator": "Equal"}],
                        "persistence": {"accessModes": ["ReadWriteOncePod"], "storageClass": "fast"}}}},
    "postgresql-existing-claim": {"postgresql": {
        "global": {"imageRegistry": "registry.example.com"},
        "primary": {"persistence": {"existingClaim": "{{ .Release.Name }}-db"}}}},
    "github-ssh-without-known-hosts": {"dags": {"gitSync": {"enabled": True, "repo": "git@github.com:org/dags.git",
                                                            "sshKeySecret": "git-ssh"}}},
    "patch-versions-differ": {"airflowVersion": "2.10.4", "defaultAirflowTag": "2.10.5-python3.11"},
    "webserver-off-on-airflow3": {"webserver": {"enabled": False, "defaultUser": {"username": "web-admin"}},
                                  "createUserJob": {"defaultUser": {"username": "job-admin", "role": "Viewer"}}},
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_cases(CASES, tmp_path_factory.mktemp("corpus-keys"))


def objs(rendered, case, helm):
    return rendered[(case, helm)]


def sts_or_deploy(objs, name):
    return next(o for o in objs if o["kind"] in ("Deployment", "StatefulSet") and o["metadata"]["name"] == name)


def pod_spec(workload):
    return workload["spec"]["template"]["spec"]


def user_jobs(objs):
    return [j for j in kinds(objs, "Job") if "create-user" in j["metadata"]["name"]]


def pull_secrets(workload):
    return [s["name"] for s in pod_spec(workload)["imagePullSecrets"]]


def env_of(container):
    return {e["name"]: e for e in container.get("env", [])}


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("case", CASES)
def test_valid_for_kubernetes(rendered, case, helm):
    assert problems_all(objs(rendered, case, helm), "1.37") == []


@pytest.mark.parametrize("helm", HELMS)
def test_broker_url_is_the_broker_and_no_redis_runs(rendered, helm):
    o = objs(rendered, "broker-url", helm)
    secret = find(o, "Secret", f"{RELEASE}-broker-url")
    assert secret_value(secret, "connection") == "redis://:s3cret@redis.example.com:6379/0"
    assert not [w for w in o if w["metadata"]["name"] == f"{RELEASE}-redis"]
    worker = containers(sts_or_deploy(o, f"{RELEASE}-worker"))["worker"]
    assert env_of(worker)["AIRFLOW__CELERY__BROKER_URL"]["valueFrom"]["secretKeyRef"]["name"] == f"{RELEASE}-broker-url"


@pytest.mark.parametrize("helm", HELMS)
def test_result_backend_connection_is_the_result_backends_database(rendered, helm):
    o = objs(rendered, "result-backend", helm)
    url = secret_value(find(o, "Secret", f"{RELEASE}-result-backend"), "connection")
    assert url == "db+postgresql://results:r3s@results.example.com:5433/celery?sslmode=disable"
    assert secret_value(find(o, "Secret", f"{RELEASE}-metadata"), "connection").startswith(
        f"postgresql://airflow:airflow@{RELEASE}-postgresql:5432/airflow")
    # Through PgBouncer: its result-backend pool points at that database, and users.txt knows both users.
    o = objs(rendered, "result-backend-pgbouncer", helm)
    config = find(o, "Secret", f"{RELEASE}-pgbouncer-config")
    ini = secret_value(config, "pgbouncer.ini")
    assert f"{RELEASE}-result-backend = host=results.example.com port=5432 dbname=celery pool_size=5" in ini
    assert secret_value(config, "users.txt") == '"airflow" "airflow"\n"results" "r3s"\n'
    url = secret_value(find(o, "Secret", f"{RELEASE}-result-backend"), "connection")
    assert url == f"db+postgresql://results:r3s@{RELEASE}-pgbouncer:6543/{RELEASE}-result-backend?sslmode=disable"


def test_broker_url_and_its_secret_name_together_are_refused():
    run = helm_template("--set", "executor=CeleryExecutor", "--set", "data.brokerUrl=redis://r:6379/0",
                        "--set", "data.brokerUrlSecretName=broker")
    assert run.returncode != 0 and "data.brokerUrl: data.brokerUrlSecretName names the broker too" in run.stderr


@pytest.mark.parametrize("helm", HELMS)
def test_strategies_replace_the_charts(rendered, helm):
    o = objs(rendered, "strategies", helm)
    worker = find(o, "StatefulSet", f"{RELEASE}-worker")
    assert worker["spec"]["updateStrategy"] == {"type": "OnDelete"} and "strategy" not in worker["spec"]
    assert find(o, "Deployment", f"{RELEASE}-scheduler")["spec"]["strategy"] == {"type": "Recreate"}
    api = find(o, "Deployment", f"{RELEASE}-api-server")["spec"]["strategy"]
    assert api == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0}}
    assert "strategy" not in find(o, "Deployment", f"{RELEASE}-triggerer")["spec"]


@pytest.mark.parametrize("helm", HELMS)
def test_task_pods_get_their_own_service_account(rendered, helm):
    o = objs(rendered, "task-pod-account", helm)
    account = find(o, "ServiceAccount", "spark-submit")
    assert account["metadata"]["annotations"] == {"example.com/role": "spark"}
    pod = yaml.safe_load(find(o, "ConfigMap", f"{RELEASE}-pod-templates")["data"]["pod_template.yaml"])
    assert pod["spec"]["serviceAccountName"] == "spark-submit" and pod["spec"]["automountServiceAccountToken"] is True
    subjects = {s["name"] for s in find(o, "RoleBinding", f"{RELEASE}-pod-launcher")["subjects"]}
    assert subjects == {f"{RELEASE}-worker", "spark-submit"}
    default = objs(rendered, "task-pod-account-default-name", helm)
    find(default, "ServiceAccount", f"{RELEASE}-worker-kubernetes")
    pod = yaml.safe_load(find(default, "ConfigMap", f"{RELEASE}-pod-templates")["data"]["pod_template.yaml"])
    assert pod["spec"]["serviceAccountName"] == f"{RELEASE}-worker-kubernetes"


@pytest.mark.parametrize("helm", HELMS)
def test_create_user_job_default_user_is_the_simple_auth_managers_user(rendered, helm):
    o = objs(rendered, "create-user-simple", helm)
    assert cfg_sections(airflow_cfg(o))["core"]["simple_auth_manager_users"] == "ops:op"
    assert secret_value(find(o, "Secret", f"{RELEASE}-simple-auth"), "password") == "dev-only"
    init = containers(find(o, "Deployment", f"{RELEASE}-api-server"))["simple-auth-passwords"]
    assert env_of(init)["USER_NAME"]["value"] == "ops"


@pytest.mark.parametrize("helm", HELMS)
def test_create_user_job_keys_drive_the_fab_user_job(rendered, helm):
    (job,) = user_jobs(objs(rendered, "create-user-fab", helm))
    env = env_of(containers(job)["create-user"])
    assert (env["USER_NAME"]["value"], env["USER_ROLE"]["value"], env["USER_EMAIL"]["value"]) == \
        ("ops", "Op", "ops@example.com")
    off = objs(rendered, "create-user-off", helm)
    assert not user_jobs(off)
    # Airflow 2: webserver.defaultUser over createUserJob.defaultUser, key by key, as the official chart prefers it.
    (job,) = user_jobs(objs(rendered, "create-user-airflow2", helm))
    env = env_of(containers(job)["create-user"])
    assert (env["USER_NAME"]["value"], env["USER_EMAIL"]["value"]) == ("ops", "web@example.com")


@pytest.mark.parametrize("helm", HELMS)
def test_postgresql_takes_the_bitnami_keys(rendered, helm):
    o = objs(rendered, "postgresql-bitnami-keys", helm)
    sts = find(o, "StatefulSet", f"{RELEASE}-postgresql")
    spec = pod_spec(sts)
    pg = containers(sts)
    assert pg["postgresql"]["image"] == "mirror.example.com/library/postgres:17-bookworm"
    assert pull_secrets(sts) == ["global-pull", "pg-pull", "bitnami-global"]
    assert spec["nodeSelector"] == {"role": "db"} and spec["tolerations"][0]["key"] == "role"
    chown = pg["volume-permissions"]
    assert chown["command"] == ["chown", "-R", "999:999", "/var/lib/postgresql/data"]
    assert chown["image"] == pg["postgresql"]["image"] and chown["securityContext"]["runAsUser"] == 0
    (claim,) = sts["spec"]["volumeClaimTemplates"]
    assert claim["spec"]["accessModes"] == ["ReadWriteOncePod"] and claim["spec"]["storageClassName"] == "fast"
    # The other workloads keep the global pull secrets only.
    assert pull_secrets(find(o, "Deployment", f"{RELEASE}-scheduler")) == ["global-pull"]


@pytest.mark.parametrize("helm", HELMS)
def test_postgresql_existing_claim_replaces_the_claim_template(rendered, helm):
    sts = find(objs(rendered, "postgresql-existing-claim", helm), "StatefulSet", f"{RELEASE}-postgresql")
    assert "volumeClaimTemplates" not in sts["spec"]
    data = next(v for v in pod_spec(sts)["volumes"] if v["name"] == "data")
    assert data == {"name": "data", "persistentVolumeClaim": {"claimName": f"{RELEASE}-db"}}
    assert containers(sts)["postgresql"]["image"] == "registry.example.com/postgres:16-bookworm"
    assert "volume-permissions" not in containers(sts)


@pytest.mark.parametrize("values, message", [
    ({"postgresql": {"image": {"repository": "bitnamilegacy/postgresql"}}},
     "postgresql.image.repository: bitnamilegacy/postgresql is a Bitnami image"),
    ({"postgresql": {"auth": {"enablePostgresUser": False}}}, "enablePostgresUser"),
])
def test_postgresql_keys_it_cannot_honour_are_refused(tmp_path, values, message):
    (tmp_path / "v.yaml").write_text(yaml.safe_dump(values))
    for helm in HELMS:
        run = helm_template("-f", str(tmp_path / "v.yaml"), helm=helm)
        assert run.returncode != 0 and message in run.stderr, run.stderr


@pytest.mark.parametrize("helm", HELMS)
def test_github_ssh_uses_githubs_published_host_keys(rendered, helm):
    o = objs(rendered, "github-ssh-without-known-hosts", helm)
    lines = find(o, "ConfigMap", f"{RELEASE}-git-known-hosts")["data"]["known_hosts"].splitlines()
    assert [line.split()[:2] for line in lines] == [["github.com", "ssh-ed25519"], ["github.com", "ssh-rsa"]]
    git = containers(find(o, "Deployment", f"{RELEASE}-dag-processor"))["git-sync"]
    assert env_of(git)["GITSYNC_SSH_KNOWN_HOSTS"]["value"] == "true"


@pytest.mark.parametrize("helm", HELMS)
def test_keys_that_say_what_the_chart_does_anyway(rendered, helm):
    # A patch release apart: the chart decides by the major version only.
    o = objs(rendered, "patch-versions-differ", helm)
    webserver = containers(find(o, "Deployment", f"{RELEASE}-webserver"))["webserver"]
    assert webserver["image"].endswith(":2.10.5-python3.11")
    # webserver.enabled: false on Airflow 3, which has no webserver; its defaultUser is the admin user on either
    # version, over createUserJob.defaultUser, as in the official chart.
    o = objs(rendered, "webserver-off-on-airflow3", helm)
    assert not [w for w in o if w["metadata"]["name"] == f"{RELEASE}-webserver"]
    find(o, "Deployment", f"{RELEASE}-api-server")
    assert cfg_sections(airflow_cfg(o))["core"]["simple_auth_manager_users"] == "web-admin:viewer"


def test_webserver_enabled_true_stays_refused_on_airflow3():
    run = helm_template("--set", "webserver.enabled=true")
    assert run.returncode != 0 and "webserver.enabled: Airflow 3.3.2 has no webserver" in run.stderr


@pytest.mark.parametrize("key, message", [
    ("config.traces.otel_task_log_event", "an option of Airflow 2.10.4 (traces), which Airflow 3 does not have"),
    ("config.core.dag_concurrency", "an old name of config.core.max_active_tasks_per_dag, which Airflow 3 dropped"),
])
def test_airflow2_config_keys_on_airflow3_are_refused_with_what_they_were(key, message):
    run = helm_template("--set", f"{key}=True")
    assert run.returncode != 0 and f"{key}: not an Airflow 3.3.2 option; {message}" in run.stderr, run.stderr


def test_official_ports_are_accepted_at_this_charts_fixed_ports_only(tmp_path):
    ports = {"flowerUI": 5555, "airflowUI": 8080, "apiServer": 8080, "workerLogs": 8793, "triggererLogs": 8794,
             "redisDB": 6379, "statsdIngest": 9125, "statsdScrape": 9102, "pgbouncer": 6543, "pgbouncerScrape": 9127}
    (tmp_path / "ports.yaml").write_text(yaml.safe_dump({"ports": ports}))
    for helm in HELMS:
        assert helm_template("-f", str(tmp_path / "ports.yaml"), helm=helm).returncode == 0
        run = helm_template("--set", "ports.workerLogs=9999", helm=helm)
        assert run.returncode != 0 and "/ports/workerLogs': value must be 8793" in run.stderr, run.stderr
