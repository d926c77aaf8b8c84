"""Settings (defaults filled in) -> the chart's values (chart/values.yaml key names)."""

from __future__ import annotations

import json

from ..settings import versions
from .common import as_text, chart_resources, merge, placement
from .workers import workers_values

SECRETS_BACKENDS = {
    "aws-secrets-manager": "airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend",
    "aws-parameter-store": "airflow.providers.amazon.aws.secrets.systems_manager.SystemsManagerParameterStoreBackend",
    "hashicorp-vault": "airflow.providers.hashicorp.secrets.vault.VaultBackend",
    "gcp-secret-manager": "airflow.providers.google.cloud.secrets.secret_manager.CloudSecretManagerBackend",
    "azure-key-vault": "airflow.providers.microsoft.azure.secrets.key_vault.AzureKeyVaultBackend",
}


def _component(block: dict, replicas: bool = True) -> dict:
    out = {}
    if replicas:
        out["replicas"] = block["replicas"]
    out["resources"] = chart_resources(block.get("resources"))
    out.update(placement(block))
    return out


DEV_DAG_LISTING_SECONDS = "10"


def _drop_empty(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v not in (None, "")}


def airflow_config(settings: dict) -> dict:
    """airflow.cfg sections airkube sets, with the user's extra options first."""
    major = versions.major(settings["airflow"]["version"])
    executors = versions.executor_list(settings["executor"])
    config: dict[str, dict[str, str]] = {}
    for section, keys in (settings["airflow"].get("config") or {}).items():
        config[section] = {key: as_text(value) for key, value in keys.items()}
    core = config.setdefault("core", {})
    core["load_examples"] = as_text(settings["airflow"]["load_examples"])
    core["dags_are_paused_at_creation"] = as_text(settings["airflow"]["dags_paused_at_creation"])
    core["parallelism"] = as_text(settings["airflow"]["parallelism"])
    if versions.uses_kubernetes_pods(executors):
        k8s = config.setdefault("kubernetes_executor", {})
        k8s["delete_worker_pods"] = as_text(settings["workers"]["delete_pods"])
        k8s["delete_worker_pods_on_failure"] = as_text(settings["workers"]["delete_pods_on_failure"])
    if versions.uses_celery(executors):
        config.setdefault("celery", {})["worker_concurrency"] = as_text(settings["celery"]["worker_concurrency"])
    backend = settings["secrets_backend"].get("backend")
    if backend:
        secrets = config.setdefault("secrets", {})
        secrets["backend"] = SECRETS_BACKENDS.get(backend, backend)
        if settings["secrets_backend"].get("kwargs"):
            secrets["backend_kwargs"] = json.dumps(settings["secrets_backend"]["kwargs"], sort_keys=True)
    section = versions.expose_config_section(major)
    config.setdefault(section, {}).setdefault("expose_config", "False")
    if settings.get("profile") == "dev":
        # A lab copies a DAG file in and expects to see it: Airflow lists the folder every
        # 5 minutes by default, which is right for production, not while developing.
        section, key = versions.dag_listing_option(major)
        config.setdefault(section, {}).setdefault(key, DEV_DAG_LISTING_SECONDS)
    return config


def build_values(settings: dict) -> dict:
    af = settings["airflow"]
    major = versions.major(af["version"])
    executors = versions.executor_list(settings["executor"])
    db = settings["database"]
    values: dict = {
        "fullnameOverride": settings["name"],
        "airflowVersion": af["version"],
        "images": {"airflow": {"repository": af["image"]["repository"],
                               "tag": af["image"]["tag"] or versions.default_image_tag(af["version"]),
                               "pullPolicy": af["image"]["pull_policy"]}},
        "executor": versions.executor_value(executors, major),
    }
    if af.get("env"):
        values["env"] = [{"name": k, "value": as_text(v)} for k, v in af["env"].items()]
    if af.get("env_from_secrets"):
        values["extraEnvFrom"] = [{"secretRef": {"name": name}} for name in af["env_from_secrets"]]
    values["config"] = airflow_config(settings)
    secret_keys = {"fernetKeySecretName": af.get("fernet_key_secret")}
    if major >= 3:
        secret_keys.update(apiSecretKeySecretName=af.get("api_secret_key_secret"), jwtSecretName=af.get("jwt_secret"))
    else:
        secret_keys["webserverSecretKeySecretName"] = af.get("webserver_secret_key_secret")
    values.update(_drop_empty(secret_keys))

    data = _drop_empty({"metadataSecretName": db.get("metadata_secret"),
                        "resultBackendSecretName": db.get("result_backend_secret"),
                        "brokerUrlSecretName": settings["celery"].get("broker_url_secret")})
    connection = {"protocol": db["backend"]}
    if db["embedded"] and db.get("embedded_password") not in (None, "airflow"):
        connection["pass"] = db["embedded_password"]  # dev only: AK109 refuses this in production
    data["metadataConnection"] = connection
    values["data"] = data
    values["postgresql"] = {"enabled": bool(db["embedded"] and db["backend"] == "postgresql")}
    if values["postgresql"]["enabled"]:
        values["postgresql"]["primary"] = {"persistence": _drop_empty({
            "enabled": True, "size": db["embedded_storage"]["size"],
            "storageClass": db["embedded_storage"].get("storage_class")})}
    pgb = db["pgbouncer"]
    values["pgbouncer"] = {"enabled": pgb["enabled"]}
    if pgb["enabled"]:
        values["pgbouncer"].update(_drop_empty({
            "replicas": pgb["replicas"], "maxClientConn": pgb["max_client_conn"],
            "metadataPoolSize": pgb["metadata_pool_size"], "resultBackendPoolSize": pgb["result_backend_pool_size"],
            "poolMode": pgb["pool_mode"], "configSecretName": pgb.get("config_secret")}))
        values["pgbouncer"]["resources"] = chart_resources(pgb["resources"])
    if versions.uses_celery(executors):
        values["redis"] = _drop_empty({"enabled": bool(settings["celery"]["redis"]),
                                       "passwordSecretName": settings["celery"].get("redis_password_secret")})

    scheduler = settings["scheduler"]
    values["scheduler"] = _component(scheduler)
    # enabled only: the chart's budget is maxUnavailable 1 unless chart_values gives config.minAvailable.
    values["scheduler"]["podDisruptionBudget"] = {"enabled": bool(scheduler["pod_disruption_budget"])}
    ui_key = versions.ui_component(major)
    ui = settings[ui_key]
    ui_values = _component(ui)
    ui_values["service"] = {"type": ui["service_type"], "port": ui["port"]}
    user = ui.get("default_user") or {}
    if major >= 3:
        ui_values["defaultUser"] = _drop_empty({
            "enabled": user.get("enabled", True), "username": user.get("username"), "role": user.get("role"),
            "passwordSecretName": user.get("password_secret")})
    else:
        ui_values["defaultUser"] = _drop_empty({
            "enabled": user.get("enabled", True), "username": user.get("username"), "role": user.get("role"),
            "email": user.get("email"), "firstName": user.get("first_name"), "lastName": user.get("last_name"),
            "password": user.get("password"),  # dev only: AK109/AK110 refuse it in production
            "passwordSecretName": user.get("password_secret")})
    if scheduler["pod_disruption_budget"] and ui["replicas"] > 1:
        ui_values["podDisruptionBudget"] = {"enabled": True}
    values[versions.ui_values_key(major)] = ui_values
    if major < 3:
        # The webserver inherits apiServer's values, and its chart default is {}: a null under webserver
        # has no default to remove (the schema refuses it), one under apiServer removes the inherited one.
        values["apiServer"] = {"resources": ui_values.pop("resources")}
    values.update(_auth(settings, major, ui_values))

    values["triggerer"] = {"enabled": bool(settings["triggerer"]["enabled"]), **_component(settings["triggerer"])}
    dag_processor = settings["dag_processor"]
    values["dagProcessor"] = {"enabled": versions.dag_processor_enabled(major, dag_processor.get("enabled")),
                              **_component(dag_processor)}
    values["workers"] = workers_values(settings, versions.uses_kubernetes_pods(executors))
    values["dags"] = _dags(settings["dags"])
    values["logs"] = _logs(settings["logging"])
    metrics = settings["metrics"]
    values["statsd"] = {"enabled": bool(metrics["statsd"])}
    alerts = metrics["alerts"]
    labels = dict(metrics.get("prometheus_labels") or {})
    values["monitoring"] = {
        "serviceMonitor": {"enabled": bool(metrics["service_monitor"]), "labels": labels},
        "prometheusRule": {"enabled": bool(alerts["enabled"]), "labels": labels,
                           "heartbeatMissingSeconds": alerts["scheduler_heartbeat_missing_seconds"],
                           "parseTimeSeconds": alerts["dag_parse_time_seconds"],
                           "failuresPerHour": alerts["task_failures_per_hour"]},
    }
    values["ingress"] = {"apiServer": _ingress(settings["ingress"])}
    values["networkPolicies"] = {"enabled": bool(settings["network_policies"])}
    return merge(values, settings.get("chart_values"))  # last: the user's word over ours


def _auth(settings: dict, major: int, ui_values: dict) -> dict:
    """The chart's auth block; FAB's webserver_config.py goes into the UI's values (webserver.* on Airflow 2)."""
    auth = settings.get("auth") or {}
    manager = versions.auth_manager(settings)
    prefix = "apiServer" if major >= 3 else "webserver"
    ui_values.update(_drop_empty({f"{prefix}Config": auth.get("web_config"),
                                  f"{prefix}ConfigConfigMapName": auth.get("web_config_map")}))
    out: dict = {"manager": manager}
    if manager == "keycloak":
        keycloak = auth.get("keycloak") or {}
        out["keycloak"] = _drop_empty({"serverUrl": keycloak.get("server_url"), "realm": keycloak.get("realm"),
                                       "clientId": keycloak.get("client_id"),
                                       "clientSecretName": keycloak.get("client_secret_secret")})
    return {"auth": out}


def _ingress(ingress: dict) -> dict:
    """The official chart's Ingress shape: the host with its TLS Secret, or TLS alone without a host."""
    out = {"enabled": bool(ingress["enabled"]), **_drop_empty({"ingressClassName": ingress.get("class_name")})}
    tls = {"enabled": True, "secretName": ingress["tls_secret"]} if ingress.get("tls_secret") else None
    if ingress.get("host"):
        out["hosts"] = [{"name": ingress["host"], **({"tls": tls} if tls else {})}]
    elif tls:
        out["tls"] = tls
    return out


def _dags(dags: dict) -> dict:
    out: dict = {}
    persistence = dags["persistence"]
    out["persistence"] = {"enabled": bool(persistence["enabled"])}
    if persistence["enabled"]:
        out["persistence"].update(_drop_empty({"size": persistence["size"], "accessMode": persistence["access_mode"],
                                               "storageClassName": persistence.get("storage_class")}))
    git = dags["git_sync"]
    out["gitSync"] = {"enabled": bool(git["enabled"])}
    if git["enabled"]:
        out["gitSync"].update(_drop_empty({
            "repo": git.get("repo"), "branch": git["branch"], "rev": git["rev"], "depth": git["depth"],
            "subPath": git["sub_path"], "period": git["period"], "maxFailures": git["max_failures"],
            "sshKeySecret": git.get("ssh_key_secret"), "knownHosts": git.get("known_hosts"),
            "credentialsSecret": git.get("credentials_secret")}))
    return out


def _logs(logging: dict) -> dict:
    persistence = logging["persistence"]
    out: dict = {"persistence": {"enabled": bool(persistence["enabled"])}}
    if persistence["enabled"]:
        out["persistence"].update(_drop_empty({"size": persistence["size"], "accessMode": persistence["access_mode"],
                                               "storageClassName": persistence.get("storage_class")}))
    remote = logging["remote"]
    if remote.get("backend"):
        out["remote"] = _drop_empty({"backend": remote["backend"], "connectionId": remote.get("connection_id"),
                                     "baseFolder": remote.get("base_folder"), "host": remote.get("host")})
    return out

