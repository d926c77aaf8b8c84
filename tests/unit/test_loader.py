"""YAML loading keeps positions, reports syntax errors and duplicate keys, and ignores nothing silently."""
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
    result = airkube.validate(airkube.load_settings("d.yaml", text="scheduler: {replicas: 1}\nscheduler: {replicas: 2}\n"))
    [problem] = [p for p in result.errors if p.rule == "yaml"]
    assert problem.path == "scheduler" and problem.line == 2 and "line 1" in problem.message


def test_merge_keys_and_anchors_work():
    text = "x-res: &res {requests: {cpu: 1}, limits: {memory: 1Gi}}\n"
    doc = loader.load_text("scheduler:\n  <<: {replicas: 2}\n  resources: {limits: {memory: 1Gi}}\n", "m.yaml")
    assert doc.data == {"scheduler": {"replicas": 2, "resources": {"limits": {"memory": "1Gi"}}}}
    assert loader.load_text(text + "a: *res\n").data["a"] == {"requests": {"cpu": 1}, "limits": {"memory": "1Gi"}}


def test_empty_file_is_empty_settings():
    assert loader.load_text("", "e.yaml").data == {}
    assert airkube.validate(airkube.load_settings("e.yaml", text="# nothing\n")).ok


def test_timestamps_are_kept_as_text_for_the_schema():
    result = airkube.validate(airkube.load_settings("t.yaml", text="airflow: {version: 2024-01-01}\n"))
    assert [p.rule for p in result.errors] == ["schema:pattern"]


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"profile: d\xe9v\n")
    [problem] = airkube.validate(path).problems
    assert problem.rule == "yaml" and "UTF-8" in problem.message
