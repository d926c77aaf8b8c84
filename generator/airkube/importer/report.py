"""The import report: every key path of the input once, as mapped, dropped or needs attention.
Never a value (the input may hold secrets): only key paths, settings and reasons."""

from __future__ import annotations

import json

from .convert import ATTENTION, DROPPED, MAPPED, ImportResult

_SECTIONS = ((ATTENTION, "needs attention"), (MAPPED, "mapped"), (DROPPED, "dropped"))


def counts(result: ImportResult) -> dict[str, int]:
    return {outcome: sum(e.outcome == outcome for e in result.entries) for outcome, _ in _SECTIONS}


def format_text(result: ImportResult) -> str:
    n = counts(result)
    lines = [f"{result.source} ({result.kind}): {len(result.entries)} key(s): {n[MAPPED]} mapped, "
             f"{n[DROPPED]} dropped, {n[ATTENTION]} need(s) attention"]
    for outcome, title in _SECTIONS:
        entries = [e for e in result.entries if e.outcome == outcome]
        if entries:
            lines.append(f"\n{title}:")
            joint = " -> " if outcome == MAPPED else ": "
            lines.extend(f"  {e.key}{joint}{e.detail}" for e in entries)
    if result.problems:
        lines.append("\nsettings problems (no key of the input explains them; edit settings.yaml):")
        lines.extend(f"  {p}" for p in result.problems)
    if result.notes:
        lines.append("\nnotes:")
        lines.extend(f"  {note}" for note in result.notes)
    return "\n".join(lines) + "\n"


def format_json(result: ImportResult) -> str:
    word = {MAPPED: "setting", DROPPED: "reason", ATTENTION: "action"}
    payload = {
        "source": result.source,
        "kind": result.kind,
        "ok": result.ok,
        "counts": counts(result),
        "keys": [{"key": e.key, "outcome": e.outcome, word[e.outcome]: e.detail} for e in result.entries],
        "problems": result.problems,
        "notes": result.notes,
    }
    return json.dumps(payload, indent=2) + "\n"
