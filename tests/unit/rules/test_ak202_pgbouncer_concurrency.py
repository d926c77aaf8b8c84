"""AK202 pgbouncer-concurrency: many concurrent tasks without PgBouncer."""
from .conftest import docstring_examples, findings

RULE = "AK202"


def test_passing_example_is_clean():
    passing, _ = docstring_examples(RULE)
    assert findings(RULE, passing) == []


def test_failing_example_is_reported():
    _, failing = docstring_examples(RULE)
    problems = findings(RULE, failing)
    assert problems, "the docstring's failing example must trigger the rule"
    for problem in problems:
        assert problem.path and problem.message
        assert problem.severity == "warning"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'airflow: {parallelism: 100}\n')
    assert [p.path for p in problems] == ['database.pgbouncer.enabled']
    assert '100' in problems[0].message
