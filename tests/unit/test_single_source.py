"""One schema: the package reads the repository's schemas/ file; the docs are generated from it."""
import os
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


def _pinned(lock: Path) -> set[str]:
    import re

    return {re.split(r"[=\[]", line)[0].lower().replace("_", "-") for line in lock.read_text().splitlines()
            if re.match(r"^[A-Za-z0-9]", line) and "==" in line}


def test_the_venv_is_exactly_the_hash_pinned_lock():
    """The project's own dependencies are locked like the Airflow venvs: every one pinned with hashes."""
    import re

    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
              *project["build-system"]["requires"]]
    names = {re.split(r"[<>=!~ \[]", spec)[0].lower().replace("_", "-") for spec in wanted}
    lock = ROOT / "tools" / "requirements" / "dev.txt"
    assert names - _pinned(lock) == set()
    assert "--hash=sha256:" in lock.read_text()
    recipe = (ROOT / "Makefile").read_text().split("$(VENV)/.installed:", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes -r tools/requirements/dev.txt" in recipe
    assert "--no-deps --no-build-isolation -e ." in recipe
    assert "dev" in (ROOT / "tools" / "requirements" / "lock.sh").read_text().split("names=(", 2)[2].split(")")[0]


def test_ruff_is_clean():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", "generator", "tests/unit"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_wheel_needs_no_kubernetes_and_renders_with_its_own_chart(tmp_path):
    """pip install pulls PyYAML only; the wheel carries the chart that renders the pod templates."""
    import zipfile

    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "-w", str(tmp_path / "dist"), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    [wheel] = (tmp_path / "dist").glob("airkube-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("airkube-0.1.0.dist-info/METADATA").decode()
        archive.extractall(tmp_path / "site")
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert [r for r in requires if "extra ==" not in r] == ["PyYAML>=6.0"]
    assert not any("kubernetes" in r and "validate" not in r for r in requires)
    code = ("import airkube, sys; files = airkube.generate(None); "
            "print(airkube.__file__); print(sorted(files))")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "AIRKUBE_HELM": str(ROOT / ".tools" / "bin" / "helm")}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    where, names = run.stdout.splitlines()
    assert where.startswith(str(tmp_path / "site"))
    assert names == "['pod-templates/pod_template.yaml', 'values.yaml']"
