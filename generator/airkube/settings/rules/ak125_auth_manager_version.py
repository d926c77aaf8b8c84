"""AK125 auth-manager-version: Airflow 2 logs in through FAB only.

Airflow 2's webserver has Flask AppBuilder built in and no pluggable UI auth
manager: the simple and keycloak auth managers need Airflow 3.  On Airflow 2
leave ``auth.manager`` unset (or ``fab``) and configure OAuth or LDAP in
``auth.web_config``.

Passing example::

    airflow: {version: "2.10.4"}
    auth: {manager: fab}

Failing example::

    airflow: {version: "2.10.4"}
    auth: {manager: simple}
"""

from . import Finding

ID = "AK125"
NAME = "auth-manager-version"


def check(ctx):
    manager = ctx.get("auth.manager")
    if ctx.major < 3 and manager in ("simple", "keycloak"):
        yield Finding("auth.manager",
                      f"auth.manager: {manager} needs Airflow 3; Airflow 2's webserver has FAB built in. "
                      "Remove auth.manager (or set fab) and configure OAuth/LDAP in auth.web_config.")
