"""The seed 003 hands-on lab end to end on a real kubelet: install the dev-kind example,
load the lab DAG into the DAGs PVC with a loader pod, trigger data_pipeline_lab from the
scheduler, see one worker pod per task (label dag_id=data_pipeline_lab) and read a task's
log. The install and checks are the same helpers the kwok tests use (_helm.py); only the
cluster differs: `make kind-test` (tools/kind-test.sh points AIRKUBE_KUBECONFIG at kind).

kwok has no containers: no exec, no logs, no DAG file ever parsed, so there it skips.
"""
from __future__ import annotations

import json
import time

import pytest

from _helm import (ROOT, install_example, kwok_nodes, wait_migration_complete,
                   wait_workloads_ready)

DAG = ROOT / "tests" / "compat" / "dags" / "data_pipeline_lab.py"
TASKS = {"generate_data", "validate", "aggregate", "notify"}
LOADER_IMAGE = "docker.io/library/busybox:1.37"


@pytest.fixture
def real_kubelet(cluster):
    if kwok_nodes(cluster):
        pytest.skip("needs a real kubelet: run make kind-test on a machine with Docker")


def loader_pod() -> dict:
    """The seed's dag-loader, with the DAG from a ConfigMap instead of a heredoc."""
    return {
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "dag-loader"},
        "spec": {
            "restartPolicy": "Never",
            "containers": [{
                "name": "dag-loader", "image": LOADER_IMAGE,
                "command": ["sh", "-c", "cp /src/data_pipeline_lab.py /opt/airflow/dags/ && "
                            "chmod 644 /opt/airflow/dags/data_pipeline_lab.py && "
                            "echo DAG written successfully"],
                "volumeMounts": [{"name": "dags", "mountPath": "/opt/airflow/dags"},
                                 {"name": "src", "mountPath": "/src"}],
            }],
            "volumes": [{"name": "dags", "persistentVolumeClaim": {"claimName": "airflow-dags"}},
                        {"name": "src", "configMap": {"name": "lab-dag"}}],
        },
    }


def scheduler_exec(cluster, namespace: str, *args: str, check: bool = True):
    return cluster.kubectl("exec", "-n", namespace, "deploy/airflow-scheduler", "-c",
                           "scheduler", "--", *args, check=check, timeout=180)


def test_seed_003_lab(cluster, real_kubelet, namespace):
    # Real images are pulled here: allow for it.
    install_example(cluster, "helm4", namespace, "airflow", "dev-kind", "--timeout", "15m")
    wait_workloads_ready(cluster, namespace, timeout=900)
    wait_migration_complete(cluster, namespace, timeout=900)

    cluster.kubectl("create", "configmap", "lab-dag", "-n", namespace,
                    f"--from-file=data_pipeline_lab.py={DAG}")
    cluster.kubectl("apply", "-n", namespace, "-f", "-", input=json.dumps(loader_pod()))
    cluster.kubectl("wait", "-n", namespace, "--for=jsonpath={.status.phase}=Succeeded",
                    "pod/dag-loader", "--timeout=300s", timeout=320)
    assert "DAG written successfully" in cluster.kubectl(
        "logs", "-n", namespace, "pod/dag-loader").stdout

    # The dag-processor parses the file, then the DAG can be triggered.
    deadline = time.monotonic() + 300
    while "data_pipeline_lab" not in scheduler_exec(
            cluster, namespace, "airflow", "dags", "list", "-o", "plain", check=False).stdout:
        assert time.monotonic() < deadline, "data_pipeline_lab never showed up in dags list"
        time.sleep(10)
    scheduler_exec(cluster, namespace, "airflow", "dags", "trigger", "data_pipeline_lab")

    # delete_worker_pods is on (as in the seed): collect pods and their logs as they run.
    seen: dict[str, str] = {}
    logs: dict[str, str] = {}
    deadline = time.monotonic() + 900
    while not (TASKS <= set(seen.values()) and any(logs.values())):
        assert time.monotonic() < deadline, f"task pods seen: {seen}"
        for pod in cluster.get("pods", "-n", namespace, "-l", "dag_id=data_pipeline_lab")["items"]:
            name = pod["metadata"]["name"]
            seen[name] = pod["metadata"]["labels"].get("task_id", "?")
            if pod["status"].get("phase") in ("Running", "Succeeded") and not logs.get(name):
                logs[name] = cluster.kubectl("logs", "-n", namespace, name, "-c", "base",
                                             check=False).stdout
        time.sleep(2)
    # One pod per task: four tasks, four pods (retries would add more, with a reason).
    assert sorted(seen.values()) == sorted(TASKS), seen
    text = "\n".join(logs.values())
    assert "data_pipeline_lab" in text, f"no task log mentions the DAG: {text[-2000:]}"
