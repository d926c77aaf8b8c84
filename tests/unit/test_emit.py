"""The YAML emitter writes what PyYAML reads back, for any data the builders could produce."""
import yaml
from hypothesis import given
from hypothesis import strategies as st

from airkube.output import emit

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["yes", "No", "on", "null", "~", "1.5", "0o17", "0x1F", "1e3", "2024-01-01", "s3://b/l", "a: b", "a #b", "-x",
     "line\nline\n", "x\n\n", "trail \nx", " lead\nx", "\tx\ny", "<<", "=", "12:30", "apache/airflow:3.3.2", "key:"])
SCALAR = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT
DATA = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                    max_leaves=12)


@given(st.dictionaries(TEXT, DATA, max_size=4))
def test_round_trip(data):
    assert yaml.safe_load(emit.dump(data)) == data


def test_trailing_newline_in_a_key_is_quoted():
    """`$` matches before a final newline: a plain `A\n:` key broke the document (found by the round trip)."""
    assert emit.dump({"A\n": None}) == '"A\\n": null\n'
    assert yaml.safe_load(emit.dump({"A\n": None})) == {"A\n": None}


def test_yaml_1_2_octals_are_quoted():
    """0o17 is a number to YAML 1.2 readers (and to PyYAML once yamllint is imported): a string stays one."""
    assert emit.dump({"0o0": "0o17", "x": "+0O7"}) == '"0o0": "0o17"\nx: "+0O7"\n'


def test_readable_output():
    text = emit.dump({"image": "apache/airflow:3.3.2", "on": "yes", "template": "a: 1\nb: 2\n", "list": [{"a": 1}]})
    assert text == 'image: apache/airflow:3.3.2\n"on": "yes"\ntemplate: |\n  a: 1\n  b: 2\nlist:\n- a: 1\n'
