"""AK105 remote-log-folder-scheme: the remote log folder matches its backend."""
from .conftest import docstring_examples, findings

RULE = "AK105"


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
    problems = findings(RULE, 'logging: {remote: {backend: elasticsearch, host: "logs:9200"}}\n')
    assert [p.path for p in problems] == ['logging.remote.host']
    assert 'http' in problems[0].message
    assert problems[0].line == 1
