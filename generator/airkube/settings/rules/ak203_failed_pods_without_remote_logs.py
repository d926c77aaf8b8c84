"""AK203 failed-pods-without-remote-logs (warning): kept failed pods are the only copy of their logs.

``workers.delete_pods_on_failure: false`` keeps failed task pods for
debugging; without remote logging they pile up, hold their node resources
and are the only place those logs exist.

Passing example::

    workers: {delete_pods_on_failure: false}
    logging: {remote: {backend: s3, connection_id: aws_logs, base_folder: "s3://bucket/logs"}}

Failing example::

    workers: {delete_pods_on_failure: false}
"""

from .. import versions
from . import Finding

ID = "AK203"
NAME = "failed-pods-without-remote-logs"


def check(ctx):
    if not versions.uses_kubernetes_pods(ctx.executors):
        return
    if ctx.written("workers.delete_pods_on_failure") and ctx.get("workers.delete_pods_on_failure") is False \
            and not ctx.get("logging.remote.backend"):
        yield Finding("workers.delete_pods_on_failure",
                      "workers.delete_pods_on_failure is false without remote logging: failed pods pile up "
                      "and are the only copy of their logs. Set logging.remote, and clean up failed pods "
                      "(or set delete_pods_on_failure: true).", "warning")
