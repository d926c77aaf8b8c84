"""AK202 pgbouncer-concurrency: many concurrent tasks without PgBouncer."""
from .conftest import findings

RULE = "AK202"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'airflow: {parallelism: 100}\n')
    assert [p.path for p in problems] == ['database.pgbouncer.enabled']
    assert '100' in problems[0].message
