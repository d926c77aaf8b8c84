"""Worker pod templates: the chart builds the default one and every workers.profiles entry
with one helper; a profile is deep-merged over workers.* and the patches over the pod."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support.kube import problems
from support.render import (
    HELMS,
    PROMETHEUS_CRDS,
    SCENARIOS,
    airflow_cfg,
    cfg_sections,
    pod_templates,
    render_files,
    render_scenario,
)

ROOT = Path(__file__).resolve().parents[2]
CI = ROOT / "chart" / "ci"
GPU_EXAMPLE = ROOT / "values-examples" / "gpu-profiles"


def base(pod: dict) -> dict:
    first = pod["spec"]["containers"][0]
    assert first["name"] == "base"
    return first


def env(pod: dict) -> dict[str, str]:
    return {e["name"]: e.get("value") for e in base(pod)["env"]}


def chart_built(scenario: str) -> list[str]:
    """The templates of a scenario the chart builds (not the ones written whole in workers.extraPodTemplates)."""
    values = yaml.safe_load((CI / f"{scenario}-values.yaml").read_text()) or {}
    written = set((values.get("workers") or {}).get("extraPodTemplates") or {})
    return [name for name in pod_templates(render_scenario(scenario)) if name.removesuffix(".yaml") not in written]


KUBERNETES_SCENARIOS = [s for s in SCENARIOS if pod_templates(render_scenario(s))]


@pytest.mark.parametrize("scenario", KUBERNETES_SCENARIOS)
def test_every_built_template_follows_images_airflow(scenario):
    """Overriding images.airflow moves every template the chart builds (generated values used to
    embed templates that kept the old image)."""
    objs = render_files(CI / f"{scenario}-values.yaml",
                        extra=("--set", "images.airflow.repository=registry.example.com/airflow"))
    templates = pod_templates(objs)
    built = chart_built(scenario)
    assert built
    for name in built:
        image = base(templates[name])["image"]
        overridden = name == "gpu.yaml" and scenario == "profiles"  # its profile sets its own tag
        assert image.startswith("registry.example.com/airflow:"), (name, image)
        before = base(pod_templates(render_scenario(scenario))[name])["image"]
        assert overridden or image.split(":")[1] == before.split(":")[1]


EXAMPLES = sorted(p.parent.name for p in (ROOT / "values-examples").glob("*/pod-templates"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_template_follows_images_airflow(example):
    """The bug of the embedded templates: generated values carried the whole pod with the image of
    the day; overriding images.airflow left the task pods on the old one. Now values carry no pod."""
    values = ROOT / "values-examples" / example / "values.yaml"
    assert "podTemplate" not in (yaml.safe_load(values.read_text())["workers"])
    override = ("--set", "images.airflow.repository=registry.example.com/airflow")
    objs = render_files(values, extra=(*PROMETHEUS_CRDS, *override))
    for name, pod in pod_templates(objs).items():
        assert base(pod)["image"].startswith("registry.example.com/airflow:"), (example, name)


def test_the_templates_image_is_what_runs():
    """No [kubernetes_executor] worker_container_*: Airflow would put that image over every
    template's, a profile's too."""
    for scenario in KUBERNETES_SCENARIOS:
        cfg = cfg_sections(airflow_cfg(render_scenario(scenario)))["kubernetes_executor"]
        assert not {"worker_container_repository", "worker_container_tag"} & set(cfg), scenario


@pytest.mark.parametrize("helm", HELMS)
def test_profiles_are_merged_over_workers(helm):
    templates = pod_templates(render_scenario("profiles", helm))
    assert set(templates) == {"pod_template.yaml", "gpu.yaml", "small.yaml"}
    default, gpu, small = templates["pod_template.yaml"], templates["gpu.yaml"], templates["small.yaml"]
    # The default template: workers.* and workers.podSpecPatch, no profile label.
    assert "airflow-worker-profile" not in default["metadata"]["labels"]
    assert base(default)["image"] == "apache/airflow:3.3.2"
    assert default["spec"]["enableServiceLinks"] is False
    assert base(default)["envFrom"] == [{"secretRef": {"name": "airflow-task-connections"}}]
    # gpu: resources deep-merged (null drops the cpu limit), env merged by name in place, lists replaced.
    assert gpu["metadata"]["labels"]["airflow-worker-profile"] == "gpu"
    assert base(gpu)["image"] == "apache/airflow:3.3.2-python3.12"
    assert base(gpu)["resources"] == {"requests": {"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "1"},
                                      "limits": {"memory": "32Gi", "nvidia.com/gpu": "1"}}
    names = [e["name"] for e in base(gpu)["env"]]
    assert names[-3:] == ["TASK_TIER", "LOG_FORMAT", "CUDA_VISIBLE_DEVICES"]
    assert env(gpu)["TASK_TIER"] == "gpu" and env(default)["TASK_TIER"] == "standard"
    assert gpu["spec"]["tolerations"] == [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]
    assert gpu["spec"]["nodeSelector"] == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
    # Patches: the profile's over workers.podSpecPatch, the container patch on base only.
    assert gpu["spec"]["runtimeClassName"] == "nvidia" and gpu["spec"]["enableServiceLinks"] is False
    assert base(gpu)["terminationMessagePolicy"] == "FallbackToLogsOnError"
    assert "terminationMessagePolicy" not in base(default)
    assert gpu["spec"]["restartPolicy"] == "Never"
    # small: its own ServiceAccount, labels and annotations; everything else from workers.*.
    assert small["spec"]["serviceAccountName"] == "airflow-small-tasks"
    assert default["spec"]["serviceAccountName"] == gpu["spec"]["serviceAccountName"] == "airflow-worker"
    assert small["metadata"]["labels"]["cost-center"] == "batch"
    assert small["metadata"]["annotations"] == {"cluster-autoscaler.kubernetes.io/safe-to-evict": "true"}
    assert env(small) == env(default)
    for pod in templates.values():
        for version in ("1.30", "1.35"):
            assert problems(pod, version) == []


def test_profile_templates_are_the_generated_ones(tmp_path):
    """The gpu-profiles example as profile values renders the very pods airkube generated into
    values-examples/gpu-profiles/pod-templates (the release label is filled in by the chart)."""
    values = yaml.safe_load((GPU_EXAMPLE / "values.yaml").read_text())
    settings = yaml.safe_load((GPU_EXAMPLE / "settings.yaml").read_text())
    workers = values["workers"]
    workers.pop("podTemplate", None)
    workers.pop("extraPodTemplates", None)
    profiles = settings["workers"]["profiles"]
    workers["profiles"] = {
        name: {"resources": p["resources"],
               **({"nodeSelector": p["node_selector"]} if "node_selector" in p else {}),
               **({"tolerations": p["tolerations"]} if "tolerations" in p else {})}
        for name, p in profiles.items()}
    path = tmp_path / "values.yaml"
    path.write_text(yaml.safe_dump(values))
    mounted = pod_templates(render_files(path, extra=PROMETHEUS_CRDS))
    generated = {p.name: yaml.safe_load(p.read_text()) for p in (GPU_EXAMPLE / "pod-templates").glob("*.yaml")}
    assert set(mounted) == set(generated) == {"pod_template.yaml", "gpu.yaml", "small.yaml"}
    for name, pod in generated.items():
        pod["metadata"]["labels"]["release"] = "airflow"
        assert mounted[name] == pod, name


def test_a_user_written_default_template_is_mounted_as_written(tmp_path):
    text = (CI / "worker-profiles-values.yaml").read_text()
    small = yaml.safe_load(text)["workers"]["extraPodTemplates"]["small"]
    template = tmp_path / "pod_template.yaml"
    template.write_text(yaml.safe_dump(small))
    objs = render_files(extra=("--set-file", f"workers.podTemplate={template}"))
    assert pod_templates(objs)["pod_template.yaml"] == small
