"""The chart's life on a real node with helm 3 and helm 4: install dev-kind, start the lab
DAG, `helm upgrade --wait` to a new Airflow image tag while the run is in flight (the run
completes, the keys Secret is unchanged, every Airflow pod runs the new tag), `rollback`
to the first revision, and `uninstall`, which leaves only what README.md names."""
import subprocess

import pytest
from support.airflow_ops import Api, admin_password, load_dag, wait_until
from support.helm_ops import (
    CHART,
    HELMS,
    example_values,
    helm,
    install_example,
    kept_after_uninstall,
    leftovers,
    load_example,
    owned_objects,
    secret_data,
    wait_workloads_ready,
)
from support.node import NODE_SH, airflow_image, node_values

DAG_ID = "data_pipeline_lab"
EXAMPLE = "dev-kind"


def airflow_images(node, namespace: str) -> set[str]:
    """Images of the Airflow containers of every Deployment (not PostgreSQL, StatsD)."""
    images = set()
    for d in node.get("deployments", "-n", namespace)["items"]:
        for c in d["spec"]["template"]["spec"]["containers"]:
            if "/airflow:" in c["image"]:
                images.add(c["image"])
    return images


@pytest.fixture(scope="module")
def new_tag(node):
    """A second tag of the node's Airflow 3 image: an upgrade that changes the image."""
    old = airflow_image()
    new = old + "-upgrade"
    subprocess.run(["bash", str(NODE_SH), "ctr", "images", "tag", "--force", old, new],
                   check=True, capture_output=True)
    return new.rsplit(":", 1)[1]


@pytest.mark.parametrize("version", HELMS)
def test_upgrade_with_a_run_in_flight_then_rollback_and_uninstall(node, namespace, version, new_tag):
    values_args = ["-f", str(example_values(EXAMPLE)), *node_values("logs-persistence")]
    install_example(node, version, namespace, "airflow", EXAMPLE, *node_values("logs-persistence"))
    wait_workloads_ready(node, namespace)
    first_images = airflow_images(node, namespace)
    keys = secret_data(node, namespace, "airflow-keys")
    api = Api(node, namespace)
    api.login("admin", admin_password(node, namespace))
    load_dag(node, namespace)
    api.wait_dag(DAG_ID, timeout=400)

    # --- upgrade with a run in flight --------------------------------------------
    run_id = api.trigger(DAG_ID)
    wait_until("a task pod of the run", lambda: node.get(
        "pods", "-n", namespace, "-l", f"dag_id={DAG_ID}")["items"], timeout=300)
    helm(node, version, "upgrade", "airflow", str(CHART), "-n", namespace, *values_args,
         "--set", f"images.airflow.tag={new_tag}", "--wait", "--timeout", "10m", timeout=660)
    wait_workloads_ready(node, namespace)
    assert {i.rsplit(":", 1)[1] for i in airflow_images(node, namespace)} == {new_tag}
    assert secret_data(node, namespace, "airflow-keys") == keys, "upgrade changed the keys"
    assert api.wait_run(DAG_ID, run_id) == "success", "the run in flight did not survive the upgrade"

    # --- rollback ----------------------------------------------------------------
    helm(node, version, "rollback", "airflow", "1", "-n", namespace, "--wait", "--timeout", "10m",
         timeout=660)
    wait_workloads_ready(node, namespace)
    assert airflow_images(node, namespace) == first_images

    # --- uninstall ---------------------------------------------------------------
    helm(node, version, "uninstall", "airflow", "-n", namespace, "--wait", "--timeout", "5m")
    wait_until("uninstall: owned objects garbage-collected",
               lambda: not owned_objects(node, namespace), timeout=180)
    values = load_example(EXAMPLE)
    values.setdefault("logs", {})["persistence"] = {"enabled": True}  # logs-persistence overlay
    kept = kept_after_uninstall(values)
    # The DAG loader and its ConfigMap are the test's, like the lab reader's; task pods are
    # Airflow's (a failed try stays with delete_worker_pods_on_failure off), as README says.
    ours = {("Pod", "load-dag-data-pipeline-lab"), ("ConfigMap", "dag-data-pipeline-lab")}
    ours |= {("Pod", p["metadata"]["name"]) for p in node.get(
        "pods", "-n", namespace, "-l", f"dag_id={DAG_ID}")["items"]}
    left = leftovers(node, namespace, kept | ours)
    assert not left, f"uninstall left objects README.md does not name: {sorted(left)}"
    assert secret_data(node, namespace, "airflow-keys") == keys
