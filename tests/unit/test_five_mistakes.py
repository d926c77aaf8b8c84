"""Acceptance: five different mistakes are all reported with paths; generate writes nothing."""
import json
import subprocess
import sys
from pathlib import Path

FILE = Path(__file__).parent / "corpus" / "five-mistakes.yaml"
EXPECTED = {
    ("schema:additionalProperties", "scheduler.resource"),
    ("AK101", "scheduler.replicas"),
    ("AK105", "logging.remote.base_folder"),
    ("AK106", "dags.git_sync.ssh_key_secret"),
    ("AK107", "workers.resources.requests.cpu"),
}


def airkube(*args):
    return subprocess.run([sys.executable, "-m", "airkube", *args], capture_output=True, text=True)


def test_validate_reports_all_five():
    run = airkube("validate", "--format", "json", str(FILE))
    assert run.returncode == 1
    report = json.loads(run.stdout)
    got = {(p["rule"], p["path"]) for p in report["problems"] if p["severity"] == "error"}
    assert got >= EXPECTED
    kinds = {rule for rule, _ in got}
    assert len(kinds & {r for r, _ in EXPECTED}) == 5
    for problem in report["problems"]:
        assert problem["line"] is not None, problem


def test_did_you_mean_for_the_misspelt_key():
    run = airkube("validate", str(FILE))
    assert "Did you mean `resources`?" in run.stdout
    assert f"{FILE}:9:3" in run.stdout


def test_generate_leaves_the_output_untouched(tmp_path):
    out = tmp_path / "deploy"
    out.mkdir()
    (out / "values.yaml").write_text("previous: true\n")
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    run = airkube("generate", str(FILE), "-o", str(out))
    assert run.returncode == 1
    assert "nothing written" in run.stderr
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deploy"]  # no stray temp dirs
