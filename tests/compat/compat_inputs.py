"""tests/compat inputs: seed fixtures, chart scenarios (tests/support/render.py), generated examples.

Inputs: seed fixtures (always) and, when tests/support/render.py is there, every chart
scenario and generated example that uses the KubernetesExecutor. Airflow runs in the
pinned venvs (make airflow-venvs); one probe process serves a whole batch.
"""
from __future__ import annotations

import base64
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
import compat_harness as h  # noqa: E402

try:  # the chart engineer's helper; the seed-based tests do not need it
    from support import render as _render
except ImportError:  # pragma: no cover - only before tests/support/render.py lands
    _render = None

RELEASE = "airflow"


def chart_available() -> bool:
    return _render is not None and bool(getattr(_render, "SCENARIOS", ()))


def _find(objs, kind, name):
    for o in objs:
        if o.get("kind") == kind and o.get("metadata", {}).get("name") == name:
            return o
    return None


def scenario_inputs(name: str) -> dict:
    """What tests/compat needs from one rendered scenario (helm4), per the render.py interface."""
    objs = _render.render_scenario(name, helm="helm4")
    cfg = _find(objs, "ConfigMap", f"{RELEASE}-config")
    pts = _find(objs, "ConfigMap", f"{RELEASE}-pod-templates")
    pgb = _find(objs, "Secret", f"{RELEASE}-pgbouncer-config")
    meta = _find(objs, "Secret", f"{RELEASE}-metadata")
    dec = lambda s, k: base64.b64decode(s["data"][k]).decode()  # noqa: E731
    return {
        "objects": objs,
        "airflow_cfg": cfg["data"]["airflow.cfg"] if cfg else None,
        "pod_templates": dict((pts or {}).get("data") or {}),
        "pgbouncer": ({"ini": dec(pgb, "pgbouncer.ini"), "users": dec(pgb, "users.txt")}
                      if pgb and "pgbouncer.ini" in (pgb.get("data") or {}) else None),
        "connection": dec(meta, "connection") if meta and "connection" in (meta.get("data") or {}) else None,
    }


def k8s_executor_scenarios() -> list[str]:
    """Chart scenarios whose airflow.cfg runs the KubernetesExecutor (alone or in a hybrid)."""
    if not chart_available():
        return []
    out = []
    for name in _render.SCENARIOS:
        inp = scenario_inputs(name)
        cfg = inp["airflow_cfg"] or ""
        if "KubernetesExecutor" in cfg and inp["pod_templates"]:
            out.append(name)
    return out


def pgbouncer_scenarios() -> list[str]:
    if not chart_available():
        return []
    return [n for n in _render.SCENARIOS
            if scenario_inputs(n)["pgbouncer"] and scenario_inputs(n)["connection"]]


def example_templates() -> list[Path]:
    """Pod templates the generator wrote into values-examples/*/pod-templates/."""
    return sorted((h.ROOT / "values-examples").glob("*/pod-templates/*.yaml"))


def image_of(template: dict) -> str:
    for c in template["spec"]["containers"]:
        if c.get("name") == "base":
            return c["image"]
    return template["spec"]["containers"][0]["image"]


def write_scenario_files(name: str, root: Path) -> dict:
    """The scenario's airflow.cfg and pod templates as files (what the pods mount)."""
    inp = scenario_inputs(name)
    d = root / name
    d.mkdir(parents=True, exist_ok=True)
    cfg = d / "airflow.cfg"
    cfg.write_text(inp["airflow_cfg"])
    templates = {}
    for key, text in inp["pod_templates"].items():
        p = d / key
        p.write_text(text)
        templates[key] = p
    return {"cfg": cfg, "templates": templates, "inputs": inp}


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(Path(path).read_text())
