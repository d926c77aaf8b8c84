"""The query of the chart's KEDA ScaledObject (workers.keda), run on a real PostgreSQL: it parses,
and it counts the Celery tasks waiting or running, not the KubernetesExecutor's, for each way the
executors can be combined. The table has the task_instance columns the query reads (state,
queue, executor: Airflow 2.10 and 3 both have them), with rows as each Airflow version writes them."""
from __future__ import annotations

import pytest
from compat_harness import postgres_server
from support.render import CI_DIR, RELEASE, find, render_files

KEDA = ("--set", "workers.celery.hpa.enabled=false", "--set", "workers.celery.keda.enabled=true")
# (executor setting, extra values) -> rows as (state, queue, executor) and the workers wanted.
CASES = {
    # Airflow 3, Celery the default: KubernetesExecutor tasks name their executor.
    "celery-first": ((), [("queued", "default", None)] * 20 + [("running", "default", None)] * 5
                     + [("running", "default", "KubernetesExecutor")] * 40 + [("success", "default", None)] * 9, 2),
    # Airflow 3, KubernetesExecutor the default: Celery tasks name theirs.
    "kubernetes-first": (("--set", "executor=KubernetesExecutor\\,CeleryExecutor"),
                         [("queued", "default", None)] * 40 + [("queued", "default", "CeleryExecutor")] * 17, 2),
    # Airflow 2 CeleryKubernetesExecutor: the kubernetes queue goes to task pods.
    "airflow2": (("--set", "executor=CeleryKubernetesExecutor", "--set", "images.airflow.tag=2.10.4",
                  "--set", "config.celery.worker_concurrency=4"),
                 [("queued", "default", None)] * 9 + [("running", "kubernetes", None)] * 30, 3),
}


@pytest.fixture(scope="module")
def pg():
    with postgres_server() as server:
        server.psql("CREATE TABLE task_instance (state varchar(20), queue varchar(256), executor varchar(1000))")
        yield server


@pytest.mark.parametrize("case", sorted(CASES))
def test_keda_query_counts_celery_workers_wanted(pg, case):
    extra, rows, wanted = CASES[case]
    objs = render_files(CI_DIR / "celery-features-values.yaml", extra=KEDA + extra)
    query = find(objs, "ScaledObject", f"{RELEASE}-worker")["spec"]["triggers"][0]["metadata"]["query"]
    values = ",".join(f"('{s}', '{q}', {'NULL' if e is None else repr(e)})" for s, q, e in rows)
    pg.psql(f"TRUNCATE task_instance; INSERT INTO task_instance VALUES {values}")
    assert float(pg.psql(query).stdout.strip()) == wanted
