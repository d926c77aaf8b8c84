"""AK102 pgbouncer-postgresql: PgBouncer pools only PostgreSQL connections, and needs their credentials.

With an external database (``metadata_secret``) the chart can't read the
credentials PgBouncer needs, so its config comes from
``database.pgbouncer.config_secret``.

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
    if ctx.get("database.pgbouncer.enabled") is True and backend == "postgresql" \
            and ctx.get("database.metadata_secret") and not ctx.get("database.pgbouncer.config_secret"):
        yield Finding(
            "database.pgbouncer.config_secret",
            "database.pgbouncer.enabled with database.metadata_secret needs database.pgbouncer.config_secret: "
            "the chart can't read the database credentials inside your Secret. Name a Secret with keys "
            "pgbouncer.ini and users.txt.")
