#!/usr/bin/env python3
"""`make bench`, the real node's rows (tools/node.sh): dev-kind installed with helm 4 to
every workload Ready, the seed 003 lab DAG (visible after loading, trigger to success),
each task pod (created -> running -> succeeded), 20 parallel short tasks (time to all
succeeded, pods per minute), and the floor: a bare pod of the same image running a
trivial `airflow` command, to which the per-task time is a ratio.

Prints markdown rows. Starts the node if it is down and stops it again afterwards.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import airflow_ops as af  # noqa: E402
from support import helm_ops  # noqa: E402
from support.cluster import Cluster, SharedUp  # noqa: E402
from support.node import NODE_SH, airflow_image, node_env, node_values  # noqa: E402

TARGETS = {"install": 30.0, "visible": 30.0}


def ts(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def pod_phases(pod: dict) -> tuple[float, float] | None:
    """(created -> running, created -> succeeded) of a finished pod, in seconds."""
    created = ts(pod["metadata"]["creationTimestamp"])
    for status in pod["status"].get("containerStatuses", []):
        done = status["state"].get("terminated")
        if status["name"] == "base" and done:
            return ts(done["startedAt"]) - created, ts(done["finishedAt"]) - created
    return None


def restarts(node: Cluster, ns: str) -> int:
    return sum(c.get("restartCount", 0) for p in node.get("pods", "-n", ns)["items"]
               for c in p["status"].get("containerStatuses", []) + p["status"].get("initContainerStatuses", []))


def timeline(node: Cluster, ns: str, began: float) -> str:
    """"postgresql 11, migrate-database 19, ...": when each pod became Ready (a Job's: completed),
    in whole seconds (the API's timestamps) after `began`, in that order."""
    done = {}
    for pod in node.get("pods", "-n", ns)["items"]:
        component = pod["metadata"].get("labels", {}).get("component", pod["metadata"]["name"])
        when = [c["lastTransitionTime"] for c in pod["status"].get("conditions", [])
                if c["type"] == "Ready" and c["status"] == "True"]
        ends = [s["state"]["terminated"]["finishedAt"] for s in pod["status"].get("containerStatuses", [])
                if "terminated" in s["state"]]
        if when or ends:
            done[component] = max(ts(t) for t in when + ends) - began
    return ", ".join(f"{name} {seconds:.0f}" for name, seconds in sorted(done.items(), key=lambda kv: kv[1]))


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def verdict(value: float, name: str) -> str:
    target = TARGETS.get(name)
    return "" if target is None else f"< {target:.0f} {'ok' if value < target else 'MISSED'}"


def bench(node: Cluster) -> list[str]:
    lines = [row("node (kubelet, containerd)", "measure", "seconds", "target"), row(*["---"] * 4)]
    with helm_ops.scratch_namespace(node, "bench") as ns:
        start, began = time.monotonic(), time.time()
        helm_ops.install_example(node, "helm4", ns, "airflow", "dev-kind",
                                 *node_values("logs-persistence", "bench"))
        helm_ops.wait_workloads_ready(node, ns)
        took = time.monotonic() - start
        lines.append(row("helm install dev-kind (embedded PostgreSQL) to every workload Ready",
                         f"{restarts(node, ns)} container restarts", f"{took:.1f}", verdict(took, "install")))
        lines.append(row("  where the seconds went: each step done, after helm install started",
                         timeline(node, ns, began), "", ""))

        api = af.Api(node, ns)
        api.login("admin", af.admin_password(node, ns))
        af.load_dag(node, ns)
        took = api.wait_dag("data_pipeline_lab", timeout=600)
        lines.append(row("lab DAG loaded -> visible in the API", "", f"{took:.1f}", verdict(took, "visible")))
        start = time.monotonic()
        _, state, _ = af.run_dag(api, node, ns, "data_pipeline_lab")
        lines.append(row("lab DAG trigger -> success (4 task pods)", state, f"{time.monotonic() - start:.1f}", ""))
        pods = node.get("pods", "-n", ns, "-l", "dag_id=data_pipeline_lab")["items"]
        phases = [p for p in map(pod_phases, pods) if p]
        running = statistics.median(p[0] for p in phases)
        task = statistics.median(p[1] for p in phases)
        lines.append(row("task pod created -> running (median of 4)", "", f"{running:.1f}", ""))
        lines.append(row("task pod created -> succeeded (median of 4)", "", f"{task:.1f}", ""))

        af.load_dag(node, ns, ROOT / "tests" / "node" / "dags" / "parallel_20.py")
        api.wait_dag("parallel_20", timeout=600)
        start = time.monotonic()
        _, state, _ = af.run_dag(api, node, ns, "parallel_20", timeout=1200)
        took = time.monotonic() - start
        lines.append(row("20 parallel short tasks: trigger -> all succeeded", state, f"{took:.1f}", ""))
        lines.append(row("20 parallel short tasks: pods per minute", "", f"{20 / took * 60:.1f}", ""))

        floor = bare_pod(node, ns)
        lines.append(row("floor: bare pod, same image, `airflow version`: created -> succeeded", "",
                         f"{floor:.1f}", ""))
        lines.append(row("per-task overhead: task pod / bare pod", "ratio", f"{task / floor:.2f}", ""))
    return lines


def bare_pod(node: Cluster, ns: str) -> float:
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "floor"},
           "spec": {"restartPolicy": "Never", "containers": [{
               "name": "base", "image": airflow_image(),
               "imagePullPolicy": "Never", "args": ["airflow", "version"]}]}}
    node.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(pod))
    node.kubectl("wait", "-n", ns, "--for=jsonpath={.status.phase}=Succeeded", "pod/floor",
                 "--timeout=300s", timeout=320)
    return pod_phases(node.get("-n", ns, "pod/floor"))[1]


def main() -> int:
    check = subprocess.run(["bash", str(NODE_SH), "check"], capture_output=True, text=True)
    if check.returncode != 0:
        print(f"node bench unavailable: {check.stdout.strip()}")
        return 0
    shared = SharedUp(NODE_SH, ROOT / ".work" / "node-users", timeout=900)
    shared.acquire()
    try:
        env = node_env()
        node = Cluster(kubeconfig=Path(env["kubeconfig"]),
                       env={**os.environ, "KUBECONFIG": env["kubeconfig"]},
                       prefix=("nsenter", f"--net=/run/netns/{env['namespace']}", "--"))
        print("\n".join(bench(node)))
    finally:
        shared.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
