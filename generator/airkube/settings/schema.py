"""The settings schema (schemas/settings.schema.json, shipped in the package) and its defaults.

The package reads the repository's schema through the ``schema`` symlink, so
the docs, the validator and the defaults all come from one file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from . import versions

SCHEMA_PATH = Path(__file__).parent / "schema" / "settings.schema.json"

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
}


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(schema_text())


_RESOLVED: dict = {}


def resolve_ref(schema: dict, node: dict) -> dict:
    """Follow local ``$ref``s (``#/$defs/...``), keeping the referring node's own keys."""
    if not isinstance(node, dict) or "$ref" not in node:
        return node
    cached = _RESOLVED.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    resolved = _resolve(node)
    _RESOLVED[id(node)] = (node, resolved)  # the schema is loaded once and never changes
    return resolved


def _resolve(node: dict) -> dict:
    root = load_schema()
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        merged = dict(target)
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        node = merged
        seen += 1
    return node


def subschema_at(parts: list) -> dict | None:
    """The schema node describing a path (keys and list indexes), or None."""
    node = resolve_ref(load_schema(), load_schema())
    for part in parts:
        node = resolve_ref(load_schema(), node)
        if isinstance(part, int):
            node = node.get("items")
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None
        if node is None:
            return None
    return resolve_ref(load_schema(), node)


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
    other = "webserver" if versions.major(resolved["airflow"].get("version") if isinstance(resolved.get("airflow"), dict)
                                          else None) >= 3 else "api_server"
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
    node = resolve_ref(load_schema(), node)
    for key, prop in node.get("properties", {}).items():
        prop = resolve_ref(load_schema(), prop)
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
