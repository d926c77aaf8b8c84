"""AK110 production-admin-password: no well-known admin password in production.

Airflow 2's webserver creates an admin user at install.  The well-known lab
passwords (admin, admin123, changeme, airflow, ...) are refused in
production; put a generated one in ``webserver.default_user.password_secret``
(or leave both unset and the chart generates one).

Passing example::

    profile: production
    airflow: {version: "2.10.4"}
    database: {embedded: false, metadata_secret: airflow-metadata}
    webserver: {default_user: {password_secret: airflow-admin}}

Failing example::

    profile: production
    airflow: {version: "2.10.4"}
    database: {embedded: false, metadata_secret: airflow-metadata}
    webserver: {default_user: {password: admin}}
"""

from . import Finding

ID = "AK110"
NAME = "production-admin-password"

DEFAULT_PASSWORDS = {"admin", "admin123", "changeme", "airflow", "password", "secret"}


def check(ctx):
    if not ctx.production:
        return
    password = ctx.get("webserver.default_user.password")
    if isinstance(password, str) and password.lower() in DEFAULT_PASSWORDS:
        yield Finding("webserver.default_user.password",
                      f"webserver.default_user.password is the well-known default {password!r}, refused in "
                      "production. Create a Secret with a generated password and set "
                      "webserver.default_user.password_secret.")
