"""Settings -> generated files {relative path: text}."""

from __future__ import annotations

from ..settings import versions
from ..values import pod_templates
from ..values.builder import build_values
from . import emit, kube_check

VALUES_FILE = "values.yaml"
POD_TEMPLATES_DIR = "pod-templates"


def render_files(settings: dict, source: str) -> dict[str, str]:
    """Every generated file as text; raises PodTemplateError if a template is not a valid V1Pod."""
    header = emit.header(source)
    files: dict[str, str] = {}
    bodies: dict[str, str] = {}
    if versions.uses_kubernetes_pods(versions.executor_list(settings["executor"])):
        for name, pod in pod_templates.build_all(settings).items():
            kube_check.check_pod(pod, name)
            bodies[name] = emit.dump(pod)
            files[f"{POD_TEMPLATES_DIR}/{name}.yaml"] = header + bodies[name]
    values = build_values(settings, bodies)
    files[VALUES_FILE] = header + emit.dump(values)
    return dict(sorted(files.items()))

