"""Fixtures for tests that talk to a real Kubernetes API server.

Fixtures
--------
``cluster`` (session scope) -> :class:`Cluster`
    A running cluster. By default the local control plane from
    ``tools/cluster.sh`` (etcd, kube-apiserver, controller-manager, scheduler,
    kwok fake node on 127.0.0.1): started with ``tools/cluster.sh up`` if it is
    not running, and stopped at the end only if a session of this fixture
    started it, when the last session using it ends (pytest-xdist workers
    share one cluster). A cluster started by hand (``make cluster-up``) is
    left running. Set ``AIRKUBE_KUBECONFIG=/path/to/kubeconfig`` to use an
    existing cluster instead (``tools/kind-test.sh`` does this for kind);
    nothing is then started or stopped.

``namespace`` (function scope) -> str
    A fresh namespace for one test, deleted afterwards (without waiting).

The :class:`Cluster` API
------------------------
``cluster.kubeconfig``
    Path of an admin kubeconfig.
``cluster.env``
    ``os.environ`` plus ``KUBECONFIG``.
``cluster.run(*cmd, check=True, input=None, timeout=120)``
    Runs any command (helm, ct) against the cluster (see tests/support/cluster.py).
``cluster.kubectl(*args, check=True, input=None, timeout=120)``
    Runs ``.tools/bin/kubectl --kubeconfig ... *args``; returns the
    ``subprocess.CompletedProcess`` (text). With ``check=True`` a non-zero
    exit fails the test with kubectl's stderr.
``cluster.get(*args)``
    ``kubectl get *args -o json``, parsed.

Every test collected under tests/cluster/ gets the ``cluster`` marker.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from support.cluster import KUBECTL, ROOT, Cluster, SharedUp, mark_tier

# Sessions using the local cluster: one file per pytest process (its PID), plus
# "started" when a fixture, not a person, brought the cluster up.
LOCAL = SharedUp(ROOT / "tools" / "cluster.sh", ROOT / ".work" / "cluster-users", timeout=600)


def pytest_collection_modifyitems(items):
    mark_tier(items, __file__, pytest.mark.cluster)


@pytest.fixture(scope="session")
def cluster():
    if not KUBECTL.exists():
        pytest.fail(f"{KUBECTL} missing: run `make go-tools`", pytrace=False)

    external = os.environ.get("AIRKUBE_KUBECONFIG")
    if external:
        kubeconfig = Path(external)
        if not kubeconfig.is_file():
            pytest.fail(f"AIRKUBE_KUBECONFIG={external}: no such file", pytrace=False)
    else:
        LOCAL.acquire()
        kubeconfig = ROOT / ".work" / "cluster" / "kubeconfig"

    env = {**os.environ, "KUBECONFIG": str(kubeconfig)}
    try:
        yield Cluster(kubeconfig=kubeconfig, env=env)
    finally:
        if not external:
            LOCAL.release()
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
