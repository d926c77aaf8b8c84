"""The settings' `chart_values:` overlay, checked against the chart's own values.schema.json (the
package reads the chart it ships, data/chart); builder.build_values merges it (common.merge) last.

The check validates what helm validates: the chart's defaults, coalesced with the generated values
and the overlay (a null removes a key, as in helm), so a key that needs a sibling the settings
give is not refused.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..settings.check import describe_schema_error
from ..settings.defaults import plain_copy
from ..settings.loader import SettingsDocument
from ..settings.result import ERROR, Problem, ValidationResult
from .common import merge

CHART = Path(__file__).parent.parent / "data" / "chart"
KEY = "chart_values"


def coalesce(defaults: dict, values: dict) -> dict:
    """What helm validates: ``values`` over the chart's ``defaults``, defaults set to null removed."""
    out = plain_copy(defaults)
    for key, value in values.items():
        if value is None and key in out:
            out.pop(key)  # helm removes a default set to null; a null it has no default for stays
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = coalesce(out[key], value)
        else:
            out[key] = plain_copy(value)
    return out


@lru_cache(maxsize=1)
def chart_schema() -> dict:
    import json

    return json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def chart_defaults() -> dict:
    import yaml

    text = (CHART / "values.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def overlay_problems(document: SettingsDocument, result: ValidationResult) -> list[Problem]:
    """The chart schema's findings on `chart_values:`, located at the settings file's lines."""
    overlay = document.data.get(KEY) if isinstance(document.data, dict) else None
    if not isinstance(overlay, dict) or not overlay:
        return []  # absent, or not a mapping (the settings schema reported that)
    from ..settings.schema import Validator
    from .builder import build_values

    generated = build_values(result.settings) if result.ok else {}
    values = coalesce(chart_defaults(), merge(generated, overlay))
    problems = []
    errors = Validator(chart_schema()).iter_errors(values)
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        inside = _written(overlay, list(error.absolute_path), error)
        for problem in describe_schema_error(error, document, (KEY,), chart_schema()):
            if inside:
                problems.append(problem)
            else:  # the overlay made a generated value wrong (e.g. a key that needs another)
                problems.append(Problem(KEY, problem.rule, ERROR,
                                        f"with chart_values, the chart refuses the values: {problem.message}",
                                        document.source, *document.position(KEY)))
    return problems + _refused(overlay, chart_schema(), document, KEY)


def _refused(node: dict, schema: dict, document: SettingsDocument, where: str) -> list[Problem]:
    """Keys the chart's schema lets past only for templates/validate.yaml to refuse (their description
    says "Refused: ..." and names the replacement): reported here, before helm runs."""
    problems = []
    for key, value in node.items():
        fragment = _deref(schema.get("properties", {}).get(key, {}))
        dotted = f"{where}.{key}"
        if value is not None and fragment.get("description", "").startswith("Refused: "):
            why = fragment["description"].removeprefix("Refused: ")
            problems.append(Problem(dotted, "schema:refused", ERROR, why,
                                    document.source, *document.position(dotted)))
        elif isinstance(value, dict) and "properties" in fragment:
            problems += _refused(value, fragment, document, dotted)
    return problems


def _deref(fragment: dict) -> dict:
    """A key declared once for several components ("$ref": "#/$defs/..."): the fragment it names."""
    ref = fragment.get("$ref", "")
    if not ref.startswith("#/"):
        return fragment
    node = chart_schema()
    for part in ref[2:].split("/"):
        node = node.get(part, {})
    return node


def _written(overlay: dict, parts: list, error) -> bool:
    """Whether the overlay wrote what the error is about: the path or an ancestor below the root, or
    (unknown keys) one of the keys."""
    node = overlay
    for part in parts:
        found = part in node if isinstance(node, dict) else isinstance(part, int) and part < len(node)
        if not found:
            return node is not overlay
        node = node[part]
    if error.validator == "additionalProperties" and isinstance(node, dict):
        return any(key not in error.schema.get("properties", {}) for key in node)
    return bool(parts)
