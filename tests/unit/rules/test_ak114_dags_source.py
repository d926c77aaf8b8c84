"""AK114 dags-source: DAGs come from one place."""
from .conftest import findings

RULE = "AK114"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'dags:\n  git_sync: {enabled: true, repo: "https://g/r.git"}\n'
                              '  persistence: {enabled: true}\n')
    assert [p.path for p in problems] == ['dags.persistence.enabled']
    assert 'only one' in problems[0].message
    assert problems[0].line == 3
