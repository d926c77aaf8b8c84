"""RBAC of a real `helm install` of the examples, judged by the API server's authorizer.

The scheduler's ServiceAccount creates the worker pod the KubernetesExecutor would build
from the release's pod template (the chart's airflow-pod-templates ConfigMap), and nothing
more: no Secrets, no pods in other namespaces. The worker's ServiceAccount may
start pods only with KubernetesPodOperator support (workers.allowPodLaunching: true in the
celery example, false in dev-kind).
"""
from __future__ import annotations

import copy
import json

import pytest
import yaml
from support.helm_ops import HELMS, install_example, scratch_namespace, wait_workloads_ready

COMMAND = ["airflow", "tasks", "run", "data_pipeline_lab", "generate_data", "manual__1"]


class Installs:
    """One install per (helm, example) for the whole module, each in its own namespace."""

    def __init__(self, cluster, stack):
        self.cluster, self.stack, self.done = cluster, stack, {}

    def get(self, version: str, example: str) -> tuple[str, str]:
        key = (version, example)
        if key not in self.done:
            ns = self.stack.enter_context(scratch_namespace(self.cluster, "rbac"))
            release = f"{example}-{version}"
            install_example(self.cluster, version, ns, release, example)
            wait_workloads_ready(self.cluster, ns)
            self.done[key] = (ns, release)
        return self.done[key]


@pytest.fixture(scope="module")
def installs(cluster):
    import contextlib
    with contextlib.ExitStack() as stack:
        yield Installs(cluster, stack)


def as_sa(namespace: str, sa: str) -> str:
    return f"--as=system:serviceaccount:{namespace}:{sa}"


def can_i(cluster, namespace: str, sa: str, verb: str, resource: str,
          where: str | None = None) -> bool:
    proc = cluster.kubectl("auth", "can-i", verb, resource, "-n", where or namespace,
                           as_sa(namespace, sa), check=False)
    answer = proc.stdout.strip()
    assert answer in ("yes", "no"), proc.stderr
    return answer == "yes"


def worker_pod(cluster, release_ns: str, name: str, namespace: str | None = None) -> dict:
    """The pod the KubernetesExecutor builds from the release's own template (the
    pod-templates ConfigMap the scheduler mounts): name, namespace (default: the
    release's), command."""
    templates = cluster.get("-n", release_ns, "configmap/airflow-pod-templates")["data"]
    pod = yaml.safe_load(templates["pod_template.yaml"])
    pod = copy.deepcopy(pod)
    pod["metadata"]["name"] = name
    pod["metadata"]["namespace"] = namespace or release_ns
    pod["metadata"]["labels"].update({"dag_id": "data_pipeline_lab", "task_id": "generate_data",
                                      "run_id": "manual__1", "kubernetes_executor": "True"})
    base = next(c for c in pod["spec"]["containers"] if c["name"] == "base")
    base["command"] = COMMAND
    return pod


@pytest.mark.parametrize("version", HELMS)
def test_scheduler_creates_the_templated_worker_pod(cluster, installs, version):
    ns, release = installs.get(version, "dev-kind")
    pod = worker_pod(cluster, ns, "data-pipeline-lab-generate-data-rbac")
    created = cluster.kubectl("create", "-f", "-", as_sa(ns, "airflow-scheduler"),
                              input=json.dumps(pod), check=False)
    assert created.returncode == 0, f"API server refused the worker pod: {created.stderr}"
    cluster.kubectl("wait", "-n", ns, "--for=jsonpath={.status.phase}=Succeeded",
                    f"pod/{pod['metadata']['name']}", "--timeout=60s")
    got = cluster.get("-n", ns, f"pod/{pod['metadata']['name']}")
    assert got["spec"]["serviceAccountName"] == "airflow-worker"
    assert got["spec"]["containers"][0]["command"] == COMMAND
    assert got["metadata"]["labels"]["release"] == release
    # The scheduler watches, reads logs of and deletes its pods too.
    for verb, resource in [("watch", "pods"), ("get", "pods/log"), ("delete", "pods")]:
        assert can_i(cluster, ns, "airflow-scheduler", verb, resource), f"{verb} {resource}"
    cluster.kubectl("delete", "-n", ns, f"pod/{pod['metadata']['name']}",
                    as_sa(ns, "airflow-scheduler"), "--wait=false")


@pytest.mark.parametrize("version", HELMS)
def test_scheduler_cannot_read_secrets_or_leave_its_namespace(cluster, installs, version):
    ns, release = installs.get(version, "dev-kind")
    assert can_i(cluster, ns, "airflow-scheduler", "create", "pods")  # the control
    for verb in ("get", "list", "watch"):
        assert not can_i(cluster, ns, "airflow-scheduler", verb, "secrets"), f"{verb} secrets"
    assert not can_i(cluster, ns, "airflow-scheduler", "create", "pods", where="default")
    # Not just the reviewer's opinion: the API server refuses the request itself.
    refused = cluster.kubectl("get", "secret", "airflow-keys", "-n", ns,
                              as_sa(ns, "airflow-scheduler"), check=False)
    assert refused.returncode != 0 and "forbidden" in refused.stderr.lower(), refused.stderr
    pod = worker_pod(cluster, ns, "escape", namespace="default")
    refused = cluster.kubectl("create", "-f", "-", as_sa(ns, "airflow-scheduler"),
                              input=json.dumps(pod), check=False)
    assert refused.returncode != 0 and "forbidden" in refused.stderr.lower(), refused.stderr


@pytest.mark.parametrize("example,allowed", [("dev-kind", False), ("celery", True)])
@pytest.mark.parametrize("version", HELMS)
def test_worker_launches_pods_only_with_allow_pod_launching(cluster, installs, version,
                                                            example, allowed):
    ns, release = installs.get(version, example)
    assert can_i(cluster, ns, "airflow-worker", "create", "pods") is allowed
    assert not can_i(cluster, ns, "airflow-worker", "get", "secrets")
    assert not can_i(cluster, ns, "airflow-worker", "create", "pods", where="default")
    # What a KubernetesPodOperator does: a plain pod, created as the worker.
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "kpo-task", "namespace": ns},
           "spec": {"restartPolicy": "Never", "automountServiceAccountToken": False,
                    "containers": [{"name": "base", "image": "busybox:1.36",
                                    "command": ["true"]}]}}
    proc = cluster.kubectl("create", "-f", "-", as_sa(ns, "airflow-worker"),
                           input=json.dumps(pod), check=False)
    if allowed:
        assert proc.returncode == 0, proc.stderr
        cluster.kubectl("wait", "-n", ns, "--for=jsonpath={.status.phase}=Succeeded",
                        "pod/kpo-task", "--timeout=60s")
        cluster.kubectl("delete", "-n", ns, "pod/kpo-task", "--wait=false")
    else:
        assert proc.returncode != 0 and "forbidden" in proc.stderr.lower(), proc.stderr
