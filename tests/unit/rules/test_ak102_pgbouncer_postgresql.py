"""AK102 pgbouncer-postgresql: PgBouncer pools only PostgreSQL connections, and needs their credentials."""
from .conftest import findings

RULE = "AK102"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'database: {embedded: false, metadata_secret: db, pgbouncer: {enabled: true}}\n')
    assert [p.path for p in problems] == ['database.pgbouncer.config_secret']
    assert 'config_secret' in problems[0].message
    assert problems[0].line == 1
