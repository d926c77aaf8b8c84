"""`ignore: [AK203]` silences a warning rule for one settings file; errors can't be ignored."""
import json
import subprocess
import sys

import airkube

# AK203 warns: failed pods kept without remote logs (AK104 too: task logs only on the pods' disks)
RISKY = "workers: {delete_pods_on_failure: false}\n"


def check(text: str):
    return airkube.validate(airkube.load_settings("s.yaml", text=text))


def test_a_listed_warning_is_silenced_and_counted(tmp_path):
    assert [p.rule for p in check(RISKY).warnings] == ["AK104", "AK203"]
    result = check(RISKY + "ignore: [AK203]\n")
    assert result.ok and [p.rule for p in result.warnings] == ["AK104"]
    assert [p.rule for p in result.ignored] == ["AK203"]
    path = tmp_path / "s.yaml"
    path.write_text(RISKY + "ignore: [AK203]\n")
    strict = [sys.executable, "-m", "airkube", "validate", "--strict", str(path)]
    assert subprocess.run(strict, capture_output=True, text=True).returncode == 1  # AK104 still warns
    path.write_text(RISKY + "ignore: [AK203, AK104]\n")
    run = subprocess.run(strict, capture_output=True, text=True)
    assert run.returncode == 0 and "ok (2 ignored: AK104, AK203)" in run.stdout
    run = subprocess.run([sys.executable, "-m", "airkube", "validate", "--format", "json", str(path)],
                         capture_output=True, text=True)
    assert json.loads(run.stdout)["ignored"] == ["AK104", "AK203"]


def test_only_the_listed_rule_is_silenced():
    result = check(RISKY + "airflow: {parallelism: 64}\nignore: [AK202]\n")
    assert "AK203" in {p.rule for p in result.warnings}


def test_errors_cannot_be_ignored():
    result = check("scheduler: {replicas: 2}\ndatabase: {backend: sqlite}\nignore: [AK101]\n")
    rules = {(p.rule, p.path) for p in result.errors}
    assert ("AK101", "scheduler.replicas") in rules  # still reported
    [problem] = [p for p in result.errors if p.rule == "ignore"]
    assert problem.path == "ignore[0]" and problem.line == 3
    assert "errors can't be ignored" in problem.message and "AK203" in problem.message


def test_unknown_rule_is_an_error_with_the_choices():
    [problem] = check("ignore: [AK209]\n").errors
    assert (problem.rule, problem.path) == ("ignore", "ignore[0]")
    assert "not an airkube rule" in problem.message and "AK201" in problem.message
    [problem] = check("ignore: [ak203]\n").errors
    assert problem.rule == "schema:pattern"  # the schema explains the form, once


def test_ak111_warns_in_dev_only_so_it_is_ignorable_there():
    assert "AK111" in {p.rule for p in check("scheduler: {resources: {limits: {}}}\n").warnings}
    result = check("scheduler: {resources: {limits: {}}}\nignore: [AK111]\n")
    assert "AK111" not in {p.rule for p in result.problems} and result.ignored
    production = ("profile: production\ndatabase: {embedded: false, metadata_secret: db}\n"
                  "scheduler: {resources: {limits: {}}}\nignore: [AK111]\n")
    assert "AK111" in {p.rule for p in check(production).errors}  # errors stay errors
