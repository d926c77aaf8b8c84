"""AK105 remote-log-folder-scheme: the remote log folder matches its backend."""
from .conftest import findings

RULE = "AK105"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'logging: {remote: {backend: elasticsearch, host: "logs:9200"}}\n')
    assert [p.path for p in problems] == ['logging.remote.host']
    assert 'http' in problems[0].message
    assert problems[0].line == 1
