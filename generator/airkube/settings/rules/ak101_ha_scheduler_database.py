"""AK101 ha-scheduler-database: more than one scheduler needs PostgreSQL or MySQL.

HA schedulers coordinate through row locks (SELECT ... FOR UPDATE SKIP LOCKED),
which SQLite does not have.

Passing example::

    scheduler: {replicas: 2}
    database: {backend: postgresql}

Failing example::

    scheduler: {replicas: 2}
    database: {backend: sqlite}
"""

from . import Finding

ID = "AK101"
NAME = "ha-scheduler-database"


def check(ctx):
    replicas = ctx.get("scheduler.replicas", 1)
    if isinstance(replicas, int) and replicas > 1 and ctx.get("database.backend") == "sqlite":
        yield Finding(
            "scheduler.replicas",
            f"scheduler.replicas is {replicas} but database.backend is sqlite: several schedulers "
            "need row locks SQLite does not have. Use database.backend: postgresql "
            "(or set scheduler.replicas: 1 for a lab).")
