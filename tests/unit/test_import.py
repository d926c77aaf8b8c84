"""`airkube import`: every key path of the input once (mapped, dropped or needs attention), exit codes,
deterministic output, nothing written from unreadable input, secrets never copied."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from airkube.importer import mapping
from airkube.importer.convert import import_values
from airkube.importer.reader import leaves, show
from airkube.settings.schema import subschema_at

SHARED_OFFICIAL = next(p / "shared" / "anchors" / "official-airflow-chart" / "values.yaml"
                       for p in Path(__file__).resolve().parents if (p / "shared" / "anchors").is_dir())

VALUES = """\
executor: KubernetesExecutor
images:
  airflow: {repository: example/airflow, tag: 3.1.2-python3.12}
scheduler:
  replicas: 2
  podAnnotations: {team: data}
  bogusKey: 1
webserver:
  replicas: 3
migrateDatabaseJob:
  useHelmHooks: false
fernetKey: hunter2-fernet
image:
  repository: apache/airflow
postgresql:
  enabled: false
data:
  metadataConnection: {user: app, pass: hunter2-db, host: db.example, db: airflow}
config:
  core: {load_examples: "False", max_active_runs_per_dag: 8}
"""


def airkube(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "airkube", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def values(tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text(VALUES)
    return path


def outcomes(result) -> dict:
    return {e.key: (e.outcome, e.detail) for e in result.entries}


def test_every_key_path_is_reported_once(values):
    result = import_values(values)
    assert [e.key for e in result.entries] == [show(p) for p, _ in leaves(yaml.safe_load(VALUES))]


def test_mapped_dropped_and_attention(values):
    seen = outcomes(import_values(values))
    assert seen["scheduler.replicas"] == ("mapped", "scheduler.replicas")
    assert seen["scheduler.podAnnotations.team"] == ("mapped", "chart_values.scheduler.podAnnotations.team")
    assert seen["config.core.load_examples"] == ("mapped", "airflow.load_examples")
    assert seen["config.core.max_active_runs_per_dag"] == ("mapped", "airflow.config.core.max_active_runs_per_dag")
    outcome, why = seen["webserver.replicas"]  # Airflow 3 (from the tag): the official chart ignores webserver.*
    assert outcome == "dropped" and "Airflow 3 runs no webserver" in why
    assert seen["migrateDatabaseJob.useHelmHooks"][0] == "dropped"
    outcome, what = seen["scheduler.bogusKey"]  # our chart's schema refuses it
    assert outcome == "attention" and "unknown key `bogusKey`" in what
    outcome, what = seen["image.repository"]  # never the official chart's: the replacement is named
    assert outcome == "attention" and "images.airflow" in what
    outcome, what = seen["fernetKey"]
    assert outcome == "attention" and "airflow-fernet-key" in what and "airflow.fernet_key_secret" in what
    assert all(seen[f"data.metadataConnection.{k}"][0] == "attention" for k in ("user", "pass", "host", "db"))


def test_settings_hold_what_was_mapped_and_no_secret(values):
    result = import_values(values)
    settings = result.settings
    assert settings["airflow"]["version"] == "3.1.2" and settings["airflow"]["load_examples"] is False
    assert settings["scheduler"] == {"replicas": 2}
    assert settings["chart_values"] == {"scheduler": {"podAnnotations": {"team": "data"}}}
    # Secrets are named Secrets to create, so the settings still generate.
    assert settings["airflow"]["fernet_key_secret"] == "airflow-fernet-key"
    assert settings["database"] == {"embedded": False, "metadata_secret": "airflow-metadata"}
    assert "hunter2" not in json.dumps(settings)


def test_cli_writes_settings_and_report_and_exits_1_on_attention(values, tmp_path):
    out = tmp_path / "out"
    run = airkube("import", str(values), "-o", str(out))
    assert run.returncode == 1, run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["import-report.txt", "settings.yaml"]
    assert "needs attention:" in run.stdout and "scheduler.bogusKey" in run.stdout
    assert (out / "import-report.txt").read_text() in run.stdout
    for text in (run.stdout, (out / "settings.yaml").read_text()):
        assert "hunter2" not in text
    assert airkube("validate", str(out / "settings.yaml")).returncode == 0


def test_existing_settings_are_kept_without_force(values, tmp_path):
    (tmp_path / "settings.yaml").write_text("profile: production\n")
    run = airkube("import", str(values), "-o", str(tmp_path))
    assert run.returncode == 2 and "--force" in run.stderr
    assert (tmp_path / "settings.yaml").read_text() == "profile: production\n"
    assert not (tmp_path / "import-report.txt").exists()
    assert airkube("import", str(values), "-o", str(tmp_path), "--force").returncode == 1
    assert (tmp_path / "settings.yaml").read_text().startswith("# Imported by airkube")


def test_clean_import_exits_0(tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text("executor: CeleryExecutor\nscheduler: {replicas: 2}\nworkers: {replicas: 3}\n")
    run = airkube("import", str(clean), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stdout
    assert yaml.safe_load((tmp_path / "out" / "settings.yaml").read_text()) == {
        "executor": "CeleryExecutor", "celery": {"worker_replicas": 3}, "scheduler": {"replicas": 2}}


def test_output_is_deterministic(values, tmp_path):
    runs = [airkube("import", str(values), "-o", str(tmp_path / name), "--format", "json") for name in ("a", "b")]
    assert runs[0].stdout == runs[1].stdout
    for name in ("settings.yaml", "import-report.json"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


def test_json_report(values, tmp_path):
    run = airkube("import", str(values), "-o", str(tmp_path / "out"), "--format", "json")
    report = json.loads(run.stdout)
    assert report["ok"] is False and report["kind"] == "values"
    assert sum(report["counts"].values()) == len(report["keys"]) == len(leaves(yaml.safe_load(VALUES)))
    by_key = {k["key"]: k for k in report["keys"]}
    assert by_key["scheduler.replicas"] == {"key": "scheduler.replicas", "outcome": "mapped",
                                            "setting": "scheduler.replicas"}
    assert set(by_key["fernetKey"]) == {"key", "outcome", "action"}
    assert set(by_key["migrateDatabaseJob.useHelmHooks"]) == {"key", "outcome", "reason"}


@pytest.mark.parametrize("content, code", [(None, 2), ("a: [unclosed\n", 1), ("- a list\n", 1), ("", 1),
                                           (b"\xff\xfe", 1)])
def test_nothing_written_when_the_input_cant_be_read(tmp_path, content, code):
    source = tmp_path / "values.yaml"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content)
    out = tmp_path / "out"
    run = airkube("import", str(source), "-o", str(out))
    assert run.returncode == code
    assert run.stderr.startswith("airkube: ") and "nothing written" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_a_flux_helmrelease_imports_its_spec_values(tmp_path):
    release = tmp_path / "release.yaml"
    release.write_text("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: airflow}\n"
                       "spec:\n  chart: {spec: {chart: airflow}}\n  values:\n    scheduler: {replicas: 2}\n")
    result = import_values(release)
    assert result.kind == "Flux HelmRelease spec.values" and outcomes(result) == {
        "scheduler.replicas": ("mapped", "scheduler.replicas")}


def test_a_full_copy_of_the_official_values_imports_cleanly_with_its_defaults(tmp_path):
    run = airkube("import", str(SHARED_OFFICIAL), "--official-defaults", str(SHARED_OFFICIAL),
                  "-o", str(tmp_path / "out"), "--format", "json")
    report = json.loads(run.stdout)
    assert run.returncode == 0 and report["counts"]["mapped"] == report["counts"]["attention"] == 0
    assert report["counts"]["dropped"] > 500
    # What the user ran: the official chart's executor and Airflow version.
    settings = yaml.safe_load((tmp_path / "out" / "settings.yaml").read_text())
    assert settings["executor"] == "CeleryExecutor" and settings["airflow"]["version"].startswith("3.")


def test_a_changed_default_is_mapped(tmp_path):
    official = yaml.safe_load(SHARED_OFFICIAL.read_text())
    official["scheduler"]["replicas"] = 3
    edited = tmp_path / "values.yaml"
    edited.write_text(yaml.safe_dump(official))
    seen = outcomes(import_values(edited, SHARED_OFFICIAL))
    assert seen["scheduler.replicas"] == ("mapped", "scheduler.replicas")
    assert {outcome for outcome, _ in seen.values()} == {"mapped", "dropped"}


def test_webserver_keys_without_a_version_are_an_airflow2_setup(tmp_path):
    lab = tmp_path / "lab.yaml"
    lab.write_text("webserver: {replicas: 1, defaultUser: {role: Admin, password: admin123}}\n")
    result = import_values(lab)
    assert result.settings["airflow"]["version"].startswith("2.")
    assert result.settings["webserver"] == {"replicas": 1, "default_user": {"role": "Admin", "password": "admin123"}}


@pytest.mark.parametrize("major", [2, 3])
def test_every_setting_the_table_names_exists(major):
    ctx = mapping.Context(values={}, major=major)
    for row in mapping.RULES:
        setting = row.text if row.outcome == "mapped" else (row.sets or (None,))[0]
        if setting is None or setting.startswith("chart_values."):
            continue
        parts = mapping._words(setting, ctx, ("x",)).split(".")
        assert subschema_at([p for p in parts if p != "*"] if "*" not in parts else parts[:parts.index("*")]), row


def test_a_version_the_image_contradicts_needs_attention(tmp_path):
    mismatch = tmp_path / "values.yaml"
    mismatch.write_text("scheduler: {replicas: 1}\nairflowVersion: 2.10.4\n"
                        "images: {airflow: {tag: 2.10.5-python3.11}}\n")
    result = import_values(mismatch)
    assert [e.key for e in result.entries] == ["scheduler.replicas", "airflowVersion", "images.airflow.tag"]
    outcome, what = outcomes(result)["airflowVersion"]
    assert outcome == "attention" and "2.10.5" in what
    assert result.settings["airflow"]["version"] == "2.10.5"  # what the image runs


def test_an_argo_cd_application_imports_its_helm_values(tmp_path):
    app = tmp_path / "app.yaml"
    app.write_text("apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n    helm:\n"
                   "      values: |-\n        scheduler:\n          replicas: 2\n")
    result = import_values(app)
    assert result.kind == "Argo CD Application spec.source.helm.values"
    assert outcomes(result) == {"scheduler.replicas": ("mapped", "scheduler.replicas")}


def test_keys_holding_dots_are_shown_unambiguously(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("scheduler: {podAnnotations: {example.com/team: data}}\n")
    [entry] = import_values(values).entries
    assert entry.key == "scheduler.podAnnotations[example.com/team]"
    assert entry.detail == "chart_values.scheduler.podAnnotations[example.com/team]"


def test_disruption_budgets_keep_the_official_shape_and_the_never_official_key_needs_attention(tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text("scheduler: {podDisruptionBudget: {enabled: true,\n"
                    "  config: {maxUnavailable: null, minAvailable: 1}}}\n"
                    "workers: {celery: {podDisruptionBudget: {maxUnavailable: 2}}}\n"
                    "triggerer: {podDisruptionBudget: {maxUnavailable: 2}}\n")
    result = import_values(path)
    seen = outcomes(result)
    assert result.settings["chart_values"]["scheduler"] == {
        "podDisruptionBudget": {"enabled": True, "config": {"minAvailable": 1}}}
    for key in ("workers.celery", "triggerer"):
        outcome, what = seen[f"{key}.podDisruptionBudget.maxUnavailable"]
        assert outcome == "attention" and "podDisruptionBudget.config.maxUnavailable" in what
