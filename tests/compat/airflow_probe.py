"""Ask a real Airflow installation about our outputs; runs INSIDE an Airflow venv.

    .tools/venvs/airflow-3.3.2/bin/python tests/compat/airflow_probe.py SUBCOMMAND ...

Every subcommand prints one JSON document on stdout (everything Airflow itself
prints is moved to stderr) and exits 0; it exits 2 ("fails loudly") when an input
is unusable for Airflow, with {"error": ...} on stdout and the reason on stderr.

  pod-from-template TEMPLATE... [--override NAME]... [--override-json JSON]...
        PodGenerator.deserialize_model_file + PodGenerator.construct_pod, as the
        KubernetesExecutor does for a task, for every template x override (one
        process for the whole batch). NAME: none, train_model, notify (seed 001's
        pod_override objects, built with kubernetes.client models like the DAG does).
  generate-dag-yaml --template T... [--dag-file F]
        `airflow kubernetes generate-dag-yaml` (the real CLI function, in-process)
        for the seed 003 lab DAG with each template, in a temp AIRFLOW_HOME on SQLite.
  config-keys AIRFLOW_CFG
        Every [section] key of the file against this version's config description
        (core config.yml + every installed provider's config); on Airflow 3 also the
        findings of `airflow config lint` with that file as the airflow.cfg.
  warmup
        Import what the probes use (run by tools/install-airflow-venvs.sh so the
        .pyc files exist).

Common options: --airflow-cfg CFG loads that airflow.cfg (as AIRFLOW_CONFIG) first,
so the executor settings (worker image, namespace) come from it, as in a cluster.
"""
from __future__ import annotations

import argparse
import configparser
import contextlib
import inspect
import io
import json
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DAG = HERE / "dags" / "data_pipeline_lab.py"
LAB_DAG_ID = "data_pipeline_lab"
# Sections whose options Airflow passes verbatim to a client library (any key is valid).
FREE_FORM_SECTIONS = {
    "elasticsearch_configs": "passed as keyword arguments to the Elasticsearch client",
    "opensearch_configs": "passed as keyword arguments to the OpenSearch client",
}

_REAL_STDOUT: int | None = None


class ProbeFailure(Exception):
    """An input Airflow cannot use: reported as {"error": ...} with exit code 2."""


def _isolate_stdout() -> None:
    """Send fd 1 to stderr so only our JSON reaches the real stdout."""
    global _REAL_STDOUT
    sys.stdout.flush()
    _REAL_STDOUT = os.dup(1)
    os.dup2(2, 1)


def _emit(doc) -> None:
    sys.stdout.flush()
    data = (json.dumps(doc, indent=1, sort_keys=True, default=str) + "\n").encode()
    fd = _REAL_STDOUT if _REAL_STDOUT is not None else 1
    while data:
        data = data[os.write(fd, data):]


def _prepare_home(airflow_cfg: str | None) -> Path:
    """A private AIRFLOW_HOME (SQLite, no examples); the given airflow.cfg copied in as its config."""
    home = Path(tempfile.mkdtemp(prefix="airflow-probe-"))
    (home / "dags").mkdir()
    os.environ["AIRFLOW_HOME"] = str(home)
    if airflow_cfg:
        shutil.copy(airflow_cfg, home / "airflow.cfg")
        os.environ["AIRFLOW_CONFIG"] = str(home / "airflow.cfg")
    return home


def _airflow_version() -> str:
    from airflow import __version__

    return __version__


def _major() -> int:
    return int(_airflow_version().split(".")[0])


# ----------------------------------------------------------------- pod templates
def check_template_file(path: str) -> dict:
    """The template as YAML; ProbeFailure unless it is a Pod whose first container is `base`.

    PodGenerator.reconcile_containers merges containers by POSITION: the executor's
    container (name `base`, the task command, the worker image) is merged into the
    template's containers[0]. A template without `base` first would get the task
    command and image put on whatever container comes first, so this is refused here.
    """
    import yaml

    if not os.path.exists(path):
        raise ProbeFailure(f"{path}: no such pod template file")
    with open(path) as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict) or doc.get("kind") != "Pod":
        raise ProbeFailure(f"{path}: not a Pod manifest (kind={doc.get('kind') if isinstance(doc, dict) else None})")
    containers = ((doc.get("spec") or {}).get("containers")) or []
    names = [c.get("name") for c in containers]
    if "base" not in names:
        raise ProbeFailure(
            f"{path}: no container named 'base' (containers: {names}); the KubernetesExecutor "
            "runs the task in the container named 'base'"
        )
    if names[0] != "base":
        raise ProbeFailure(
            f"{path}: container 'base' is not the first container ({names}); Airflow merges the "
            "task container into containers[0] by position"
        )
    return doc


def seed001_overrides() -> dict:
    """The pod_override objects of seed 001's pod_customization DAG, built the same way."""
    from kubernetes.client import models as k8s

    train_model = k8s.V1Pod(
        spec=k8s.V1PodSpec(
            containers=[
                k8s.V1Container(
                    name="base",
                    resources=k8s.V1ResourceRequirements(
                        limits={"cpu": "8", "memory": "32Gi", "nvidia.com/gpu": "1"},
                        requests={"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "1"},
                    ),
                )
            ],
            node_selector={"cloud.google.com/gke-accelerator": "nvidia-l4"},
            tolerations=[k8s.V1Toleration(key="nvidia.com/gpu", operator="Exists")],
        )
    )
    notify = k8s.V1Pod(
        spec=k8s.V1PodSpec(
            containers=[
                k8s.V1Container(
                    name="base",
                    resources=k8s.V1ResourceRequirements(
                        limits={"cpu": "500m", "memory": "512Mi"},
                        requests={"cpu": "100m", "memory": "256Mi"},
                    ),
                )
            ]
        )
    )
    return {"none": None, "train_model": train_model, "notify": notify}


def task_args(dag_id: str, task_id: str, run_id: str, try_number: int) -> list[str]:
    """The container args the installed executor gives a task pod."""
    if _major() >= 3:
        # Airflow 3: the executor sends an ExecuteTask workload; the provider turns it
        # into `python -m airflow.sdk.execution_time.execute_workload --json-string ...`.
        from airflow.executors.workloads import BundleInfo, ExecuteTask
        from airflow.executors.workloads.task import TaskInstanceDTO
        from airflow.providers.cncf.kubernetes.pod_generator import workload_to_command_args

        ti = TaskInstanceDTO(
            id=uuid.uuid4(), task_id=task_id, dag_id=dag_id, run_id=run_id, try_number=try_number,
            dag_version_id=uuid.uuid4(), map_index=-1, pool_slots=1, priority_weight=1, queue="default",
        )
        workload = ExecuteTask(
            ti=ti, dag_rel_path=Path("data_pipeline_lab.py"), token="probe-token",
            bundle_info=BundleInfo(name="dags-folder"),
            log_path=f"dag_id={dag_id}/run_id={run_id}/task_id={task_id}/attempt={try_number}.log",
        )
        return workload_to_command_args(workload)
    # Airflow 2: TaskInstance.command_as_list() form.
    return ["airflow", "tasks", "run", dag_id, task_id, run_id, "--local", "--subdir",
            "DAGS_FOLDER/data_pipeline_lab.py"]


def construct(template: str, override, *, dag_id: str, task_id: str, run_id: str,
              try_number: int, image: str | None, namespace: str | None) -> dict:
    from airflow.providers.cncf.kubernetes.kubernetes_helper_functions import create_unique_id
    from airflow.providers.cncf.kubernetes.pod_generator import PodGenerator
    from kubernetes.client import ApiClient

    check_template_file(template)
    base_pod = PodGenerator.deserialize_model_file(template)
    kube_image, kube_namespace = None, "default"
    if os.environ.get("AIRFLOW_CONFIG"):
        # The executor's own view of [kubernetes_executor] (worker image and namespace).
        from airflow.providers.cncf.kubernetes.kube_config import KubeConfig

        kc = KubeConfig()
        kube_image, kube_namespace = kc.kube_image, kc.executor_namespace
    candidates = dict(
        dag_id=dag_id, task_id=task_id, pod_id=create_unique_id(dag_id, task_id),
        try_number=try_number, kube_image=image or kube_image, date=None,
        args=task_args(dag_id, task_id, run_id, try_number), pod_override_object=override,
        base_worker_pod=base_pod, namespace=namespace or kube_namespace,
        scheduler_job_id="probe-scheduler", run_id=run_id, map_index=-1, with_mutation_hook=True,
    )
    sig = inspect.signature(PodGenerator.construct_pod)
    missing = [n for n, p in sig.parameters.items()
               if p.default is inspect.Parameter.empty and n not in candidates]
    if missing:
        raise ProbeFailure(f"construct_pod wants parameters this probe does not know: {missing}")
    kwargs = {n: v for n, v in candidates.items() if n in sig.parameters}
    pod = PodGenerator.construct_pod(**kwargs)
    result = ApiClient().sanitize_for_serialization(pod)
    first = result["spec"]["containers"][0]
    if first.get("name") != "base":
        raise ProbeFailure(f"{template}: the built pod's first container is {first.get('name')!r}, not 'base'")
    return result


def cmd_pod_from_template(a) -> dict:
    from airflow.providers.cncf.kubernetes.pod_generator import PodGenerator

    named = seed001_overrides()
    overrides: list[tuple[str, object]] = []
    for name in a.override or []:
        if name not in named:
            raise ProbeFailure(f"unknown override {name!r}; known: {sorted(named)}")
        overrides.append((name, named[name]))
    for i, text in enumerate(a.override_json or []):
        overrides.append((f"json{i}", PodGenerator.deserialize_model_dict(json.loads(text))))
    overrides = overrides or [("none", None)]
    results = []
    for template in a.templates:
        for name, override in overrides:
            pod = construct(template, override, dag_id=a.dag_id, task_id=a.task_id, run_id=a.run_id,
                            try_number=a.try_number, image=a.image, namespace=a.namespace)
            results.append({"template": template, "override": name, "pod": pod})
    return {"airflow": _airflow_version(), "construct_pod": str(inspect.signature(PodGenerator.construct_pod)),
            "results": results}


# ----------------------------------------------------------------- generate-dag-yaml
def _run_cli(argv: list[str]) -> str:
    """Run an `airflow ...` command through Airflow's own CLI parser, in this process."""
    from airflow.cli import cli_parser

    parser = cli_parser.get_parser()
    args = parser.parse_args(argv)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        args.func(args)
    sys.stderr.write(buf.getvalue())
    return buf.getvalue()


def cmd_generate_dag_yaml(a, home: Path) -> dict:
    import yaml

    for t in a.template:
        check_template_file(t)
    shutil.copy(a.dag_file, home / "dags" / Path(a.dag_file).name)
    _run_cli(["db", "migrate"])
    out: dict[str, dict] = {}
    for i, template in enumerate(a.template):
        # The executor reads [kubernetes_executor] pod_template_file; point it at this template.
        # (Through the environment: on Airflow 3 the provider reads the Task SDK's config
        # object, not airflow.configuration.conf; both honour AIRFLOW__SECTION__KEY.)
        os.environ["AIRFLOW__KUBERNETES_EXECUTOR__POD_TEMPLATE_FILE"] = str(Path(template).resolve())
        from airflow.providers.cncf.kubernetes.kube_config import KubeConfig

        seen = KubeConfig().pod_template_file
        if seen != str(Path(template).resolve()):
            raise ProbeFailure(f"the executor config did not pick up the template: {seen!r}")
        target = home / f"out{i}"
        target.mkdir()
        # Airflow 3 takes --logical-date (and breaks without it: run_after=None);
        # Airflow 2 takes the execution date as a positional argument.
        date = ["--logical-date", a.logical_date] if _major() >= 3 else [a.logical_date]
        _run_cli(["kubernetes", "generate-dag-yaml", a.dag_id, *date, "--output-path", str(target)])
        pods = {}
        for f in sorted((target / "airflow_yaml_output").glob("*.yml")):
            pod = yaml.safe_load(f.read_text())
            task_id = pod["metadata"]["annotations"]["task_id"]
            pods[task_id] = {"file": f.name, "pod": pod}
        out[template] = pods
    return {"airflow": _airflow_version(), "dag_id": a.dag_id, "results": out}


# ----------------------------------------------------------------- config keys
def config_description() -> tuple[dict[str, dict], dict[str, str]]:
    """{section: {option: spec}} from core config.yml + every installed provider; {section: source}."""
    from airflow.configuration import retrieve_configuration_description
    from airflow.providers_manager import ProvidersManager

    core = retrieve_configuration_description(include_airflow=True, include_providers=False)
    merged = {s: dict((d or {}).get("options") or {}) for s, d in core.items()}
    source = {s: "airflow-core" for s in merged}
    for provider, cfg in ProvidersManager().provider_configs:
        for section, d in cfg.items():
            merged.setdefault(section, {}).update((d or {}).get("options") or {})
            source.setdefault(section, provider)
    return merged, source


def cmd_config_keys(a) -> dict:
    from airflow.configuration import conf

    desc, source = config_description()
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    try:
        parser.read(a.cfg)
    except configparser.Error as e:
        raise ProbeFailure(f"{a.cfg}: not a valid airflow.cfg: {e}") from e
    deprecated = {(old_s, old_k): (new_s, new_k, ver)
                  for (new_s, new_k), (old_s, old_k, ver) in getattr(conf, "deprecated_options", {}).items()}
    deprecated_sections = {old: (new, ver) for new, (old, ver) in getattr(conf, "deprecated_sections", {}).items()}
    sensitive = {tuple(x) for x in getattr(conf, "sensitive_config_values", set())}
    unknown, deprecated_found, checked = [], [], 0
    for section in parser.sections():
        for key in parser[section]:
            checked += 1
            if (section, key) in deprecated:
                new_s, new_k, ver = deprecated[(section, key)]
                deprecated_found.append({"section": section, "key": key, "use": f"[{new_s}] {new_k}", "since": ver})
                continue
            if section in deprecated_sections:
                new, ver = deprecated_sections[section]
                if key in desc.get(new, {}):
                    deprecated_found.append({"section": section, "key": key, "use": f"[{new}] {key}", "since": ver})
                    continue
            if section in FREE_FORM_SECTIONS and section in desc:
                continue
            if section not in desc:
                unknown.append({"section": section, "key": key, "why": "unknown section"})
                continue
            if key in desc[section]:
                continue
            base = next((key[: -len(sfx)] for sfx in ("_cmd", "_secret") if key.endswith(sfx)), None)
            if base and (section, base) in sensitive:
                continue
            close = sorted(k for k in desc[section] if _close(k, key))
            unknown.append({"section": section, "key": key, "why": "unknown key",
                            "did_you_mean": close[:3]})
    result = {"airflow": _airflow_version(), "cfg": a.cfg, "checked": checked, "unknown": unknown,
              "deprecated": deprecated_found,
              "sections_known": len(desc), "providers": sorted({v for v in source.values() if v != "airflow-core"})}
    if _major() >= 3:
        # The real `airflow config lint` (its output is kept for the test report) ...
        os.environ["COLUMNS"] = "1000"  # keep rich from wrapping the findings
        result["lint_output"] = _run_cli(["config", "lint"])
        # ... and the same rule walk, structured: lint prints every finding alike, but a
        # "changed default value" note about a value we set on purpose is no error.
        from airflow.cli.commands.config_command import CONFIGS_CHANGES

        findings = []
        for change in CONFIGS_CHANGES:
            sec, opt = change.config.section, change.config.option
            if not conf.has_option(sec, opt, lookup_from_deprecated=False):
                continue
            message = change.message
            if message is None:
                continue
            if change.default_change and message.startswith("Changed default value"):
                kind = "default-changed"
            elif change.renamed_to:
                kind = "renamed"
            elif message.startswith("Removed"):
                kind = "removed"
            else:
                kind = "invalid-value"
            findings.append({"section": sec, "key": opt, "kind": kind, "message": message.strip()})
        result["lint_findings"] = findings
        result["lint_errors"] = [f for f in findings if f["kind"] != "default-changed"]
    return result


def _close(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


# ----------------------------------------------------------------- warmup
def cmd_warmup(_a) -> dict:
    import airflow.cli.cli_parser  # noqa: F401
    from airflow.providers.cncf.kubernetes.cli import kubernetes_command  # noqa: F401
    from airflow.providers.cncf.kubernetes.pod_generator import PodGenerator  # noqa: F401

    config_description()
    mods = len(sys.modules)
    return {"airflow": _airflow_version(), "modules": mods}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--airflow-cfg", help="airflow.cfg to load first (copied into a temp AIRFLOW_HOME)")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("pod-from-template")
    s.add_argument("templates", nargs="+")
    s.add_argument("--override", action="append", help="none | train_model | notify (repeatable)")
    s.add_argument("--override-json", action="append", help="a V1Pod as JSON (repeatable)")
    s.add_argument("--dag-id", default="pod_customization")
    s.add_argument("--task-id", default="train_model")
    s.add_argument("--run-id", default="manual__2026-01-01T00:00:00+00:00")
    s.add_argument("--try-number", type=int, default=1)
    s.add_argument("--image",
                   help="worker image (default: [kubernetes_executor] of --airflow-cfg, else the template's)")
    s.add_argument("--namespace")
    s = sub.add_parser("generate-dag-yaml")
    s.add_argument("--template", action="append", required=True)
    s.add_argument("--dag-file", default=str(DEFAULT_DAG))
    s.add_argument("--dag-id", default=LAB_DAG_ID)
    s.add_argument("--logical-date", default="2026-01-01T00:00:00+00:00")
    s = sub.add_parser("config-keys")
    s.add_argument("cfg")
    sub.add_parser("warmup")
    a = p.parse_args(argv)

    if a.cmd == "config-keys":
        a.cfg = str(Path(a.cfg).resolve())
        a.airflow_cfg = a.cfg
    if a.airflow_cfg:
        a.airflow_cfg = str(Path(a.airflow_cfg).resolve())
    if a.cmd == "pod-from-template":
        a.templates = [str(Path(t).resolve()) for t in a.templates]
    if a.cmd == "generate-dag-yaml":
        a.template = [str(Path(t).resolve()) for t in a.template]
        a.dag_file = str(Path(a.dag_file).resolve())

    _isolate_stdout()
    home = _prepare_home(a.airflow_cfg)
    if a.cmd == "generate-dag-yaml":
        os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(home / "dags")
        os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{home}/airflow.db"
        os.environ.setdefault("AIRFLOW__CORE__EXECUTOR", "KubernetesExecutor")
        os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
        # Airflow 2 refuses SQLite with a multi-threaded executor; its own tests use this switch.
        # SQLite only holds the throw-away DagModel/DagRun rows generate-dag-yaml needs.
        os.environ["_AIRFLOW__SKIP_DATABASE_EXECUTOR_COMPATIBILITY_CHECK"] = "1"
    try:
        if a.cmd == "pod-from-template":
            doc = cmd_pod_from_template(a)
        elif a.cmd == "generate-dag-yaml":
            doc = cmd_generate_dag_yaml(a, home)
        elif a.cmd == "config-keys":
            doc = cmd_config_keys(a)
        else:
            doc = cmd_warmup(a)
    except ProbeFailure as e:
        print(f"airflow_probe: FAILED: {e}", file=sys.stderr)
        _emit({"error": str(e)})
        return 2
    finally:
        shutil.rmtree(home, ignore_errors=True)
    _emit(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
