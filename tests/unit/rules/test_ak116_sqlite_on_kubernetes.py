"""AK116 sqlite-on-kubernetes: SQLite can't be shared by pods."""
from .conftest import findings

RULE = "AK116"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'database: {backend: sqlite}\n')
    assert [p.path for p in problems] == ['database.backend']
    assert 'separate pods' in problems[0].message
    assert problems[0].line == 1
