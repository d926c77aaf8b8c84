"""The real node (tools/node.sh) as the tests see it: its identity and the values files
the node tests add to an example (the locally built images, then overlays from
tests/node/values/)."""
from __future__ import annotations

import subprocess

from support.cluster import ROOT

NODE_SH = ROOT / "tools" / "node.sh"
IMAGES = ROOT / "tools" / "node" / "images-values.yaml"
OVERLAYS = ROOT / "tests" / "node" / "values"


def node_env() -> dict[str, str]:
    """namespace, pod_cidr, node_ip, guard (its iptables chain), kubeconfig (from
    `tools/node.sh env`)."""
    out = subprocess.run(["bash", str(NODE_SH), "env"], capture_output=True, text=True,
                         check=True).stdout
    return dict(pair.split("=", 1) for pair in out.split())


def airflow_image(version: str = "3.3.2") -> str:
    """The node's Airflow image of that version (Debian bookworm's CPython 3.11)."""
    return f"airkube.local/airflow:{version}-python3.11"


def node_values(*overlays: str, airflow: str = "3.3.2") -> list[str]:
    """helm arguments: the node's images (the Airflow one of that version, whatever tag the
    example names), then each named overlay."""
    args = ["-f", str(IMAGES), "--set", f"images.airflow.tag={airflow_image(airflow).rsplit(':', 1)[1]}"]
    for name in overlays:
        args += ["-f", str(OVERLAYS / f"{name}.yaml")]
    return args
