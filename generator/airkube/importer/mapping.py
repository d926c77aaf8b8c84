"""What each key of an official-chart values file becomes: one table, read top-down, first match wins.

A row's key is a dotted path of the official chart; `*` stands for any one key (`AIRFLOW__*` for any
key that starts so), `**` for the rest of the path, `a|b` for either key. Rows:
  Map(key, setting)     -> the airkube setting (a `*` in the setting takes the key matched there;
                           `{ui}` is `webserver` on Airflow 2, `api_server` on Airflow 3)
  Drop(key, reason)     -> nothing: it means nothing here, or the official chart ignores it
  Fix(key, what_to_do)  -> needs attention: a key the official chart never had, with its replacement
  Secret(key, setting, name, key_in_secret)
                        -> needs attention: a plaintext secret, never copied; the setting names a Secret
                           to create (so the settings still generate), the report says what goes in it
  Check(key, setting, why)
                        -> needs attention, yet mapped: the official chart refuses this shape (an author's
                           mistake), airkube's chart takes it; the user checks it means what they meant
A key no row matches goes to `chart_values.<key>` as written, when the chart's schema accepts it.
Rows may hold only for one Airflow major version (`major=`), only in some context (`when=`), or give
way to another key of the input (`unless=`: the official chart reads that one instead).
"""

from __future__ import annotations

import re

import yaml

from ..values.overlay import CHART
from .reader import lookup
from .rows import (
    AS_WRITTEN,
    Check,
    Context,
    Drop,
    Fix,
    Map,
    NotMapped,
    Row,
    Secret,
    a_list,
    auth_manager,
    bitnami_image,
    boolean,
    bundles_with_team,
    custom_fab_manager,
    env_beyond_name_value,
    env_map,
    env_style_config,
    executor,
    external,
    given,
    integer,
    lower,
    remote_folder,
    seconds,
    secret_refs,
    templated,
    text,
    tolerations,
)

# ------------------------------------------------------------------ the table

BUNDLES = ("config", "dag_processor", "dag_bundle_config_list")
CONNECTION = "connection (the whole URL, postgresql://user:password@host:5432/db)"
NO_PROFILE = "Airflow 3's simple auth manager users have a name, a role and a password only"
def never_official_rows(settings: dict[str, str]) -> list[Row]:
    """A Fix row for each key of the chart's refused-keys table (and what lies below it): the chart's
    words, then where the settings hold the replacement (settings: key -> that place)."""
    table = yaml.safe_load((CHART / "files" / "refused-keys.yaml").read_text(encoding="utf-8"))
    rows = []
    for key, why in table.items():
        what = f"{why} ({settings[key]})" if key in settings else why
        rows += [Fix(key, what), Fix(f"{key}.**", what)]
    return rows


RULES: list[Row] = [
    # Plaintext secrets.
    Secret("fernetKey", "airflow.fernet_key_secret", "airflow-fernet-key", "fernet-key"),
    Secret("webserverSecretKey", "airflow.webserver_secret_key_secret", "airflow-webserver-secret-key",
           "webserver-secret-key", major=2),
    Secret("apiSecretKey", "airflow.api_secret_key_secret", "airflow-api-secret-key", "api-secret-key", major=3),
    Secret("jwtSecret", "airflow.jwt_secret", "airflow-jwt-secret", "jwt-secret", major=3),
    Secret("data.brokerUrl", "celery.broker_url_secret", "airflow-broker-url", "connection"),
    Fix("redis.password", "a plaintext secret (values files end up in Git and in Helm's release history): remove it; "
                          "the chart generates the Redis password once and keeps it (or name Secrets in "
                          "celery.redis_password_secret and celery.broker_url_secret)"),
    Drop("data.metadataConnection.**", "data.metadataSecretName is set: the official chart ignores metadataConnection",
         when=given("data.metadataSecretName")),
    Map("data.metadataConnection.protocol", "database.backend"),
    Map("data.metadataConnection.pass", "database.embedded_password", when=lambda ctx: ctx.embedded_db),
    Secret("data.metadataConnection.**", "database.metadata_secret", "airflow-metadata", CONNECTION, when=external),
    Drop("data.resultBackendConnection.**", "data.resultBackendSecretName is set: the official chart ignores it",
         when=given("data.resultBackendSecretName")),
    Secret("data.resultBackendConnection.**", "database.result_backend_secret", "airflow-result-backend", CONNECTION),
    Map("postgresql.auth.password", "database.embedded_password"),
    # The embedded database is dev only; its superuser password stays beside it, as in the chart.
    Map("postgresql.auth.postgresPassword", "chart_values.postgresql.auth.postgresPassword"),

    # Keys the official chart never had (other charts, old guides): the chart's own table names their
    # replacement (chart/files/refused-keys.yaml); the report adds the setting that holds it.
    *never_official_rows({
        "airflow": "import the file again with the keys moved out of airflow:",
        "airflowDatabase": "settings database.metadata_secret, database.embedded: false",
        "defaultUser": "settings {ui}.default_user",
        "dnsConfig": "settings chart_values.workers.podSpecPatch.dnsConfig",
        "extraVolumeMounts": "settings chart_values.volumeMounts",
        "extraVolumes": "settings chart_values.volumes",
        "image": "settings airflow.image.*",
        "postgresql.persistence": "settings database.embedded_storage",
        "redis.auth": "settings celery.redis_password_secret",
        "resources": "settings <component>.resources",
        "serviceAccount": "settings workers.service_account, workers.service_account_annotations for task pods",
        "users": "settings {ui}.default_user",
        "workers.podTemplateFile": "settings: describe the pod in workers.* (or put its content in "
                                   "chart_values.workers.podTemplate)",
    }),
    Fix("postgresql.image.repository", "a Bitnami image: the embedded PostgreSQL runs the Docker Official postgres "
                                       "image's entrypoint (its other Bitnami keys apply): remove the key, or use an "
                                       "external database", when=bitnami_image),
    Check("extraEnv", "chart_values.extraEnv", "the official chart takes a templated string here, not a list",
          when=a_list("extraEnv")),
    Check("extraEnvFrom", "chart_values.extraEnvFrom", "the official chart takes a templated string here, not a list",
          when=a_list("extraEnvFrom")),
    Check("env", "chart_values.env", "the official chart's env items hold name and value only",
          when=env_beyond_name_value),
    Check("webserver|apiServer.service.port", "{ui}.port", "the official chart has no service.port (its UI Service "
                                                           "takes service.ports, a list)"),
    Check("dagProcessor.dagBundleConfigList", "chart_values.dagProcessor.dagBundleConfigList",
          "the official chart's bundles hold name, classpath and kwargs (its 1.20 schema refuses team_name, "
          "Airflow 3's multi-team option)", when=bundles_with_team),
    Fix("config.AIRFLOW__*", "an environment variable name under config (another chart's style): write it as {config}"),
    *(Fix(key, "not a key of the official chart, which ignored it (its budget's bound is podDisruptionBudget.config."
               "maxUnavailable, 1 by default, or config.minAvailable): move the value under config")
      for key in ("*.podDisruptionBudget.maxUnavailable", "workers.celery.podDisruptionBudget.maxUnavailable")),

    # Meaningless here.
    Drop("migrateDatabaseJob.useHelmHooks", "airkube's migration Job is not a Helm hook: it is named after the "
                                            "image, so a new image runs it again, with or without hooks"),
    Drop("createUserJob.useHelmHooks", "airkube's user Job is not a Helm hook either way"),
    Drop("createUserJob.args", "the official chart's templated user command (it reads createUserJob.defaultUser): "
         "airkube's Job runs `airflow users create` for apiServer.defaultUser", when=templated("createUserJob.args")),
    Drop("migrateDatabaseJob.args", "the official chart's templated migration command: airkube's Job waits for the "
         "database and runs `airflow db migrate` itself", when=templated("migrateDatabaseJob.args")),
    Map("ports.airflowUI", "{ui}.port"),
    Drop("ports.**", "the chart's in-cluster ports are fixed; only the UI's Service port ({ui}.port) is a setting"),

    # The Airflow version and the image.
    Map("airflowVersion", "airflow.version", text),
    Map("images.airflow.repository", "airflow.image.repository"),
    Map("images.airflow.tag", "airflow.image.tag", text),
    Map("images.airflow.pullPolicy", "airflow.image.pull_policy"),
    Map("defaultAirflowRepository", "airflow.image.repository", unless="images.airflow.repository"),
    Map("defaultAirflowTag", "airflow.image.tag", text, unless="images.airflow.tag"),
    Map("images.pod_template.repository", "workers.image.repository"),
    Map("images.pod_template.tag", "workers.image.tag", text),
    Map("images.pod_template.pullPolicy", "workers.image.pull_policy"),

    # Airflow.
    Map("executor", "executor", executor),
    Map("env", "airflow.env", env_map),
    Map("extraEnvFrom", "airflow.env_from_secrets", secret_refs),
    Map("fernetKeySecretName", "airflow.fernet_key_secret"),
    Map("webserverSecretKeySecretName", "airflow.webserver_secret_key_secret"),
    Map("apiSecretKeySecretName", "airflow.api_secret_key_secret"),
    Map("jwtSecretName", "airflow.jwt_secret"),
    Map("config.core.load_examples", "airflow.load_examples", boolean),
    Map("config.core.dags_are_paused_at_creation", "airflow.dags_paused_at_creation", boolean),
    Map("config.core.parallelism", "airflow.parallelism", integer),
    Map("config.kubernetes_executor.delete_worker_pods", "workers.delete_pods", boolean),
    Map("config.kubernetes_executor.delete_worker_pods_on_failure", "workers.delete_pods_on_failure", boolean),
    Map("config.kubernetes.delete_worker_pods", "workers.delete_pods", boolean),  # the section before 2.5
    Map("config.kubernetes.delete_worker_pods_on_failure", "workers.delete_pods_on_failure", boolean),
    Map("config.celery.worker_concurrency", "celery.worker_concurrency", integer),
    Drop("config.logging.remote_logging", "airkube turns remote logging on from logging.remote, which "
                                          "remote_base_log_folder sets",
         when=given("config.logging.remote_base_log_folder")),
    Map("config.logging.remote_base_log_folder", "logging.remote", remote_folder),
    Map("config.logging.remote_log_conn_id", "logging.remote.connection_id", text),
    Row("config.core.auth_manager", "attention", "a FAB auth manager of your own: airkube's chart runs FAB's "
        "(auth.manager: fab, your webserver_config.py still applies) and sets [core] auth_manager itself: "
        "check that FAB with your webserver_config.py logs your users in", sets=("auth.manager", "fab"),
        when=custom_fab_manager),
    Map("config.core.auth_manager", "auth.manager", auth_manager),
    Map("config.kubernetes.*", "airflow.config.kubernetes_executor.*", text),
    Drop("config.dag_processor.dag_bundle_config_list", "the official chart's template for "
         "dagProcessor.dagBundleConfigList, which airkube's chart turns into this option itself",
         when=lambda ctx: "dag_bundle_config_list" in str(lookup(ctx.values, BUNDLES))),
    Map("config.*.*", "airflow.config.*.*", text),

    # The database.
    Map("data.metadataSecretName", "database.metadata_secret"),
    Map("data.resultBackendSecretName", "database.result_backend_secret"),
    Map("data.brokerUrlSecretName", "celery.broker_url_secret"),
    Map("postgresql.enabled", "database.embedded", boolean),
    Map("postgresql.primary.persistence.size", "database.embedded_storage.size", text),
    Map("postgresql.primary.persistence.storageClass", "database.embedded_storage.storage_class"),
    Map("pgbouncer.enabled", "database.pgbouncer.enabled", boolean),
    Map("pgbouncer.replicas", "database.pgbouncer.replicas", integer),
    Map("pgbouncer.maxClientConn", "database.pgbouncer.max_client_conn", integer),
    Map("pgbouncer.metadataPoolSize", "database.pgbouncer.metadata_pool_size", integer),
    Map("pgbouncer.resultBackendPoolSize", "database.pgbouncer.result_backend_pool_size", integer),
    Map("pgbouncer.configSecretName", "database.pgbouncer.config_secret"),
    Map("pgbouncer.resources.*.*", "database.pgbouncer.resources.*.*"),

    # Celery.
    Map("redis.enabled", "celery.redis", boolean),
    Map("redis.passwordSecretName", "celery.redis_password_secret"),
    Map("workers.replicas", "celery.worker_replicas", integer),

    # The UI: webserver on Airflow 2, api-server on Airflow 3; the official chart ignores the other one.
    Map("webserver.defaultUser.enabled", "{ui}.default_user.enabled", boolean),
    Map("webserver.defaultUser.username", "{ui}.default_user.username"),
    Map("webserver.defaultUser.role", "{ui}.default_user.role", lower, major=3),
    Map("webserver.defaultUser.role", "{ui}.default_user.role"),
    Map("webserver.defaultUser.email", "webserver.default_user.email", major=2),
    Map("webserver.defaultUser.firstName", "webserver.default_user.first_name", major=2),
    Map("webserver.defaultUser.lastName", "webserver.default_user.last_name", major=2),
    Map("webserver.defaultUser.password", "webserver.default_user.password", major=2),  # dev only (AK109)
    Secret("webserver.defaultUser.password", "api_server.default_user.password_secret", "airflow-admin", "password"),
    Drop("webserver.defaultUser.*", NO_PROFILE, major=3),
    Drop("createUserJob.defaultUser.**", "webserver.defaultUser is set: the official chart reads that one",
         when=given("webserver.defaultUser")),
    Map("createUserJob.defaultUser.enabled", "{ui}.default_user.enabled", boolean),
    Map("createUserJob.defaultUser.username", "{ui}.default_user.username"),
    Map("createUserJob.defaultUser.role", "{ui}.default_user.role", lower, major=3),
    Map("createUserJob.defaultUser.role", "{ui}.default_user.role"),
    Map("createUserJob.defaultUser.email", "webserver.default_user.email", major=2),
    Map("createUserJob.defaultUser.firstName", "webserver.default_user.first_name", major=2),
    Map("createUserJob.defaultUser.lastName", "webserver.default_user.last_name", major=2),
    Map("createUserJob.defaultUser.password", "webserver.default_user.password", major=2),
    Secret("createUserJob.defaultUser.password", "api_server.default_user.password_secret", "airflow-admin",
           "password"),
    Drop("createUserJob.defaultUser.*", NO_PROFILE, major=3),
    Drop("webserver.**", "Airflow 3 runs no webserver: the official chart ignores webserver.* there (the UI is "
                         "apiServer.*)", major=3),
    Drop("apiServer.**", "Airflow 2 runs no api-server: the official chart ignores apiServer.* there (the UI is "
                         "webserver.*)", major=2),
    Drop("ingress.apiServer.**", "Airflow 2 runs no api-server: the official chart ignores ingress.apiServer there "
                                 "(use ingress.web)", major=2),
    Map("webserver|apiServer.replicas", "{ui}.replicas", integer),
    Map("webserver|apiServer.resources.*.*", "{ui}.resources.*.*"),
    Map("webserver|apiServer.nodeSelector.*", "{ui}.node_selector.*"),
    Map("webserver|apiServer.tolerations", "{ui}.tolerations", tolerations),
    Map("webserver|apiServer.affinity", "{ui}.affinity"),
    Map("webserver|apiServer.service.type", "{ui}.service_type"),
    Map("webserver|apiServer.service.port", "{ui}.port", integer),

    # Scheduler, triggerer, dag-processor.
    Map("scheduler.replicas", "scheduler.replicas", integer),
    Map("scheduler.resources.*.*", "scheduler.resources.*.*"),
    Map("scheduler.nodeSelector.*", "scheduler.node_selector.*"),
    Map("scheduler.tolerations", "scheduler.tolerations", tolerations),
    Map("scheduler.affinity", "scheduler.affinity"),
    Map("triggerer.enabled", "triggerer.enabled", boolean),
    Map("triggerer.replicas", "triggerer.replicas", integer),
    Map("triggerer.resources.*.*", "triggerer.resources.*.*"),
    Map("triggerer.nodeSelector.*", "triggerer.node_selector.*"),
    Map("triggerer.tolerations", "triggerer.tolerations", tolerations),
    Map("triggerer.affinity", "triggerer.affinity"),
    Map("dagProcessor.enabled", "dag_processor.enabled", boolean),
    Map("dagProcessor.replicas", "dag_processor.replicas", integer),
    Map("dagProcessor.resources.*.*", "dag_processor.resources.*.*"),
    Map("dagProcessor.nodeSelector.*", "dag_processor.node_selector.*"),
    Map("dagProcessor.tolerations", "dag_processor.tolerations", tolerations),
    Map("dagProcessor.affinity", "dag_processor.affinity"),

    # Workers (Celery workers and the KubernetesExecutor's task pods).
    Map("workers.resources.*.*", "workers.resources.*.*"),
    Map("workers.nodeSelector.*", "workers.node_selector.*"),
    Map("workers.tolerations", "workers.tolerations", tolerations),
    Map("workers.affinity", "workers.affinity"),
    Map("workers.labels.*", "workers.labels.*", text),
    Map("workers.podAnnotations.*", "workers.annotations.*", text),
    Map("workers.serviceAccount.name", "workers.service_account"),
    Map("workers.serviceAccount.annotations.*", "workers.service_account_annotations.*", text),
    Map("workers.terminationGracePeriodSeconds", "workers.termination_grace_period_seconds", integer),
    Map("workers.priorityClassName", "workers.priority_class_name"),
    Map("allowPodLaunching", "workers.allow_pod_launching", boolean),

    # DAGs and logs.
    Map("dags.gitSync.enabled", "dags.git_sync.enabled", boolean),
    Map("dags.gitSync.repo", "dags.git_sync.repo"),
    Map("dags.gitSync.branch", "dags.git_sync.branch", text),
    Map("dags.gitSync.rev", "dags.git_sync.rev", text),
    Map("dags.gitSync.depth", "dags.git_sync.depth", integer),
    Map("dags.gitSync.subPath", "dags.git_sync.sub_path", text),
    Map("dags.gitSync.period", "dags.git_sync.period", text),
    Drop("dags.gitSync.wait", "deprecated; dags.gitSync.period is set and replaces it",
         when=given("dags.gitSync.period")),
    Map("dags.gitSync.wait", "dags.git_sync.period", seconds),  # deprecated: the seconds between syncs
    Map("dags.gitSync.maxFailures", "dags.git_sync.max_failures", integer),
    Map("dags.gitSync.sshKeySecret", "dags.git_sync.ssh_key_secret"),
    Map("dags.gitSync.knownHosts", "dags.git_sync.known_hosts"),
    Map("dags.gitSync.credentialsSecret", "dags.git_sync.credentials_secret"),
    Map("dags.persistence.enabled", "dags.persistence.enabled", boolean),
    Map("dags.persistence.size", "dags.persistence.size", text),
    Map("dags.persistence.accessMode", "dags.persistence.access_mode"),
    Map("dags.persistence.storageClassName", "dags.persistence.storage_class"),
    Map("logs.persistence.enabled", "logging.persistence.enabled", boolean),
    Map("logs.persistence.size", "logging.persistence.size", text),
    Map("logs.persistence.storageClassName", "logging.persistence.storage_class"),

    # Metrics and the rest.
    Map("statsd.enabled", "metrics.statsd", boolean),
    Map("networkPolicies.enabled", "network_policies", boolean),
]

# A plaintext secret no row names (flower, pgbouncer, elasticsearch, ...): never copied into settings.
PLAINTEXT_SECRET = re.compile(r"(?i)^(.*password|passwd|pass|.*token|.*secretkey|jwtsecret|.*privatekey)$")


def _matches(pattern: str, path: tuple) -> list | None:
    """The keys `*` matched, or None."""
    keys = pattern.split(".")
    captured = []
    for index, key in enumerate(keys):
        if key == "**":
            return captured if len(path) > index else None
        if index >= len(path):
            return None
        if key == "*" or (key.endswith("*") and path[index].startswith(key[:-1])):
            captured.append(path[index])
        elif path[index] not in key.split("|"):
            return None
    return captured if len(keys) == len(path) else None


def classify(path: tuple, value, ctx: Context) -> tuple[str, str, tuple | None, object]:
    """(outcome, the reason or what to do, the setting's key path, its value) of one key path of the input;
    a mapped key has a setting and no reason, a dropped one no setting."""
    if value is None:  # the official chart's "not set": airkube's chart keeps its own default
        return "dropped", "null: not set, so the chart's own default applies", None, None
    for row in RULES:
        captured = _matches(row.key, path)
        if captured is None or (row.major is not None and row.major != ctx.major):
            continue
        if row.when is not None and not row.when(ctx):
            continue
        if row.unless is not None and ctx.has(row.unless):
            return "dropped", f"{row.unless} is set: the official chart reads that one instead", None, None
        if row.outcome != "mapped":
            setting, placeholder = row.sets or (None, None)
            setting = setting and tuple(_words(setting, ctx, path).split("."))
            written = value if placeholder is AS_WRITTEN else placeholder
            return row.outcome, _words(row.text, ctx, path), setting, written
        try:
            converted = row.convert(value) if row.convert else value
        except NotMapped:
            break
        keys = _words(row.text, ctx, path).split(".")
        return "mapped", "", tuple(captured.pop(0) if key == "*" else key for key in keys), converted
    if value in ("", {}, []) and not ctx.chart_knows(path):
        return "dropped", "empty, so it sets nothing, and airkube's chart has no such key", None, None
    if PLAINTEXT_SECRET.match(path[-1]) and value not in (None, "") and not isinstance(value, bool):  # a switch
        return "attention", ("a plaintext secret (values files end up in Git and in Helm's release history): keep "
                             "it in a Secret and give the chart that Secret's name instead"), None, None
    return "mapped", "", ("chart_values",) + path, value


def _words(template: str, ctx: Context, path: tuple) -> str:
    text_ = template.replace("{ui}", "api_server" if ctx.major >= 3 else "webserver")
    return text_.replace("{config}", env_style_config(path)) if "{config}" in text_ else text_
