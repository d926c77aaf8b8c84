"""The package's layers: settings -> values -> output -> api -> importer -> cli, no import cycle, nothing flat.

Every import counts, also those inside functions (the lazy ones that keep the CLI's start-up cheap).
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator" / "airkube"
# A module may import its own layer and the layers before it, never one after it.
LAYERS = ["settings", "values", "output", "api", "importer", "cli"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _target(name: str) -> str | None:
    """The module an import names: the module itself, or the package a name is taken from."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> set[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # The root package runs before any of its modules, so taking its __version__ can't make a cycle.
            names = [f"{base}.{alias.name}" for alias in node.names if (base, alias.name) != ("airkube", "__version__")]
        else:
            continue
        for name in names:
            target = _target(name)
            if target and target != module and target.startswith("airkube"):
                found.add(target)
    return found


GRAPH = {module: imports(module) for module in MODULES}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_no_import_cycle():
    state: dict[str, str] = {}
    cycles = []

    def visit(module, stack):
        state[module] = "open"
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target, stack + [target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_layers_import_only_earlier_layers():
    wrong = [f"{module} imports {target}" for module, targets in sorted(GRAPH.items()) for target in sorted(targets)
             if _layer(module) is not None and _layer(target) is not None and _layer(target) > _layer(module)]
    assert wrong == []


def test_a_newcomer_sees_the_layers():
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert top == ["__init__.py", "__main__.py", "api.py", "cli", "data", "importer", "output", "settings", "values"]


def test_the_graph_sees_relative_and_lazy_imports():
    """Guards the test itself: known edges of each kind are found."""
    assert "airkube.settings.loader" in GRAPH["airkube.api"]  # from .settings.loader import ...
    assert "airkube.settings.check" in GRAPH["airkube.api"]  # inside validate()
    assert "airkube.cli.commands" in GRAPH["airkube.cli"]  # inside main()
    assert "airkube.settings.versions" in GRAPH["airkube.settings.rules.ak203_failed_pods_without_remote_logs"]
