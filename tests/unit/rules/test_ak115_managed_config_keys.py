"""AK115 managed-config-keys: airflow.cfg options airkube sets from the settings."""
from .conftest import findings

RULE = "AK115"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'airflow: {config: {kubernetes: {namespace: x}}}\n')
    assert [p.path for p in problems] == ['airflow.config.kubernetes']
    assert 'renamed' in problems[0].message
    assert problems[0].line == 1
