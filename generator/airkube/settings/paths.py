"""Dotted paths into nested settings (``workers.profiles.gpu.resources``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_MISSING = object()


def join(parts: Iterable[Any]) -> str:
    """Render a path: keys joined by dots, list indexes in brackets; the root is ``$``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "$"


def get(data: Any, dotted: str, default: Any = None) -> Any:
    """Value at a dotted path, or ``default`` when any step is missing or not a mapping.

    Rules use this so that settings which already failed the schema (a list
    where a mapping belongs) never crash a rule.
    """
    node = data
    for key in dotted.split("."):
        if not isinstance(node, dict):
            return default
        node = node.get(key, _MISSING)
        if node is _MISSING:
            return default
    return node


def has(data: Any, dotted: str) -> bool:
    return get(data, dotted, _MISSING) is not _MISSING
