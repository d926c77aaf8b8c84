"""AK202 pgbouncer-concurrency (warning): many concurrent tasks without PgBouncer.

Each task pod opens its own database connections; with 50 tasks at once
that is 50+ connections on PostgreSQL.  PgBouncer pools them.

Passing example::

    airflow: {parallelism: 64}
    database: {pgbouncer: {enabled: true}}

Failing example::

    airflow: {parallelism: 64}
    database: {pgbouncer: {enabled: false}}
"""

from . import Finding

ID = "AK202"
NAME = "pgbouncer-concurrency"

THRESHOLD = 32


def check(ctx):
    parallelism = ctx.get("airflow.parallelism", 32)
    if ctx.get("database.backend") != "postgresql" or not isinstance(parallelism, int):
        return
    if parallelism > THRESHOLD and ctx.get("database.pgbouncer.enabled") is not True:
        yield Finding("database.pgbouncer.enabled",
                      f"airflow.parallelism is {parallelism} without PgBouncer: every running task opens its "
                      "own PostgreSQL connections and can exhaust max_connections. Set "
                      "database.pgbouncer.enabled: true.", "warning")
