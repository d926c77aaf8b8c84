"""AK106 git-sync-auth: the git-sync credentials match the repository URL.

An ssh repository (``git@host:...`` or ``ssh://``) needs the private key
Secret and known hosts (or the host key is not checked), but for a host whose
published keys the chart carries (github.com: chart/files/ssh_known_hosts); an
https repository can't use an ssh key.

Passing example::

    dags:
      git_sync:
        enabled: true
        repo: git@github.com:org/dags.git
        ssh_key_secret: airflow-git-ssh
        known_hosts: "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

Failing example::

    dags:
      git_sync:
        enabled: true
        repo: git@github.com:org/dags.git
"""

import re
from functools import lru_cache
from pathlib import Path

from . import Finding

KNOWN_HOSTS = Path(__file__).parent.parent.parent / "data" / "chart" / "files" / "ssh_known_hosts"

ID = "AK106"
NAME = "git-sync-auth"


def _is_ssh(repo: str) -> bool:
    return repo.startswith("ssh://") or ("@" in repo and "://" not in repo)


@lru_cache(maxsize=1)
def _hosts_the_chart_knows() -> frozenset:
    """Hosts of the chart's own known_hosts file, read from the chart (one source)."""
    lines = KNOWN_HOSTS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


def _host(repo: str) -> str:
    return re.sub(r"^(ssh://)?([^@/]+@)?([^:/]+).*$", r"\3", repo)


def check(ctx):
    if ctx.get("dags.git_sync.enabled") is not True:
        return
    repo = ctx.get("dags.git_sync.repo")
    if not isinstance(repo, str) or not repo:
        yield Finding("dags.git_sync.repo",
                      "dags.git_sync.enabled is true but dags.git_sync.repo is not set. "
                      "Set it to the repository URL (https://... or git@host:org/repo.git).")
        return
    if _is_ssh(repo):
        if not ctx.get("dags.git_sync.ssh_key_secret"):
            yield Finding("dags.git_sync.ssh_key_secret",
                          f"dags.git_sync.repo {repo!r} is an ssh URL but dags.git_sync.ssh_key_secret "
                          "is not set. Name the Secret holding the private key (key gitSshKey).")
        if not ctx.get("dags.git_sync.known_hosts") and _host(repo) not in _hosts_the_chart_knows():
            yield Finding("dags.git_sync.known_hosts",
                          f"dags.git_sync.repo {repo!r} is an ssh URL but dags.git_sync.known_hosts is "
                          "not set, so the Git host's key can't be checked. Paste the host's line "
                          "from `ssh-keyscan <host>`.")
        if ctx.get("dags.git_sync.credentials_secret"):
            yield Finding("dags.git_sync.credentials_secret",
                          "dags.git_sync.credentials_secret holds https credentials but the repo is an "
                          "ssh URL. Remove it or use an https:// repo URL.")
    elif ctx.get("dags.git_sync.ssh_key_secret"):
        yield Finding("dags.git_sync.ssh_key_secret",
                      f"dags.git_sync.ssh_key_secret is set but dags.git_sync.repo {repo!r} is not an ssh "
                      "URL, so the key is never used. Use git@host:org/repo.git or set "
                      "credentials_secret for https instead.")
