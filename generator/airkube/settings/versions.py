"""Everything that differs between Airflow 2 and Airflow 3, in one place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .suggest import did_you_mean

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


def dag_listing_option(major_version: int) -> tuple[str, str]:
    """The option that sets how often the DAG folder is listed for new files."""
    # [scheduler] dag_dir_list_interval became [dag_processor] refresh_interval in Airflow 3.
    return ("dag_processor", "refresh_interval") if major_version >= 3 else ("scheduler", "dag_dir_list_interval")


def executor_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def uses_kubernetes_pods(executors: list[str]) -> bool:
    return any("Kubernetes" in e for e in executors)


def uses_celery(executors: list[str]) -> bool:
    return any("Celery" in e for e in executors)



# What Airflow itself knows about airflow.cfg, per major version: {"2"|"3": {options: {section: [keys]},
# moved: {old.key: new.key}}}. Generated from the real Airflow code for the chart
# (tools/gen_airflow_config_data.py); the package reads the chart's own file (data/chart is the chart).
AIRFLOW_CONFIG_DATA = Path(__file__).parent.parent / "data" / "chart" / "files" / "airflow-config.json"


@lru_cache(maxsize=1)
def config_knowledge() -> dict:
    import json

    try:
        return json.loads(AIRFLOW_CONFIG_DATA.read_text(encoding="utf-8"))
    except OSError:
        return {}  # data not shipped: skip the check rather than guess


def config_key_problem(section: str, key: str, major_version: int) -> str | None:
    """Why `section.key` is not an airflow.cfg option of this major version (with the fix); None if fine."""
    data = config_knowledge()
    mine = data.get("3" if major_version >= 3 else "2") or {}
    other = data.get("2" if major_version >= 3 else "3") or {}
    label = "3" if major_version >= 3 else "2"
    name = f"{section}.{key}"
    moved = (mine.get("moved") or {}).get(name)
    if moved:
        return f"not an Airflow {label} option; use airflow.config.{moved}."
    hint = "check the spelling against the Airflow configuration reference"
    for old, new in (other.get("moved") or {}).items():
        if new == name:
            hint = f"on Airflow {label} use airflow.config.{old}"
    options = mine.get("options") or {}
    if section in options:
        if key not in options[section]:
            return f"not an Airflow {label} option; {hint}.{did_you_mean(key, options[section])}"
    elif section in (other.get("options") or {}):
        return f"Airflow {label} has no [{section}] section; {hint}."
    return None


def auth_manager(settings: dict) -> str:
    """The auth manager in use: auth.manager, else fab in production and on Airflow 2 (built in), else simple."""
    written = (settings.get("auth") or {}).get("manager") if isinstance(settings.get("auth"), dict) else None
    if written:
        return written
    airflow = settings.get("airflow") if isinstance(settings.get("airflow"), dict) else {}
    if major(airflow.get("version")) < 3 or settings.get("profile") == "production":
        return "fab"
    return "simple"
