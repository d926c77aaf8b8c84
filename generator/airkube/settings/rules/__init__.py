"""Cross-field rules: each module checks one thing and has an id (AK1xx errors, AK2xx warnings).

A rule module defines ``ID``, ``NAME``, a docstring with a passing and a
failing example, and ``check(ctx)`` yielding ``Finding``s; an AK1xx rule that
also reports warnings says ``WARNS = True``.  The rules see the
settings with defaults filled in (``ctx.settings``) and as written
(``ctx.raw``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache

from .. import paths, versions

RULE_MODULES = (
    "ak101_ha_scheduler_database",
    "ak102_pgbouncer_postgresql",
    "ak103_celery_broker",
    "ak104_kubernetes_executor_logs",
    "ak105_remote_log_folder_scheme",
    "ak106_git_sync_auth",
    "ak107_resource_quantities",
    "ak108_worker_profile_ownership",
    "ak109_production_inline_secrets",
    "ak110_production_admin_password",
    "ak111_resource_limits",
    "ak112_airflow_version_features",
    "ak113_external_database_secret",
    "ak114_dags_source",
    "ak115_managed_config_keys",
    "ak116_sqlite_on_kubernetes",
    "ak117_airflow_config_keys",
    "ak118_celery_autoscaling",
    "ak125_auth_manager_version",
    "ak126_keycloak_client",
    "ak127_production_simple_auth",
    "ak128_auth_manager_options",
    "ak201_single_scheduler_production",
    "ak202_pgbouncer_concurrency",
    "ak203_failed_pods_without_remote_logs",
)


@dataclass(frozen=True)
class Finding:
    path: str
    message: str
    severity: str = "error"


class RuleContext:
    """What a rule looks at, with helpers that tolerate malformed settings."""

    def __init__(self, settings: dict, raw: dict):
        self.settings = settings if isinstance(settings, dict) else {}
        self.raw = raw if isinstance(raw, dict) else {}
        self.major = versions.major(paths.get(self.settings, "airflow.version", "3"))
        self.production = self.settings.get("profile") == "production"
        self.executors = versions.executor_list(self.settings.get("executor"))

    def get(self, dotted: str, default=None):
        return paths.get(self.settings, dotted, default)

    def written(self, dotted: str) -> bool:
        """Whether the user wrote this path (as opposed to a default)."""
        return paths.has(self.raw, dotted)

    def resource_blocks(self):
        """(dotted path, resources mapping) of every component and worker template."""
        for component in ("scheduler", "api_server" if self.major >= 3 else "webserver",
                          "triggerer", "dag_processor", "database.pgbouncer", "workers"):
            yield f"{component}.resources", self.get(f"{component}.resources")
        profiles = self.get("workers.profiles")
        if isinstance(profiles, dict):
            for name, profile in sorted(profiles.items()):
                if isinstance(profile, dict) and "resources" in profile:
                    yield f"workers.profiles.{name}.resources", profile["resources"]

    def component_enabled(self, component: str) -> bool:
        if component == "triggerer":
            return bool(self.get("triggerer.enabled", True))
        if component == "dag_processor":
            return versions.dag_processor_enabled(self.major, self.get("dag_processor.enabled"))
        if component == "database.pgbouncer":
            return bool(self.get("database.pgbouncer.enabled"))
        return True


@lru_cache(maxsize=1)
def all_rules() -> tuple:
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in RULE_MODULES)


def can_warn(rule) -> bool:
    """Whether a rule reports warnings (AK2xx, or WARNS = True), which `ignore:` may silence."""
    return rule.ID.startswith("AK2") or getattr(rule, "WARNS", False)


def rule_by_id(rule_id: str):
    for rule in all_rules():
        if rule_id == rule.ID:
            return rule
    raise KeyError(rule_id)
