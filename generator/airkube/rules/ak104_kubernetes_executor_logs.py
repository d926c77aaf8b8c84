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


def check(ctx):
    if not versions.uses_kubernetes_pods(ctx.executors):
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
