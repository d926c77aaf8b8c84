"""The read-only ../shared material (seeds, real values files, the official chart's anchors).

It sits beside the repository (../shared from its root, as in CI); a git worktree nested deeper
finds it in the nearest ancestor that has it.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    for parent in ROOT.parents:
        if (parent / "shared" / "real-values").is_dir():
            return parent / "shared"
    raise FileNotFoundError(f"no shared/real-values beside {ROOT} or above it: the test data is missing")


SHARED = shared_dir()
REAL_VALUES = SHARED / "real-values"
OFFICIAL = SHARED / "anchors" / "official-airflow-chart"
