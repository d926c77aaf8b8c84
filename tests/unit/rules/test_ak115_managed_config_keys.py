"""AK115 managed-config-keys: airflow.cfg options airkube sets from the settings."""
from .conftest import docstring_examples, findings

RULE = "AK115"


def test_passing_example_is_clean():
    passing, _ = docstring_examples(RULE)
    assert findings(RULE, passing) == []


def test_failing_example_is_reported():
    _, failing = docstring_examples(RULE)
    problems = findings(RULE, failing)
    assert problems, "the docstring's failing example must trigger the rule"
    for problem in problems:
        assert problem.path and problem.message


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'airflow: {config: {kubernetes: {namespace: x}}}\n')
    assert [p.path for p in problems] == ['airflow.config.kubernetes']
    assert 'renamed' in problems[0].message
    assert problems[0].line == 1
