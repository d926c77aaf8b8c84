"""AK108 worker-profile-ownership: worker templates leave the executor's parts alone."""
from .conftest import findings

RULE = "AK108"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'workers:\n  pod_spec: {containers: [{name: base}]}\n')
    assert [p.path for p in problems] == ['workers.pod_spec.containers']
    assert 'base' in problems[0].message
    assert problems[0].line == 2
