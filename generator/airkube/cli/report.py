"""Print a ValidationResult as text (coloured on a terminal) or JSON."""

from __future__ import annotations

import json
import os

_COLOURS = {"error": "31", "warning": "33", "ok": "32", "dim": "2"}


def use_colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"\033[{_COLOURS[colour]}m{text}\033[0m" if enabled else text


def format_text(result, colour: bool = False) -> str:
    lines = []
    for problem in result.problems:
        severity = _paint(problem.severity, problem.severity, colour)
        lines.append(f"{problem.location()}: {severity} [{problem.rule}] {problem.path}: {problem.message}")
    errors, warnings = len(result.errors), len(result.warnings)
    source = result.source or "settings"
    ignored = sorted({p.rule for p in result.ignored})
    quiet = f" ({len(result.ignored)} ignored: {', '.join(ignored)})" if ignored else ""
    if errors:
        lines.append(_paint(f"{source}: {errors} error(s), {warnings} warning(s){quiet}", "error", colour))
    else:
        lines.append(_paint(f"{source}: ok" + (f", {warnings} warning(s)" if warnings else "") + quiet, "ok", colour))
    return "\n".join(lines) + "\n"


def format_json(results) -> str:
    payload = [r.as_dict() for r in results]
    return json.dumps(payload[0] if len(payload) == 1 else payload, indent=2) + "\n"
