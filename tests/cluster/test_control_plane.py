"""Smoke tests of the control plane the chart tests run against.

They prove the cluster behaves like a real one where the chart tests depend on
it: controllers roll workloads out, kwok's fake node runs and completes pods,
RBAC is enforced and the API server itself validates objects.
"""

import json
import os
import time

import pytest

pytestmark = pytest.mark.cluster

# kwok only pretends to run containers, so the image is never pulled there;
# on kind (tools/kind-test.sh) it really runs, so it must exist.
IMAGE = os.environ.get("AIRKUBE_TEST_IMAGE", "docker.io/library/busybox:1.36")
RUN_FOREVER = ["sleep", "3600"]


def apply(cluster, namespace, manifest: dict) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", "-", input=json.dumps(manifest))


def workload(kind: str, name: str, replicas: int, **spec) -> dict:
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    # busybox sleep ignores SIGTERM: do not wait 30s on a real kubelet.
                    "terminationGracePeriodSeconds": 1,
                    "containers": [{"name": "main", "image": IMAGE, "command": RUN_FOREVER}],
                },
            },
            **spec,
        },
    }


def job(name: str) -> dict:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {
            "backoffLimit": 0,
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "containers": [{"name": "main", "image": IMAGE, "command": ["true"]}],
                },
            },
        },
    }


def test_node_is_ready(cluster):
    nodes = cluster.get("nodes")["items"]
    assert nodes, "no nodes"
    for node in nodes:
        ready = {c["type"]: c["status"] for c in node["status"]["conditions"]}["Ready"]
        assert ready == "True", node["metadata"]["name"]


def test_server_version_is_a_release(cluster):
    # helm compares Chart.yaml kubeVersion with this; v0.0.0-master would fail it.
    version = json.loads(cluster.kubectl("version", "-o", "json").stdout)["serverVersion"]
    assert version["gitVersion"].startswith("v1."), version
    assert int(version["minor"].rstrip("+")) >= 30, version


def test_deployment_becomes_available(cluster, namespace):
    apply(cluster, namespace, workload("Deployment", "web", 2))
    cluster.kubectl("wait", "-n", namespace, "--for=condition=Available",
                    "deployment/web", "--timeout=60s")
    status = cluster.get("-n", namespace, "deployment/web")["status"]
    assert status["readyReplicas"] == 2


def test_statefulset_becomes_ready(cluster, namespace):
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "db"},
        "spec": {"clusterIP": "None", "selector": {"app": "db"},
                 "ports": [{"port": 5432}]},
    }
    apply(cluster, namespace, service)
    apply(cluster, namespace, workload("StatefulSet", "db", 2, serviceName="db"))
    cluster.kubectl("rollout", "status", "-n", namespace, "statefulset/db", "--timeout=60s")
    status = cluster.get("-n", namespace, "statefulset/db")["status"]
    assert status["readyReplicas"] == 2
    # Ordered, stable pod names: the StatefulSet controller really ran.
    pods = cluster.get("-n", namespace, "pods", "-l", "app=db")["items"]
    assert sorted(p["metadata"]["name"] for p in pods) == ["db-0", "db-1"]


def test_statefulset_with_volume_claims_becomes_ready(cluster, namespace):
    # Default StorageClass, as a chart without storageClassName gets it.
    claim = {"metadata": {"name": "data"},
             "spec": {"accessModes": ["ReadWriteOnce"],
                      "resources": {"requests": {"storage": "1Gi"}}}}
    apply(cluster, namespace, workload("StatefulSet", "pg", 1, serviceName="pg",
                                       volumeClaimTemplates=[claim]))
    cluster.kubectl("rollout", "status", "-n", namespace, "statefulset/pg", "--timeout=90s")
    pvc = cluster.get("-n", namespace, "pvc/data-pg-0")
    assert pvc["status"]["phase"] == "Bound"


def test_job_completes(cluster, namespace):
    apply(cluster, namespace, job("migrate"))
    cluster.kubectl("wait", "-n", namespace, "--for=condition=Complete",
                    "job/migrate", "--timeout=60s")
    assert cluster.get("-n", namespace, "job/migrate")["status"]["succeeded"] == 1


def test_pod_with_restart_never_succeeds(cluster, namespace):
    # Like a `helm test` pod or a KubernetesExecutor worker: no controller.
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "once"},
        "spec": {"restartPolicy": "Never",
                 "containers": [{"name": "main", "image": IMAGE, "command": ["true"]}]},
    }
    apply(cluster, namespace, pod)
    cluster.kubectl("wait", "-n", namespace, "--for=jsonpath={.status.phase}=Succeeded",
                    "pod/once", "--timeout=60s")
    pod = cluster.get("-n", namespace, "pod/once")
    assert pod["spec"]["nodeName"], "scheduler did not bind the pod"
    state = pod["status"]["containerStatuses"][0]["state"]
    assert state["terminated"]["exitCode"] == 0


def test_deleted_pods_are_removed(cluster, namespace):
    apply(cluster, namespace, workload("Deployment", "gone", 1))
    cluster.kubectl("wait", "-n", namespace, "--for=condition=Available",
                    "deployment/gone", "--timeout=60s")
    cluster.kubectl("delete", "-n", namespace, "deployment/gone", "--wait=true",
                    "--cascade=foreground", "--timeout=60s")
    # Graceful deletion needs the "kubelet" (kwok) to confirm; then they vanish.
    cluster.kubectl("wait", "-n", namespace, "--for=delete", "pod", "-l", "app=gone",
                    "--timeout=60s")
    assert cluster.get("-n", namespace, "pods", "-l", "app=gone")["items"] == []


def can_i(cluster, namespace, sa: str) -> str:
    proc = cluster.kubectl("auth", "can-i", "create", "pods", "-n", namespace,
                           f"--as=system:serviceaccount:{namespace}:{sa}", check=False)
    return proc.stdout.strip()


def test_rbac_is_enforced(cluster, namespace):
    cluster.kubectl("create", "serviceaccount", "worker", "-n", namespace)
    assert can_i(cluster, namespace, "worker") == "no"

    cluster.kubectl("create", "role", "pod-maker", "-n", namespace,
                    "--verb=create", "--resource=pods")
    cluster.kubectl("create", "rolebinding", "worker-pod-maker", "-n", namespace,
                    "--role=pod-maker", f"--serviceaccount={namespace}:worker")
    # The authorizer reads RBAC through a watch cache: allow it a moment.
    deadline = time.monotonic() + 15
    while can_i(cluster, namespace, "worker") != "yes":
        assert time.monotonic() < deadline, "RoleBinding not honoured"
        time.sleep(0.3)
    # Still scoped: the binding grants nothing in another namespace.
    proc = cluster.kubectl("auth", "can-i", "create", "pods", "-n", "default",
                           f"--as=system:serviceaccount:{namespace}:worker", check=False)
    assert proc.stdout.strip() == "no"


def test_job_template_is_immutable(cluster, namespace):
    apply(cluster, namespace, job("frozen"))
    patch = {"spec": {"template": {"spec": {"containers": [
        {"name": "main", "image": IMAGE, "command": ["false"]}]}}}}
    proc = cluster.kubectl("patch", "-n", namespace, "job/frozen", "--type=strategic",
                           "-p", json.dumps(patch), check=False)
    assert proc.returncode != 0
    assert "field is immutable" in proc.stderr, proc.stderr


def test_server_rejects_invalid_objects(cluster, namespace):
    # --validate=false turns off kubectl's own checks: the error comes from
    # the API server's validation of the object.
    bad = workload("Deployment", "bad", 1)
    bad["spec"]["selector"] = {"matchLabels": {"app": "other"}}
    proc = cluster.kubectl("apply", "--validate=false", "-n", namespace, "-f", "-",
                           input=json.dumps(bad), check=False)
    assert proc.returncode != 0
    assert "selector` does not match template `labels`" in proc.stderr, proc.stderr
