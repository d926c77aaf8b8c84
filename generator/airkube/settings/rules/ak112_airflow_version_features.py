"""AK112 airflow-version-features: settings that exist in only one Airflow major version.

Airflow 3 replaced the webserver with the API server, signs task tokens with
a JWT secret and dropped the hybrid executors (use an executor list instead);
Airflow 2 has no executor lists.  (airflow.cfg options of the other version
are AK117's finding.)

Passing example::

    airflow: {version: "3.3.2"}
    executor: [KubernetesExecutor, CeleryExecutor]
    api_server: {replicas: 2}

Failing example::

    airflow: {version: "3.3.2"}
    executor: CeleryKubernetesExecutor
    webserver: {replicas: 2}
"""

from .. import versions
from . import Finding

ID = "AK112"
NAME = "airflow-version-features"


def check(ctx):
    version = ctx.get("airflow.version")
    if ctx.major >= 3:
        only_other, label = versions.AIRFLOW2_ONLY_SETTINGS, "Airflow 2"
    else:
        only_other, label = versions.AIRFLOW3_ONLY_SETTINGS, "Airflow 3"
    for dotted, replacement in sorted(only_other.items()):
        if ctx.written(dotted):
            fix = f"Use {replacement} instead" if replacement else "Remove it"
            yield Finding(dotted, f"{dotted} exists only in {label}, but airflow.version is {version}. "
                                  f"{fix} (or change airflow.version).")
    executor = ctx.raw.get("executor")
    if ctx.major >= 3:
        for name in ctx.executors:
            if name in versions.AIRFLOW2_ONLY_EXECUTORS:
                parts = name.replace("Executor", "").replace("Kubernetes", ",Kubernetes").split(",")
                listed = ", ".join(f"{p}Executor" for p in parts)
                yield Finding("executor", f"{name} was removed in Airflow 3 (airflow.version is {version}). "
                                          f"Use an executor list instead: executor: [{listed}].")
        if ctx.written("dag_processor.enabled") and ctx.get("dag_processor.enabled") is False:
            yield Finding("dag_processor.enabled",
                          "dag_processor.enabled is false, but Airflow 3 always parses DAGs in the standalone "
                          "DAG processor. Remove the setting.")
    if ctx.major < 3 and isinstance(executor, list) and len(executor) > 1:
        yield Finding("executor", f"an executor list needs Airflow 3 (airflow.version is {version}). "
                                  "Use one executor, or CeleryKubernetesExecutor for Celery plus Kubernetes.")
