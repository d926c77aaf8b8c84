"""Checked settings -> the generated files {relative path: text}: values.yaml, then the chart's
own render of the worker pod templates beside it (what users review in pull requests)."""

from __future__ import annotations

import warnings

from ..settings import versions
from ..values.builder import build_values
from . import emit, helm

VALUES_FILE = "values.yaml"
POD_TEMPLATES_DIR = "pod-templates"


def render_files(settings: dict, source: str, pod_templates: bool = True) -> dict[str, str]:
    """Every generated file as text (values.yaml only with ``pod_templates=False``).  Without helm,
    values.yaml only, and a HelmNotFound warning says so; raises helm.ChartRenderError if the chart
    refuses the values."""
    header = emit.header(source)
    values_text = emit.dump(build_values(settings))
    files = {VALUES_FILE: header + values_text}
    if pod_templates and versions.uses_kubernetes_pods(versions.executor_list(settings["executor"])):
        binary = helm.find_helm()
        if binary is None:
            warnings.warn("helm not found ($AIRKUBE_HELM, PATH, .tools/bin/helm): wrote values.yaml only; "
                          f"the {POD_TEMPLATES_DIR}/ files are the chart's render of it", helm.HelmNotFound,
                          stacklevel=2)
        else:
            for name, text in helm.render_pod_templates(values_text, settings["name"], binary).items():
                files[f"{POD_TEMPLATES_DIR}/{name}.yaml"] = header + text
    return dict(sorted(files.items()))
