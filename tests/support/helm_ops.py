"""Helpers shared by the chart tests on a real API server (helm 3 and 4, examples, Secrets
the examples expect, readiness and leftover checks): tests/cluster (kwok) and tests/node
(a real kubelet) run the same steps.
"""
from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".tools" / "bin"
EXAMPLES = ROOT / "values-examples"
CHART = ROOT / "chart"
HELMS = ["helm3", "helm4"]

# What Kubernetes itself puts in every namespace; never the chart's.
K8S_OWN = {("ServiceAccount", "default"), ("ConfigMap", "kube-root-ca.crt")}
EVENT_KINDS = {"Event"}  # core/v1 and events.k8s.io/v1 list the same events


# ---------------------------------------------------------------- running helm

def helm(cluster, version: str, *args: str, timeout: float = 420,
         check: bool = True) -> subprocess.CompletedProcess:
    """Run .tools/bin/<version> against the cluster; fail the test with helm's output."""
    return cluster.run(str(BIN / version), *args, timeout=timeout, check=check)


def example_values(example: str) -> Path:
    return EXAMPLES / example / "values.yaml"


def load_example(example: str) -> dict:
    return yaml.safe_load(example_values(example).read_text())


def install_example(cluster, version: str, namespace: str, release: str, example: str,
                    *extra: str) -> subprocess.CompletedProcess:
    prepare_example(cluster, namespace, example)
    return helm(cluster, version, "install", release, str(CHART), "-n", namespace,
                "-f", str(example_values(example)), "--wait", "--timeout", "5m", *extra)


@contextlib.contextmanager
def scratch_namespace(cluster, prefix: str = "t"):
    """A namespace for a module-scoped install (the `namespace` fixture is per test)."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    cluster.kubectl("create", "namespace", name)
    cluster.kubectl("wait", "--for=create", "-n", name, "serviceaccount/default",
                    "--timeout=30s")
    try:
        yield name
    finally:
        cluster.kubectl("delete", "namespace", name, "--wait=false", check=False)


# ------------------------------------------------- what the examples expect to exist

def _secret(name: str, data: dict[str, str]) -> dict:
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}, "type": "Opaque",
            "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}}


def _pgbouncer_ini() -> str:
    # Shape of what the chart's own pgbouncer Secret holds; an external database.
    return ("[databases]\nairflow-metadata = host=db.example.internal port=5432 dbname=airflow\n"
            "[pgbouncer]\nlisten_addr = *\nlisten_port = 6543\nauth_type = scram-sha-256\n"
            "auth_file = /etc/pgbouncer/users.txt\npool_mode = transaction\n")


def required_secrets(values: dict) -> list[dict]:
    """Secrets a values file names but does not create (the user's job before install).

    Read from the values rather than hard-coded, so a new *SecretName in an example is
    created too; the key names are those chart/values.yaml documents for each setting.
    """
    conn = "postgresql://airflow:airflow@pgbouncer.example.internal:6543/airflow-metadata"
    keys = {
        "fernetKeySecretName": {"fernet-key": base64.urlsafe_b64encode(b"k" * 32).decode()},
        "apiSecretKeySecretName": {"api-secret-key": "api-secret-from-a-secret"},
        "jwtSecretName": {"jwt-secret": "jwt-secret-from-a-secret"},
        "webserverSecretKeySecretName": {"webserver-secret-key": "webserver-secret"},
    }
    found: dict[str, dict[str, str]] = {}
    for key, data in keys.items():
        if values.get(key):
            found[values[key]] = data
    for key in ("metadataSecretName", "resultBackendSecretName", "brokerUrlSecretName"):
        if (values.get("data") or {}).get(key):
            found[values["data"][key]] = {"connection": conn}
    pgb = values.get("pgbouncer") or {}
    if pgb.get("configSecretName"):
        found[pgb["configSecretName"]] = {
            "pgbouncer.ini": _pgbouncer_ini(),
            "users.txt": '"airflow" "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5"\n'}
    redis = values.get("redis") or {}
    if redis.get("passwordSecretName"):
        found[redis["passwordSecretName"]] = {"password": "redis-password"}
    git = ((values.get("dags") or {}).get("gitSync") or {})
    if git.get("credentialsSecret"):
        found[git["credentialsSecret"]] = {"GITSYNC_USERNAME": "git", "GITSYNC_PASSWORD": "token"}
    if git.get("sshKeySecret"):
        found[git["sshKeySecret"]] = {"gitSshKey": "-----BEGIN OPENSSH PRIVATE KEY-----\n"}
    for ui in ("apiServer", "webserver"):  # the admin user: the UI's on either version
        user = ((values.get(ui) or {}).get("defaultUser") or {})
        if user.get("passwordSecretName"):
            found[user["passwordSecretName"]] = {"password": "admin-password"}
    ingress = ((values.get("ingress") or {}).get("apiServer")) or {}
    hosts = [h for h in ingress.get("hosts") or [] if isinstance(h, dict)]
    for tls in [ingress.get("tls") or {}] + [h.get("tls") or {} for h in hosts]:
        if tls.get("enabled") and tls.get("secretName"):
            found[tls["secretName"]] = {"tls.crt": "", "tls.key": ""}
    for source in values.get("extraEnvFrom") or []:
        if isinstance(source, dict) and "secretRef" in source:
            found[source["secretRef"]["name"]] = {"AIRFLOW_CONN_EXAMPLE": "http://example.com"}
    return [_secret(name, data) for name, data in sorted(found.items())]


PROMETHEUS_CRDS = [("servicemonitors", "ServiceMonitor"), ("prometheusrules", "PrometheusRule")]


def ensure_prometheus_crds(cluster) -> None:
    """production (and chart/ci monitoring) render prometheus-operator objects, which a
    cluster only accepts with its CRDs; a cluster that has them (kind with the operator)
    keeps its own, here they are minimal schema-less stand-ins."""
    for plural, kind in PROMETHEUS_CRDS:
        name = f"{plural}.monitoring.coreos.com"
        if cluster.kubectl("get", "crd", name, check=False).returncode == 0:
            continue
        crd = {
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": name},
            "spec": {"group": "monitoring.coreos.com", "scope": "Namespaced",
                     "names": {"kind": kind, "listKind": f"{kind}List", "plural": plural,
                               "singular": kind.lower()},
                     "versions": [{"name": "v1", "served": True, "storage": True,
                                   "schema": {"openAPIV3Schema": {
                                       "type": "object",
                                       "x-kubernetes-preserve-unknown-fields": True}}}]},
        }
        cluster.kubectl("apply", "-f", "-", input=json.dumps(crd))
        cluster.kubectl("wait", "--for=condition=Established", f"crd/{name}", "--timeout=30s")


def prepare_example(cluster, namespace: str, example: str) -> None:
    values = load_example(example)
    secrets = required_secrets(values)
    if secrets:
        cluster.kubectl("apply", "-n", namespace, "-f", "-",
                        input=json.dumps({"apiVersion": "v1", "kind": "List", "items": secrets}))
    if (values.get("monitoring") or {}).get("serviceMonitor", {}).get("enabled") or \
            (values.get("monitoring") or {}).get("prometheusRule", {}).get("enabled"):
        ensure_prometheus_crds(cluster)


# ---------------------------------------------------------------- state checks

def wait_workloads_ready(cluster, namespace: str, timeout: int = 180) -> list[str]:
    """Every Deployment and StatefulSet rolled out with all replicas ready; returns them."""
    names = cluster.kubectl("get", "deployments,statefulsets", "-n", namespace,
                            "-o", "name").stdout.split()
    assert names, f"no Deployments or StatefulSets in {namespace}"
    for name in names:
        cluster.kubectl("rollout", "status", "-n", namespace, name, f"--timeout={timeout}s",
                        timeout=timeout + 20)
    for item in cluster.get("deployments,statefulsets", "-n", namespace)["items"]:
        want = item["spec"].get("replicas", 1)
        got = item["status"].get("readyReplicas", 0)
        assert got == want, f"{item['kind']}/{item['metadata']['name']}: {got}/{want} ready"
    return names


def migration_jobs(cluster, namespace: str) -> list[str]:
    return sorted(j["metadata"]["name"] for j in cluster.get("jobs", "-n", namespace)["items"]
                  if j["metadata"]["name"].startswith("airflow-migrate-database-"))


def wait_migration_complete(cluster, namespace: str, timeout: int = 120) -> str:
    """The one migration Job of the current release (airflow-migrate-database-<hash>) completes."""
    jobs = migration_jobs(cluster, namespace)
    assert len(jobs) == 1, f"expected one migration Job, found {jobs}"
    cluster.kubectl("wait", "-n", namespace, "--for=condition=Complete", f"job/{jobs[0]}",
                    f"--timeout={timeout}s", timeout=timeout + 20)
    return jobs[0]


def helm_test(cluster, version: str, namespace: str, release: str) -> str:
    out = helm(cluster, version, "test", release, "-n", namespace, "--timeout", "5m").stdout
    assert "Phase:          Succeeded" in out or "Phase: Succeeded" in out, out
    return out


def secret_data(cluster, namespace: str, name: str) -> dict:
    return cluster.get("-n", namespace, f"secret/{name}")["data"]


def namespaced_kinds(cluster) -> list[str]:
    return cluster.kubectl("api-resources", "--namespaced", "--verbs=list",
                           "-o", "name").stdout.split()


def objects_in(cluster, namespace: str) -> set[tuple[str, str]]:
    """(kind, name) of every object of every listable namespaced kind."""
    found: set[tuple[str, str]] = set()
    kinds = namespaced_kinds(cluster)
    # One `kubectl get a,b,c` instead of ~50 processes.
    items = cluster.get(",".join(kinds), "-n", namespace, "--ignore-not-found")
    for item in items.get("items", []):
        found.add((item["kind"], item["metadata"]["name"]))
    return found


def leftovers(cluster, namespace: str, kept: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """What is left in the namespace besides `kept`, Kubernetes' own objects and events."""
    return {(kind, name) for kind, name in objects_in(cluster, namespace)
            if kind not in EVENT_KINDS and (kind, name) not in K8S_OWN | kept}


def kept_after_uninstall(values: dict) -> set[tuple[str, str]]:
    """README.md "What `helm uninstall` keeps", for these values (an example's, merged with
    any overlay that changes persistence)."""
    # The create-secrets Job's Secrets are not part of the release: uninstall leaves them.
    kept = {("Secret", name) for name in generated_secret_names(values)}
    pg = values.get("postgresql") or {}
    if pg.get("enabled", True) and pg.get("primary", {}).get("persistence", {}).get("enabled", True):
        kept.add(("PersistentVolumeClaim", "data-airflow-postgresql-0"))
    if "Celery" in values.get("executor", "") and (values.get("redis") or {}).get("enabled", True):
        kept.add(("PersistentVolumeClaim", "data-airflow-redis-0"))
    for component in ("dags", "logs"):
        persistence = (values.get(component) or {}).get("persistence") or {}
        if persistence.get("enabled") and not persistence.get("existingClaim"):
            kept.add(("PersistentVolumeClaim", f"airflow-{component}"))
    return kept


def owned_objects(cluster, namespace: str) -> list[str]:
    items = cluster.get("pods,replicasets,controllerrevisions", "-n", namespace)["items"]
    return [f"{i['kind']}/{i['metadata']['name']}" for i in items
            if i["metadata"].get("ownerReferences")]


def wait_until(what: str, predicate, timeout: float = 60, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s: {what}", pytrace=False)
        time.sleep(interval)


def kwok_nodes(cluster) -> list[str]:
    """Nodes played by kwok (no kubelet: no containers, logs or exec)."""
    return [n["metadata"]["name"] for n in cluster.get("nodes")["items"]
            if (n["metadata"].get("annotations") or {}).get("kwok.x-k8s.io/node") == "fake"]


# ------------------------------------------------------ the create-secrets Job's work

CREATE_SECRETS = CHART / "files" / "create-secrets.py"


def run_create_secrets(cluster, namespace: str) -> subprocess.CompletedProcess | None:
    """Do what the create-secrets Job's pod does, from this host, as the Job's ServiceAccount.

    kwok runs no containers, so on the cluster tier nobody else creates the generated
    Secrets; on a real node the Job already did and this run only finds them ("kept").
    The script, its input (the Job's own env) and its RBAC are the chart's; only the
    process runs here. The API server must be on loopback (the local control plane or kind).
    """
    import sys
    import tempfile
    from urllib.parse import urlparse

    jobs = [j for j in cluster.get("jobs", "-n", namespace)["items"]
            if j["metadata"]["name"].startswith("airflow-create-secrets-")]
    if not jobs:
        return None
    (job,) = jobs
    pod = job["spec"]["template"]["spec"]
    env = {e["name"]: e["value"] for e in pod["containers"][0]["env"] if "value" in e}
    config = yaml.safe_load(Path(cluster.kubeconfig).read_text())["clusters"][0]["cluster"]
    assert urlparse(config["server"]).hostname in ("127.0.0.1", "localhost", "::1"), config["server"]
    token = cluster.kubectl("create", "token", pod["serviceAccountName"], "-n", namespace,
                            "--duration", "10m").stdout.strip()
    with tempfile.TemporaryDirectory() as sa_dir:
        Path(sa_dir, "token").write_text(token)
        Path(sa_dir, "namespace").write_text(namespace)
        if "certificate-authority-data" in config:
            Path(sa_dir, "ca.crt").write_bytes(base64.b64decode(config["certificate-authority-data"]))
        else:
            Path(sa_dir, "ca.crt").write_bytes(Path(config["certificate-authority"]).read_bytes())
        # Through cluster.run: on the node tier the API server is reachable in its network namespace only.
        settings = {**env, "API_SERVER": config["server"], "SERVICE_ACCOUNT_DIR": sa_dir}
        return cluster.run("env", *(f"{k}={v}" for k, v in settings.items()), sys.executable, str(CREATE_SECRETS))


def generated_secret_names(values: dict) -> set[str]:
    """The Secrets the create-secrets Job makes for these values (README "Generated secrets")."""
    version = str(values.get("airflowVersion") or "3")
    names = set()
    keys = ["fernetKeySecretName"] + (["apiSecretKeySecretName", "jwtSecretName"] if not version.startswith("2")
                                      else ["webserverSecretKeySecretName"])
    if not all(values.get(key) for key in keys):
        names.add("airflow-keys")
    manager = (values.get("auth") or {}).get("manager") or ("fab" if version.startswith("2") else "simple")
    ui = {**(values.get("apiServer") or {}), **(values.get("webserver") or {})}
    user = ui.get("defaultUser") or {}
    if manager in ("simple", "fab") and user.get("enabled", True) and not user.get("passwordSecretName") \
            and not user.get("password"):
        names.add("airflow-simple-auth" if manager == "simple" else "airflow-default-user")
    data = values.get("data") or {}
    redis = values.get("redis") or {}
    if "Celery" in values.get("executor", "") and redis.get("enabled", True) and not data.get("brokerUrlSecretName") \
            and not redis.get("password"):
        names.add("airflow-broker-url")
    return names
