"""The seed 003 lab on a real node, as its reader runs it on kind: install the dev-kind
example, load data_pipeline_lab into the DAGs volume with the loader pod, see it in
`airflow dags list`, trigger it, one pod per task (label dag_id), all four succeed, and
the notify task's log says PIPELINE COMPLETE, read through the REST API after its pod is
gone (delete_worker_pods is on; logs live on a shared volume)."""
import pytest
from support.airflow_ops import LAB_TASKS, Api, admin_password, airflow_cli, load_dag, run_dag, wait_until
from support.helm_ops import (
    helm_test,
    install_example,
    scratch_namespace,
    wait_migration_complete,
    wait_workloads_ready,
)
from support.node import node_values

DAG_ID = "data_pipeline_lab"


@pytest.fixture(scope="module")
def lab(node):
    with scratch_namespace(node, "lab") as ns:
        install_example(node, "helm4", ns, "airflow", "dev-kind", *node_values("logs-persistence"))
        yield ns


def test_every_workload_ready_with_real_processes(node, lab):
    wait_workloads_ready(node, lab)
    wait_migration_complete(node, lab)
    pods = node.get("pods", "-n", lab)["items"]
    # Nothing restarts on the way (the migration Job and the init containers used to fail
    # while the embedded PostgreSQL started).
    restarts = {p["metadata"]["name"]: sum(c.get("restartCount", 0) for c in
                                           p["status"].get("containerStatuses", []) +
                                           p["status"].get("initContainerStatuses", []))
                for p in pods}
    assert not any(restarts.values()), f"containers restarted: {restarts}"
    # A real scheduler process answers its own CLI.
    assert "3.3.2" in airflow_cli(node, lab, "version").stdout
    helm_test(node, "helm4", lab, "airflow")


def test_lab_dag_runs_one_pod_per_task_and_its_log_is_readable(node, lab):
    wait_workloads_ready(node, lab)
    api = Api(node, lab)
    api.login("admin", admin_password(node, lab))
    load_dag(node, lab)
    api.wait_dag(DAG_ID, timeout=400)
    assert DAG_ID in airflow_cli(node, lab, "dags", "list", "-o", "plain").stdout

    run_id, state, seen = run_dag(api, node, lab, DAG_ID)
    assert state == "success"

    tis = {ti["task_id"]: ti for ti in api.task_instances(DAG_ID, run_id)}
    assert set(tis) == set(LAB_TASKS)
    assert all(ti["state"] == "success" and ti["try_number"] == 1 for ti in tis.values()), tis
    # One pod per task: each ran in its own pod (the TI's hostname is its pod's name).
    assert len({ti["hostname"] for ti in tis.values()}) == len(LAB_TASKS), tis
    # The pods carry the labels the seed's `kubectl get pods -l dag_id=...` relies on.
    assert {s["task_id"] for s in seen.values()} <= set(LAB_TASKS) and seen

    # delete_worker_pods: the pods go away, their logs stay readable through the API.
    wait_until("task pods deleted", lambda: not node.get(
        "pods", "-n", lab, "-l", f"dag_id={DAG_ID}")["items"], timeout=120)
    assert "PIPELINE COMPLETE" in api.task_log(DAG_ID, run_id, "notify")
