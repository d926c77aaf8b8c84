"""Shared machinery of tests/compat: the Airflow probe, strict Kubernetes validation,
checkov, and private PostgreSQL + PgBouncer servers on 127.0.0.1.

Everything here drives the real tools (Airflow in its pinned venvs, kubernetes-validate,
checkov, Debian's postgresql and pgbouncer); nothing is mocked.
"""
from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VENVS = ROOT / ".tools" / "venvs"
FIXTURES = HERE / "fixtures"
PROBE = HERE / "airflow_probe.py"
LAB_DAG = HERE / "dags" / "data_pipeline_lab.py"
SKIPS_FILE = HERE / "checkov-skips.yaml"
AIRFLOW_VERSIONS = ("3.3.2", "2.10.4")
K8S_VERSIONS = ("1.35", "1.30")
LAB_TASKS = ("generate_data", "validate", "aggregate", "notify")


# ----------------------------------------------------------------- venvs
def venv_python(name: str) -> Path:
    py = VENVS / name / "bin" / "python"
    if not py.exists():
        hint = "make checkov" if name == "checkov" else "make airflow-venvs"
        raise RuntimeError(f"{py} is missing: run `{hint}`")
    return py


def airflow_python(version: str) -> Path:
    return venv_python(f"airflow-{version}")


def version_for_image(image: str) -> str:
    """The pinned Airflow version whose major matches an `apache/airflow:X.Y.Z...` image tag."""
    tag = image.rsplit(":", 1)[-1] if ":" in image.rsplit("/", 1)[-1] else ""
    m = re.match(r"(?:slim-)?(\d+)\.", tag)
    if not m:
        raise ValueError(f"cannot tell the Airflow version of image {image!r}")
    major = m.group(1)
    for v in AIRFLOW_VERSIONS:
        if v.split(".")[0] == major:
            return v
    raise ValueError(f"no pinned Airflow {major}.x venv for image {image!r}")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess in an Airflow venv: no AIRFLOW_* leaking in from the
    caller, bytecode writing on (the machines set PYTHONDONTWRITEBYTECODE=1, which makes every
    Airflow start recompile thousands of modules)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AIRFLOW") and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(extra)
    return env


@dataclass
class ProbeResult:
    returncode: int
    doc: dict
    stderr: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and "error" not in self.doc


def run_probe(version: str, *args: str, airflow_cfg: str | Path | None = None, timeout: int = 600) -> ProbeResult:
    """Run tests/compat/airflow_probe.py in the Airflow `version` venv; parse its JSON stdout."""
    cmd = [str(airflow_python(version)), str(PROBE)]
    if airflow_cfg:
        cmd += ["--airflow-cfg", str(airflow_cfg)]
    cmd += list(args)
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=clean_env(), timeout=timeout, cwd=ROOT)
    seconds = time.monotonic() - start
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise AssertionError(
            f"probe {args[:1]} on Airflow {version} printed no JSON (exit {proc.returncode}):\n"
            f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-4000:]}"
        ) from None
    return ProbeResult(proc.returncode, doc, proc.stderr, seconds)


def probe_ok(version: str, *args: str, **kw) -> dict:
    res = run_probe(version, *args, **kw)
    assert res.ok, f"probe {args[:1]} failed on Airflow {version}: {res.doc.get('error')}\n{res.stderr[-4000:]}"
    return res.doc


# ----------------------------------------------------------------- kubernetes-validate
def k8s_problems(obj: dict, k8s_version: str) -> list[str]:
    """kubernetes-validate's strict schemas, through the cached validators the chart tests use; empty: valid."""
    from support.kube import problems

    return problems(obj, ".".join(k8s_version.split(".")[:2]))


def pod_problems(pod: dict, k8s_version: str) -> list[str]:
    """Strict validation of a pod as Airflow would send it to the API server."""
    return k8s_problems(api_shaped(pod), k8s_version)


def api_shaped(pod: dict) -> dict:
    """ApiClient.sanitize_for_serialization already gives camelCase keys and drops Nones;
    a pod from a template file may lack apiVersion/kind (Airflow does not set them), so
    those are filled in for the schema lookup."""
    pod = dict(pod)
    pod.setdefault("apiVersion", "v1")
    pod.setdefault("kind", "Pod")
    return pod


# ----------------------------------------------------------------- checkov
def load_skips(section: str = "skips") -> dict[str, dict]:
    """{check_id: {"reason": str, "resources": [glob] or None}} from a section of checkov-skips.yaml."""
    data = yaml.safe_load(SKIPS_FILE.read_text()) or {}
    out = {}
    for check_id, entry in (data.get(section) or {}).items():
        if isinstance(entry, str):
            entry = {"reason": entry, "resources": None}
        reason = (entry or {}).get("reason")
        assert isinstance(reason, str) and reason.strip() and "\n" not in reason.strip(), \
            f"{SKIPS_FILE.name}: {check_id} needs a one-line reason"
        out[check_id] = {"reason": reason, "resources": entry.get("resources")}
    return out


def _skipped(check: dict, skips: dict[str, dict]) -> bool:
    import fnmatch

    entry = skips.get(check["check_id"])
    if entry is None:
        return False
    globs = entry["resources"]
    return globs is None or any(fnmatch.fnmatchcase(check["resource"] or "", g) for g in globs)


def _checkov(manifest: str | Path, skip_ids: list[str]) -> dict:
    checkov = venv_python("checkov").parent / "checkov"
    cmd = [str(checkov), "--framework", "kubernetes", "--skip-download", "-f", str(manifest), "-o", "json",
           "--quiet", "--compact"]
    if skip_ids:
        cmd += ["--skip-check", ",".join(sorted(skip_ids))]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900,
                          env=dict(os.environ, BC_SKIP_MAPPING="TRUE"))
    # checkov exits 1 when a check fails; output that is not JSON is a tool failure.
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"checkov printed no JSON (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n"
                             f"{proc.stderr[-4000:]}") from None
    reports = [r for r in (report if isinstance(report, list) else [report]) if isinstance(r, dict)]
    failed, summary = [], {"passed": 0, "failed": 0, "resource_count": 0}
    for rep in reports:
        for k in summary:
            summary[k] += int((rep.get("summary") or {}).get(k, 0))
        for chk in (rep.get("results") or {}).get("failed_checks", []):
            failed.append({k: chk.get(k) for k in ("check_id", "check_name", "resource", "file_line_range")})
    return {"failed": failed, "summary": summary}


def run_checkov(manifest: str | Path, *, skips: dict[str, dict] | None = None, with_summary: bool = False):
    """`checkov --framework kubernetes --skip-download -f FILE -o json` with the skip list
    (global skips via --skip-check, resource-scoped ones filtered after the run);
    returns the failed checks [{check_id, check_name, resource, file_line_range}]."""
    skips = load_skips() if skips is None else skips
    result = _checkov(manifest, [cid for cid, e in skips.items() if e["resources"] is None])
    failed = [c for c in result["failed"] if not _skipped(c, skips)]
    return (failed, result["summary"]) if with_summary else failed


# ----------------------------------------------------------------- PostgreSQL + PgBouncer
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bindir() -> Path:
    roots = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not roots:
        raise RuntimeError("PostgreSQL server binaries are missing: run `make debs`")
    return roots[-1].parent


def pgbouncer_bin() -> str:
    path = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if not path:
        raise RuntimeError("pgbouncer is missing: run `make debs`")
    return path


def pgbouncer_version() -> tuple[int, ...]:
    out = subprocess.run([pgbouncer_bin(), "--version"], capture_output=True, text=True).stdout
    return tuple(int(n) for n in out.split()[1].split(".")[:2])


# Keys the chart renders that this machine's PgBouncer (Debian bookworm's 1.18) predates; it
# refuses the whole file over them. max_prepared_statements (1.21) is proven on the real node
# instead, with PgBouncer 1.24 (tests/node, tools/node/images/smoke.sh).
NEWER_PGBOUNCER_KEYS = {"max_prepared_statements": (1, 21)}


SERVICE_USER = "postgres"


def _as_service_user(cmd: list[str]) -> list[str]:
    """PostgreSQL and PgBouncer refuse to run as root: run them as the unprivileged `postgres`
    user (created by Debian's postgresql package) when we are root."""
    if os.geteuid() != 0:
        return cmd
    pwd.getpwnam(SERVICE_USER)
    return ["runuser", "-u", SERVICE_USER, "--", *cmd]


def _chown(path: Path) -> None:
    if os.geteuid() == 0:
        pw = pwd.getpwnam(SERVICE_USER)
        os.chown(path, pw.pw_uid, pw.pw_gid)


@dataclass
class Postgres:
    port: int
    workdir: Path
    superpass: str

    @property
    def bindir(self) -> Path:
        return pg_bindir()

    def psql(self, sql: str, *, db: str = "postgres", user: str = "postgres", password: str | None = None,
             check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ, PGPASSWORD=password or self.superpass)
        return subprocess.run([str(self.bindir / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                               "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", db, "-c", sql],
                              capture_output=True, text=True, env=env, check=check, timeout=60)

    def ensure_role_and_db(self, user: str, password: str, dbname: str) -> None:
        lit = password.replace("'", "''")
        exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{user}'").stdout.strip()
        verb = "ALTER" if exists else "CREATE"
        self.psql(f'{verb} ROLE "{user}" LOGIN PASSWORD \'{lit}\'')
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{dbname}'").stdout.strip():
            self.psql(f'CREATE DATABASE "{dbname}" OWNER "{user}"')


@contextlib.contextmanager
def postgres_server():
    """Debian's PostgreSQL: initdb in a temp dir, scram-sha-256, 127.0.0.1 on a free port."""
    bindir = pg_bindir()
    work = Path(tempfile.mkdtemp(prefix="airkube-pg-", dir="/tmp"))
    _chown(work)
    data = work / "data"
    superpass = "probe-superuser-" + os.urandom(6).hex()
    pwfile = work / "pw"
    pwfile.write_text(superpass + "\n")
    _chown(pwfile)
    port = free_port()
    log = work / "postgres.log"
    try:
        subprocess.run(_as_service_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                         "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8",
                                         "--no-sync"]),
                       check=True, capture_output=True, text=True, timeout=120)
        opts = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={work} -c fsync=off"
        subprocess.run(_as_service_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log),
                                         "-o", opts, "-w", "-t", "60", "start"]),
                       check=True, capture_output=True, text=True, timeout=90)
        yield Postgres(port=port, workdir=work, superpass=superpass)
    except subprocess.CalledProcessError as e:
        raise RuntimeError(f"PostgreSQL failed: {e.cmd}\n{e.stdout}\n{e.stderr}\n"
                           f"{log.read_text() if log.exists() else ''}") from e
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_service_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                           capture_output=True, timeout=60)
        shutil.rmtree(work, ignore_errors=True)


def parse_databases(ini: str) -> dict[str, dict[str, str]]:
    """[databases] entries of a pgbouncer.ini: {alias: {key: value}}."""
    out, section = {}, None
    for line in ini.splitlines():
        s = line.strip()
        if not s or s[0] in ";#":
            continue
        if s.startswith("["):
            section = s.strip("[]").strip().lower()
            continue
        if section == "databases" and "=" in s:
            alias, conn = s.split("=", 1)
            out[alias.strip()] = dict(kv.split("=", 1) for kv in conn.split())
    return out


def parse_users(text: str) -> dict[str, str]:
    """users.txt (`"user" "password"` per line) -> {user: password}."""
    users = {}
    for line in text.splitlines():
        m = re.match(r'\s*"((?:[^"]|"")*)"\s+"((?:[^"]|"")*)"', line)
        if m:
            users[m.group(1).replace('""', '"')] = m.group(2).replace('""', '"')
    return users


def rewrite_ini(ini: str, *, pg_port: int, listen_port: int, auth_file: Path, workdir: Path) -> str:
    """The chart's pgbouncer.ini with only addresses/paths moved to this machine: every
    [databases] host/port to the local PostgreSQL, listen_addr/listen_port to loopback,
    auth_file/pidfile/logfile/unix_socket_dir into the temp dir, keys this PgBouncer predates
    dropped (NEWER_PGBOUNCER_KEYS). Everything else (pool_mode,
    auth_type, pool sizes, TLS mode, ...) is kept as rendered."""
    out, section, seen = [], None, set()
    local = {"listen_addr": "127.0.0.1", "listen_port": str(listen_port), "auth_file": str(auth_file),
             "unix_socket_dir": str(workdir), "pidfile": str(workdir / "pgbouncer.pid"),
             "logfile": str(workdir / "pgbouncer.log")}
    for line in ini.splitlines():
        s = line.strip()
        if s.startswith("["):
            if section == "pgbouncer":
                out.extend(f"{k} = {v}" for k, v in local.items() if k not in seen)
            section = s.strip("[]").strip().lower()
            out.append(line)
            continue
        if section == "databases" and "=" in s and s[0] not in ";#":
            alias, conn = s.split("=", 1)
            kv = dict(p.split("=", 1) for p in conn.split())
            kv["host"], kv["port"] = "127.0.0.1", str(pg_port)
            out.append(f"{alias.strip()} = " + " ".join(f"{k}={v}" for k, v in kv.items()))
            continue
        if section == "pgbouncer" and "=" in s and s[0] not in ";#":
            key = s.split("=", 1)[0].strip()
            if key in NEWER_PGBOUNCER_KEYS and pgbouncer_version() < NEWER_PGBOUNCER_KEYS[key]:
                continue
            if key in local:
                out.append(f"{key} = {local[key]}")
                seen.add(key)
                continue
        out.append(line)
    if section == "pgbouncer":
        out.extend(f"{k} = {v}" for k, v in local.items() if k not in seen)
    return "\n".join(out) + "\n"


@dataclass
class Bouncer:
    port: int
    ini_path: Path
    ini: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


@contextlib.contextmanager
def pgbouncer_server(ini: str, users: str, pg: Postgres):
    """Debian's pgbouncer with the given pgbouncer.ini + users.txt (addresses rewritten only)."""
    work = Path(tempfile.mkdtemp(prefix="airkube-pgb-", dir="/tmp"))
    _chown(work)
    auth = work / "users.txt"
    auth.write_text(users)
    port = free_port()
    text = rewrite_ini(ini, pg_port=pg.port, listen_port=port, auth_file=auth, workdir=work)
    ini_path = work / "pgbouncer.ini"
    ini_path.write_text(text)
    for p in (auth, ini_path):
        os.chmod(p, 0o600)
        _chown(p)
    proc = subprocess.Popen(_as_service_user([pgbouncer_bin(), str(ini_path)]),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    bouncer = Bouncer(port=port, ini_path=ini_path, ini=text, log=work / "pgbouncer.log")
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"pgbouncer exited {proc.returncode}:\n{proc.stdout.read()}\n"
                                   f"{bouncer.log_text()}\n--- ini ---\n{text}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"pgbouncer did not listen on 127.0.0.1:{port}\n{bouncer.log_text()}")
            time.sleep(0.1)
        yield bouncer
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def rewrite_url(url: str, port: int) -> str:
    """The SQLAlchemy URL with only host:port moved to the loopback PgBouncer."""
    parts = urlsplit(url)
    userinfo = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    return urlunsplit(parts._replace(netloc=f"{userinfo}127.0.0.1:{port}"))


def url_credentials(url: str) -> tuple[str, str, str]:
    """(user, password, database alias) of a SQLAlchemy URL."""
    parts = urlsplit(url)
    return unquote(parts.username or ""), unquote(parts.password or ""), parts.path.lstrip("/")


def airflow_cli(version: str, *args: str, env_extra: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    """`airflow ARGS` from the pinned venv, in a private AIRFLOW_HOME."""
    home = tempfile.mkdtemp(prefix="airkube-airflow-home-")
    try:
        env = clean_env(AIRFLOW_HOME=home, AIRFLOW__CORE__LOAD_EXAMPLES="False", **env_extra)
        return subprocess.run([str(airflow_python(version).parent / "airflow"), *args], capture_output=True,
                              text=True, env=env, timeout=timeout, cwd=home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


