"""Driving a running Airflow on the real node: the REST API through the api-server's
Service (Airflow 3), the CLI through ``kubectl exec`` (both versions), and the seed 003
lab's DAG loader. Every call goes through ``node.run``: inside the node's network
namespace, the only place its Service addresses exist.
"""
from __future__ import annotations

import base64
import json
import time
from pathlib import Path

from support.cluster import ROOT
from support.helm_ops import wait_until

LAB_DAG = ROOT / "tests" / "compat" / "dags" / "data_pipeline_lab.py"
LAB_DAG_ID = "data_pipeline_lab"
LAB_TASKS = ("generate_data", "validate", "aggregate", "notify")
TOOLBOX_IMAGE = "airkube.local/debian:bookworm"


# ---------------------------------------------------------------- DAGs

def load_dag(node, namespace: str, dag: Path = LAB_DAG, claim: str = "airflow-dags") -> None:
    """The seed's dag-loader pod: copy the DAG file into the DAGs volume."""
    cm = f"dag-{dag.stem.replace('_', '-')}"
    node.kubectl("create", "configmap", cm, "-n", namespace, f"--from-file={dag.name}={dag}")
    pod = {
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"load-{cm}"},
        "spec": {
            "restartPolicy": "Never",
            "containers": [{
                "name": "dag-loader", "image": TOOLBOX_IMAGE, "imagePullPolicy": "Never",
                "command": ["sh", "-c", f"cp /src/{dag.name} /opt/airflow/dags/ && "
                            f"chmod 644 /opt/airflow/dags/{dag.name} && echo DAG written successfully"],
                "volumeMounts": [{"name": "dags", "mountPath": "/opt/airflow/dags"},
                                 {"name": "src", "mountPath": "/src"}],
            }],
            "volumes": [{"name": "dags", "persistentVolumeClaim": {"claimName": claim}},
                        {"name": "src", "configMap": {"name": cm}}],
        },
    }
    node.kubectl("apply", "-n", namespace, "-f", "-", input=json.dumps(pod))
    node.kubectl("wait", "-n", namespace, "--for=jsonpath={.status.phase}=Succeeded",
                 f"pod/load-{cm}", "--timeout=120s", timeout=140)
    assert "DAG written successfully" in node.kubectl("logs", "-n", namespace, f"pod/load-{cm}").stdout


def airflow_cli(node, namespace: str, *args: str, component: str = "scheduler",
                check: bool = True):
    return node.kubectl("exec", "-n", namespace, f"deploy/airflow-{component}", "-c", component,
                        "--", "airflow", *args, check=check, timeout=300)


# ---------------------------------------------------------------- REST API (Airflow 3)

class Api:
    """Airflow 3's REST API on the api-server Service, with a token from /auth/token."""

    def __init__(self, node, namespace: str, service: str = "airflow-api-server", port: int = 8080):
        self.node = node
        ip = node.get("-n", namespace, f"service/{service}")["spec"]["clusterIP"]
        self.base = f"http://{ip}:{port}"
        self.token: str | None = None

    def call(self, method: str, path: str, body: dict | None = None,
             auth: bool = True) -> tuple[int, object]:
        cmd = ["curl", "-sS", "-m", "30", "-X", method, "-w", "\n%{http_code}",
               "-H", "Accept: application/json"]
        if auth and self.token:
            cmd += ["-H", f"Authorization: Bearer {self.token}"]
        if body is not None:
            cmd += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
        # No answer at all (status 0): the Service has no ready endpoint for a moment, e.g.
        # while an upgrade replaces the one api-server pod of dev-kind. Ask again, briefly.
        for _ in range(15):
            proc = self.node.run(*cmd, self.base + path, input=json.dumps(body) if body else None,
                                 check=False, timeout=60)
            text, _, status = proc.stdout.rpartition("\n")
            if int(status or 0):
                break
            time.sleep(2)
        try:
            data = json.loads(text) if text else None
        except json.JSONDecodeError:
            data = text
        return int(status or 0), data

    def login(self, username: str, password: str) -> None:
        def token():
            status, data = self.call("POST", "/auth/token",
                                     {"username": username, "password": password}, auth=False)
            return data["access_token"] if status in (200, 201) else None
        self.token = wait_until("a token from /auth/token", token, timeout=120, interval=2)

    def ok(self, method: str, path: str, body: dict | None = None):
        status, data = self.call(method, path, body)
        assert 200 <= status < 300, f"{method} {path}: {status} {data}"
        return data

    def wait_dag(self, dag_id: str, timeout: float = 120) -> float:
        """Seconds until the DAG is known (parsed by the dag-processor)."""
        start = time.monotonic()
        wait_until(f"{dag_id} parsed", lambda: self.call("GET", f"/api/v2/dags/{dag_id}")[0] == 200,
                   timeout=timeout)
        return time.monotonic() - start

    def trigger(self, dag_id: str, conf: dict | None = None) -> str:
        self.ok("PATCH", f"/api/v2/dags/{dag_id}", {"is_paused": False})
        run = self.ok("POST", f"/api/v2/dags/{dag_id}/dagRuns", {"logical_date": None, "conf": conf or {}})
        return run["dag_run_id"]

    def run_state(self, dag_id: str, run_id: str) -> str:
        return self.ok("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}")["state"]

    def wait_run(self, dag_id: str, run_id: str, timeout: float = 600) -> str:
        state = wait_until(f"run {run_id} of {dag_id} finished",
                           lambda: (s := self.run_state(dag_id, run_id)) in ("success", "failed") and s,
                           timeout=timeout, interval=2)
        return state

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        return self.ok("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances")["task_instances"]

    def task_log(self, dag_id: str, run_id: str, task_id: str, try_number: int = 1) -> str:
        data = self.ok("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}"
                              f"/logs/{try_number}?full_content=true")
        return json.dumps(data)


def admin_password(node, namespace: str) -> str:
    """The admin user's generated password: the simple auth manager's or FAB's (made by the create-secrets Job)."""
    for name in ("airflow-simple-auth", "airflow-default-user"):
        found = node.kubectl("get", "-n", namespace, f"secret/{name}", "-o", "json", check=False)
        if found.returncode == 0:
            return base64.b64decode(json.loads(found.stdout)["data"]["password"]).decode()
    raise AssertionError(f"no airflow-simple-auth or airflow-default-user Secret in {namespace}")


def watch_task_pods(node, namespace: str, dag_id: str, seen: dict[str, dict]) -> None:
    """Record every task pod of dag_id (by name) with its task_id and phase, as it is now."""
    pods = node.get("pods", "-n", namespace, "-l", f"dag_id={dag_id}")["items"]
    for pod in pods:
        labels = pod["metadata"]["labels"]
        seen[pod["metadata"]["name"]] = {"task_id": labels.get("task_id"),
                                         "phase": pod["status"].get("phase"), "pod": pod}


# ---------------------------------------------------------------- CLI (Airflow 2 and 3)

def json_rows(out: str) -> list[dict]:
    """The JSON list `airflow ... -o json` printed, among the log lines Airflow 2 also prints
    on stdout (they start with "[2026-...", so the last line that parses wins)."""
    for line in reversed(out.splitlines()):
        if line.startswith("["):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    raise AssertionError(f"no JSON list in: {out[-2000:]}")


class Cli:
    """The same questions as Api, asked with the airflow CLI in the scheduler (Airflow 2's
    REST API takes no token); slower (one Python start per call), so polled less often."""

    def __init__(self, node, namespace: str):
        self.node, self.namespace = node, namespace

    def airflow(self, *args: str, check: bool = True):
        return airflow_cli(self.node, self.namespace, *args, check=check)

    def wait_dag(self, dag_id: str, timeout: float = 400) -> float:
        """Seconds until the DAG is in the database, where `dags trigger` looks (`dags list`
        and `dags unpause` read the files themselves, so they succeed earlier)."""
        start = time.monotonic()
        wait_until(f"{dag_id} in the database", lambda: self.airflow(
            "dags", "details", dag_id, check=False).returncode == 0, timeout=timeout, interval=5)
        return time.monotonic() - start

    def trigger(self, dag_id: str) -> str:
        run_id = f"node-test-{int(time.time())}"
        self.airflow("dags", "unpause", dag_id)
        self.airflow("dags", "trigger", dag_id, "--run-id", run_id)
        return run_id

    def task_states(self, dag_id: str, run_id: str) -> dict[str, str]:
        out = self.airflow("tasks", "states-for-dag-run", dag_id, run_id, "-o", "json").stdout
        return {t["task_id"]: t["state"] for t in json_rows(out)}

    def run_state(self, dag_id: str, run_id: str) -> str:
        out = self.airflow("dags", "list-runs", "-d", dag_id, "-o", "json").stdout
        runs = {r["run_id"]: r["state"] for r in json_rows(out)}
        return runs.get(run_id, "none")


def run_dag(runner, node, namespace: str, dag_id: str, during=None,
            timeout: float = 600) -> tuple[str, str, dict[str, dict]]:
    """Trigger dag_id and wait for its run to end; `during(seen_pods)` is called once while
    the first task pod exists (e.g. to delete a scheduler). Returns the run id, its final
    state and the task pods seen while it ran (name -> task_id, phase, pod)."""
    run_id = runner.trigger(dag_id)
    seen: dict[str, dict] = {}
    deadline = time.monotonic() + timeout
    while (state := runner.run_state(dag_id, run_id)) not in ("success", "failed"):
        assert time.monotonic() < deadline, f"run {run_id} still {state}; task pods seen: {list(seen)}"
        watch_task_pods(node, namespace, dag_id, seen)
        if during and seen:
            during(seen)
            during = None
        time.sleep(2)
    return run_id, state, seen


def run_lab(node, namespace: str, during=None) -> tuple[Api, str, str, dict[str, dict]]:
    """The seed lab on an Airflow 3 install: log in as the admin, load data_pipeline_lab, wait
    until it is parsed and run it (run_dag). Returns the logged-in Api and run_dag's answer."""
    api = Api(node, namespace)
    api.login("admin", admin_password(node, namespace))
    load_dag(node, namespace)
    api.wait_dag(LAB_DAG_ID, timeout=400)
    return api, *run_dag(api, node, namespace, LAB_DAG_ID, during=during)
