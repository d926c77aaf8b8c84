"""AK102 pgbouncer-postgresql: PgBouncer pools only PostgreSQL connections.

Passing example::

    database: {backend: postgresql, pgbouncer: {enabled: true}}

Failing example::

    database: {backend: mysql, embedded: false, metadata_secret: airflow-db, pgbouncer: {enabled: true}}
"""

from . import Finding

ID = "AK102"
NAME = "pgbouncer-postgresql"


def check(ctx):
    backend = ctx.get("database.backend", "postgresql")
    if ctx.get("database.pgbouncer.enabled") is True and backend != "postgresql":
        yield Finding(
            "database.pgbouncer.enabled",
            f"database.pgbouncer.enabled is true but database.backend is {backend}: PgBouncer "
            "only speaks PostgreSQL. Set database.pgbouncer.enabled: false or use PostgreSQL.")
