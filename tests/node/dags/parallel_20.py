# 20 short tasks at once (dynamic task mapping): how fast the KubernetesExecutor turns
# tasks into pods on one node (make bench: time to all succeeded, pods per minute).
from datetime import datetime

from airflow.decorators import dag, task


@dag(dag_id="parallel_20", schedule=None, start_date=datetime(2026, 1, 1), catchup=False,
     max_active_tasks=20, tags=["bench"])
def parallel_20():

    @task()
    def short(i: int) -> int:
        return i * i

    short.expand(i=list(range(20)))


parallel_20()
