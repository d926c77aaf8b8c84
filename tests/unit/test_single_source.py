"""One schema: the package reads the repository's schemas/ file; the docs are generated from it."""
import subprocess
import sys
from pathlib import Path

from airkube.settings import schema

ROOT = Path(__file__).resolve().parents[2]


def test_package_reads_the_repository_schema():
    assert schema.SCHEMA_PATH.resolve() == (ROOT / "schemas" / "settings.schema.json").resolve()
    assert schema.SCHEMA_PATH.is_symlink()


def test_every_property_has_a_description_and_a_default():
    missing = []

    def walk(node, path):
        node = schema.resolve_ref(node)
        for key, prop in node.get("properties", {}).items():
            prop = schema.resolve_ref(prop)
            if "description" not in prop or "default" not in prop:
                missing.append(f"{path}{key}")
            walk(prop, f"{path}{key}.")

    walk(schema.load_schema(), "")
    assert missing == []


def test_settings_docs_are_up_to_date():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_settings_docs.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_version_matches_pyproject():
    import airkube

    assert f'version = "{airkube.__version__}"' in (ROOT / "pyproject.toml").read_text()


def test_pre_commit_hook_runs_validate():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "airkube-validate" and hooks[0]["entry"] == "airkube validate"


def test_cli_import_stays_light():
    code = "import sys, airkube.cli; print(sorted(m for m in ('yaml', 'jsonschema', 'kubernetes') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]"


def test_validate_never_imports_kubernetes_or_jsonschema():
    code = ("import sys, airkube; airkube.validate(None); "
            "print(sorted(m for m in ('jsonschema', 'kubernetes') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr


def test_package_ships_the_repository_chart():
    """The chart renders the pod templates and holds the Airflow config knowledge: the package's copy is the chart."""
    from airkube.settings import versions

    link = ROOT / "generator" / "airkube" / "data" / "chart"
    assert link.is_symlink() and link.resolve() == (ROOT / "chart").resolve()
    assert versions.AIRFLOW_CONFIG_DATA.resolve() == (ROOT / "chart" / "files" / "airflow-config.json").resolve()
