"""Every values-examples/* values.yaml renders with the chart under helm 3 and helm 4 and
passes strict Kubernetes validation (1.30 and 1.35); the chart mounts exactly the pod
templates airkube generated (they are its own render)."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml
from support.kube import problems, problems_all
from support.render import HELMS, PROMETHEUS_CRDS, airflow_cfg, cfg_sections, find, pod_templates, render_files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "values-examples").iterdir() if (p / "values.yaml").exists())
KUBERNETES = ("1.30", "1.35")


@functools.cache
def rendered(example: str, helm: str) -> tuple:
    """Render an example once per test session."""
    return tuple(render_files(ROOT / "values-examples" / example / "values.yaml", helm=helm, extra=PROMETHEUS_CRDS))


def generated_templates(example: str) -> dict[str, dict]:
    folder = ROOT / "values-examples" / example / "pod-templates"
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted(folder.glob("*.yaml"))}


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("example", [p.name for p in EXAMPLES])
def test_renders_and_validates_strictly(example, helm):
    objs = list(rendered(example, helm))
    assert objs
    for version in KUBERNETES:
        assert problems_all(objs, version) == []


@pytest.mark.parametrize("example", [p.name for p in EXAMPLES])
def test_chart_mounts_the_generated_templates(example):
    objs = list(rendered(example, "helm4"))
    mounted = pod_templates(objs)
    generated = generated_templates(example)
    assert set(mounted) == set(generated)
    # The files are the chart's own render (airkube generate), for the release named like the settings.
    assert mounted == generated
    for pod in pod_templates(objs).values():
        for version in KUBERNETES:
            assert problems(pod, version) == []
    if mounted:
        cfg = cfg_sections(airflow_cfg(objs))
        assert cfg["kubernetes_executor"]["pod_template_file"] == "/opt/airflow/pod_templates/pod_template.yaml"


def test_production_uses_the_external_database_and_remote_logs():
    objs = list(rendered("production", "helm4"))
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["logging"]["remote_base_log_folder"] == "s3://your-bucket/airflow-logs"
    assert cfg["core"]["parallelism"] == "64"
    scheduler = find(objs, "Deployment", "airflow-scheduler")
    assert scheduler["spec"]["replicas"] == 2


VALID_SETTINGS = sorted((ROOT / "tests" / "unit" / "corpus" / "valid").glob("*.yaml")) + sorted(
    (ROOT / "generator" / "airkube" / "data").glob("starter-*.yaml"))


@pytest.mark.parametrize("settings", VALID_SETTINGS, ids=lambda p: p.stem)
def test_valid_settings_render(settings, tmp_path):
    """Whatever airkube accepts, the chart accepts too (its strict schema and its own checks)."""
    import airkube

    airkube.write_files(tmp_path / "out", airkube.generate(settings))
    objs = render_files(tmp_path / "out" / "values.yaml", helm="helm4", extra=PROMETHEUS_CRDS)
    assert problems_all(objs, "1.35") == []


def test_random_valid_settings_render(tmp_path_factory):
    """A few schema-generated settings that airkube accepts must render too (helm is slow: a small sample)."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hsettings
    from unit.strategies import SETTINGS

    import airkube

    @hsettings(max_examples=int(__import__("os").environ.get("AIRKUBE_CHART_EXAMPLES", "12")),
               deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(SETTINGS)
    def check(data):
        result = airkube.validate(data)
        if not result.ok:
            return
        try:
            files = airkube.generate(data)
        except airkube.SettingsError:
            return
        out = tmp_path_factory.mktemp("random")
        airkube.write_files(out, files)
        render_files(out / "values.yaml", helm="helm4", extra=PROMETHEUS_CRDS)  # raises with helm's error message

    check()


def test_celery_workers_may_launch_pods():
    """seed 002/003: KubernetesPodOperator tasks on Celery workers need the pod-launcher RBAC."""
    objs = list(rendered("celery", "helm4"))
    binding = find(objs, "RoleBinding", "airflow-pod-launcher")
    assert [s["name"] for s in binding["subjects"]] == ["airflow-worker"]
    role = find(objs, "Role", "airflow-pod-launcher")
    assert any("pods" in rule["resources"] and "create" in rule["verbs"] for rule in role["rules"])
    assert find(objs, "Deployment", "airflow-worker")["spec"]["replicas"] == 2


def test_task_pods_may_reach_the_database_under_network_policies():
    objs = render_files(ROOT / "values-examples" / "production" / "values.yaml", helm="helm4",
                        extra=("--set", "networkPolicies.enabled=true", *PROMETHEUS_CRDS))
    pod = pod_templates(objs)["pod_template.yaml"]
    policy = find(objs, "NetworkPolicy", "airflow-pgbouncer-6543")
    allowed = policy["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"]
    assert allowed.items() <= pod["metadata"]["labels"].items()


def test_gpu_profile_template_is_mounted_where_the_dag_points():
    objs = list(rendered("gpu-profiles", "helm4"))
    mounted = pod_templates(objs)
    assert {"pod_template.yaml", "gpu.yaml", "small.yaml"} <= set(mounted)
    scheduler = find(objs, "Deployment", "airflow-scheduler")
    mounts = [m for c in scheduler["spec"]["template"]["spec"]["containers"] for m in c.get("volumeMounts", [])]
    assert any(m["mountPath"] == "/opt/airflow/pod_templates" for m in mounts)
