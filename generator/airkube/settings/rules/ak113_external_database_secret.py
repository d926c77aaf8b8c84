"""AK113 external-database-secret: an external database is reached through a Secret.

When the chart does not run the database (``database.embedded: false``),
airkube needs the name of the Secret holding its connection URL.

Passing example::

    database: {embedded: false, metadata_secret: airflow-metadata}

Failing example::

    database: {embedded: false}
"""

from . import Finding

ID = "AK113"
NAME = "external-database-secret"


def check(ctx):
    if ctx.get("database.backend") == "sqlite":
        return
    embedded = ctx.get("database.embedded")
    backend = ctx.get("database.backend")
    if embedded is True and backend == "mysql":
        yield Finding("database.embedded",
                      "database.embedded is true but the chart only embeds PostgreSQL, and "
                      "database.backend is mysql. Use backend: postgresql, or embedded: false with "
                      "database.metadata_secret.")
    if embedded is False and not ctx.get("database.metadata_secret"):
        yield Finding("database.metadata_secret",
                      "database.embedded is false but database.metadata_secret is not set, so Airflow has "
                      "no database. Name the Secret whose key `connection` holds the database URL.")
