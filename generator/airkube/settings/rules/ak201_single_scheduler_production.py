"""AK201 single-scheduler-production (warning): one scheduler is a single point of failure.

If the only scheduler dies, nothing is scheduled until Kubernetes restarts it.

Passing example::

    profile: production
    scheduler: {replicas: 2}

Failing example::

    profile: production
    scheduler: {replicas: 1}
"""

from . import Finding

ID = "AK201"
NAME = "single-scheduler-production"


def check(ctx):
    if ctx.production and ctx.get("scheduler.replicas") == 1:
        yield Finding("scheduler.replicas",
                      "scheduler.replicas is 1 in production: if that scheduler dies, no task is scheduled "
                      "until it comes back. Use scheduler.replicas: 2.", "warning")
