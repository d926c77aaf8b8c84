"""AK109 production-inline-secrets: production settings hold Secret names, never passwords.

Values files end up in Git, Helm release history and CI logs, so the
production profile refuses inline passwords, tokens and credentials in URLs.

Passing example::

    profile: production
    database: {embedded: false, metadata_secret: airflow-metadata}

Failing example::

    profile: production
    database: {embedded: true, embedded_password: hunter2}
"""

import re

from .. import paths
from ..secrets import is_secret
from . import Finding
from .ak110_production_admin_password import DEFAULT_PASSWORDS

ID = "AK109"
NAME = "production-inline-secrets"

_URL_CREDENTIALS = re.compile(r"://[^/\s:@]+:[^/\s@]+@")
# The chart's keys that hold a password (each has a *SecretName or *Secret key beside it naming a Secret).
# Its inline keys (fernetKey, jwtSecret, ...) are refused on every profile: the chart's schema says so
# (values/overlay.py reports them).
_CHART_SECRET_KEYS = re.compile(r"^(pass|.*[pP]assword)$")


def _walk(value, parts: tuple):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, parts + (str(key),))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, parts + (index,))
    else:
        yield parts, value


def _free_form_sections(ctx):
    yield from ("airflow.env", "workers.env", "airflow.config", "secrets_backend.kwargs")
    profiles = ctx.get("workers.profiles")
    if isinstance(profiles, dict):
        yield from (f"workers.profiles.{name}.env" for name in sorted(profiles))


def check(ctx):
    if not ctx.production:
        return
    if ctx.get("database.embedded") is True and ctx.get("database.backend") == "postgresql":
        yield Finding("database.embedded_password",
                      "the production profile refuses the embedded database's inline password "
                      "(database.embedded_password). Use a managed database: database.embedded: false "
                      "with database.metadata_secret naming the Secret that holds its URL.")
    password = ctx.get("webserver.default_user.password")
    # A well-known default password is AK110's finding; one report per mistake.
    if password and str(password).lower() not in DEFAULT_PASSWORDS:
        yield Finding("webserver.default_user.password",
                      "webserver.default_user.password is an inline password, refused in production. "
                      "Put it in a Secret (key `password`) and set webserver.default_user.password_secret.")
    for section in _free_form_sections(ctx):
        for parts, value in _walk(ctx.get(section), tuple(section.split("."))):
            if not isinstance(value, str) or not value:
                continue
            path = paths.join(parts)
            if _URL_CREDENTIALS.search(value):
                yield Finding(path, f"{path} holds a URL with a user and password, refused in production. "
                                    "Move it into a Secret and load it with env_from_secrets "
                                    "(or a *_secret setting).")
            elif is_secret(parts):
                yield Finding(path, f"{path} looks like an inline secret ({parts[-1]}), refused in production. "
                                    "Move it into a Secret and load it with env_from_secrets.")
    for parts, value in _walk(ctx.get("chart_values"), ("chart_values",)):
        if isinstance(value, str) and value and (_CHART_SECRET_KEYS.match(str(parts[-1]))
                                                  or _URL_CREDENTIALS.search(value)):
            path = paths.join(parts)
            yield Finding(path, f"{path} is an inline secret, refused in production: chart_values end up in the "
                                "values file. Put it in a Secret and give its name (the chart's *SecretName key "
                                "or the matching *_secret setting).")
