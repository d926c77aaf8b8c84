"""Strict Kubernetes validation with kubernetes-validate's offline schemas, cached.

kubernetes_validate.validate() re-reads the 1 MB definitions file on every call; the
validators here are built once per (Kubernetes version, kind) from the same schema files
and the same strict rules, so validating thousands of objects stays fast.
"""
from __future__ import annotations

import functools
import json
import re

import importlib_resources
import jsonschema
from referencing import Registry, Resource

# prometheus-operator, Gateway API and KEDA kinds are CRDs, not part of the Kubernetes API schemas
# (tests/chart/test_celery_features.py checks the ScaledObject's shape itself).
CRD_KINDS = frozenset({"ServiceMonitor", "PrometheusRule", "HTTPRoute", "ScaledObject"})
# The Kubernetes minors the feature tests validate against: the oldest supported and the newest ones.
STRICT_VERSIONS = ("1.30", "1.35", "1.36", "1.37")
SCHEMAS = importlib_resources.files("kubernetes_validate") / "kubernetes-json-schema"


@functools.cache
def _load(path: str):
    return json.loads((SCHEMAS / path).read_text())


@functools.cache
def _validator(version: str, kind: str, api_version: str):
    folder = f"v{version}.0-local-strict"
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    schema = _load(f"{folder}/{kind.lower()}-{group}.json")
    registry = Resource.from_contents(schema) @ Registry()
    registry = Resource.from_contents(_load(f"{folder}/_definitions.json")) @ registry
    return jsonschema.Draft202012Validator(schema, registry=registry)


def problems(obj: dict, version: str) -> list[str]:
    """Strict-mode errors of one object for a Kubernetes minor such as "1.35" (empty: valid)."""
    validator = _validator(version, obj["kind"], obj["apiVersion"])
    where = f"{obj['kind']}/{obj.get('metadata', {}).get('name')}"
    return [f"{where}: {e.message} at {'.'.join(map(str, e.absolute_path))}" for e in validator.iter_errors(obj)]


def problems_all(objs: list[dict], version: str) -> list[str]:
    return [p for obj in objs if obj["kind"] not in CRD_KINDS for p in problems(obj, version)]
