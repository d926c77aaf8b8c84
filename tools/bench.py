#!/usr/bin/env python3
"""`make bench`: speed table. Targets live here, never in timed tests.

  helm template per chart/ci scenario (helm 4, min and median of RUNS runs) and object count
  airkube CLI cold start: `airkube validate` and `airkube generate` (with the chart's render of the pod
  templates) of values-examples/production/settings.yaml
  airkube generate throughput (values.yaml), warm, in-process
  the local control plane, when built: build from cache, start-up, install-to-ready (tools/cluster.sh bench)
  the real node: install to Ready, the lab DAG, task pods against a bare pod (tools/node_bench.py)
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELM = ROOT / ".tools" / "bin" / "helm4"
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
TARGETS = {"production": 0.35}


def timed(cmd: list[str], runs: int = RUNS) -> tuple[list[float], str]:
    times, out = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr}")
        out = result.stdout
    return times, out


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def helm_table() -> list[str]:
    lines = [row("helm 4 template: scenario", "objects", "min s", "median s", "target"), row(*["---"] * 5)]
    for values in sorted((ROOT / "chart" / "ci").glob("*-values.yaml")):
        name = values.name.removesuffix("-values.yaml")
        times, out = timed([str(HELM), "template", "airflow", "chart", "-n", "airflow", "-f", str(values)])
        objects = sum(1 for doc in out.split("\n---") if "\nkind:" in doc or doc.startswith("kind:"))
        target = TARGETS.get(name)
        verdict = "" if target is None else f"< {target} {'ok' if statistics.median(times) < target else 'MISSED'}"
        lines.append(row(name, objects, f"{min(times):.3f}", f"{statistics.median(times):.3f}", verdict))
    return lines


def cli_table() -> list[str]:
    airkube = str(ROOT / ".venv" / "bin" / "airkube")
    settings = "values-examples/production/settings.yaml"
    lines = [row("airkube", "measure", "min", "median", "target"), row(*["---"] * 5)]
    # An installed package has its bytecode (pip compiles it); the machines here set PYTHONDONTWRITEBYTECODE.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator" / "airkube")], check=True)
    with tempfile.TemporaryDirectory(prefix="airkube-bench-") as out:
        for label, cmd, target in (
                ("validate production (cold process)", [airkube, "validate", settings], 0.2),
                ("generate production, pod templates rendered by the chart (cold process)",
                 [airkube, "generate", settings, "-o", out], 0.5)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            times, _ = timed(cmd)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / len(times)
            verdict = f"< {target} {'ok' if statistics.median(times) < target else 'MISSED'}"
            lines.append(row(label, f"seconds (CPU {cpu:.3f} s a run)", f"{min(times):.3f}",
                             f"{statistics.median(times):.3f}", verdict))
    sys.path.insert(0, str(ROOT / "generator"))
    from airkube import api

    document = api.load_settings(ROOT / settings)
    api.generate(document, pod_templates=False)  # warm: imports and caches
    rates = []
    for _ in range(3):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < 1.0:
            api.generate(document, pod_templates=False)
            count += 1
        rates.append(count / (time.perf_counter() - start))
    verdict = f"> 100 {'ok' if statistics.median(rates) > 100 else 'MISSED'}"
    lines.append(row("generate production values.yaml (warm, in-process)", "settings/s", f"{min(rates):.0f}",
                     f"{statistics.median(rates):.0f}", verdict))
    return lines


def cluster_table() -> list[str]:
    script = ROOT / "tools" / "cluster.sh"
    if not script.exists():
        return []
    result = subprocess.run(["bash", str(script), "bench"], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        return [f"cluster bench unavailable: {result.stderr.strip().splitlines()[-1:] or result.returncode}"]
    return result.stdout.strip().splitlines()


def node_table() -> list[str]:
    """The real node's rows (tools/node_bench.py), in a process of their own."""
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "node_bench.py")], capture_output=True,
                            text=True, cwd=ROOT)
    if result.returncode != 0:
        return [f"node bench failed: {(result.stderr.strip().splitlines() or [str(result.returncode)])[-1]}"]
    return result.stdout.strip().splitlines()


def main() -> int:
    print(f"machine: {os.cpu_count()} cores; {RUNS} runs per measure\n")
    for table in (helm_table(), cli_table(), cluster_table(), node_table()):
        if table:
            print("\n".join(table) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
