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

import contextlib
import fcntl
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
# Sessions using the local cluster: one file per pytest process (its PID),
# plus "started" when a fixture, not a person, brought the cluster up.
USERS = ROOT / ".work" / "cluster-users"


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


@contextlib.contextmanager
def _users_locked():
    USERS.mkdir(parents=True, exist_ok=True)
    with open(USERS / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _local_cluster_up() -> Path:
    with _users_locked():
        # status exits 0 only when every component runs; otherwise `up`
        # starts (or restarts) the whole control plane.
        if _cluster_sh("status").returncode != 0:
            up = _cluster_sh("up")
            if up.returncode != 0:
                pytest.fail(f"tools/cluster.sh up failed (run `make cluster-build` first?):\n"
                            f"{up.stdout}{up.stderr}", pytrace=False)
            (USERS / "started").touch()
        (USERS / str(os.getpid())).touch()
    return ROOT / ".work" / "cluster" / "kubeconfig"


def _local_cluster_release() -> None:
    with _users_locked():
        (USERS / str(os.getpid())).unlink(missing_ok=True)
        others = [p for p in USERS.iterdir() if p.name.isdigit() and _alive(int(p.name))]
        if not others and (USERS / "started").exists():
            _cluster_sh("down")
            (USERS / "started").unlink()


@pytest.fixture(scope="session")
def cluster():
    if not KUBECTL.exists():
        pytest.fail(f"{KUBECTL} missing: run `make helm`", pytrace=False)

    external = os.environ.get("AIRKUBE_KUBECONFIG")
    if external:
        kubeconfig = Path(external)
        if not kubeconfig.is_file():
            pytest.fail(f"AIRKUBE_KUBECONFIG={external}: no such file", pytrace=False)
    else:
        kubeconfig = _local_cluster_up()

    env = {**os.environ, "KUBECONFIG": str(kubeconfig)}
    try:
        yield Cluster(kubeconfig=kubeconfig, env=env)
    finally:
        if not external:
            _local_cluster_release()


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
