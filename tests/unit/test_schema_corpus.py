"""Valid settings validate without errors; each invalid one fails with the expected rule at the expected path."""
from pathlib import Path

import pytest

import airkube

CORPUS = Path(__file__).parent / "corpus"
VALID = sorted((CORPUS / "valid").glob("*.yaml"))
INVALID = sorted((CORPUS / "invalid").glob("*.yaml"))


def _expectations(path: Path) -> list[tuple[str, str]]:
    return [tuple(line.split()[2:4]) for line in path.read_text().splitlines() if line.startswith("# expect:")]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid(path):
    result = airkube.validate(path)
    assert result.ok, [p.as_dict() for p in result.errors]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid(path):
    expected = _expectations(path)
    assert expected, f"{path.name} needs an '# expect: RULE PATH' line"
    result = airkube.validate(path)
    assert not result.ok
    got = {(p.rule, p.path) for p in result.errors}
    for rule, where in expected:
        assert (rule, where) in got, got
    for problem in result.errors:
        assert problem.path and problem.rule and problem.message


def test_corpus_is_not_trivial():
    assert len(VALID) >= 5 and len(INVALID) >= 10
