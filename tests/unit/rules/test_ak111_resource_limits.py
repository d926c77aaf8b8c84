"""AK111 resource-limits: every component and task pod has a memory limit."""
from .conftest import findings

RULE = "AK111"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'workers:\n  resources: {requests: {memory: 1Gi}}\n')
    assert [p.path for p in problems] == ['workers.resources.limits.memory']
    assert 'before production' in problems[0].message
    assert problems[0].line == 2


def test_error_in_production():
    text = ("profile: production\ndatabase: {embedded: false, metadata_secret: db}\n"
            "scheduler: {resources: {requests: {cpu: 1}}}\n")
    problems = findings(RULE, text)
    assert [(p.path, p.severity) for p in problems] == [("scheduler.resources.limits.memory", "error")]


def test_disabled_components_are_not_checked():
    assert findings(RULE, "triggerer: {enabled: false, resources: {requests: {cpu: 1}}}\n") == []
