"""Write generated files, or with --check report the stale ones: shared by the tools/gen_*.py scripts."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_or_check(outputs: dict[Path, str], argv: list[str], command: str) -> int:
    """Rewrite every file; with --check, exit 1 naming those whose content differs."""
    if "--check" in argv:
        stale = [str(p.relative_to(ROOT)) for p, text in outputs.items() if not p.exists() or p.read_text() != text]
        if stale:
            print(f"stale, run `{command}`: {', '.join(stale)}", file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0
