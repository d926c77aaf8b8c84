"""Worker pods as the real KubernetesExecutor builds them from our pod templates,
validated strictly against the Kubernetes 1.35 and 1.30 schemas (kubernetes-validate)."""
from __future__ import annotations

import copy
import functools

import compat_harness as h
import pytest
import yaml
from compat_inputs import (
    chart_available,
    example_templates,
    image_of,
    k8s_executor_scenarios,
    load_yaml,
    write_scenario_files,
)

pytestmark = pytest.mark.compat

SEED_TEMPLATE = h.FIXTURES / "seed001_pod_template.yaml"
OVERRIDES = ("none", "train_model", "notify")


def assert_valid(pod: dict, where: str) -> None:
    for v in h.K8S_VERSIONS:
        problems = h.pod_problems(pod, v)
        assert not problems, f"{where}: not a valid Pod for Kubernetes {v} (strict):\n" + "\n".join(problems)


def base(pod: dict) -> dict:
    first = pod["spec"]["containers"][0]
    assert first["name"] == "base"
    return first


# ----------------------------------------------------------------- seed 001 template
@functools.cache
def seed_pods(version: str) -> dict:
    overrides = [a for o in OVERRIDES for a in ("--override", o)]
    doc = h.probe_ok(version, "pod-from-template", str(SEED_TEMPLATE), *overrides)
    return {r["override"]: r["pod"] for r in doc["results"]}


@pytest.mark.parametrize("version", h.AIRFLOW_VERSIONS)
@pytest.mark.parametrize("override", OVERRIDES)
def test_seed001_template_builds_valid_pods(version, override):
    pod = seed_pods(version)[override]
    assert_valid(pod, f"seed 001 template + {override} on Airflow {version}")
    c = base(pod)
    spec = pod["spec"]
    assert pod["metadata"]["labels"]["kubernetes_executor"] == "True"
    assert pod["metadata"]["annotations"]["task_id"] == "train_model"
    assert c["image"] == "apache/airflow:2.10.4-python3.11"
    assert {m["name"] for m in c["volumeMounts"]} == {"dags", "logs"}
    assert spec["restartPolicy"] == "Never" and spec["serviceAccountName"] == "airflow"
    if version.startswith("3."):
        assert c["args"][:3] == ["python", "-m", "airflow.sdk.execution_time.execute_workload"]
    else:
        assert c["args"][:3] == ["airflow", "tasks", "run"]
    if override == "train_model":
        assert c["resources"] == {"limits": {"cpu": "8", "memory": "32Gi", "nvidia.com/gpu": "1"},
                                  "requests": {"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "1"}}
        assert spec["nodeSelector"] == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
        # Airflow replaces (does not extend) tolerations from pod_override.
        assert spec["tolerations"] == [{"key": "nvidia.com/gpu", "operator": "Exists"}]
    elif override == "notify":
        assert c["resources"] == {"limits": {"cpu": "500m", "memory": "512Mi"},
                                  "requests": {"cpu": "100m", "memory": "256Mi"}}
        assert spec["nodeSelector"] == {"workload-type": "airflow-workers"}
    else:
        assert c["resources"] == {"limits": {"cpu": "2", "memory": "4Gi"},
                                  "requests": {"cpu": "500m", "memory": "2Gi"}}


@pytest.mark.parametrize("version", h.AIRFLOW_VERSIONS)
def test_generate_dag_yaml_seed_lab(version):
    doc = h.probe_ok(version, "generate-dag-yaml", "--template", str(SEED_TEMPLATE))
    pods = doc["results"][str(SEED_TEMPLATE)]
    assert sorted(pods) == sorted(h.LAB_TASKS), "one pod per task of data_pipeline_lab"
    for task_id, item in pods.items():
        pod = item["pod"]
        assert_valid(pod, f"generate-dag-yaml {task_id} on Airflow {version}")
        assert pod["metadata"]["labels"]["dag_id"] == "data_pipeline_lab"
        assert base(pod)["image"] == "apache/airflow:2.10.4-python3.11"


# ----------------------------------------------------------------- negative proofs
@pytest.mark.parametrize("version", h.AIRFLOW_VERSIONS)
def test_template_without_base_container_is_refused(version, tmp_path):
    tpl = load_yaml(SEED_TEMPLATE)
    tpl["spec"]["containers"][0]["name"] = "worker"
    path = tmp_path / "no-base.yaml"
    path.write_text(yaml.safe_dump(tpl))
    # Kubernetes itself accepts such a pod: only the Airflow-side check can catch it.
    assert not h.k8s_problems(tpl, "1.35")
    res = h.run_probe(version, "pod-from-template", str(path))
    assert res.returncode == 2 and "no container named 'base'" in res.doc.get("error", ""), res.doc
    res = h.run_probe(version, "generate-dag-yaml", "--template", str(path))
    assert res.returncode == 2 and "'base'" in res.doc.get("error", ""), res.doc


def test_template_with_base_not_first_is_refused(tmp_path):
    tpl = load_yaml(SEED_TEMPLATE)
    sidecar = copy.deepcopy(tpl["spec"]["containers"][0])
    sidecar.update(name="sidecar", image="busybox:1.37")
    tpl["spec"]["containers"].insert(0, sidecar)
    path = tmp_path / "base-second.yaml"
    path.write_text(yaml.safe_dump(tpl))
    res = h.run_probe("3.3.2", "pod-from-template", str(path))
    assert res.returncode == 2 and "not the first container" in res.doc.get("error", ""), res.doc


# ----------------------------------------------------------------- chart scenarios
SCENARIOS = k8s_executor_scenarios()


@functools.cache
def scenario_pods(name: str, root: str) -> tuple[str, dict]:
    """One probe run per scenario: every pod template x override, with the scenario's airflow.cfg."""
    from pathlib import Path

    files = write_scenario_files(name, Path(root))
    version = h.version_for_image(image_of(load_yaml(next(iter(files["templates"].values())))))
    doc = h.probe_ok(version, "pod-from-template", *map(str, files["templates"].values()),
                     *[a for o in OVERRIDES for a in ("--override", o)], airflow_cfg=files["cfg"])
    return version, doc


@pytest.mark.skipif(not chart_available(), reason="waiting for tests/support/render.py (chart scenarios)")
def test_chart_has_kubernetes_executor_scenarios():
    assert SCENARIOS, "no chart scenario renders the KubernetesExecutor pod templates"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_chart_scenario_pods(scenario, compat_tmp):
    version, doc = scenario_pods(scenario, str(compat_tmp))
    for r in doc["results"]:
        where = f"{scenario}: {r['template'].rsplit('/', 1)[-1]} + {r['override']} on Airflow {version}"
        assert_valid(r["pod"], where)
        c = base(r["pod"])
        assert c["image"].startswith("apache/airflow:") or ":" in c["image"], where
        assert r["pod"]["metadata"]["namespace"], where


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_chart_scenario_template_image_is_what_airflow_runs(scenario, compat_tmp):
    """The chart sets no [kubernetes_executor] worker_container_*: Airflow keeps each template's
    image (a worker profile's own image too) instead of putting one image over all of them."""
    version, doc = scenario_pods(scenario, str(compat_tmp))
    for r in doc["results"]:
        if r["override"] == "none":
            assert base(r["pod"])["image"] == image_of(load_yaml(r["template"])), r["template"]


@functools.cache
def dag_yaml_for_version(version: str, root: str) -> dict:
    """generate-dag-yaml for every chart template of this Airflow major, in one process."""
    from pathlib import Path

    paths = []
    for name in SCENARIOS:
        files = write_scenario_files(name, Path(root))
        for p in files["templates"].values():
            if h.version_for_image(image_of(load_yaml(p))) == version:
                paths.append(str(p))
    if not paths:
        return {}
    return h.probe_ok(version, "generate-dag-yaml", *[a for p in paths for a in ("--template", p)])["results"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_chart_scenario_generate_dag_yaml(scenario, compat_tmp):
    files = write_scenario_files(scenario, compat_tmp)
    for key, path in files["templates"].items():
        version = h.version_for_image(image_of(load_yaml(path)))
        results = dag_yaml_for_version(version, str(compat_tmp))
        pods = results[str(path)]
        assert sorted(pods) == sorted(h.LAB_TASKS), f"{scenario}/{key}"
        for task_id, item in pods.items():
            assert_valid(item["pod"], f"{scenario}/{key}: generate-dag-yaml {task_id} on Airflow {version}")


# ----------------------------------------------------------------- generated examples
EXAMPLES = example_templates()


@pytest.mark.parametrize("template", EXAMPLES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_generated_example_template_pods(template):
    version = h.version_for_image(image_of(load_yaml(template)))
    doc = h.probe_ok(version, "pod-from-template", str(template),
                     *[a for o in OVERRIDES for a in ("--override", o)])
    for r in doc["results"]:
        assert_valid(r["pod"], f"{template.parent.parent.name}/{template.name} + {r['override']} on Airflow {version}")
