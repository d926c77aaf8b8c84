"""YAML loading keeps positions, reports syntax errors and duplicate keys, ignores nothing silently,
and bounds what a file can cost (aliases, nesting)."""
import subprocess
import sys
import time
from pathlib import Path

import airkube
from airkube.settings import loader


def test_positions_of_keys_and_items():
    doc = loader.load_text("a:\n  b: 1\n  c:\n    - x\n    - {y: 2}\n", "s.yaml")
    assert doc.data == {"a": {"b": 1, "c": ["x", {"y": 2}]}}
    assert doc.position("a.b") == (2, 3)
    assert doc.position("a.c[1].y") == (5, 8)
    assert doc.position("a.c[1].missing") == (5, 7)  # nearest written ancestor
    assert doc.position("nowhere") == (None, None)


def test_syntax_error_has_line_and_column():
    result = airkube.validate(airkube.load_settings("bad.yaml", text="scheduler:\n  replicas: [1\n"))
    [problem] = result.problems
    assert (problem.rule, problem.path, problem.line) == ("yaml", "$", 3)
    assert problem.column is not None and "YAML syntax error" in problem.message


def test_duplicate_keys_are_errors():
    text = "scheduler: {replicas: 1}\nscheduler: {replicas: 2}\n"
    result = airkube.validate(airkube.load_settings("d.yaml", text=text))
    [problem] = [p for p in result.errors if p.rule == "yaml"]
    assert problem.path == "scheduler" and problem.line == 2 and "line 1" in problem.message


def test_merge_keys_and_anchors_work():
    text = "x-res: &res {requests: {cpu: 1}, limits: {memory: 1Gi}}\n"
    doc = loader.load_text("scheduler:\n  <<: {replicas: 2}\n  resources: {limits: {memory: 1Gi}}\n", "m.yaml")
    assert doc.data == {"scheduler": {"replicas": 2, "resources": {"limits": {"memory": "1Gi"}}}}
    assert loader.load_text(text + "a: *res\n").data["a"] == {"requests": {"cpu": 1}, "limits": {"memory": "1Gi"}}


def test_empty_file_is_an_error_and_braces_mean_defaults():
    for text in ("", "# nothing yet\n", "\n\n"):
        [problem] = airkube.validate(airkube.load_settings("e.yaml", text=text)).problems
        assert (problem.rule, problem.severity, problem.line) == ("yaml", "error", 1)
        assert "empty" in problem.message and "`{}`" in problem.message
    result = airkube.validate(airkube.load_settings("e.yaml", text="{}\n"))
    assert result.ok and result.settings["profile"] == "dev"


def test_empty_file_through_the_cli(tmp_path):
    empty = tmp_path / "settings.yaml"
    empty.write_text("")
    run = subprocess.run([sys.executable, "-m", "airkube", "generate", str(empty), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "is empty" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


BILLION_LAUGHS = Path(__file__).parent / "corpus" / "invalid" / "billion-laughs.yaml"


def test_billion_laughs_is_refused_at_once():
    started = time.perf_counter()
    [problem] = airkube.validate(BILLION_LAUGHS).problems
    assert time.perf_counter() - started < 0.1
    assert (problem.rule, problem.line, problem.column) == ("yaml", 6, 63)  # the alias that crosses the budget
    assert "aliases copy more than 1000 values" in problem.message and "fewer nested aliases" in problem.message


def test_billion_laughs_through_the_cli(tmp_path):
    for command in (["validate"], ["explain"], ["generate", "-o", str(tmp_path / "out")]):
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "airkube", command[0], str(BILLION_LAUGHS), *command[1:]],
                             capture_output=True, text=True, timeout=30)
        assert time.perf_counter() - started < 1.0, command
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert f"{BILLION_LAUGHS}:6:63: error [yaml]" in run.stdout + run.stderr


def test_hostile_shapes_are_located_errors():
    cases = {
        "a: &a [1, *a]\n": "inside &a itself",
        "a: &a {b: *a}\n": "inside &a itself",  # PyYAML's composer would fail with an IndexError
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n": "nested more than 64 levels",  # libyaml would crash
        "a: *nowhere\n": "Define the anchor",
    }
    for text, words in cases.items():
        [problem] = airkube.validate(airkube.load_settings("h.yaml", text=text)).problems
        assert problem.rule == "yaml" and problem.line == 1 and words in problem.message, problem


def test_aliases_within_the_budget_work():
    block = "{requests: {cpu: 1}, limits: {memory: 1Gi}}"
    text = f"x-res: &res {block}\n" + "".join(f"p{i}: *res\n" for i in range(100))
    doc = loader.load_text(text, "ok.yaml")
    assert doc.problems == [] and doc.data["p99"] == {"requests": {"cpu": 1}, "limits": {"memory": "1Gi"}}


def test_timestamps_are_kept_as_text_for_the_schema():
    result = airkube.validate(airkube.load_settings("t.yaml", text="airflow: {version: 2024-01-01}\n"))
    assert [p.rule for p in result.errors] == ["schema:pattern"]


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"profile: d\xe9v\n")
    [problem] = airkube.validate(path).problems
    assert problem.rule == "yaml" and "UTF-8" in problem.message
