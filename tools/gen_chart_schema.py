#!/usr/bin/env python3
"""Generate chart/values.schema.json and the values table of chart/README.md.

One source: chart/values.yaml gives every key, its default and its "# --" description;
RULES below adds what a default cannot say (enums, patterns, minimums, free-form maps).
The schema is strict: additionalProperties is false on every object the chart defines.

    python tools/gen_chart_schema.py          # rewrite both files
    python tools/gen_chart_schema.py --check  # exit 1 if either is stale
"""
from __future__ import annotations

import fnmatch
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VALUES = ROOT / "chart" / "values.yaml"
SCHEMA = ROOT / "chart" / "values.schema.json"
README = ROOT / "chart" / "README.md"
# Prose of chart/README.md before the values table.
README_PROSE = ROOT / "tools" / "chart_readme.md"


# A Kubernetes quantity exactly as k8s.io/apimachinery's resource.ParseQuantity accepts it
# (quantity.go: <signedNumber><suffix>), minus the negative ones the API server refuses for
# resources and volume sizes. Its quirks are Kubernetes': "512K" is refused (the decimal kilo
# is "k"), "1Ei", "+1", "1.", ".5", "1e3", "1E" (exa) and even "+", "." or "Gi" (zero) are
# accepted. A number without digits goes through the parser's slow path, which refuses it
# with Pi, Ei or an exponent below e-9. One deliberate limit: exponents have at most nine
# digits (Kubernetes wraps longer ones to 32 bits). tests/chart/test_quantities.py checks
# this pattern against kubectl's parser.
_EXPONENT = r"[eE][+-]?0*[0-9]{1,9}"
_SUFFIX = rf"[numkMGTPE]|[KMGTPE]i|{_EXPONENT}"
_SUFFIX_NO_DIGITS = r"[numkMGTPE]|[KMGT]i|[eE](\+?0*[0-9]{1,9}|-0*[0-9])"
QUANTITY = (
    rf"^(\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)({_SUFFIX})?"  # a number with digits
    rf"|-(0+(\.0*)?|\.0+)({_SUFFIX})?"  # minus zero
    rf"|[+-]\.?({_SUFFIX_NO_DIGITS})?|\.({_SUFFIX_NO_DIGITS})?|({_SUFFIX_NO_DIGITS}))$"  # no digits: zero
)
DURATION = r"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"
EXECUTOR = "KubernetesExecutor|CeleryExecutor|LocalExecutor|CeleryKubernetesExecutor|LocalKubernetesExecutor"

DEFS = {
    "quantity": {
        "description": "A Kubernetes quantity as the API server parses it, e.g. 500m, 2, 0.5, 1Gi, 1e3 "
                       "(not 512K: the decimal kilo is k, the binary one Ki).",
        "anyOf": [{"type": "string", "pattern": QUANTITY}, {"type": "number", "minimum": 0}],
    },
    "resources": {
        "type": "object",
        "description": "Container resources: requests and limits of cpu, memory and extended resources.",
        "additionalProperties": False,
        "properties": {
            "requests": {"type": "object", "additionalProperties": {"$ref": "#/$defs/quantity"}},
            "limits": {"type": "object", "additionalProperties": {"$ref": "#/$defs/quantity"}},
        },
    },
    "stringMap": {"type": "object", "additionalProperties": {"type": "string"}},
    "envList": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string", "minLength": 1}, "value": {"type": "string"},
                           "valueFrom": {"type": "object"}},
            "additionalProperties": False,
        },
    },
    "listOrYamlString": {"anyOf": [{"type": "array", "items": {"type": "object"}}, {"type": "string"}]},
    "objectList": {"type": "array", "items": {"type": "object"}},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
}

# Glob on the dotted path -> schema fragment replacing the one inferred from the default.
RULES: list[tuple[str, dict]] = [
    ("airflowVersion", {"type": "string", "pattern": r"^$|^[23]\.[0-9]+\.[0-9]+"}),
    ("executor", {"type": "string", "pattern": rf"^({EXECUTOR})(, ?({EXECUTOR}))*$"}),
    ("*.replicas", {"type": "integer", "minimum": 0}),
    ("workers.image.pullPolicy", {"enum": ["", "Always", "IfNotPresent", "Never"]}),
    ("*.pullPolicy", {"enum": ["Always", "IfNotPresent", "Never"]}),
    ("*resources", {"$ref": "#/$defs/resources"}),
    ("*nodeSelector", {"$ref": "#/$defs/stringMap"}),
    ("*affinity", {"type": "object"}),
    ("*tolerations", {"$ref": "#/$defs/objectList"}),
    ("*topologySpreadConstraints", {"$ref": "#/$defs/objectList"}),
    ("*labels", {"$ref": "#/$defs/stringMap"}),
    ("*annotations", {"$ref": "#/$defs/stringMap"}),
    ("*podAnnotations", {"$ref": "#/$defs/stringMap"}),
    ("securityContexts.*", {"type": "object"}),
    ("env", {"$ref": "#/$defs/envList"}),
    ("*.env", {"$ref": "#/$defs/envList"}),
    ("extraEnv", {"$ref": "#/$defs/listOrYamlString"}),
    ("extraEnvFrom", {"$ref": "#/$defs/listOrYamlString"}),
    ("imagePullSecrets", {"type": "array", "items": {"type": "object", "required": ["name"],
                                                     "properties": {"name": {"type": "string"}},
                                                     "additionalProperties": False}}),
    ("config", {"type": "object", "additionalProperties": {
        "type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}}),
    ("extraObjects", {"type": "array", "items": {"type": ["object", "string"]}}),
    ("workers.extraPodTemplates", {"type": "object", "additionalProperties": {"type": ["string", "object"]}}),
    # Profile names are checked in _validate-deployment.tpl: helm 4 words a propertyNames error without the path.
    ("workers.profiles", {"type": "object", "additionalProperties": {"$ref": "#/$defs/workerProfile"}}),
    ("workers.podSpecPatch", {"type": "object"}),
    ("workers.containerPatch", {"type": "object"}),
    ("workers.extraEnvFrom", {"$ref": "#/$defs/objectList"}),
    ("workers.extraVolumes", {"$ref": "#/$defs/objectList"}),
    ("workers.extraVolumeMounts", {"$ref": "#/$defs/objectList"}),
    ("statsd.extraMappings", {"$ref": "#/$defs/objectList"}),
    ("*.service.type", {"enum": ["ClusterIP", "NodePort", "LoadBalancer"]}),
    ("*.port", {"$ref": "#/$defs/port"}),
    ("*.accessMode", {"enum": ["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod", "ReadOnlyMany"]}),
    ("*.size", {"type": "string", "pattern": QUANTITY}),
    ("pgbouncer.poolMode", {"enum": ["transaction", "session", "statement"]}),
    ("pgbouncer.maxClientConn", {"type": "integer", "minimum": 1}),
    ("pgbouncer.*PoolSize", {"type": "integer", "minimum": 1}),
    ("logs.remote.backend", {"enum": ["", "s3", "gcs", "wasb", "elasticsearch", "opensearch"]}),
    ("data.metadataConnection.protocol", {"enum": ["postgresql", "mysql"]}),
    ("data.metadataConnection.sslmode",
     {"enum": ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]}),
    ("dagProcessor.enabled", {"type": ["boolean", "null"]}),
    ("dags.gitSync.period", {"type": "string", "pattern": DURATION}),
    ("dags.gitSync.depth", {"type": "integer", "minimum": 0}),
    ("dags.gitSync.maxFailures", {"type": "integer", "minimum": -1}),
    ("monitoring.serviceMonitor.interval", {"type": "string", "pattern": DURATION}),
    ("*Seconds", {"type": "integer", "minimum": 0}),
    ("*.livenessProbe.*", {"type": "integer", "minimum": 0}),
    ("*.readinessProbe.*", {"type": "integer", "minimum": 0}),
    ("*.maxUnavailable", {"type": ["integer", "string"]}),
    ("monitoring.prometheusRule.failuresPerHour", {"type": "integer", "minimum": 0}),
    ("apiServer.defaultUser.role", {"enum": ["admin", "op", "user", "viewer"]}),
    # Celery workers' autoscaling, Flower and the cleanup CronJobs.
    ("*Annotations", {"$ref": "#/$defs/stringMap"}),
    ("*Labels", {"$ref": "#/$defs/stringMap"}),
    ("workers.keda.advanced", {"type": "object"}),
    ("workers.hpa.metrics", {"$ref": "#/$defs/objectList"}),
    ("workers.hpa.behavior", {"type": "object"}),
    ("*.schedule", {"type": "string", "minLength": 1}),
    ("*.persistentVolumeClaimRetentionPolicy", {
        "type": ["object", "null"], "additionalProperties": False,
        "properties": {"whenDeleted": {"enum": ["Retain", "Delete"]}, "whenScaled": {"enum": ["Retain", "Delete"]}}}),
    ("*JobsHistoryLimit", {"type": ["integer", "null"], "minimum": 0}),
    ("databaseCleanup.retentionDays", {"type": "integer", "minimum": 1}),
    ("databaseCleanup.batchSize", {"type": ["integer", "null"], "minimum": 1}),
    ("databaseCleanup.tables", {"type": "array", "uniqueItems": True, "items": {"type": "string", "minLength": 1}}),
    ("ingress.flower.pathType", {"enum": ["Exact", "Prefix", "ImplementationSpecific"]}),
    ("ingress.flower.hosts", {"type": "array", "items": {"anyOf": [{"type": "string", "minLength": 1}, {
        "type": "object", "required": ["name"], "additionalProperties": False, "properties": {
            "name": {"type": "string", "minLength": 1},
            "tls": {"type": "object", "additionalProperties": False,
                    "properties": {"enabled": {"type": "boolean"}, "secretName": {"type": "string"}}}}}]}}),
]

# Keys the chart accepts only to refuse them with the name of their replacement (see _validate.tpl).
REFUSED = {
    "workers": {"podTemplateFile": {"type": "string",
                                    "description": "Refused: helm cannot read files outside the chart; "
                                                   "use --set-file workers.podTemplate=FILE."}},
    "dags.gitSync": {"wait": {"type": ["integer", "string"],
                              "description": "Refused: removed in git-sync v4; use dags.gitSync.period."}},
    "": {"serviceAccount": {"type": "object", "description": "Refused: each component has its own ServiceAccount "
                                                             "(<component>.serviceAccount)."}},
}


def descriptions(text: str) -> dict[str, str]:
    """Map dotted key paths to their "# --" comment (continued by following "# " lines)."""
    found: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    pending: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("# --"):
            pending = [stripped[4:].strip()]
            continue
        if stripped.startswith("#") and pending:
            pending.append(stripped.lstrip("#").strip())
            continue
        match = re.match(r"^( *)([A-Za-z][\w-]*):", line)
        if not match:
            pending = [] if not stripped else pending
            continue
        indent, key = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = ".".join([k for _, k in stack] + [key])
        stack.append((indent, key))
        if pending:
            found[path] = " ".join(pending)
        pending = []
    return found


def rule_for(path: str) -> dict | None:
    for pattern, fragment in RULES:
        if fnmatch.fnmatchcase(path, pattern):
            return dict(fragment)
    return None


def infer(path: str, value, docs: dict[str, str]) -> dict:
    schema = rule_for(path)
    if schema is None:
        if isinstance(value, dict):
            schema = {"type": "object", "additionalProperties": False,
                      "properties": {k: infer(f"{path}.{k}" if path else k, v, docs) for k, v in value.items()}}
            for key, fragment in REFUSED.get(path, {}).items():
                schema["properties"][key] = fragment
        elif isinstance(value, bool):
            schema = {"type": "boolean"}
        elif isinstance(value, int):
            schema = {"type": "integer", "minimum": 0}
        elif isinstance(value, float):
            schema = {"type": "number"}
        elif isinstance(value, str):
            schema = {"type": "string"}
        elif isinstance(value, list):
            schema = {"type": "array"}
        else:
            schema = {}
    description = docs.get(path)
    if description:
        schema = {"description": description, **schema}
    return schema


def webserver_schema(api_server: dict) -> dict:
    """Airflow 2's webserver block: apiServer's keys, all optional, plus the FAB user."""
    props = {k: v for k, v in api_server["properties"].items() if k != "defaultUser"}
    fields = ("username", "role", "email", "firstName", "lastName", "password", "passwordSecretName")
    user = {k: {"type": "string"} for k in fields}
    user["enabled"] = {"type": "boolean"}
    props["defaultUser"] = {"type": "object", "additionalProperties": False, "properties": user,
                            "description": "FAB admin user created by a Job (Airflow 2)."}
    return {"type": "object", "additionalProperties": False, "properties": props}


# What a worker profile may set: the workers.* keys a pod template is built from.
PROFILE_KEYS = ("image", "resources", "nodeSelector", "affinity", "tolerations", "labels", "podAnnotations", "env",
                "extraEnvFrom", "extraVolumes", "extraVolumeMounts", "terminationGracePeriodSeconds", "podSpecPatch",
                "containerPatch")


def patch(schema: dict) -> dict:
    """The same schema where null is allowed at every level: in a profile, null deletes what workers.* set."""
    schema = dict(schema)
    ref = schema.pop("$ref", None)
    if ref in ("#/$defs/resources", "#/$defs/stringMap", "#/$defs/quantity"):
        return {**schema, "$ref": ref + "Patch"}
    if ref:
        return {**schema, "anyOf": [{"type": "null"}, {"$ref": ref}]}
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        schema["type"] = types + ["null"]
    if "enum" in schema:
        schema["enum"] = schema["enum"] + [None]
    if "properties" in schema:
        schema["properties"] = {k: patch(v) for k, v in schema["properties"].items()}
    if isinstance(schema.get("additionalProperties"), dict):
        schema["additionalProperties"] = patch(schema["additionalProperties"])
    return schema


def profile_schema(workers: dict) -> dict:
    """workers.profiles.<name>: a subset of workers.*, every key optional and nullable; serviceAccount by name only."""
    props = {key: patch(workers["properties"][key]) for key in PROFILE_KEYS}
    name = workers["properties"]["serviceAccount"]["properties"]["name"]
    props["serviceAccount"] = patch({"type": "object", "additionalProperties": False, "properties": {"name": name}})
    return {"type": ["object", "null"], "additionalProperties": False, "properties": props,
            "description": "A worker profile: workers.* keys deep-merged over the default template's "
                           "(null deletes a key)."}


# workers.* keys that are not the Celery worker's own: the shared ServiceAccount and RBAC, the pod templates, and
# what airflow.workload.airflowPod does not read yet (labels, extraVolumes, extraVolumeMounts: task pods only).
NOT_CELERY = ("celery", "kubernetes", "profiles", "podTemplate", "extraPodTemplates", "podSpecPatch", "containerPatch",
              "serviceAccount", "allowPodLaunching", "podTemplateFile", "labels", "extraVolumes", "extraVolumeMounts")


def split_worker_schemas(workers: dict) -> dict:
    """The official chart's split: workers.celery overrides workers.* for Celery workers (any of their keys),
    workers.kubernetes for KubernetesExecutor pods (the keys a profile may set). Unlike a profile's, their
    keys are not nullable: the official chart reads null there as "inherit", which helm 4 does by dropping it."""
    props = workers["properties"]
    celery = {k: v for k, v in props.items() if k not in NOT_CELERY}
    kubernetes = {k: props[k] for k in PROFILE_KEYS}
    kubernetes["serviceAccount"] = {"type": "object", "additionalProperties": False,
                                    "properties": {"name": props["serviceAccount"]["properties"]["name"]}}
    return {"celery": {"type": "object", "additionalProperties": False, "properties": celery},
            "kubernetes": {"type": "object", "additionalProperties": False, "properties": kubernetes}}


def patch_defs() -> dict:
    """Nullable twins of the shared definitions, for profiles."""
    return {"quantityPatch": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/quantity"}]},
            "stringMapPatch": patch(DEFS["stringMap"]),
            "resourcesPatch": patch({**DEFS["resources"], "properties": {
                k: {"type": "object", "additionalProperties": {"$ref": "#/$defs/quantity"}}
                for k in ("requests", "limits")}})}


def build() -> dict:
    text = VALUES.read_text()
    values = yaml.safe_load(text)
    docs = descriptions(text)
    root = infer("", values, docs)
    webserver = webserver_schema(root["properties"]["apiServer"])
    root["properties"]["webserver"] = {"description": docs["webserver"], **webserver}
    # gitSync without a repository is a mistake helm should catch itself.
    root["properties"]["dags"]["properties"]["gitSync"].update({
        "if": {"properties": {"enabled": {"const": True}}, "required": ["enabled"]},
        "then": {"properties": {"repo": {"minLength": 1}}, "required": ["repo"]},
    })
    workers = root["properties"]["workers"]
    defs = {**DEFS, **patch_defs(), "workerProfile": profile_schema(workers)}
    for key, schema in split_worker_schemas(workers).items():
        workers["properties"][key] = {"description": docs[f"workers.{key}"], **schema}
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": "airkube Airflow chart values",
            **root, "$defs": defs}


def leaves(values, prefix=""):
    if isinstance(values, dict) and values and not any(fnmatch.fnmatchcase(prefix, p) for p, _ in RULES if prefix):
        for key, value in values.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix, values


def readme_table() -> str:
    text = VALUES.read_text()
    docs = descriptions(text)
    rows = ["| Key | Default | Description |", "| --- | --- | --- |"]
    for path, default in leaves(yaml.safe_load(text)):
        shown = json.dumps(default) if not isinstance(default, str) else f'"{default}"'
        if len(shown) > 60:
            shown = "see values.yaml"
        rows.append(f"| `{path}` | `{shown}` | {docs.get(path, '')} |")
    return "\n".join(rows) + "\n"


def readme() -> str:
    return (
        "# airflow chart (airkube)\n\n"
        "Apache Airflow on Kubernetes, KubernetesExecutor first. Generated by `make docs` from\n"
        "`values.yaml` and `tools/chart_readme.md`; edit those, not this file.\n\n"
        + README_PROSE.read_text() + "## Values\n\n" + readme_table()
    )


def main() -> int:
    from generated_files import write_or_check

    outputs = {SCHEMA: json.dumps(build(), indent=2, sort_keys=False) + "\n", README: readme()}
    return write_or_check(outputs, sys.argv, "make docs")


if __name__ == "__main__":
    sys.exit(main())
