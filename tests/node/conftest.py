"""Fixtures for the tests on a real node (tools/node.sh: kubelet, containerd, kube-proxy,
CoreDNS, local-path-provisioner, locally built images), in the node's network namespace.

``node`` (session scope) -> support.cluster.Cluster
    The node, started with ``tools/node.sh up`` if it is not running and stopped when the
    last pytest session using it ends (only if a session started it). Every command
    (kubectl, helm, curl) runs inside the node's network namespace.
    Without root or the kernel features the node needs, the tier skips with the reason;
    with ``CI`` set, that is a failure: CI must run it.

``namespace`` (function scope) -> str
    A fresh namespace, deleted afterwards.

Every test collected under tests/node/ gets the ``node`` marker.
"""
from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from support.cluster import KUBECTL, ROOT, Cluster, SharedUp, mark_tier
from support.node import NODE_SH, node_env

NODE = SharedUp(NODE_SH, ROOT / ".work" / "node-users", timeout=900)


def pytest_collection_modifyitems(items):
    mark_tier(items, __file__, pytest.mark.node)


@pytest.fixture(scope="session")
def node():
    check = subprocess.run(["bash", str(NODE_SH), "check"], capture_output=True, text=True)
    if check.returncode != 0:
        reason = (check.stdout + check.stderr).strip()
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the node tier: {reason}", pytrace=False)
        pytest.skip(reason)
    if not KUBECTL.exists():
        pytest.fail(f"{KUBECTL} missing: run `make node-build`", pytrace=False)
    NODE.acquire()
    env = node_env()
    kubeconfig = Path(env["kubeconfig"])
    try:
        yield Cluster(kubeconfig=kubeconfig, env={**os.environ, "KUBECONFIG": str(kubeconfig)},
                      prefix=("nsenter", f"--net=/run/netns/{env['namespace']}", "--"))
    finally:
        NODE.release()


@pytest.fixture
def namespace(node):
    name = f"n-{uuid.uuid4().hex[:8]}"
    node.kubectl("create", "namespace", name)
    node.kubectl("wait", "--for=create", "-n", name, "serviceaccount/default", "--timeout=60s")
    yield name
    node.kubectl("delete", "namespace", name, "--wait=false", check=False)
