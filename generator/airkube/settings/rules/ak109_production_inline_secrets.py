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

from . import Finding
from .ak110_production_admin_password import DEFAULT_PASSWORDS

ID = "AK109"
NAME = "production-inline-secrets"

_SECRET_NAME = re.compile(r"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)", re.I)
_URL_CREDENTIALS = re.compile(r"://[^/\s:@]+:[^/\s@]+@")


def _walk(value, path):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, f"{path}[{index}]")
    else:
        yield path, value


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
    for section in ("airflow.env", "workers.env", "airflow.config", "secrets_backend.kwargs"):
        for path, value in _walk(ctx.get(section), section):
            if not isinstance(value, str) or not value:
                continue
            leaf = path.rsplit(".", 1)[-1]
            if _URL_CREDENTIALS.search(value):
                yield Finding(path, f"{path} holds a URL with a user and password, refused in production. "
                                    "Move it into a Secret and load it with env_from_secrets "
                                    "(or a *_secret setting).")
            elif _SECRET_NAME.search(leaf) and not leaf.lower().endswith(("_secret_name", "_cmd", "_path", "_file")):
                yield Finding(path, f"{path} looks like an inline secret ({leaf}), refused in production. "
                                    "Move it into a Secret and load it with env_from_secrets.")
    profiles = ctx.get("workers.profiles")
    if isinstance(profiles, dict):
        for name, profile in sorted(profiles.items()):
            env = profile.get("env") if isinstance(profile, dict) else None
            for path, value in _walk(env, f"workers.profiles.{name}.env"):
                leaf = path.rsplit(".", 1)[-1]
                if isinstance(value, str) and value and (_URL_CREDENTIALS.search(value) or _SECRET_NAME.search(leaf)):
                    yield Finding(path, f"{path} looks like an inline secret, refused in production. "
                                        "Move it into a Secret and load it with env_from_secrets.")
