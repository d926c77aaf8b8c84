"""`make bench` runs outside the test suite, so nothing else would notice when a helper it calls is
renamed (a rename of airflow_ops.simple_auth_password broke the node rows once): every
`module.name` the bench scripts use from the test support modules exists."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"
SCRIPTS = [p for p in (TOOLS / "bench.py", TOOLS / "node_bench.py") if p.exists()]


def support_uses(script: Path) -> set[tuple[str, str]]:
    """{(module, attribute)} for `from support import x [as y]` modules, then `y.attr` in the script."""
    tree = ast.parse(script.read_text())
    aliases = {(a.asname or a.name): f"support.{a.name}" for node in ast.walk(tree)
               if isinstance(node, ast.ImportFrom) and node.module == "support" for a in node.names}
    return {(aliases[n.value.id], n.attr) for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in aliases}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_what_the_bench_calls_exists(script):
    uses = support_uses(script)
    missing = [f"{module}.{name}" for module, name in sorted(uses)
               if not hasattr(importlib.import_module(module), name)]
    assert missing == []


def test_the_check_sees_the_node_bench_calls():
    assert ("support.airflow_ops", "admin_password") in support_uses(TOOLS / "node_bench.py")
