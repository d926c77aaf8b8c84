""""Did you mean" hints for misspelled keys and values."""

from __future__ import annotations

import difflib


def closest(word: str, choices, cutoff: float = 0.6) -> str | None:
    choices = [str(c) for c in choices if c is not None]
    lowered = {c.lower(): c for c in choices}
    # Case and separator slips (apiServer, api-server) count as exact matches.
    folded = str(word).lower().replace("-", "_")
    if folded in lowered:
        return lowered[folded]
    camel = "".join("_" + ch.lower() if ch.isupper() else ch for ch in str(word)).lstrip("_")
    if camel in choices:
        return camel
    match = difflib.get_close_matches(str(word), choices, n=1, cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: str, choices) -> str:
    match = closest(word, choices)
    return f" Did you mean `{match}`?" if match else ""
