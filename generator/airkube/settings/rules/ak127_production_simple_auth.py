"""AK127 production-simple-auth: the simple auth manager is for development only.

Airflow documents its simple auth manager as a development tool: users and
passwords in a file, no roles beyond four fixed ones, no SSO.  The
production profile refuses it; use ``fab`` (the profile's default) or
``keycloak``.

Passing example::

    profile: production
    database: {embedded: false, metadata_secret: airflow-metadata}
    auth: {manager: fab}

Failing example::

    profile: production
    database: {embedded: false, metadata_secret: airflow-metadata}
    auth: {manager: simple}
"""

from . import Finding

ID = "AK127"
NAME = "production-simple-auth"


def check(ctx):
    if ctx.production and ctx.get("auth.manager") == "simple":
        yield Finding("auth.manager",
                      "auth.manager: simple is Airflow's development-only auth manager, refused in production. "
                      "Use fab (users and roles in the database, OAuth/LDAP through auth.web_config; remove "
                      "auth.manager for the profile's default) or keycloak (with auth.keycloak).")
