"""Render the chart with the pinned helm binaries; each scenario once per test session.

    objs = render_scenario("production", helm="helm4")   # list of dicts, cached
    find(objs, "ConfigMap", "airflow-config")["data"]["airflow.cfg"]
"""
from __future__ import annotations

import base64
import functools
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "chart"
CI_DIR = CHART / "ci"
TOOLS_BIN = ROOT / ".tools" / "bin"
HELMS = ("helm3", "helm4")
RELEASE = "airflow"
NAMESPACE = "airflow"
SCENARIOS = sorted(p.name.removesuffix("-values.yaml") for p in CI_DIR.glob("*-values.yaml"))
# What a cluster with prometheus-operator serves; `helm template` has no API server to ask.
PROMETHEUS_CRDS = ("--api-versions", "monitoring.coreos.com/v1/ServiceMonitor",
                   "--api-versions", "monitoring.coreos.com/v1/PrometheusRule")


def helm_bin(helm: str) -> str:
    path = TOOLS_BIN / helm
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run `make helm`")
    return str(path)


def helm_template(*args: str, helm: str = "helm4") -> subprocess.CompletedProcess:
    """`helm template airflow chart -n airflow ARGS`; never raises on a helm failure."""
    cmd = [helm_bin(helm), "template", RELEASE, str(CHART), "--namespace", NAMESPACE, *args]
    return subprocess.run(cmd, capture_output=True, text=True)


def parse(manifest: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(manifest) if doc]


@functools.cache
def render_scenario(name: str, helm: str = "helm4") -> list[dict]:
    result = helm_template("-f", str(CI_DIR / f"{name}-values.yaml"), helm=helm)
    if result.returncode != 0:
        raise AssertionError(f"{helm} failed to render {name}:\n{result.stderr}")
    return parse(result.stdout)


def render_all(helms=HELMS) -> None:
    """Warm the cache for every scenario in parallel (helm is the slow part)."""
    jobs = [(name, helm) for name in SCENARIOS for helm in helms]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda job: render_scenario(*job), jobs))


@functools.cache
def _render_json(values: str, helm: str) -> list[dict]:
    sets = [f"{key}={json.dumps(value)}" for key, value in json.loads(values).items()]
    result = helm_template(*(a for s in sets for a in ("--set-json", s)), helm=helm)
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return parse(result.stdout)


def render_values(values: dict, helm: str = "helm4") -> list[dict]:
    """helm template with these values, one --set-json per top-level key (cached: do not change the objects);
    raises with helm's stderr on failure."""
    return _render_json(json.dumps(values, sort_keys=True), helm)


def render_files(*values_files: Path | str, helm: str = "helm4", extra: tuple[str, ...] = ()) -> list[dict]:
    """Render with the given values files (uncached); raises with helm's stderr on failure."""
    args = [a for f in values_files for a in ("-f", str(f))] + list(extra)
    result = helm_template(*args, helm=helm)
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return parse(result.stdout)


def find(objs: list[dict], kind: str, name: str) -> dict:
    for obj in objs:
        if obj.get("kind") == kind and obj["metadata"]["name"] == name:
            return obj
    raise KeyError(f"no {kind} {name}; have {[(o['kind'], o['metadata']['name']) for o in objs]}")


def kinds(objs: list[dict], kind: str) -> list[dict]:
    return [o for o in objs if o.get("kind") == kind]


def names(objs: list[dict], kind: str) -> set[str]:
    return {o["metadata"]["name"] for o in kinds(objs, kind)}


def secret_value(secret: dict, key: str) -> str:
    return base64.b64decode(secret["data"][key]).decode()


def airflow_cfg(objs: list[dict]) -> str:
    return find(objs, "ConfigMap", f"{RELEASE}-config")["data"]["airflow.cfg"]


def cfg_sections(text: str) -> dict[str, dict[str, str]]:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    return {s: dict(parser[s]) for s in parser.sections()}


def pod_templates(objs: list[dict]) -> dict[str, dict]:
    """{file name: parsed pod} from the pod-templates ConfigMap (empty without the KubernetesExecutor)."""
    try:
        data = find(objs, "ConfigMap", f"{RELEASE}-pod-templates")["data"]
    except KeyError:
        return {}
    return {name: yaml.safe_load(text) for name, text in data.items()}


def containers(workload: dict) -> dict[str, dict]:
    spec = workload["spec"]["template"]["spec"] if workload["kind"] != "Pod" else workload["spec"]
    return {c["name"]: c for c in spec.get("initContainers", []) + spec["containers"]}


def secret_refs(workload: dict, container: str) -> dict[str, dict]:
    """{Airflow env var: {name, key}}: the Secret key behind each setting of the container, whether
    Airflow reads it from a file (NAME_CMD = cat /run/secrets/airflow/<file> over the airflow-secrets
    volume) or from the environment (secretKeyRef)."""
    spec = workload["spec"]["template"]["spec"] if workload["kind"] != "Pod" else workload["spec"]
    files = {}
    for volume in spec.get("volumes", []):
        if volume["name"] == "airflow-secrets":
            for source in volume["projected"]["sources"]:
                for item in source["secret"]["items"]:
                    files[item["path"]] = {"name": source["secret"]["name"], "key": item["key"]}
    refs = {}
    for env in containers(workload)[container].get("env", []):
        value = env.get("value") or ""
        if env["name"].endswith("_CMD") and value.startswith("cat /run/secrets/airflow/"):
            refs[env["name"].removesuffix("_CMD")] = files[value.rsplit("/", 1)[1]]
        elif "secretKeyRef" in (env.get("valueFrom") or {}):
            refs[env["name"]] = env["valueFrom"]["secretKeyRef"]
    return refs


def generated_secrets(objs: list[dict]) -> dict[str, dict]:
    """{Secret name: {key: spec}} the create-secrets Job makes in the cluster (empty without that Job)."""
    import json

    jobs = [o for o in kinds(objs, "Job") if o["metadata"]["name"].startswith(f"{RELEASE}-create-secrets-")]
    if not jobs:
        return {}
    (job,) = jobs
    env = {e["name"]: e.get("value") for e in containers(job)["create-secrets"]["env"]}
    return {s["name"]: s["keys"] for s in json.loads(env["SECRETS"])}


def render_cases(cases: dict[str, dict], folder: Path, helms=HELMS) -> dict[tuple[str, str], list[dict]]:
    """Render each {name: values} once per helm, in parallel: {(name, helm): objects}."""
    for name, values in cases.items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(values))
    jobs = [(name, helm) for name in cases for helm in helms]
    with ThreadPoolExecutor(max_workers=4) as pool:
        objs = pool.map(lambda job: render_files(folder / f"{job[0]}.yaml", helm=job[1]), jobs)
        return dict(zip(jobs, objs, strict=True))
