"""AK203 failed-pods-without-remote-logs: kept failed pods are the only copy of their logs."""
from .conftest import findings

RULE = "AK203"


def test_only_applies_to_the_kubernetes_executor():
    assert findings(RULE, "executor: LocalExecutor\nworkers: {delete_pods_on_failure: false}\n") == []
    assert findings(RULE, "workers: {delete_pods_on_failure: false}\n")  # KubernetesExecutor default
    assert findings(RULE, "workers: {delete_pods_on_failure: true}\n") == []
