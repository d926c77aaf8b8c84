"""Resource quantities: the chart's schema reads them exactly as Kubernetes does.

kubectl parses quantities with k8s.io/apimachinery's resource.ParseQuantity, the code the
API server runs; the schema's pattern (tools/gen_chart_schema.py) must agree with it on every
case below, except that negative quantities, which parse, are refused: the API server refuses
them for resources and volume sizes.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from support.kube import problems_all
from support.render import CHART, TOOLS_BIN, pod_templates, render_files

GOOD = Path(__file__).with_name("good-values") / "quantities.yaml"
POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "q"},
       "spec": {"containers": [{"name": "c", "image": "x"}]}}
CASES = [
    # the usual ones
    "500m", "2", "0.5", "1Gi", "512Mi", "1Ei", "1e3", "1E3", "1E", "2k", "100M", "1.5Gi",
    "+1", "1.", ".5", "0", "00012",
    # Kubernetes' own quirks: no digits means zero, unless the parser's slow path needs the number
    "+", ".", "+.", "-", "-0", "-0.0", "Gi", "m", "e9", "e-9", "Pi", "Ei", "e-10", ".Ei",
    # refused by the parser
    "512K", "1KB", "2GB", "1 Gi", " 1", "1e", "1e+", "ee3", "1Gib", "1..5", "0x10", "1_000", "Mi1", "",
    # parsed, but negative
    "-1", "-0.5", "-1Gi", "-1e-3",
]


def kubectl_reads(quantity: str) -> bool:
    """True when ParseQuantity accepts the quantity and it is not negative."""
    result = subprocess.run([str(TOOLS_BIN / "kubectl"), "set", "resources", "--local", "-f", "-", "-o", "json",
                             f"--requests=memory={quantity}"], input=json.dumps(POD), capture_output=True, text=True)
    if result.returncode != 0:
        return False
    parsed = json.loads(result.stdout)["spec"]["containers"][0]["resources"]["requests"]["memory"]
    return not parsed.startswith("-")


def test_schema_pattern_reads_quantities_as_kubernetes():
    schema = json.loads((CHART / "values.schema.json").read_text())
    pattern = re.compile(schema["$defs"]["quantity"]["anyOf"][0]["pattern"])
    kubernetes = {q: kubectl_reads(q) for q in CASES if q}
    disagree = {q: verdict for q, verdict in kubernetes.items() if verdict != bool(pattern.search(q))}
    assert disagree == {}, "kubectl's verdict where the schema differs"
    assert not pattern.search(""), "an empty quantity"


@pytest.mark.parametrize("helm", ["helm3", "helm4"])
def test_every_form_kubernetes_reads_renders(helm):
    objs = render_files(GOOD, helm=helm)
    assert problems_all(objs, "1.35") == []
    base = pod_templates(objs)["pod_template.yaml"]["spec"]["containers"][0]
    assert base["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert base["resources"]["requests"]["memory"] == "1.5Gi"
