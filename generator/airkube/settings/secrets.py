"""Which settings values are secrets: one predicate for the messages, the rules and `explain`."""

from __future__ import annotations

import re

_SECRET_WORDS = re.compile(r"password|passwd|secret|token|api_?key|private_?key|credential", re.I)
# Keys that say where a secret is kept, not the secret: env_from_secrets, Airflow's *_secret_name,
# *_cmd, *_path and *_file options.
_NAMES_A_SECRET = ("_secret_name", "_secrets", "_cmd", "_path", "_file")
# Maps whose keys the user chooses (env variables, airflow.cfg options, ...): there `client_secret`
# holds a secret, while elsewhere a settings key ending in `_secret` names a Kubernetes Secret.
_FREE_FORM = frozenset({"env", "config", "kwargs", "pod_spec", "container", "labels", "annotations"})


def is_secret(path) -> bool:
    """Whether the value at ``path`` (keys and list indexes) is a secret: DB_PASSWORD, SLACK_TOKEN,
    database.embedded_password; not database.metadata_secret (the name of a Secret)."""
    keys = [part for part in path if isinstance(part, str)]
    if not keys:
        return False
    key = keys[-1]
    if key.lower().endswith(_NAMES_A_SECRET):
        return False
    if key.endswith("_secret") and not _FREE_FORM.intersection(keys[:-1]):
        return False
    return bool(_SECRET_WORDS.search(key))


def redact(value, path: tuple = ()):
    """A copy of settings with every secret value replaced by <redacted>."""
    if isinstance(value, dict):
        return {k: redact(v, path + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, path + (i,)) for i, v in enumerate(value)]
    if value not in (None, "") and is_secret(path):
        return "<redacted>"
    return value
