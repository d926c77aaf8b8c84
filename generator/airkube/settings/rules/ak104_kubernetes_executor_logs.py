"""AK104 kubernetes-executor-logs: task logs must outlive the task pods.

With the KubernetesExecutor every task runs in its own pod, often on another
node.  A ReadWriteOnce logs volume can't be mounted by all of them, so logs
need a ReadWriteMany volume or remote logging.  With neither (no volume, no
remote), logs vanish when the pod is deleted: a warning.

Passing example::

    executor: KubernetesExecutor
    logging: {persistence: {enabled: true, access_mode: ReadWriteMany}}

Failing example::

    executor: KubernetesExecutor
    logging: {persistence: {enabled: true, access_mode: ReadWriteOnce}}
"""

from .. import versions
from . import Finding

ID = "AK104"
NAME = "kubernetes-executor-logs"
WARNS = True  # logs only on the pods' own disks


def _writers(ctx) -> int:
    """Long-running pods that write logs (Celery/Local executors)."""
    count = ctx.get("scheduler.replicas", 1) or 0
    if ctx.component_enabled("triggerer"):
        count += ctx.get("triggerer.replicas", 1) or 0
    if ctx.component_enabled("dag_processor"):
        count += ctx.get("dag_processor.replicas", 1) or 0
    if versions.uses_celery(ctx.executors):
        count += ctx.get("celery.worker_replicas", 1) or 0
    return count


def check(ctx):
    if not versions.uses_kubernetes_pods(ctx.executors):
        writers = _writers(ctx)
        if ctx.get("logging.persistence.enabled") is True and ctx.get("logging.persistence.access_mode") \
                in ("ReadWriteOnce", "ReadWriteOncePod") and writers > 1:
            yield Finding(
                "logging.persistence.access_mode",
                f"logging.persistence.access_mode is {ctx.get('logging.persistence.access_mode')} but {writers} "
                "pods write logs, and only one can mount it. Use access_mode: ReadWriteMany or logging.remote.")
        return
    remote = ctx.get("logging.remote.backend")
    persistence = ctx.get("logging.persistence.enabled") is True
    mode = ctx.get("logging.persistence.access_mode", "ReadWriteMany")
    if persistence and mode != "ReadWriteMany" and not remote:
        yield Finding(
            "logging.persistence.access_mode",
            f"logging.persistence.access_mode is {mode}, but KubernetesExecutor task pods run on "
            "many nodes and cannot all mount it, so their logs are lost. Use access_mode: "
            "ReadWriteMany or set logging.remote (s3, gcs, wasb, ...).")
    elif not persistence and not remote:
        yield Finding(
            "logging",
            "KubernetesExecutor task logs live only in the task pods and vanish when they are "
            "deleted. Set logging.remote (s3, gcs, wasb, ...) or logging.persistence with "
            "ReadWriteMany.", "warning")
