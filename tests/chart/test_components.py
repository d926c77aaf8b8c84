"""What runs, with which command, mounts, env and RBAC, per component."""
import pytest
from support.render import (
    CHART,
    HELMS,
    RELEASE,
    airflow_cfg,
    cfg_sections,
    containers,
    find,
    generated_secrets,
    kinds,
    names,
    pod_templates,
    render_files,
    render_scenario,
    secret_refs,
    secret_value,
)


def deployment(objs, component):
    return find(objs, "Deployment", f"{RELEASE}-{component}")


def env_names(container):
    return [e["name"] for e in container.get("env", [])]


def test_airflow3_default_runs_api_server_dag_processor_and_no_webserver():
    objs = render_scenario("kubernetes-dev")
    components = ("scheduler", "api-server", "triggerer", "dag-processor", "statsd")
    assert names(objs, "Deployment") == {f"{RELEASE}-{c}" for c in components}
    assert containers(deployment(objs, "api-server"))["api-server"]["args"] == ["airflow", "api-server"]
    assert containers(deployment(objs, "dag-processor"))["dag-processor"]["args"] == ["airflow", "dag-processor"]
    probe = containers(deployment(objs, "api-server"))["api-server"]["readinessProbe"]
    assert probe["httpGet"]["path"] == "/api/v2/monitor/health"
    assert names(objs, "StatefulSet") == {f"{RELEASE}-postgresql"}
    assert "redis" not in str(names(objs, "StatefulSet"))


def test_airflow2_tag_selects_webserver_and_fab_user_job():
    objs = render_scenario("airflow2")
    assert f"{RELEASE}-webserver" in names(objs, "Deployment")
    assert f"{RELEASE}-api-server" not in names(objs, "Deployment")
    assert f"{RELEASE}-dag-processor" not in names(objs, "Deployment")
    web = deployment(objs, "webserver")
    assert web["spec"]["replicas"] == 2
    assert containers(web)["webserver"]["livenessProbe"]["httpGet"]["path"] == "/health"
    assert containers(web)["webserver"]["livenessProbe"]["initialDelaySeconds"] == 30
    assert "AIRFLOW__WEBSERVER__SECRET_KEY" in secret_refs(web, "webserver")
    assert "AIRFLOW_CONN_AIRFLOW_DB" in env_names(containers(web)["webserver"])  # Airflow 2 only
    jobs = [j["metadata"]["name"] for j in kinds(objs, "Job")]
    assert any(n.startswith(f"{RELEASE}-create-user-") for n in jobs)
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["scheduler"]["dag_dir_list_interval"] == "30"
    assert "execution_api_server_url" not in cfg["core"]


def test_airflow3_secrets_and_execution_api():
    objs = render_scenario("kubernetes-dev")
    refs = secret_refs(deployment(objs, "scheduler"), "scheduler")
    # Read from files (AIRFLOW__*_CMD): no credential in the environment; no airflow_db connection on 3.
    assert set(refs) == {"AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__API__SECRET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET",
                         "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"}
    env = containers(deployment(objs, "scheduler"))["scheduler"]["env"]
    assert not [e for e in env if "valueFrom" in e]
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["core"]["execution_api_server_url"] == f"http://{RELEASE}-api-server:8080/execution/"
    assert cfg["core"]["executor"] == "KubernetesExecutor"
    # Generated in the cluster by the create-secrets Job, never rendered (tests/chart/test_generated_secrets.py).
    keys = generated_secrets(objs)[f"{RELEASE}-keys"]
    assert set(keys) == {"fernet-key", "api-secret-key", "jwt-secret"}
    # HS512 wants a 64-byte key: Airflow warns on every token below that (found on a real node).
    assert keys["jwt-secret"] == {"length": 64}


def test_kubernetes_executor_pod_template_mounted_where_config_points():
    objs = render_scenario("kubernetes-dev")
    cfg = cfg_sections(airflow_cfg(objs))["kubernetes_executor"]
    assert cfg["pod_template_file"] == "/opt/airflow/pod_templates/pod_template.yaml"
    assert cfg["namespace"] == "airflow"
    scheduler = deployment(objs, "scheduler")
    mounts = {m["name"]: m["mountPath"] for m in containers(scheduler)["scheduler"]["volumeMounts"]}
    assert mounts["pod-templates"] == "/opt/airflow/pod_templates"
    # Its token in the scheduler container only (projected, as the kubelet's), not in its init containers.
    spec = scheduler["spec"]["template"]["spec"]
    assert spec["automountServiceAccountToken"] is False
    assert mounts["kube-api-access"] == "/var/run/secrets/kubernetes.io/serviceaccount"
    assert "kube-api-access" not in str(containers(scheduler)["wait-for-migrations"]["volumeMounts"])
    token = {v["name"]: v for v in spec["volumes"]}["kube-api-access"]["projected"]["sources"]
    assert {"serviceAccountToken", "configMap", "downwardAPI"} == {k for s in token for k in s}
    pod = pod_templates(objs)["pod_template.yaml"]
    assert pod["spec"]["restartPolicy"] == "Never"
    assert [c["name"] for c in pod["spec"]["containers"]] == ["base"]
    assert pod["spec"]["containers"][0]["image"] == "apache/airflow:3.3.2"


def test_scheduler_role_is_only_what_the_executor_needs():
    objs = render_scenario("kubernetes-dev")
    role = find(objs, "Role", f"{RELEASE}-scheduler")
    resources = {r for rule in role["rules"] for r in rule["resources"]}
    assert resources == {"pods", "pods/log", "events"}
    binding = find(objs, "RoleBinding", f"{RELEASE}-scheduler")
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": f"{RELEASE}-scheduler", "namespace": "airflow"}]
    assert not kinds(objs, "ClusterRole")


def test_multi_namespace_mode_uses_a_cluster_role():
    objs = render_scenario("worker-profiles")
    assert kinds(objs, "ClusterRole") and kinds(objs, "ClusterRoleBinding")
    # The scheduler's Role became a ClusterRole; the create-secrets Job's stays in its namespace.
    assert names(objs, "Role") == {f"{RELEASE}-create-secrets"}
    assert cfg_sections(airflow_cfg(objs))["kubernetes_executor"]["multi_namespace_mode"] == "True"


def test_celery_runs_redis_workers_and_pod_launcher_role():
    objs = render_scenario("celery-kpo")
    worker = deployment(objs, "worker")
    assert worker["spec"]["replicas"] == 2
    assert containers(worker)["worker"]["args"] == ["airflow", "celery", "worker"]
    celery_env = {"AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__CELERY__RESULT_BACKEND"}
    assert celery_env <= set(env_names(containers(worker)["worker"]))
    assert f"{RELEASE}-redis" in names(objs, "StatefulSet")
    broker = generated_secrets(objs)[f"{RELEASE}-broker-url"]
    assert broker == {"password": {"length": 32},
                      "connection": {"format": f"redis://:{{password}}@{RELEASE}-redis:6379/0"}}
    role = find(objs, "Role", f"{RELEASE}-pod-launcher")
    assert {"pods", "pods/exec"} <= {r for rule in role["rules"] for r in rule["resources"]}
    subjects = find(objs, "RoleBinding", f"{RELEASE}-pod-launcher")["subjects"]
    assert [s["name"] for s in subjects] == [f"{RELEASE}-worker"]
    assert not pod_templates(objs)
    assert f"{RELEASE}-scheduler" not in names(objs, "Role")


def test_hybrid_airflow3_executor_list():
    objs = render_scenario("hybrid-airflow3")
    assert cfg_sections(airflow_cfg(objs))["core"]["executor"] == "KubernetesExecutor,CeleryExecutor"
    assert pod_templates(objs) and f"{RELEASE}-worker" in names(objs, "Deployment")


def test_gitsync_ssh_sidecar_and_worker_init_container():
    objs = render_scenario("gitsync-ssh")
    dag_processor = containers(deployment(objs, "dag-processor"))
    sync = dag_processor["git-sync"]
    env = {e["name"]: e.get("value") for e in sync["env"]}
    assert env["GITSYNC_REPO"] == "git@github.com:your-org/airflow-dags.git"
    assert env["GITSYNC_SSH_KNOWN_HOSTS"] == "true"
    assert "GITSYNC_ONE_TIME" not in env
    known_hosts = find(objs, "ConfigMap", f"{RELEASE}-git-known-hosts")["data"]["known_hosts"]
    assert known_hosts.startswith("github.com ssh-ed25519")
    worker = pod_templates(objs)["pod_template.yaml"]
    init = {c["name"]: c for c in worker["spec"]["initContainers"]}["git-sync-init"]
    assert {"name": "GITSYNC_ONE_TIME", "value": "true"} in init["env"]
    assert cfg_sections(airflow_cfg(objs))["core"]["dags_folder"] == "/opt/airflow/dags/repo/dags"


def test_gitsync_https_credentials_and_rev():
    objs = render_scenario("gitsync-https")
    sync = containers(deployment(objs, "dag-processor"))["git-sync"]
    env = {e["name"]: e for e in sync["env"]}
    assert env["GITSYNC_REF"]["value"] == "v1.4.0"
    password = env["GITSYNC_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert password == {"name": "airflow-git-credentials", "key": "GITSYNC_PASSWORD"}


@pytest.mark.parametrize("backend,section,key,value", [
    ("s3", "logging", "remote_base_log_folder", "s3://logs-bucket/airflow"),
    ("gcs", "logging", "remote_base_log_folder", "gs://logs-bucket/airflow"),
    ("wasb", "logging", "remote_log_conn_id", "wasb_logs"),
    ("elasticsearch", "elasticsearch", "host", "https://elasticsearch.logging.svc:9200"),
    ("opensearch", "opensearch", "host", "https://opensearch.logging.svc"),
    ("opensearch", "opensearch", "port", "9200"),
])
def test_remote_logging_backends(backend, section, key, value):
    cfg = cfg_sections(airflow_cfg(render_scenario(f"remote-logs-{backend}")))
    assert cfg["logging"]["remote_logging"] == "True"
    assert cfg[section][key] == value


def test_pgbouncer_config_and_connection_through_it():
    objs = render_scenario("pgbouncer-external")
    config = find(objs, "Secret", f"{RELEASE}-pgbouncer-config")
    ini = secret_value(config, "pgbouncer.ini")
    assert f"{RELEASE}-metadata = host=db.example.internal port=5432 dbname=airflow pool_size=10" in ini
    assert "pool_mode = transaction" in ini and "max_client_conn = 100" in ini
    assert secret_value(config, "users.txt") == '"airflow" "airflow-password"\n'
    url = secret_value(find(objs, "Secret", f"{RELEASE}-metadata"), "connection")
    assert url == f"postgresql://airflow:airflow-password@{RELEASE}-pgbouncer:6543/{RELEASE}-metadata?sslmode=disable"
    assert f"{RELEASE}-postgresql" not in names(objs, "StatefulSet")


def test_production_uses_user_secrets_and_ha():
    objs = render_scenario("production")
    assert not [s for s in kinds(objs, "Secret") if s["metadata"]["name"] in (f"{RELEASE}-keys", f"{RELEASE}-metadata")]
    refs = secret_refs(deployment(objs, "scheduler"), "scheduler")
    assert refs["AIRFLOW__CORE__FERNET_KEY"] == {"name": "airflow-fernet-key", "key": "fernet-key"}
    assert refs["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == {"name": "airflow-metadata-secret", "key": "connection"}
    assert deployment(objs, "scheduler")["spec"]["replicas"] == 2
    assert names(objs, "PodDisruptionBudget") >= {f"{RELEASE}-{c}" for c in ("scheduler", "api-server", "pgbouncer")}
    worker = pod_templates(objs)["pod_template.yaml"]["spec"]
    assert worker["nodeSelector"] == {"workload-type": "airflow-workers"}
    assert worker["tolerations"][0]["key"] == "airflow-worker"
    env_from = containers(deployment(objs, "scheduler"))["scheduler"]["envFrom"]
    assert env_from == [{"secretRef": {"name": "airflow-connections"}}]
    assert find(objs, "Ingress", f"{RELEASE}-api-server")["spec"]["tls"][0]["secretName"] == "airflow-tls"


def test_monitoring_rules_cover_seed_alerts():
    objs = render_scenario("monitoring")
    rule = find(objs, "PrometheusRule", f"{RELEASE}-alerts")
    alerts = {r["alert"]: r for r in rule["spec"]["groups"][0]["rules"]}
    assert set(alerts) == {"AirflowSchedulerHeartbeatMissing", "AirflowDagParseTimeHigh", "AirflowPoolNoOpenSlots",
                           "AirflowTaskFailures", "AirflowZombieTasks"}
    assert alerts["AirflowSchedulerHeartbeatMissing"]["for"] == "30s"
    assert alerts["AirflowPoolNoOpenSlots"]["for"] == "5m"
    assert "> 3" in alerts["AirflowTaskFailures"]["expr"]
    assert find(objs, "ServiceMonitor", f"{RELEASE}-statsd")["metadata"]["labels"]["release"] == "prometheus"
    mappings = find(objs, "ConfigMap", f"{RELEASE}-statsd")["data"]["mappings.yml"]
    assert "airflow_task_duration" in mappings and "airflow_scheduler_heartbeat" in mappings


def test_network_policies_deny_by_default():
    objs = render_scenario("network-policies")
    policies = names(objs, "NetworkPolicy")
    assert f"{RELEASE}-default-deny" in policies and f"{RELEASE}-pgbouncer-6543" in policies


@pytest.mark.parametrize("hooks", [True, False])  # the official chart's useHelmHooks: served by design either way
@pytest.mark.parametrize("helm", HELMS)
def test_migration_job_is_not_a_hook_and_its_name_follows_the_image(helm, hooks):
    def job(tag):
        objs = render_files(extra=("--set", f"images.airflow.tag={tag}",
                                   "--set", f"migrateDatabaseJob.useHelmHooks={str(hooks).lower()}"), helm=helm)
        (migrate,) = [j for j in kinds(objs, "Job") if j["metadata"]["name"].startswith(f"{RELEASE}-migrate-database-")]
        return migrate

    first, again, upgraded = job("3.3.2"), job("3.3.2"), job("3.3.1")
    assert "annotations" not in first["metadata"]
    assert first["metadata"]["name"] == again["metadata"]["name"]
    assert first["metadata"]["name"] != upgraded["metadata"]["name"]


def test_config_and_checksum_change_together():
    def annotations(extra):
        objs = render_files(extra=extra)
        return deployment(objs, "scheduler")["spec"]["template"]["metadata"]["annotations"]

    base = annotations(())
    changed = annotations(("--set", "config.core.parallelism=8"))
    assert base["checksum/config"] != changed["checksum/config"]
    assert base["checksum/secrets"] == changed["checksum/secrets"]


@pytest.mark.parametrize("helm", HELMS)
def test_pgbouncer_rolls_when_its_config_changes_only(helm):
    def checksum(*sets):
        extra = ("--set", "pgbouncer.enabled=true", *(a for s in sets for a in ("--set", s)))
        pod = deployment(render_files(extra=extra, helm=helm), "pgbouncer")["spec"]["template"]
        return pod["metadata"]["annotations"]["checksum/config"]

    base = checksum()
    assert checksum("pgbouncer.replicas=3", "pgbouncer.podDisruptionBudget.enabled=true") == base
    assert checksum("pgbouncer.metadataPoolSize=20") != base
    assert checksum("data.metadataConnection.pass=other") != base
    assert checksum("pgbouncer.configSecretName=own-ini") != base


def test_global_scheduling_with_component_override():
    objs = render_files(extra=("--set", "nodeSelector.pool=airflow", "--set", "scheduler.nodeSelector.pool=critical"))
    assert deployment(objs, "scheduler")["spec"]["template"]["spec"]["nodeSelector"] == {"pool": "critical"}
    assert deployment(objs, "triggerer")["spec"]["template"]["spec"]["nodeSelector"] == {"pool": "airflow"}
    assert pod_templates(objs)["pod_template.yaml"]["spec"]["nodeSelector"] == {"pool": "airflow"}


def test_extra_pod_templates_mounted_beside_default():
    templates = pod_templates(render_scenario("worker-profiles"))
    assert set(templates) == {"pod_template.yaml", "gpu.yaml", "small.yaml"}
    assert templates["gpu.yaml"]["spec"]["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "1"


def test_helm_test_job_checks_health():
    job = find(render_scenario("kubernetes-dev"), "Job", f"{RELEASE}-test-health")
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "test"
    assert job["spec"]["backoffLimit"] == 0
    pod = job["spec"]["template"]
    assert pod["metadata"]["labels"]["release"] == RELEASE  # the default-deny NetworkPolicy selects it
    assert f"http://{RELEASE}-api-server:8080/api/v2/monitor/health" in pod["spec"]["containers"][0]["args"][0]


def test_pgbouncer_keeps_psycopg3_prepared_statements_in_transaction_mode():
    """Airflow 3's psycopg 3 prepares statements; in transaction mode PgBouncer must track them
    (found on the real node: "prepared statement _pg3_0 already exists" crashed the schedulers)."""
    def ini(*extra: str) -> str:
        objs = render_files(CHART.parent / "values-examples" / "celery" / "values.yaml", extra=extra)
        return secret_value(find(objs, "Secret", f"{RELEASE}-pgbouncer-config"), "pgbouncer.ini")
    assert "pool_mode = transaction" in ini()
    assert "max_prepared_statements = 100" in ini()
    assert "max_prepared_statements" not in ini("--set", "pgbouncer.maxPreparedStatements=0")


def test_pgbouncer_has_a_writable_socket_folder_on_its_read_only_root():
    """PgBouncer >= 1.2x puts its unix socket in /tmp; with a read-only root it exited at once
    (found on the real node with PgBouncer 1.24)."""
    objs = render_files(CHART.parent / "values-examples" / "celery" / "values.yaml")
    pod = find(objs, "Deployment", f"{RELEASE}-pgbouncer")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    run = next(m for m in container["volumeMounts"] if m["mountPath"] == "/tmp")
    assert next(v for v in pod["volumes"] if v["name"] == run["name"])["emptyDir"]["medium"] == "Memory"


def test_dags_and_logs_claims_survive_uninstall():
    """Data, like the database's claim; and failed task pods Airflow keeps still hold them,
    which made `helm uninstall --wait` hang on the real node."""
    objs = render_files(CHART.parent / "values-examples" / "dev-kind" / "values.yaml",
                        extra=("--set", "logs.persistence.enabled=true"))
    for name in (f"{RELEASE}-dags", f"{RELEASE}-logs"):
        claim = find(objs, "PersistentVolumeClaim", name)
        assert claim["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
