"""A corpus of mistakes: helm refuses each with a non-zero exit and names the field.

Each file starts with `# expect: dotted.path`. helm 3 and helm 4 word errors differently,
so only the exit code and the field path are asserted (helm 4 writes /a/b, helm 3 a.b).
"""
from pathlib import Path

import pytest
from support.render import HELMS, helm_template

CORPUS = sorted(Path(__file__).with_name("bad-values").glob("*.yaml"))


def expected_path(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} needs an '# expect: field.path' header"
    return first.removeprefix("# expect: ").strip()


def mentions(message: str, field: str) -> bool:
    """The field as a.b (helm 3, our own checks) or /a/b (helm 4); a root key also as 'key'."""
    parts = field.split(".")
    forms = [field, "/" + "/".join(parts)]
    if len(parts) == 1:
        forms += [f"'{field}'", f"property {field} "]
    return any(form in message for form in forms)


def test_corpus_is_not_empty():
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("values", CORPUS, ids=lambda p: p.stem)
def test_refused_with_field_path(values, helm):
    result = helm_template("-f", str(values), helm=helm)
    field = expected_path(values)
    assert result.returncode != 0, f"{values.name} rendered"
    assert mentions(result.stderr, field), f"{field!r} not in:\n{result.stderr}"
