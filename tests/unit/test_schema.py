"""The built-in checker agrees with the jsonschema reference on what is invalid, and where."""
from pathlib import Path

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from airkube.settings.loader import load_text
from airkube.settings.schema import Validator, load_schema, unsupported_keywords

from .strategies import SETTINGS, mutated_settings

CORPUS = Path(__file__).parent / "corpus"
REFERENCE = jsonschema.Draft202012Validator(load_schema())
MINE = Validator(load_schema())


def _places(errors):
    return sorted({tuple(map(str, e.absolute_path)) for e in errors})


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_schema_uses_only_supported_keywords():
    assert unsupported_keywords(load_schema()) == set()


def test_corpus_agrees():
    for path in sorted(CORPUS.rglob("*.yaml")):
        data = load_text(path.read_text(), str(path)).data
        if data is None:
            continue  # refused before the schema (syntax, empty, billion laughs)
        assert _places(MINE.iter_errors(data)) == _places(REFERENCE.iter_errors(data)), path


@given(st.one_of(SETTINGS, mutated_settings()))
def test_generated_settings_agree(data):
    mine, reference = list(MINE.iter_errors(data)), list(REFERENCE.iter_errors(data))
    assert bool(mine) == bool(reference)
    assert _places(mine) == _places(reference)
