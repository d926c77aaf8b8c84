"""AK113 external-database-secret: an external database is reached through a Secret."""
from .conftest import findings

RULE = "AK113"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'database: {backend: mysql, embedded: true}\n')
    assert [p.path for p in problems] == ['database.embedded']
    assert 'only embeds PostgreSQL' in problems[0].message
    assert problems[0].line == 1
