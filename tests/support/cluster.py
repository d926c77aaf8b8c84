"""A Kubernetes cluster the tests talk to, and sharing one between pytest sessions.

``Cluster`` runs kubectl, helm and any command against one cluster. ``prefix`` is what
every command is run under: empty for the kwok control plane on 127.0.0.1
(tools/cluster.sh), ``nsenter --net=... --`` for the real node (tools/node.sh), whose
API server, Services and pods exist only inside its network namespace.

``SharedUp`` starts a cluster script's ``up`` for the first pytest session that needs it
(xdist workers are sessions too) and runs ``down`` when the last of them ends, but only if
a session, not a person, brought it up.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KUBECTL = ROOT / ".tools" / "bin" / "kubectl"


@dataclass
class Cluster:
    kubeconfig: Path
    env: dict = field(default_factory=dict)
    prefix: tuple[str, ...] = ()

    def run(self, *cmd: str, check: bool = True, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
        """Run cmd (against this cluster); with check, a non-zero exit fails the test."""
        proc = subprocess.run([*self.prefix, *cmd], input=input, capture_output=True,
                              text=True, timeout=timeout, env=self.env, cwd=ROOT)
        if check and proc.returncode != 0:
            pytest.fail(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}{proc.stdout}",
                        pytrace=False)
        return proc

    def kubectl(self, *args: str, check: bool = True, input: str | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
        return self.run(str(KUBECTL), "--kubeconfig", str(self.kubeconfig), *args,
                        check=check, input=input, timeout=timeout)

    def get(self, *args: str) -> dict:
        return json.loads(self.kubectl("get", *args, "-o", "json").stdout)


def mark_tier(items, conftest: str, marker) -> None:
    """Give every test collected under the folder of `conftest` (a __file__) the marker."""
    here = Path(conftest).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(marker)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


class SharedUp:
    """`script up` once for all pytest sessions, `script down` after the last one."""

    def __init__(self, script: Path, users: Path, timeout: float = 1800):
        self.script, self.users, self.timeout = script, users, timeout

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(self.script), *args], capture_output=True,
                              text=True, timeout=self.timeout)

    @contextlib.contextmanager
    def _locked(self):
        self.users.mkdir(parents=True, exist_ok=True)
        with open(self.users / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def acquire(self) -> None:
        with self._locked():
            # status exits 0 only when every component runs; otherwise `up` starts (or
            # restarts) the whole cluster.
            if self._run("status").returncode != 0:
                up = self._run("up")
                if up.returncode != 0:
                    pytest.fail(f"{self.script.name} up failed:\n{up.stdout}{up.stderr}",
                                pytrace=False)
                (self.users / "started").touch()
            (self.users / str(os.getpid())).touch()

    def release(self) -> None:
        with self._locked():
            (self.users / str(os.getpid())).unlink(missing_ok=True)
            others = [p for p in self.users.iterdir() if p.name.isdigit() and _alive(int(p.name))]
            if not others and (self.users / "started").exists():
                self._run("down")
                (self.users / "started").unlink()
