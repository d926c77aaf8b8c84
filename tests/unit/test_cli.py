"""The CLI through a subprocess: exit codes, JSON output, help, init and the default settings."""
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ROOT / "values-examples" / "production" / "settings.yaml"


def airkube(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "airkube", *args], capture_output=True, text=True,
                          cwd=cwd, env=env)


def test_validate_ok_exits_0():
    run = airkube("validate", str(PRODUCTION))
    assert run.returncode == 0, run.stdout
    assert "ok" in run.stdout
    assert "\033[" not in run.stdout  # no colour when not a terminal


def test_validate_json(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scheduler: {replicas: two}\n")
    run = airkube("validate", "--format", "json", str(bad))
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["ok"] is False
    [problem] = [p for p in report["problems"] if p["severity"] == "error"]
    assert problem == {"path": "scheduler.replicas", "rule": "schema:type", "severity": "error",
                       "message": problem["message"], "source": str(bad), "line": 1, "column": 13}
    assert "whole number" in problem["message"]


def test_warnings_exit_0_unless_strict(tmp_path):
    risky = tmp_path / "risky.yaml"
    risky.write_text("airflow: {parallelism: 64}\nlogging: {remote: {backend: s3, connection_id: a, base_folder: 's3://b/l'}}\n")
    assert airkube("validate", str(risky)).returncode == 0
    assert airkube("validate", "--strict", str(risky)).returncode == 1


def test_usage_errors_exit_2(tmp_path):
    assert airkube().returncode == 2
    assert airkube("validate").returncode == 2
    assert airkube("validate", str(tmp_path / "missing.yaml")).returncode == 2
    assert airkube("validate", "--format", "xml", str(PRODUCTION)).returncode == 2
    assert airkube("generate", str(PRODUCTION)).returncode == 2  # no -o


def test_help_everywhere():
    for command in ([], ["validate"], ["generate"], ["explain"], ["schema"], ["init"], ["demo"]):
        run = airkube(*command, "--help")
        assert run.returncode == 0 and "usage: airkube" in run.stdout


def test_colour_only_when_forced_or_tty(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scheduler: {replicas: two}\n")
    env = {**os.environ, "FORCE_COLOR": "1"}
    assert "\033[31m" in airkube("validate", str(bad), env=env).stdout


def test_schema_prints_the_repository_schema():
    run = airkube("schema")
    assert run.returncode == 0
    assert run.stdout == (ROOT / "schemas" / "settings.schema.json").read_text()


def test_generate_default_and_explain(tmp_path):
    run = airkube("generate", "--default", "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    values = yaml.safe_load((tmp_path / "out" / "values.yaml").read_text())
    assert values["executor"] == "KubernetesExecutor" and values["postgresql"]["enabled"] is True
    explain = airkube("explain", str(PRODUCTION))
    assert explain.returncode == 0
    assert "scheduler: 2 replica(s)" in explain.stdout
    assert "Logs: remote s3 s3://your-bucket/airflow-logs" in explain.stdout
    resolved = yaml.safe_load(explain.stdout.split("# What will run")[0])
    assert resolved["dags"]["git_sync"]["period"] == "60s"  # a default, filled in


def test_init_writes_valid_starters(tmp_path):
    for profile in ("dev", "production"):
        target = tmp_path / f"{profile}.yaml"
        assert airkube("init", "--profile", profile, "-o", str(target)).returncode == 0
        run = airkube("validate", str(target))
        assert run.returncode == 0, run.stdout
        assert f"profile: {profile}" in target.read_text()
    assert airkube("init", "-o", str(tmp_path / "dev.yaml")).returncode == 2  # exists, no --force


def test_console_entry_point_is_installed():
    exe = Path(sys.executable).with_name("airkube")
    assert exe.exists()
    assert subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.startswith("airkube ")


def test_passwords_stay_out_of_output(tmp_path):
    settings = tmp_path / "s.yaml"
    settings.write_text('airflow: {version: "2.10.4"}\nwebserver: {default_user: {password: 987654}}\n')
    run = airkube("validate", str(settings))
    assert run.returncode == 1 and "987654" not in run.stdout
    settings.write_text('airflow: {version: "2.10.4"}\nwebserver: {default_user: {password: s3cr3t-lab}}\n')
    run = airkube("explain", str(settings))
    assert run.returncode == 0 and "s3cr3t-lab" not in run.stdout


def test_explain_redacts_every_secret_the_rules_refuse(tmp_path):
    """One predicate: what AK109 calls a secret in production, explain redacts and messages hide."""
    settings = tmp_path / "s.yaml"
    settings.write_text("airflow:\n  env: {SLACK_TOKEN: xoxb-1234, DB_PASSWORD: hunter2, LOG_LEVEL: debug}\n"
                        "  config: {azure: {client_secret: az-5678}}\n"
                        "database: {embedded: false, metadata_secret: airflow-metadata}\n")
    run = airkube("explain", str(settings))
    assert run.returncode == 0, run.stderr
    for secret in ("xoxb-1234", "hunter2", "az-5678"):
        assert secret not in run.stdout
    resolved = yaml.safe_load(run.stdout.split("# What will run")[0])
    assert resolved["airflow"]["env"] == {"SLACK_TOKEN": "<redacted>", "DB_PASSWORD": "<redacted>",
                                          "LOG_LEVEL": "debug"}
    assert resolved["database"]["metadata_secret"] == "airflow-metadata"  # the name of a Secret, not a secret

    production = tmp_path / "p.yaml"
    production.write_text("profile: production\n" + settings.read_text())
    report = json.loads(airkube("validate", "--format", "json", str(production)).stdout)
    flagged = {p["path"] for p in report["problems"] if p["rule"] == "AK109"}
    assert {"airflow.env.SLACK_TOKEN", "airflow.env.DB_PASSWORD", "airflow.config.azure.client_secret"} <= flagged
    assert "airflow.env.LOG_LEVEL" not in flagged

    settings.write_text("airflow:\n  env: {SLACK_TOKEN: [xoxb-1234]}\n")
    run = airkube("validate", str(settings))
    assert run.returncode == 1 and "airflow.env.SLACK_TOKEN" in run.stdout and "xoxb-1234" not in run.stdout


def test_each_command_validates_once(tmp_path, monkeypatch, capsys):
    from airkube.cli import main
    from airkube.settings import check

    calls = []
    real = check.validate_document
    monkeypatch.setattr(check, "validate_document", lambda document: calls.append(document) or real(document))
    for argv in (["generate", str(PRODUCTION), "-o", str(tmp_path / "out")], ["explain", str(PRODUCTION)],
                 ["validate", str(PRODUCTION)], ["demo", "-o", str(tmp_path / "demo")]):
        calls.clear()
        assert main(argv) == 0, capsys.readouterr()
        assert len(calls) == 1, argv


def test_production_starter_gives_fab_and_validate_refuses_simple(tmp_path):
    target = tmp_path / "production.yaml"
    assert airkube("init", "--profile", "production", "-o", str(target)).returncode == 0
    assert yaml.safe_load(target.read_text())["auth"] == {"manager": "fab"}
    out = tmp_path / "out"
    run = airkube("generate", str(target), "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert yaml.safe_load((out / "values.yaml").read_text())["auth"] == {"manager": "fab"}

    target.write_text(target.read_text().replace("manager: fab", "manager: simple"))
    run = airkube("validate", "--format", "json", str(target))
    assert run.returncode == 1
    [problem] = [p for p in json.loads(run.stdout)["problems"] if p["rule"] == "AK127"]
    assert problem["path"] == "auth.manager" and "use fab" in problem["message"].lower()
