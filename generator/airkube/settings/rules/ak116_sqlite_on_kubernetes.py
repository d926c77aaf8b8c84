"""AK116 sqlite-on-kubernetes: SQLite can't be shared by pods.

The scheduler, API server and task pods each run in their own pod with their
own disk, so a SQLite file can't be their common database.  (More than one
scheduler is AK101's finding.)

Passing example::

    database: {backend: postgresql, embedded: true}

Failing example::

    database: {backend: sqlite}
"""

from . import Finding

ID = "AK116"
NAME = "sqlite-on-kubernetes"


def check(ctx):
    replicas = ctx.get("scheduler.replicas", 1)
    if ctx.get("database.backend") == "sqlite" and not (isinstance(replicas, int) and replicas > 1):
        yield Finding("database.backend",
                      "database.backend is sqlite, but Airflow's components run in separate pods that can't "
                      "share one SQLite file. Use the embedded PostgreSQL for dev (backend: postgresql, "
                      "embedded: true).")
