"""Read a values file written for the official chart: plain values, a Flux HelmRelease (spec.values)
or an Argo CD Application (spec.source.helm.valuesObject or its `values` string); and list its
key paths.

    leaves({"a": {"b": 1, "c": []}, "d": {}})  ->  [(("a", "b"), 1), (("a", "c"), []), (("d",), {})]
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Kubernetes objects passed through whole: their inner keys are not chart keys.
OPAQUE = frozenset({"affinity"})


class InputError(Exception):
    """The input can't be read as values: the message names the file, the problem and the fix."""


class MissingInput(InputError):
    """There is no such file (a usage error)."""


def read_values(path: str | os.PathLike) -> tuple[dict, str]:
    """(the values, what the file was: "values", "Flux HelmRelease spec.values", ...)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise MissingInput(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: can't read it ({exc}); give a values file in UTF-8") from exc
    try:
        documents = [d for d in yaml.load_all(text, Loader=_Loader) if d is not None]
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {' '.join(str(exc).split())}. Fix the file, "
                         "then import again") from exc
    try:
        releases = [found for found in map(_unwrapped, documents) if found]
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: the Application's spec.source.helm.values is not valid YAML: "
                         f"{' '.join(str(exc).split())}") from exc
    if releases:
        return releases[0]
    if len(documents) == 1 and isinstance(documents[0], dict):
        return documents[0], "values"
    if not documents:
        raise InputError(f"{path}: empty; give a values file (a YAML mapping such as `executor: KubernetesExecutor`)")
    raise InputError(f"{path}: not a values mapping ({len(documents)} YAML document(s) and none is a mapping "
                     "or a Flux HelmRelease / Argo CD Application); give the chart's values as one YAML mapping")


def _unwrapped(document) -> tuple[dict, str] | None:
    """The chart values a GitOps object carries, or None when it is not one."""
    if not isinstance(document, dict) or not isinstance(document.get("spec"), dict):
        return None
    spec = document["spec"]
    if document.get("kind") == "HelmRelease" and isinstance(spec.get("values", {}), dict):
        return spec.get("values") or {}, "Flux HelmRelease spec.values"
    helm = (spec.get("source") or {}).get("helm") if isinstance(spec.get("source"), dict) else None
    if document.get("kind") == "Application" and isinstance(helm, dict):
        if isinstance(helm.get("valuesObject"), dict):
            return helm["valuesObject"], "Argo CD Application spec.source.helm.valuesObject"
        if isinstance(helm.get("values"), str):
            values = yaml.load(helm["values"], Loader=_Loader)
            if isinstance(values, dict):
                return values, "Argo CD Application spec.source.helm.values"
    return None


def leaves(values, prefix: tuple = ()) -> list[tuple[tuple, object]]:
    """Every key path to a value that is not a non-empty mapping (lists count as one value)."""
    if isinstance(values, dict) and values and (not prefix or prefix[-1] not in OPAQUE):
        out = []
        for key, value in values.items():
            out.extend(leaves(value, prefix + (str(key),)))
        return out
    return [(prefix, values)] if prefix else []


def lookup(values, path: tuple, missing=None):
    """The value at a key path, or ``missing``."""
    node = values
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return missing
        node = node[key]
    return node


def show(path: tuple) -> str:
    """A key path as users write it: dots between keys, [brackets] around keys that hold dots."""
    return "".join(f"[{key}]" if "." in key or not key else ("." if i else "") + key for i, key in enumerate(path))
