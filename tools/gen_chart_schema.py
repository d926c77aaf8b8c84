#!/usr/bin/env python3
"""Generate chart/values.schema.json and the values table of chart/README.md.

One source: chart/values.yaml gives every key, its default and its "# --" description;
RULES below adds what a default cannot say (enums, patterns, minimums, free-form maps).
Keys several components share are declared once in values.yaml, in a commented "# @defs NAME:
COMPONENT..." block ending with "# @end": it becomes $defs/NAME, which each component named references.
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
# An OCI image digest (algorithm:hex), or empty.
DIGEST = r"^$|^[A-Za-z][A-Za-z0-9_+.-]*:[0-9a-fA-F]{32,}$"
ACCESS_MODES = ["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod", "ReadOnlyMany"]
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
    "probe": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "enabled": {"type": "boolean"},
            "initialDelaySeconds": {"type": "integer", "minimum": 0},
            "periodSeconds": {"type": "integer", "minimum": 1},
            "timeoutSeconds": {"type": "integer", "minimum": 1},
            "failureThreshold": {"type": "integer", "minimum": 1},
            "successThreshold": {"type": "integer", "minimum": 1},
            "scheme": {"enum": ["HTTP", "HTTPS"]},
            "command": {"type": ["array", "null"], "items": {"type": "string"}},
        },
    },
    "stringListOrNull": {"type": ["array", "null"], "items": {"type": "string"}},
    "pullSecrets": {"type": "array", "items": {"anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1}},
         "additionalProperties": False}]}},
    # The official chart's shapes (ingress hosts, Secrets as env, remote log connections, DAG bundles).
    "ingressHost": {"anyOf": [{"type": "string"}, {
        "type": "object", "required": ["name"], "additionalProperties": False,
        "properties": {"name": {"type": "string"}, "tls": {"$ref": "#/$defs/ingressTls"}}}]},
    "ingressTls": {"type": "object", "additionalProperties": False,
                   "properties": {"enabled": {"type": "boolean"}, "secretName": {"type": "string"}}},
    "ingressPaths": {"type": "array", "items": {
        "type": "object", "required": ["path", "serviceName", "servicePort"], "additionalProperties": False,
        "properties": {"path": {"type": "string"}, "pathType": {"$ref": "#/$defs/pathType"},
                       "serviceName": {"type": "string"}, "servicePort": {"type": ["string", "integer"]}}}},
    "pathType": {"enum": ["Prefix", "Exact", "ImplementationSpecific"]},
    "logConnection": {
        "type": "object", "additionalProperties": False,
        "properties": {"enabled": {"type": "boolean"}, "secretName": {"type": ["string", "null"]},
                       "secretAnnotations": {"$ref": "#/$defs/stringMap"},
                       "connection": {"type": "object", "additionalProperties": False, "properties": {
                           "scheme": {"enum": ["http", "https"]}, "user": {"type": "string"},
                           "pass": {"type": "string"}, "host": {"type": "string"},
                           "port": {"type": ["integer", "string"]}}}}},
    "namedData": {"type": "object", "additionalProperties": {
        "type": "object", "additionalProperties": False,
        "properties": {"data": {"type": "string"}, "stringData": {"type": "string"}, "type": {"type": "string"},
                       "labels": {"$ref": "#/$defs/stringMap"}, "annotations": {"$ref": "#/$defs/stringMap"},
                       "useHelmHooks": {"type": "boolean", "description": "Accepted: this chart never makes "
                                        "them hooks (they exist before the pods that read them)."}}}},
}

# Glob on the dotted path -> schema fragment replacing the one inferred from the default.
RULES: list[tuple[str, dict]] = [
    ("airflowVersion", {"type": "string", "pattern": r"^$|^[23]\.[0-9]+\.[0-9]+"}),
    ("executor", {"type": "string", "pattern": rf"^({EXECUTOR})(, ?({EXECUTOR}))*$"}),
    ("*.replicas", {"type": "integer", "minimum": 0}),
    ("workers.image.pullPolicy", {"enum": ["", "Always", "IfNotPresent", "Never"]}),
    ("images.migrationsWaitTimeout", {"type": ["integer", "null"], "minimum": 1}),
    ("images.pod_template.pullPolicy", {"enum": ["", "Always", "IfNotPresent", "Never"]}),
    ("images.flower.pullPolicy", {"enum": ["", "Always", "IfNotPresent", "Never"]}),
    ("*.pullPolicy", {"enum": ["Always", "IfNotPresent", "Never"]}),
    ("*resources", {"$ref": "#/$defs/resources"}),
    ("*nodeSelector", {"$ref": "#/$defs/stringMap"}),
    ("*affinity", {"type": "object"}),
    ("*tolerations", {"$ref": "#/$defs/objectList"}),
    ("*topologySpreadConstraints", {"$ref": "#/$defs/objectList"}),
    ("*labels", {"$ref": "#/$defs/stringMap"}),
    ("*annotations", {"$ref": "#/$defs/stringMap"}),
    ("*podAnnotations", {"$ref": "#/$defs/stringMap"}),
    ("*securityContexts.*", {"type": "object"}),
    ("*.securityContext", {"type": "object"}),
    ("securityContext", {"type": "object"}),
    # git-sync probes: a Probe, or timing fields for its own check (see _git-sync.tpl).
    ("dags.gitSync.*Probe", {"type": "object"}),
    ("*Probe", {"$ref": "#/$defs/probe"}),
    ("*.extraVolumes", {"$ref": "#/$defs/objectList"}),
    ("*.extraVolumeMounts", {"$ref": "#/$defs/objectList"}),
    ("*.extraContainers", {"$ref": "#/$defs/objectList"}),
    ("*.extraInitContainers", {"$ref": "#/$defs/objectList"}),
    ("volumes", {"$ref": "#/$defs/objectList"}),
    ("volumeMounts", {"$ref": "#/$defs/objectList"}),
    ("*.command", {"$ref": "#/$defs/stringListOrNull"}),
    ("*.args", {"$ref": "#/$defs/stringListOrNull"}),
    ("*.priorityClassName", {"type": ["string", "null"]}),
    ("*.containerLifecycleHooks", {"type": "object"}),
    ("*.hostAliases", {"$ref": "#/$defs/objectList"}),
    ("*.safeToEvict", {"type": ["boolean", "null"]}),
    ("*revisionHistoryLimit", {"type": ["integer", "null"], "minimum": 0}),
    ("*.strategy", {"type": ["object", "null"]}),
    ("*.updateStrategy", {"type": ["object", "null"]}),
    ("*.terminationGracePeriodSeconds", {"type": ["integer", "null"], "minimum": 0}),
    ("*.ttlSecondsAfterFinished", {"type": ["integer", "null"], "minimum": 0}),
    ("*.serviceAccount.create", {"type": ["boolean", "null"]}),
    ("*.serviceAccount.name", {"type": ["string", "null"]}),
    ("*.automountServiceAccountToken", {"type": ["boolean", "null"]}),
    ("*.jobAnnotations", {"$ref": "#/$defs/stringMap"}),
    ("images.airflow.digest", {"type": ["string", "null"], "pattern": DIGEST}),
    ("defaultAirflowDigest", {"type": ["string", "null"], "pattern": DIGEST}),
    # The official chart's null defaults: empty, as "".
    ("images.airflow.repository", {"type": ["string", "null"]}),
    ("images.airflow.tag", {"type": ["string", "null"]}),
    ("images.pod_template.repository", {"type": ["string", "null"]}),
    ("images.pod_template.tag", {"type": ["string", "null"]}),
    ("images.flower.repository", {"type": ["string", "null"]}),
    ("images.flower.tag", {"type": ["string", "null"]}),
    ("registry.secretName", {"type": ["string", "null"]}),
    ("env", {"$ref": "#/$defs/envList"}),
    ("*.env", {"$ref": "#/$defs/envList"}),
    ("extraEnv", {"$ref": "#/$defs/listOrYamlString"}),
    ("extraEnvFrom", {"$ref": "#/$defs/listOrYamlString"}),
    ("imagePullSecrets", {"$ref": "#/$defs/pullSecrets"}),
    ("registry.connection", {"type": "object", "additionalProperties": False,
                             "properties": {k: {"type": "string"} for k in ("host", "user", "pass", "email")},
                             "anyOf": [{"maxProperties": 0}, {"required": ["host", "user", "pass"]}]}),
    ("config", {"type": "object", "additionalProperties": {
        "type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}}),
    ("extraObjects", {"type": "array", "items": {"type": ["object", "string"]}}),
    ("workers.extraPodTemplates", {"type": "object", "additionalProperties": {"type": ["string", "object"]}}),
    # Profile names are checked in _validate-deployment.tpl: helm 4 words a propertyNames error without the path.
    ("workers.profiles", {"type": "object", "additionalProperties": {"$ref": "#/$defs/workerProfile"}}),
    ("workers.podSpecPatch", {"type": "object"}),
    ("workers.containerPatch", {"type": "object"}),
    ("workers.extraEnvFrom", {"$ref": "#/$defs/objectList"}),
    ("statsd.extraMappings", {"$ref": "#/$defs/objectList"}),
    ("ingress.enabled", {"type": ["boolean", "null"]}),
    ("ingress.*.hosts", {"type": "array", "items": {"$ref": "#/$defs/ingressHost"}}),
    ("ingress.*.tls", {"$ref": "#/$defs/ingressTls"}),
    ("ingress.*.pathType", {"$ref": "#/$defs/pathType"}),
    ("ingress.*Paths", {"$ref": "#/$defs/ingressPaths"}),
    ("httpRoute", {"type": "object", "additionalProperties": False, "properties": {
        "enabled": {"type": "boolean"}, "parentRefs": {"$ref": "#/$defs/objectList"},
        "hostnames": {"type": "array", "items": {"type": "string"}}, "annotations": {"$ref": "#/$defs/stringMap"},
        "path": {"type": "string"}},
        "if": {"properties": {"enabled": {"const": True}}, "required": ["enabled"]},
        "then": {"required": ["parentRefs"], "properties": {"parentRefs": {"minItems": 1}}}}),
    ("elasticsearch", {"$ref": "#/$defs/logConnection"}),
    ("opensearch", {"$ref": "#/$defs/logConnection"}),
    ("secret", {"type": "array", "items": {
        "type": "object", "required": ["envName", "secretName"], "additionalProperties": False,
        "properties": {k: {"type": "string", "minLength": 1} for k in ("envName", "secretName", "secretKey")}}}),
    ("extraSecrets", {"$ref": "#/$defs/namedData"}),
    ("extraConfigMaps", {"$ref": "#/$defs/namedData"}),
    ("airflowLocalSettings", {"type": ["string", "null"]}),
    ("enableBuiltInSecretEnvVars", {"type": "object", "additionalProperties": False, "properties": {
        name: {"type": "boolean"} for name in (
            "AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW_CONN_AIRFLOW_DB",
            "AIRFLOW__API__SECRET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__WEBSERVER__SECRET_KEY",
            "AIRFLOW__CELERY__RESULT_BACKEND", "AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__ELASTICSEARCH__HOST",
            "AIRFLOW__OPENSEARCH__HOST",
            # Older official charts also set these Airflow < 2.3 names; this chart sets only the current ones.
            "AIRFLOW__CORE__SQL_ALCHEMY_CONN", "AIRFLOW__CELERY__CELERY_RESULT_BACKEND",
            "AIRFLOW__ELASTICSEARCH__ELASTICSEARCH_HOST")}}),
    ("dagProcessor.dagBundleConfigList", {"type": "array", "items": {
        "type": "object", "required": ["name", "classpath"], "additionalProperties": False,
        "properties": {"name": {"type": "string", "minLength": 1}, "classpath": {"type": "string", "minLength": 1},
                       "kwargs": {"type": "object"}, "team_name": {"type": ["string", "null"]}}}}),
    ("*.logGroomerSidecar", {"$ref": "#/$defs/logGroomerSidecar"}),
    ("logs.groomer.securityContexts", {"type": "object", "additionalProperties": False,
                                       "properties": {"container": {"type": "object"}}}),
    ("logs.groomer.containerLifecycleHooks", {"type": "object"}),
    ("logs.groomer.command", {"type": ["array", "null"], "items": {"type": "string"}}),
    ("logs.groomer.args", {"type": ["array", "null"], "items": {"type": "string"}}),
    ("logs.groomer.maxSizePercent", {"type": "integer", "minimum": 0, "maximum": 100}),
    ("logs.groomer.frequencyMinutes", {"type": "integer", "minimum": 1}),
    ("dags.gitSync.wait", {"type": ["integer", "null"], "minimum": 1}),
    ("dags.gitSync.envFrom", {"$ref": "#/$defs/listOrYamlString"}),
    ("dags.gitSync.extraVolumeMounts", {"$ref": "#/$defs/objectList"}),
    ("dags.gitSync.securityContexts", {"type": "object", "additionalProperties": False,
                                       "properties": {"container": {"type": "object"}}}),
    ("dags.gitSync.httpPort", {"$ref": "#/$defs/port"}),
    ("dags.gitSync.securityContext", {"type": "object"}),
    ("dags.gitSync.containerLifecycleHooks", {"type": "object"}),
    ("*.emptyDirConfig", {"type": "object"}),
    ("*.service.type", {"enum": ["ClusterIP", "NodePort", "LoadBalancer"]}),
    ("apiServer.service.ports", {"type": "array", "items": {
        "type": "object", "required": ["name", "port"], "additionalProperties": False, "properties": {
            "name": {"type": "string", "minLength": 1}, "port": {"$ref": "#/$defs/port"},
            "targetPort": {"type": ["integer", "string"]}, "nodePort": {"$ref": "#/$defs/port"},
            "protocol": {"enum": ["TCP", "UDP", "SCTP"]}}}}),
    ("*.port", {"$ref": "#/$defs/port"}),
    ("*.accessMode", {"enum": ACCESS_MODES}),
    ("*.accessModes", {"type": "array", "minItems": 1, "items": {"enum": ACCESS_MODES}}),
    ("postgresql.auth.enablePostgresUser", {"const": True}),
    ("postgresql.image", {"type": "object", "additionalProperties": False, "properties": {
        **{k: {"type": "string"} for k in ("registry", "repository", "tag")},
        "digest": {"type": "string", "pattern": DIGEST}, "pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
        "pullSecrets": {"$ref": "#/$defs/pullSecrets"}}}),
    ("postgresql.global", {"type": "object", "additionalProperties": False, "properties": {
        "imageRegistry": {"type": "string"}, "imagePullSecrets": {"$ref": "#/$defs/pullSecrets"}}}),
    ("*.size", {"type": "string", "pattern": QUANTITY}),
    ("pgbouncer.poolMode", {"enum": ["transaction", "session", "statement"]}),
    ("pgbouncer.maxClientConn", {"type": "integer", "minimum": 1}),
    ("pgbouncer.*PoolSize", {"type": "integer", "minimum": 1}),
    ("logs.remote.backend", {"enum": ["", "s3", "gcs", "wasb", "elasticsearch", "opensearch"]}),
    ("data.metadataConnection.protocol", {"enum": ["postgresql", "mysql"]}),
    ("ports", {"type": "object", "additionalProperties": False, "properties": {name: {"const": port} for name, port in (
        ("flowerUI", 5555), ("airflowUI", 8080), ("apiServer", 8080), ("workerLogs", 8793), ("triggererLogs", 8794),
        ("redisDB", 6379), ("statsdIngest", 9125), ("statsdScrape", 9102), ("pgbouncer", 6543),
        ("pgbouncerScrape", 9127))}}),
    ("data.resultBackendConnection", {"type": ["object", "null"], "additionalProperties": False, "properties": {
        **{k: {"type": ["string", "null"]} for k in ("user", "pass", "host", "db")},
        "protocol": {"enum": ["postgresql", "mysql", None]},
        "port": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/port"}]},
        "sslmode": {"enum": ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", None]}}}),
    ("data.metadataConnection.sslmode",
     {"enum": ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]}),
    ("dagProcessor.enabled", {"type": ["boolean", "null"]}),
    ("scheduler.enabled", {"const": True}),
    ("apiServer.enabled", {"const": True}),
    ("dags.gitSync.period", {"type": "string", "pattern": DURATION}),
    ("dags.gitSync.depth", {"type": "integer", "minimum": 0}),
    ("dags.gitSync.maxFailures", {"type": "integer", "minimum": -1}),
    ("monitoring.serviceMonitor.interval", {"type": "string", "pattern": DURATION}),
    ("*Seconds", {"type": "integer", "minimum": 0}),
    ("*.podDisruptionBudget.config.unhealthyPodEvictionPolicy", {"enum": ["IfHealthyBudget", "AlwaysAllow", None]}),
    # A PodDisruptionBudget's bound: an integer or a percentage, as Kubernetes' IntOrString; null: unset.
    ("*.podDisruptionBudget.config.m*vailable", {"type": ["integer", "string", "null"], "minimum": 0,
                                                  "pattern": "^(100|[1-9]?[0-9])%$"}),
    ("monitoring.prometheusRule.failuresPerHour", {"type": "integer", "minimum": 0}),
    ("apiServer.defaultUser.role", {"enum": ["admin", "op", "user", "viewer"]}),
    ("createUserJob.defaultUser", {"type": "object", "additionalProperties": False, "properties": {
        "enabled": {"type": "boolean"},
        "role": {"enum": ["Admin", "Op", "User", "Viewer", "admin", "op", "user", "viewer"]},
        **{k: {"type": "string"} for k in ("username", "email", "firstName", "lastName", "password")}}}),
    ("auth.manager", {"enum": ["", "simple", "fab", "keycloak"]}),
    # Celery workers' autoscaling, Flower and the cleanup CronJobs.
    ("*Annotations", {"$ref": "#/$defs/stringMap"}),
    ("*Labels", {"$ref": "#/$defs/stringMap"}),
    ("workers.keda.advanced", {"type": "object"}),
    ("workers.hpa.metrics", {"$ref": "#/$defs/objectList"}),
    ("workers.hpa.behavior", {"type": "object"}),
    ("apiServer.hpa.metrics", {"$ref": "#/$defs/objectList"}),
    ("apiServer.hpa.behavior", {"type": "object"}),
    ("apiServer.hpa.minReplicaCount", {"type": "integer", "minimum": 1}),
    ("*.schedule", {"type": "string", "minLength": 1}),
    ("workers.podManagementPolicy", {"enum": [None, "OrderedReady", "Parallel"]}),
    ("workers.volumeClaimTemplates", {"$ref": "#/$defs/objectList"}),
    ("*.persistentVolumeClaimRetentionPolicy", {
        "type": ["object", "null"], "additionalProperties": False,
        "properties": {"whenDeleted": {"enum": ["Retain", "Delete"]}, "whenScaled": {"enum": ["Retain", "Delete"]}}}),
    ("*JobsHistoryLimit", {"type": ["integer", "null"], "minimum": 0}),
    ("databaseCleanup.retentionDays", {"type": "integer", "minimum": 1}),
    ("databaseCleanup.batchSize", {"type": ["integer", "null"], "minimum": 1}),
    ("databaseCleanup.tables", {"type": "array", "uniqueItems": True, "items": {"type": "string", "minLength": 1}}),
]

# Keys the chart accepts only to refuse them with the name of their replacement (see _validate.tpl):
# official keys of ours renamed or kept out of manifests here, and (chart/files/refused-keys.yaml) keys
# the official chart never had.
REFUSED = {
    "ingress.apiServer": {
        "className": {"type": "string", "description": "Refused: renamed; use ingressClassName."},
        "tlsSecretName": {"type": "string", "description": "Refused: use hosts[].tls {enabled, secretName} "
                                                         "(or tls for host)."}},
    # null (the official default) or empty: nothing inline, so nothing refused.
    "": {key: {"type": ["string", "null"],
               "description": f"Refused: an inline key lands in rendered manifests; use {name}."}
         for key, name in (("fernetKey", "fernetKeySecretName"), ("apiSecretKey", "apiSecretKeySecretName"),
                           ("jwtSecret", "jwtSecretName"), ("webserverSecretKey", "webserverSecretKeySecretName"))},
    # Ours before the official shape; the official chart never had it (_validate-official.tpl).
    "disruptionBudget.podDisruptionBudget": {"maxUnavailable": {
        "type": ["integer", "string"], "description": "Refused: not a key of the official chart; use "
                                                       "podDisruptionBudget.config.maxUnavailable."}},
}


def refuse_keys_of_other_charts() -> None:
    """REFUSED gains chart/files/refused-keys.yaml's keys (dotted paths), described by their replacement."""
    for path, why in yaml.safe_load((ROOT / "chart" / "files" / "refused-keys.yaml").read_text()).items():
        parent, _, key = path.rpartition(".")
        REFUSED.setdefault(parent, {})[key] = {"description": f"Refused: {why}"}


refuse_keys_of_other_charts()


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


# "# @defs NAME: COMPONENT ..." then commented YAML ("#   key: value", "#   # -- description") up to "# @end".
DEFS_BLOCK = re.compile(r"^# @defs (\w+): ([\w ]+)\n((?:#.*\n)*?)# @end$", re.M)


def shared_blocks(text: str) -> list[tuple[str, list[str], str]]:
    """The @defs blocks of values.yaml as (name, components, YAML text)."""
    blocks = []
    for match in DEFS_BLOCK.finditer(text):
        lines = match.group(3).splitlines()
        bad = [line for line in lines if not line.startswith("#   ")]
        if bad:
            raise SystemExit(f"values.yaml @defs {match.group(1)}: lines must start with '#   ': {bad[0]!r}")
        blocks.append((match.group(1), match.group(2).split(), "\n".join(line[4:] for line in lines) + "\n"))
    return blocks


def shared_defs(text: str) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """({NAME: schema of the block}, {component: [NAME, ...]})."""
    defs: dict[str, dict] = {}
    users: dict[str, list[str]] = {}
    for name, components, body in shared_blocks(text):
        docs = {f"{name}.{path}": doc for path, doc in descriptions(body).items()}
        defs[name] = infer(name, yaml.safe_load(body), docs)
        for component in components:
            users.setdefault(component, []).append(name)
    return defs, users


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
    # webserver_config.py keeps the official chart's names on Airflow 2.
    for api_key, web_key in (("apiServerConfig", "webserverConfig"),
                             ("apiServerConfigConfigMapName", "webserverConfigConfigMapName")):
        props[web_key] = props.pop(api_key)
    fields = ("username", "role", "email", "firstName", "lastName", "password", "passwordSecretName")
    user = {k: {"type": "string"} for k in fields}
    user["enabled"] = {"type": "boolean"}
    props["enabled"] = {"type": "boolean", "description": "Accepted as true on Airflow 2, where the webserver is the "
                                                        "UI and always runs, and as false on Airflow 3, which has "
                                                        "none (the other values are refused)."}
    props["defaultUser"] = {"type": "object", "additionalProperties": False, "properties": user,
                            "description": "The official chart's admin user, on either Airflow version: over "
                                           "createUserJob.defaultUser and apiServer.defaultUser."}
    return {"type": "object", "additionalProperties": False, "properties": props}


# What a worker profile may set: the workers.* keys a pod template is built from.
PROFILE_KEYS = ("image", "resources", "nodeSelector", "affinity", "tolerations", "topologySpreadConstraints",
                "priorityClassName", "labels", "podAnnotations", "safeToEvict", "env", "extraEnvFrom", "extraVolumes",
                "extraVolumeMounts", "extraContainers", "extraInitContainers", "command", "securityContexts",
                "terminationGracePeriodSeconds", "podSpecPatch", "containerPatch")


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
        schema["type"] = types + ["null"] if "null" not in types else types
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = schema["enum"] + [None]
    if "properties" in schema:
        schema["properties"] = {k: patch(v) for k, v in schema["properties"].items()}
    if isinstance(schema.get("additionalProperties"), dict):
        schema["additionalProperties"] = patch(schema["additionalProperties"])
    return schema


def resolve(schema: dict, shared: dict) -> dict:
    """A property that references a shared block's key, replaced by that key's schema."""
    ref = schema.get("$ref", "")
    if ref.startswith("#/$defs/") and "/properties/" in ref:
        name, key = ref.removeprefix("#/$defs/").split("/properties/")
        return shared[name]["properties"][key]
    return schema


def profile_schema(workers: dict, shared: dict) -> dict:
    """workers.profiles.<name>: a subset of workers.*, every key optional and nullable; serviceAccount by name only."""
    props = {key: patch(resolve(workers["properties"][key], shared)) for key in PROFILE_KEYS}
    name = resolve(workers["properties"]["serviceAccount"], shared)["properties"]["name"]
    props["serviceAccount"] = patch({"type": "object", "additionalProperties": False, "properties": {"name": name}})
    return {"type": ["object", "null"], "additionalProperties": False, "properties": props,
            "description": "A worker profile: workers.* keys deep-merged over the default template's "
                           "(null deletes a key)."}


# workers.* keys that are not the Celery worker's own: the shared ServiceAccount and RBAC, and the pod templates
# (airflow.workload.airflowPod reads every other key, labels and extra volumes included, on Celery workers too).
NOT_CELERY = ("celery", "kubernetes", "profiles", "podTemplate", "extraPodTemplates", "podSpecPatch", "containerPatch",
              "serviceAccount", "allowPodLaunching")  # and the keys refused under workers (refused-keys.yaml)


def split_worker_schemas(workers: dict, shared: dict) -> dict:
    """The official chart's split: workers.celery overrides workers.* for Celery workers (any of their keys),
    workers.kubernetes for KubernetesExecutor pods (the keys a profile may set, and serviceAccount). Unlike a
    profile's, their keys are not nullable: the official chart reads null there as "inherit", which helm 4 does
    by dropping it."""
    props = workers["properties"]
    celery = {k: v for k, v in props.items()
              if k not in NOT_CELERY and not v.get("description", "").startswith("Refused: ")}
    kubernetes = {k: props[k] for k in PROFILE_KEYS}
    # The official chart's own ServiceAccount of the task pods: every key of a component's serviceAccount.
    kubernetes["serviceAccount"] = resolve(props["serviceAccount"], shared)
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
    shared, users = shared_defs(text)
    for component, names in users.items():
        if component == "webserver":
            continue  # webserver_schema copies apiServer's
        props = root["properties"][component]["properties"]
        for name in names:
            for key in shared[name]["properties"]:
                props.setdefault(key, {"$ref": f"#/$defs/{name}/properties/{key}"})
    webserver = webserver_schema(root["properties"]["apiServer"])
    # ingress.web: the official chart's Airflow 2 name of the same block as ingress.apiServer.
    ingress = root["properties"]["ingress"]["properties"]
    ingress["web"] = {**ingress["apiServer"], "description": docs["ingress.web"]}
    root["properties"]["webserver"] = {"description": docs["webserver"], **webserver}
    # gitSync without a repository is a mistake helm should catch itself.
    root["properties"]["dags"]["properties"]["gitSync"].update({
        "if": {"properties": {"enabled": {"const": True}}, "required": ["enabled"]},
        "then": {"properties": {"repo": {"minLength": 1}}, "required": ["repo"]},
    })
    groomer = patch(root["properties"]["logs"]["properties"]["groomer"])
    workers = root["properties"]["workers"]
    defs = {**DEFS, **patch_defs(), **shared,
            "workerProfile": profile_schema(workers, shared),
            "logGroomerSidecar": {**groomer, "type": ["object", "null"],
                                  "description": "A component's log groomer: logs.groomer's keys, each optional."}}
    for key, schema in split_worker_schemas(workers, shared).items():
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
    found = list(leaves(yaml.safe_load(text)))
    for name, components, body in shared_blocks(text):
        docs.update({f"<{name}>.{path}": doc for path, doc in descriptions(body).items()})
        docs[f"<{name}>"] = "is any of: " + ", ".join(components)
        found += [(f"<{name}>", None)] + [(f"<{name}>.{p}", v) for p, v in leaves(yaml.safe_load(body))]
    for path, default in found:
        if path.startswith("<") and "." not in path:
            rows.append(f"| `{path}` | | {docs[path]} |")
            continue
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
