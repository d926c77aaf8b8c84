"""AK104 kubernetes-executor-logs: task logs must outlive the task pods."""
from .conftest import findings

RULE = "AK104"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'executor: CeleryExecutor\ncelery: {worker_replicas: 2}\n'
                              'logging: {persistence: {enabled: true, access_mode: ReadWriteOnce}}\n')
    assert [p.path for p in problems] == ['logging.persistence.access_mode']
    assert 'pods write logs' in problems[0].message
    assert problems[0].line == 3
