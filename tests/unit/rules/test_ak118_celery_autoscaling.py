"""AK118 celery-autoscaling: KEDA scales Celery workers from a PostgreSQL query."""
from .conftest import findings

RULE = "AK118"


def test_needs_a_celery_executor():
    problems = findings(RULE, "executor: KubernetesExecutor\ncelery: {autoscaling: {enabled: true}}\n")
    assert [p.path for p in problems] == ["celery.autoscaling.enabled"]
    assert "Celery executor" in problems[0].message


def test_needs_postgresql():
    problems = findings(RULE, "executor: CeleryExecutor\ncelery: {autoscaling: {enabled: true}}\n"
                              "database: {backend: mysql, embedded: false, metadata_secret: airflow-db}\n")
    assert [p.path for p in problems] == ["celery.autoscaling.enabled"]
    assert "mysql" in problems[0].message


def test_off_by_default_and_fine_with_postgresql():
    assert findings(RULE, "executor: CeleryExecutor\n") == []
    assert findings(RULE, "executor: CeleryExecutor\ncelery: {autoscaling: {enabled: true, max_workers: 3}}\n") == []
