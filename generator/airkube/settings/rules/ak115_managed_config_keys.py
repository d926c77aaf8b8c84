"""AK115 managed-config-keys: airflow.cfg options airkube sets from the settings.

Writing them in ``airflow.config`` too would give two sources of truth (and
the chart refuses them); the message names the setting to use.

Passing example::

    airflow: {config: {core: {max_active_runs_per_dag: 16}}}

Failing example::

    airflow: {config: {core: {executor: CeleryExecutor}, database: {sql_alchemy_conn: "sqlite:////tmp/a.db"}}}
"""

from . import Finding

ID = "AK115"
NAME = "managed-config-keys"

MANAGED = {
    "core.executor": "executor",
    "core.parallelism": "airflow.parallelism",
    "core.load_examples": "airflow.load_examples",
    "core.dags_are_paused_at_creation": "airflow.dags_paused_at_creation",
    "core.fernet_key": "airflow.fernet_key_secret",
    "core.auth_manager": "auth.manager",
    "core.sql_alchemy_conn": "database.metadata_secret",
    "database.sql_alchemy_conn": "database.metadata_secret",
    "celery.broker_url": "celery.broker_url_secret",
    "celery.result_backend": "database.result_backend_secret",
    "celery.worker_concurrency": "celery.worker_concurrency",
    "api.secret_key": "airflow.api_secret_key_secret",
    "api_auth.jwt_secret": "airflow.jwt_secret",
    "webserver.secret_key": "airflow.webserver_secret_key_secret",
    "kubernetes_executor.pod_template_file": "workers (and workers.profiles)",
    "kubernetes_executor.delete_worker_pods": "workers.delete_pods",
    "kubernetes_executor.delete_worker_pods_on_failure": "workers.delete_pods_on_failure",
    "logging.remote_logging": "logging.remote.backend",
    "logging.remote_log_conn_id": "logging.remote.connection_id",
    "logging.remote_base_log_folder": "logging.remote.base_folder",
    "metrics.statsd_on": "metrics.statsd",
    "secrets.backend": "secrets_backend.backend",
    "secrets.backend_kwargs": "secrets_backend.kwargs",
}


def check(ctx):
    config = ctx.get("airflow.config")
    if not isinstance(config, dict):
        return
    if "kubernetes" in config:
        yield Finding("airflow.config.kubernetes",
                      "airflow.config.kubernetes was renamed; use airflow.config.kubernetes_executor.")
    for section, keys in sorted(config.items()):
        if not isinstance(keys, dict):
            continue
        for key in sorted(keys):
            setting = MANAGED.get(f"{section}.{key}")
            if setting:
                yield Finding(f"airflow.config.{section}.{key}",
                              f"airflow.config.{section}.{key} is set by airkube from `{setting}`; "
                              f"remove it here and use {setting}.")
