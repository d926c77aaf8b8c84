"""Small conversions every part of the translation shares."""

from __future__ import annotations

from ..settings.defaults import plain_copy


def as_text(value) -> str:
    """A settings scalar as the string values files, airflow.cfg and environment variables hold:
    booleans as Airflow spells them (True/False), whole floats without `.0` (32.0 -> "32", 2.0 -> "2")."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def resources_block(resources: dict) -> dict:
    out = {}
    for kind in ("requests", "limits"):
        block = (resources or {}).get(kind) or {}
        if block:
            out[kind] = {name: as_text(value) for name, value in block.items()}
    return out


def tolerations_list(items: list) -> list:
    out = []
    for item in items or []:
        toleration = {k: v for k, v in item.items() if k != "toleration_seconds"}
        if "toleration_seconds" in item:
            toleration["tolerationSeconds"] = item["toleration_seconds"]
        out.append(toleration)
    return out


def chart_resources(resources: dict) -> dict:
    """Resources for values.yaml.  Helm deep-merges them with the chart's defaults, so what the
    settings leave out is written as null: a missing cpu or memory, or a whole missing block."""
    out: dict = resources_block(resources)
    for kind in ("requests", "limits"):
        if kind in out:
            for name in ("cpu", "memory"):
                out[kind].setdefault(name, None)
        else:
            out[kind] = None
    return out


def placement(block: dict) -> dict:
    """nodeSelector, affinity and tolerations of a component, as far as the settings set them."""
    out = {}
    if block.get("node_selector"):
        out["nodeSelector"] = dict(block["node_selector"])
    if block.get("affinity"):
        out["affinity"] = block["affinity"]
    if block.get("tolerations"):
        out["tolerations"] = tolerations_list(block["tolerations"])
    return out


def merge(base: dict, overlay: dict | None) -> dict:
    """A copy of ``base`` with ``overlay`` deep-merged over it: maps merge key by key; lists,
    scalars and null replace (helm then removes a null key from the chart's defaults).

        merge({"a": {"b": 1, "c": [1]}}, {"a": {"c": [2]}, "d": None}) == {"a": {"b": 1, "c": [2]}, "d": None}
    """
    out = plain_copy(base)
    for key, value in (overlay or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = plain_copy(value)
    return out
