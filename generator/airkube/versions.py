"""Everything that differs between Airflow 2 and Airflow 3, in one place."""

from __future__ import annotations

DEFAULT_PYTHON = "3.12"

# Executors that Airflow 3 removed (the hybrid ones became "executor lists").
AIRFLOW2_ONLY_EXECUTORS = {"CeleryKubernetesExecutor", "LocalKubernetesExecutor"}

# Settings keys (top-level dotted paths) that exist in only one major version,
# with the key to use in the other one.
AIRFLOW2_ONLY_SETTINGS = {
    "webserver": "api_server",
    "airflow.webserver_secret_key_secret": "airflow.api_secret_key_secret",
}
AIRFLOW3_ONLY_SETTINGS = {
    "api_server": "webserver",
    "airflow.api_secret_key_secret": "airflow.webserver_secret_key_secret",
    "airflow.jwt_secret": None,
}


def major(version: object) -> int:
    """3 for "3.3.2", 2 for "2.10.4"; unknown or malformed versions count as 3."""
    try:
        return int(str(version).split(".", 1)[0])
    except ValueError:
        return 3


def default_image_tag(version: str) -> str:
    return f"{version}-python{DEFAULT_PYTHON}"


def ui_component(major_version: int) -> str:
    """Settings key of the component serving the UI and REST API."""
    return "api_server" if major_version >= 3 else "webserver"


def ui_values_key(major_version: int) -> str:
    """Chart values key of that component."""
    return "apiServer" if major_version >= 3 else "webserver"


def dag_processor_enabled(major_version: int, setting: object) -> bool:
    # Airflow 3 always parses DAGs in the standalone processor.
    if major_version >= 3:
        return True
    return bool(setting)


def executor_value(executors: list[str], major_version: int) -> str:
    """The chart's `executor` string: Airflow 3 takes a comma-separated list."""
    return ",".join(executors) if major_version >= 3 else executors[0]


def expose_config_section(major_version: int) -> str:
    # [webserver] expose_config moved to [api] in Airflow 3.
    return "api" if major_version >= 3 else "webserver"


def executor_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def uses_kubernetes_pods(executors: list[str]) -> bool:
    return any("Kubernetes" in e for e in executors)


def uses_celery(executors: list[str]) -> bool:
    return any("Celery" in e for e in executors)


# airflow.cfg options that moved between the major versions: {Airflow 2 name: Airflow 3 name}.
# Mirrors the chart's airflow.version.movedConfigKeys; None means removed in Airflow 3.
MOVED_CONFIG_KEYS = {
    "webserver.secret_key": "api.secret_key",
    "webserver.expose_config": "api.expose_config",
    "webserver.base_url": "api.base_url",
    "webserver.web_server_host": "api.host",
    "webserver.web_server_port": "api.port",
    "webserver.workers": "api.workers",
    "webserver.web_server_worker_timeout": "api.worker_timeout",
    "webserver.access_logfile": "api.access_logfile",
    "webserver.enable_proxy_fix": "fab.enable_proxy_fix",
    "webserver.rbac": None,
    "scheduler.dag_dir_list_interval": "dag_processor.refresh_interval",
    "scheduler.min_file_process_interval": "dag_processor.min_file_process_interval",
    "scheduler.parsing_processes": "dag_processor.parsing_processes",
    "scheduler.file_parsing_sort_mode": "dag_processor.file_parsing_sort_mode",
    "scheduler.max_callbacks_per_loop": "dag_processor.max_callbacks_per_loop",
    "scheduler.standalone_dag_processor": None,
    "core.dag_file_processor_timeout": "dag_processor.dag_file_processor_timeout",
    "core.dagbag_import_timeout": "dag_processor.dagbag_import_timeout",
}


def config_key_problem(section: str, key: str, major_version: int) -> str | None:
    """Why `section.key` is wrong for this major version, with its replacement; None if fine."""
    name = f"{section}.{key}"
    if major_version >= 3 and name in MOVED_CONFIG_KEYS:
        new = MOVED_CONFIG_KEYS[name]
        return f"not an Airflow 3 option; use airflow.config.{new}" if new else "removed in Airflow 3; remove it"
    if major_version < 3:
        for old, new in MOVED_CONFIG_KEYS.items():
            if new == name:
                return f"an Airflow 3 option; on Airflow 2 use airflow.config.{old}"
    return None
