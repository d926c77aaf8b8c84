"""Settings with every default filled in: the production profile's defaults first, then the schema's."""

from __future__ import annotations

from . import versions
from .schema import load_schema, resolve_ref

# What the `production` profile changes before the schema's own defaults apply.
# The schema's descriptions name these too (see `profile`).
PRODUCTION_DEFAULTS: dict[str, object] = {
    "scheduler.replicas": 2,
    "scheduler.pod_disruption_budget": True,
    "api_server.replicas": 2,
    "webserver.replicas": 2,
    "database.embedded": False,
    "database.pgbouncer.enabled": True,
    "metrics.statsd": True,
    "metrics.alerts.enabled": True,
    "auth.manager": "fab",
    "network_policies": True,
}


def with_defaults(data: object) -> object:
    """A copy of settings with every default filled in (profile defaults first).

    Only ``properties`` are filled: map-like sections such as worker profiles
    stay as written, so a profile changes only the fields it names.
    Wrong types are left alone for the validator to report.
    """
    if not isinstance(data, dict):
        return plain_copy(data)
    resolved = plain_copy(data)
    if resolved.get("profile") == "production":
        backend = resolved.get("database", {}).get("backend") if isinstance(resolved.get("database"), dict) else None
        for dotted, value in PRODUCTION_DEFAULTS.items():
            if dotted == "database.pgbouncer.enabled" and backend not in (None, "postgresql"):
                continue  # PgBouncer pools PostgreSQL only: not a default for MySQL or SQLite
            _set_default(resolved, dotted.split("."), value)
    _fill(resolved, load_schema())
    # Only the UI component of this Airflow version applies; the other stays out unless written.
    airflow = resolved.get("airflow")
    version = airflow.get("version") if isinstance(airflow, dict) else None
    other = "webserver" if versions.major(version) >= 3 else "api_server"
    if other not in data:
        resolved.pop(other, None)
    return resolved


def _set_default(data: dict, keys: list, value) -> None:
    node = data
    for key in keys[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            return
        node = child
    node.setdefault(keys[-1], value)


def _fill(data: dict, node: dict) -> None:
    node = resolve_ref(node)
    for key, prop in node.get("properties", {}).items():
        prop = resolve_ref(prop)
        if key not in data and "default" in prop:
            data[key] = plain_copy(prop["default"])
        if isinstance(data.get(key), dict) and prop.get("type") == "object":
            _fill(data[key], prop)


def plain_copy(value):
    """deepcopy for JSON-like data, several times faster."""
    if isinstance(value, dict):
        return {k: plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    return value
