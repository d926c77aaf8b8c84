"""The kinds of row of the import table (mapping.RULES), the converters rows use, and the context
rows are judged in: the input and the Airflow major version it runs.

    Map("scheduler.replicas", "scheduler.replicas", integer)   # "2" -> 2
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .reader import lookup

AS_WRITTEN = object()  # a Check row's setting takes the input's value


class NotMapped(Exception):
    """A converter can't express the value as the setting: the key goes to chart_values instead."""


@dataclass(frozen=True)
class Context:
    values: dict  # the whole input, for `when` and `unless`
    major: int  # the Airflow major version the input runs

    def has(self, dotted: str) -> bool:
        return lookup(self.values, tuple(dotted.split("."))) not in (None, "")

    def chart_knows(self, path: tuple) -> bool:
        """Whether airkube's chart has this key (its schema describes it)."""
        from ..settings.schema import subschema_at
        from ..values.overlay import chart_schema

        return subschema_at(list(path), chart_schema()) is not None

    @property
    def embedded_db(self) -> bool:
        return lookup(self.values, ("postgresql", "enabled"), True) is not False


@dataclass(frozen=True)
class Row:
    key: str
    outcome: str  # "mapped", "dropped" or "attention"
    text: str  # the setting, the reason, or what to do
    convert: Callable | None = None
    sets: tuple | None = None  # (setting, value) an attention row still writes
    major: int | None = None
    when: Callable | None = None
    unless: str | None = None


def Map(key, setting, convert=None, **only) -> Row:  # noqa: N802 - rows read as a table
    return Row(key, "mapped", setting, convert, **only)


def Drop(key, reason, **only) -> Row:  # noqa: N802
    return Row(key, "dropped", reason, **only)


def Fix(key, what_to_do, **only) -> Row:  # noqa: N802
    return Row(key, "attention", what_to_do, **only)


def Check(key, setting, why, **only) -> Row:  # noqa: N802
    what = f"{why}; airkube's chart takes it as {setting}: check that it does what you meant"
    return Row(key, "attention", what, sets=(setting, AS_WRITTEN), **only)


def Secret(key, setting, name, key_in_secret, **only) -> Row:  # noqa: N802
    what = (f"a plaintext secret (values files end up in Git and in Helm's release history): create the Secret "
            f"`{name}` with the key `{key_in_secret}` holding it; the settings name it in {setting}")
    return Row(key, "attention", what, sets=(setting, name), **only)


# ------------------------------------------------------------------ converters

def boolean(value):
    text = str(value).strip().lower()
    if isinstance(value, bool) or text in ("true", "false"):
        return value if isinstance(value, bool) else text == "true"
    raise NotMapped


def integer(value):
    try:
        return int(str(value).strip())
    except ValueError as exc:
        raise NotMapped from exc


def text(value):
    if isinstance(value, (dict, list)) or value is None:
        raise NotMapped
    return str(value)


def executor(value):
    names = [name.strip() for name in str(value).split(",") if name.strip()]
    return names if len(names) > 1 else str(value).strip()


def seconds(value):
    return f"{integer(value)}s"


def lower(value):
    return text(value).lower()


# [core] auth_manager class names -> auth.manager; the chart writes the class path itself.
AUTH_MANAGERS = {"SimpleAuthManager": "simple", "FabAuthManager": "fab", "KeycloakAuthManager": "keycloak"}


def auth_manager(value):
    try:
        return AUTH_MANAGERS[text(value).rsplit(".", 1)[-1]]
    except KeyError as exc:
        raise NotMapped from exc


def templated(dotted: str) -> Callable:
    """The key holds a Helm template ({{ ... }}): the official chart's own default, written out."""
    return lambda ctx: "{{" in str(lookup(ctx.values, tuple(dotted.split(".")), ""))


def custom_fab_manager(ctx: Context) -> bool:
    """[core] auth_manager is a class of the user's own built on FAB (its name ends in FabAuthManager)."""
    name = str(lookup(ctx.values, ("config", "core", "auth_manager"), "")).rsplit(".", 1)[-1]
    return name.endswith("FabAuthManager") and name not in AUTH_MANAGERS


def env_map(value):
    """[{name, value}] -> {NAME: value}; valueFrom and the like stay in chart_values."""
    if not isinstance(value, list) or not all(isinstance(e, dict) and set(e) == {"name", "value"} for e in value):
        raise NotMapped
    return {e["name"]: text(e["value"]) for e in value}


def secret_refs(value):
    """[{secretRef: {name}}] -> [name]; configMapRef, prefixes and templated strings stay in chart_values."""
    if not isinstance(value, list) or not all(isinstance(e, dict) and list(e) == ["secretRef"] for e in value):
        raise NotMapped
    return [e["secretRef"]["name"] for e in value]


def tolerations(value):
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise NotMapped
    return [{("toleration_seconds" if k == "tolerationSeconds" else k): v for k, v in t.items()} for t in value]


REMOTE_SCHEMES = {"s3": "s3", "gs": "gcs", "wasb": "wasb"}


def remote_folder(value):
    """s3://bucket/logs -> {backend: s3, base_folder: s3://bucket/logs}."""
    scheme = text(value).partition("://")[0]
    if scheme not in REMOTE_SCHEMES:
        raise NotMapped
    return {"backend": REMOTE_SCHEMES[scheme], "base_folder": value}


def env_style_config(path: tuple) -> str:
    """config.AIRFLOW__CORE__LOAD_EXAMPLES -> the official shape, config.core.load_examples."""
    parts = path[-1].split("__")
    return f"config.{parts[1].lower()}.{'__'.join(parts[2:]).lower()}" if len(parts) >= 3 else "config.<section>.<key>"


def external(ctx: Context) -> bool:
    return not ctx.embedded_db


def bitnami_image(ctx: Context) -> bool:
    """The embedded PostgreSQL's image is a Bitnami one, which airkube's chart cannot run."""
    return "bitnami" in str(lookup(ctx.values, ("postgresql", "image", "repository"), "")).lower()


def bundles_with_team(ctx: Context) -> bool:
    """A DAG bundle names its team, which the official chart's schema (1.20) refuses."""
    bundles = lookup(ctx.values, ("dagProcessor", "dagBundleConfigList"))
    return isinstance(bundles, list) and any(isinstance(b, dict) and "team_name" in b for b in bundles)


def given(dotted: str) -> Callable:
    """`when=given("a.b")`: the row holds when the input sets a.b."""
    return lambda ctx: ctx.has(dotted)


def a_list(dotted: str) -> Callable:
    return lambda ctx: isinstance(lookup(ctx.values, tuple(dotted.split("."))), list)


def env_beyond_name_value(ctx: Context) -> bool:
    env = ctx.values.get("env")
    return isinstance(env, list) and any(not isinstance(e, dict) or set(e) - {"name", "value"} for e in env)
