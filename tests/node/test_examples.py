"""The other examples run the seed 003 lab DAG on the node, as their users would run them:
production (an external PostgreSQL in another namespace, PgBouncer in transaction mode,
two schedulers and two api-servers, one scheduler deleted mid-run), celery (Redis and
Celery workers) and airflow2 (2.10.4 with the webserver). Overlays: the node's images and
tests/node/values/on-one-node.yaml (what one node without egress cannot give)."""
import pytest
from support import external_db
from support.airflow_ops import LAB_TASKS, Api, Cli, admin_password, load_dag, run_dag
from support.helm_ops import CHART, example_values, helm, install_example, scratch_namespace, wait_workloads_ready
from support.node import node_values

DAG_ID = "data_pipeline_lab"


@pytest.fixture(scope="module", autouse=True)
def worker_pool(node):
    """production and airflow2 send task pods to a worker node pool (workload-type label):
    the one node is that pool too."""
    node.kubectl("label", "node", "--all", "--overwrite", "workload-type=airflow-workers")
    yield
    node.kubectl("label", "node", "--all", "workload-type-")


@pytest.fixture(scope="module")
def database(node):
    with scratch_namespace(node, "extdb") as ns:
        yield external_db.start(node, ns)


def install_with_database(node, namespace: str, example: str, host: str, *overlays: str,
                          airflow: str = "3.3.2") -> None:
    external_db.create_secrets(node, namespace, example, host)
    helm(node, "helm4", "install", "airflow", str(CHART), "-n", namespace,
         "-f", str(example_values(example)), *node_values("on-one-node", *overlays, airflow=airflow),
         "--wait", "--timeout", "10m", timeout=660)
    wait_workloads_ready(node, namespace)


def ready_replicas(node, namespace: str, deployment: str) -> int:
    return node.get("-n", namespace, f"deployment/{deployment}")["status"].get("readyReplicas", 0)


def test_production_with_external_database_survives_losing_a_scheduler(node, database):
    with scratch_namespace(node, "prod") as ns:
        install_with_database(node, ns, "production", database)
        assert ready_replicas(node, ns, "airflow-scheduler") == 2
        assert ready_replicas(node, ns, "airflow-api-server") == 2
        # Airflow's own connection goes through PgBouncer, which pools in transaction mode.
        pools = node.kubectl("exec", "-n", ns, "deploy/airflow-pgbouncer", "--", "sh", "-c",
                             "grep -h pool_mode /etc/pgbouncer/pgbouncer.ini").stdout
        assert "transaction" in pools
        api = Api(node, ns)
        api.login("admin", admin_password(node, ns))
        load_dag(node, ns)
        api.wait_dag(DAG_ID, timeout=400)

        lost: list[str] = []

        def delete_a_scheduler(_seen):
            pod = node.get("pods", "-n", ns, "-l", "component=scheduler")["items"][0]
            lost.append(pod["metadata"]["name"])
            node.kubectl("delete", "pod", "-n", ns, lost[0], "--wait=false")

        run_id, state, _ = run_dag(api, node, ns, DAG_ID, during=delete_a_scheduler)
        assert lost, "no task pod appeared before the run ended"
        assert state == "success"
        assert {ti["state"] for ti in api.task_instances(DAG_ID, run_id)} == {"success"}
        wait_workloads_ready(node, ns)
        assert ready_replicas(node, ns, "airflow-scheduler") == 2


def test_celery_workers_run_the_lab(node):
    with scratch_namespace(node, "celery") as ns:
        install_example(node, "helm4", ns, "airflow", "celery", *node_values("on-one-node"),
                        "--timeout", "10m")
        wait_workloads_ready(node, ns)
        api = Api(node, ns)
        api.login("admin", admin_password(node, ns))
        load_dag(node, ns)
        api.wait_dag(DAG_ID, timeout=400)
        run_id, state, pods = run_dag(api, node, ns, DAG_ID)
        assert state == "success"
        # Celery workers ran them: no task pods, every task's host a worker pod.
        assert not pods
        hosts = {ti["hostname"] for ti in api.task_instances(DAG_ID, run_id)}
        assert hosts and all(h.startswith("airflow-worker-") for h in hosts), hosts


def test_airflow2_webserver_runs_the_lab(node, database):
    with scratch_namespace(node, "af2") as ns:
        install_with_database(node, ns, "airflow2", database, "airflow2-webserver", airflow="2.10.4")
        assert ready_replicas(node, ns, "airflow-webserver") == 2
        cli = Cli(node, ns)
        assert "2.10.4" in cli.airflow("version").stdout
        load_dag(node, ns)
        cli.wait_dag(DAG_ID)
        assert DAG_ID in cli.airflow("dags", "list", "-o", "plain").stdout
        run_id, state, _ = run_dag(cli, node, ns, DAG_ID)
        assert state == "success"
        assert cli.task_states(DAG_ID, run_id) == {t: "success" for t in LAB_TASKS}
