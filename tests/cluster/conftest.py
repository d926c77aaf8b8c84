"""Fixtures for tests that talk to a real Kubernetes API server.

Fixtures
--------
``cluster`` (session scope) -> :class:`Cluster`
    A running cluster. By default the local control plane from
    ``tools/cluster.sh`` (etcd, kube-apiserver, controller-manager, scheduler,
    kwok fake node on 127.0.0.1): started with ``tools/cluster.sh up`` if it is
    not running, and stopped at the end of the session only if this session
    started it. Set ``AIRKUBE_KUBECONFIG=/path/to/kubeconfig`` to use an
    existing cluster instead (``tools/kind-test.sh`` does this for kind);
    nothing is then started or stopped.

``namespace`` (function scope) -> str
    A fresh namespace for one test, deleted afterwards (without waiting).

The :class:`Cluster` API
------------------------
``cluster.kubeconfig``
    Path of an admin kubeconfig.
``cluster.env``
    ``os.environ`` plus ``KUBECONFIG``: pass it to helm, e.g.
    ``subprocess.run([helm, "install", ...], env=cluster.env)``.
``cluster.kubectl(*args, check=True, input=None, timeout=120)``
    Runs ``.tools/bin/kubectl --kubeconfig ... *args``; returns the
    ``subprocess.CompletedProcess`` (text). With ``check=True`` a non-zero
    exit fails the test with kubectl's stderr.
``cluster.get(*args)``
    ``kubectl get *args -o json``, parsed.

Every test collected under tests/cluster/ gets the ``cluster`` marker.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_SH = ROOT / "tools" / "cluster.sh"
KUBECTL = ROOT / ".tools" / "bin" / "kubectl"


@dataclass
class Cluster:
    kubeconfig: Path
    env: dict = field(default_factory=dict)

    def kubectl(self, *args: str, check: bool = True, input: str | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(KUBECTL), "--kubeconfig", str(self.kubeconfig), *args]
        proc = subprocess.run(cmd, input=input, capture_output=True, text=True,
                              timeout=timeout, env=self.env)
        if check and proc.returncode != 0:
            pytest.fail(f"kubectl {' '.join(args)} exited {proc.returncode}:\n"
                        f"{proc.stderr}{proc.stdout}", pytrace=False)
        return proc

    def get(self, *args: str) -> dict:
        return json.loads(self.kubectl("get", *args, "-o", "json").stdout)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.cluster)


def _cluster_sh(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(CLUSTER_SH), *args], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="session")
def cluster():
    if not KUBECTL.exists():
        pytest.fail(f"{KUBECTL} missing: run `make helm`", pytrace=False)

    external = os.environ.get("AIRKUBE_KUBECONFIG")
    started = False
    if external:
        kubeconfig = Path(external)
        if not kubeconfig.is_file():
            pytest.fail(f"AIRKUBE_KUBECONFIG={external}: no such file", pytrace=False)
    else:
        # status exits 0 only when every component runs; otherwise `up`
        # starts (or restarts) the whole control plane.
        if _cluster_sh("status").returncode != 0:
            up = _cluster_sh("up")
            if up.returncode != 0:
                pytest.fail(f"tools/cluster.sh up failed (run `make cluster-build` first?):\n"
                            f"{up.stdout}{up.stderr}", pytrace=False)
            started = True
        kubeconfig = ROOT / ".work" / "cluster" / "kubeconfig"

    env = {**os.environ, "KUBECONFIG": str(kubeconfig)}
    yield Cluster(kubeconfig=kubeconfig, env=env)

    if started:
        _cluster_sh("down")


@pytest.fixture
def namespace(cluster):
    name = f"t-{uuid.uuid4().hex[:8]}"
    cluster.kubectl("create", "namespace", name)
    # The controller-manager creates the default ServiceAccount shortly after
    # the namespace; the API server rejects pods until it exists.
    cluster.kubectl("wait", "--for=create", "-n", name, "serviceaccount/default",
                    "--timeout=30s")
    yield name
    cluster.kubectl("delete", "namespace", name, "--wait=false", check=False)
