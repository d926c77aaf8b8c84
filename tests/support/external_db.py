"""An external PostgreSQL for the examples that expect one (production, airflow2): the
node's PostgreSQL image in a namespace of its own, reached by its Service name, and the
Secrets those examples name filled with the real connection (through their PgBouncer)."""
from __future__ import annotations

import base64
import json

from support.helm_ops import load_example, required_secrets

IMAGE = "airkube.local/postgresql:15-bookworm"
USER, PASSWORD, DB = "airflow", "airflow-on-the-node", "airflow"


def start(node, namespace: str) -> str:
    """PostgreSQL in `namespace`; returns its host name for the other namespaces (each
    release then gets a database of its own: create_secrets)."""
    objs = [
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "postgres", "labels": {"app": "external-postgres"}},
         "spec": {"securityContext": {"runAsUser": 999, "runAsGroup": 999, "fsGroup": 999},
                  "containers": [{
                      "name": "postgres", "image": IMAGE, "imagePullPolicy": "Never",
                      "env": [{"name": "POSTGRES_USER", "value": USER},
                              {"name": "POSTGRES_PASSWORD", "value": PASSWORD},
                              {"name": "POSTGRES_DB", "value": DB},
                              {"name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata"}],
                      "ports": [{"containerPort": 5432}],
                      "readinessProbe": {"exec": {"command": ["pg_isready", "-h", "127.0.0.1", "-U", USER]},
                                         "periodSeconds": 2, "timeoutSeconds": 10},
                      "volumeMounts": [{"name": "data", "mountPath": "/var/lib/postgresql/data"}]}],
                  "volumes": [{"name": "data", "emptyDir": {}}]}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "postgres"},
         "spec": {"selector": {"app": "external-postgres"}, "ports": [{"port": 5432}]}},
    ]
    node.kubectl("apply", "-n", namespace, "-f", "-",
                 input=json.dumps({"apiVersion": "v1", "kind": "List", "items": objs}))
    node.kubectl("wait", "-n", namespace, "--for=condition=Ready", "pod/postgres",
                 "--timeout=180s", timeout=200)
    return f"postgres.{namespace}.svc.cluster.local"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def create_database(node, host: str, name: str) -> None:
    """A database of its own for one release: two releases on one database would share (and
    fight over) one Airflow schema, e.g. Airflow 2 refusing Airflow 3's migrations."""
    namespace = host.split(".")[1]
    node.kubectl("exec", "-n", namespace, "pod/postgres", "--", "psql", "-h", "127.0.0.1", "-U", USER,
                 "-d", DB, "-c", f'CREATE DATABASE "{name}"')


def create_secrets(node, namespace: str, example: str, host: str) -> None:
    """A database named after `namespace` on `host`, and the Secrets the example names, with
    the metadata connection going through the release's PgBouncer (transaction mode) to it."""
    create_database(node, host, namespace)
    values = load_example(example)
    secrets = {s["metadata"]["name"]: s for s in required_secrets(values)}
    conn = f"postgresql://{USER}:{PASSWORD}@airflow-pgbouncer:6543/airflow-metadata"
    secrets[values["data"]["metadataSecretName"]]["data"] = {"connection": _b64(conn)}
    ini = (f"[databases]\nairflow-metadata = host={host} port=5432 dbname={namespace} pool_size=10\n"
           "[pgbouncer]\nlisten_addr = *\nlisten_port = 6543\npool_mode = transaction\n"
           "max_client_conn = 200\nauth_type = scram-sha-256\nauth_file = /etc/pgbouncer/users.txt\n"
           "ignore_startup_parameters = extra_float_digits\n"
           # What the chart writes itself (pgbouncer.maxPreparedStatements): psycopg 3 needs it.
           "max_prepared_statements = 100\n")
    secrets[values["pgbouncer"]["configSecretName"]]["data"] = {
        "pgbouncer.ini": _b64(ini), "users.txt": _b64(f'"{USER}" "{PASSWORD}"\n')}
    node.kubectl("apply", "-n", namespace, "-f", "-", input=json.dumps(
        {"apiVersion": "v1", "kind": "List", "items": list(secrets.values())}))
