"""Commented starter settings for `airkube init`."""

from pathlib import Path

_DIR = Path(__file__).parent / "templates"


def starter_text(profile: str) -> str:
    return (_DIR / f"starter-{profile}.yaml").read_text(encoding="utf-8")
