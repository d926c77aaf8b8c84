"""The worker pod templates as the chart renders them: `helm template` of the chart shipped with
the package (data/chart, the repository's chart/), keeping only the pod-templates ConfigMap."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

CHART = Path(__file__).parent.parent / "data" / "chart"
CONFIGMAP = "templates/workers/pod-templates-configmap.yaml"
CLUSTER_APIS = ("monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule")


class HelmNotFound(UserWarning):
    """No helm to render the pod templates with: only values.yaml is generated."""


class ChartRenderError(Exception):
    """helm refused the generated values: the message is helm's."""


def find_helm() -> str | None:
    """$AIRKUBE_HELM, else helm on PATH, else the project's pinned .tools/bin/helm."""
    if os.environ.get("AIRKUBE_HELM"):
        return os.environ["AIRKUBE_HELM"]
    found = shutil.which("helm")
    if found:
        return found
    for root in (Path.cwd(), CHART.resolve().parent):
        pinned = root / ".tools" / "bin" / "helm"
        if os.access(pinned, os.X_OK):
            return str(pinned)
    return None


def render_pod_templates(values_text: str, release: str, helm: str) -> dict[str, str]:
    """{template name: YAML text} the chart mounts at /opt/airflow/pod_templates/<name>.yaml."""
    # The pod templates don't depend on the cluster: render as for one that has every API the chart asks
    # about (prometheus-operator's kinds), so only what is wrong with the values can fail.
    apis = [arg for kind in CLUSTER_APIS for arg in ("--api-versions", kind)]
    # One short render: Go's collector running less often saves a fifth of helm's CPU for ~10 MB.
    env = {"GOGC": "400", **os.environ}
    try:
        run = subprocess.run([helm, "template", release, str(CHART), "--values", "-", "--show-only", CONFIGMAP, *apis],
                             input=values_text, capture_output=True, text=True, env=env)
    except OSError as exc:
        raise ChartRenderError(f"could not run {helm}: {exc}") from exc
    if run.returncode != 0:
        raise ChartRenderError(" ".join(run.stderr.split()) or f"{helm} exited with {run.returncode}")
    import yaml

    configmap = yaml.load(run.stdout, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {name.removesuffix(".yaml"): text for name, text in sorted((configmap.get("data") or {}).items())}
