"""Logs: the log groomer sidecar (its script run for real on a temporary folder), the logs and dags
PVC keys of the official chart, and its elasticsearch / opensearch blocks as remote logging."""
import os
import shutil
import subprocess
import time
from urllib.parse import unquote, urlparse

import pytest
from support.kube import STRICT_VERSIONS, problems_all
from support.render import (
    HELMS,
    RELEASE,
    airflow_cfg,
    cfg_sections,
    containers,
    find,
    kinds,
    names,
    pod_templates,
    render_cases,
    secret_value,
)

PERSISTENT = {"logs": {"persistence": {"enabled": True, "subPath": "airflow", "annotations": {"backup": "daily"}}}}
CASES = {
    "defaults": {"executor": "CeleryExecutor"},
    "groomed": {"executor": "CeleryExecutor", **PERSISTENT,
                "scheduler": {"logGroomerSidecar": {"retentionDays": 3, "retentionMinutes": 30, "maxSizeBytes": 1000,
                                                    "env": [{"name": "EXTRA", "value": "1"}],
                                                    "resources": {"limits": {"memory": "64Mi"}},
                                                    "securityContexts": {"container": {"runAsUser": 1234}}}},
                "triggerer": {"logGroomerSidecar": {"enabled": False}},
                "workers": {"logGroomerSidecar": {"frequencyMinutes": 5, "maxSizePercent": 80,
                                                  "command": ["bash"], "args": ["-c", "echo {{ .Release.Name }}"]}}},
    "kubernetes-groomed": {"executor": "KubernetesExecutor", **PERSISTENT,
                           "workers": {"logGroomerSidecar": {"enabled": True}}},
    "emptydir-groomed": {"logs": {"groomer": {"requirePersistence": False}},
                         "dagProcessor": {"logGroomerSidecar": {"enabled": None}}},
    "existing-claims": {"logs": {"persistence": {"enabled": True, "existingClaim": "shared-logs", "subPath": "x"}},
                        "dags": {"persistence": {"enabled": True, "annotations": {"backup": "weekly"},
                                                 "subPath": "dags"}}},
    "elasticsearch": {"elasticsearch": {"enabled": True, "secretAnnotations": {"rotated": "never"}, "connection": {
        "scheme": "https", "user": "el@stic", "pass": "p/ss word", "host": "es.example.com", "port": 9200}}},
    "elasticsearch-secret": {"elasticsearch": {"enabled": True, "secretName": "es-url"}},
    "opensearch": {"opensearch": {"enabled": True, "connection": {
        "scheme": "https", "user": "os", "pass": "secret", "host": "os.example.com", "port": 443}}},
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_cases(CASES, tmp_path_factory.mktemp("logs"))


def pod(objs, component):
    return containers(find(objs, "Deployment", f"{RELEASE}-{component}"))


def env(container):
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}


# -- log groomer --------------------------------------------------------------------------------

@pytest.mark.parametrize("helm", HELMS)
def test_no_groomer_without_log_persistence(rendered, helm):
    for component in ("scheduler", "triggerer", "dag-processor", "worker", "api-server"):
        assert "log-groomer" not in pod(rendered["defaults", helm], component)


@pytest.mark.parametrize("helm", HELMS)
def test_groomer_beside_each_component_that_writes_logs(rendered, helm):
    objs = rendered["groomed", helm]
    assert "log-groomer" in pod(objs, "dag-processor")
    assert "log-groomer" not in pod(objs, "triggerer")  # its own enabled: false
    assert "log-groomer" not in pod(objs, "api-server")  # writes no task logs
    scheduler = pod(objs, "scheduler")["log-groomer"]
    assert scheduler["args"] == ["bash", "/clean-logs"] and "command" not in scheduler
    assert env(scheduler) == {"AIRFLOW_HOME": "/opt/airflow", "AIRFLOW__LOG_RETENTION_DAYS": "3",
                              "AIRFLOW__LOG_RETENTION_MINUTES": "30", "AIRFLOW__LOG_CLEANUP_FREQUENCY_MINUTES": "15",
                              "AIRFLOW__LOG_MAX_SIZE_BYTES": "1000", "AIRFLOW__LOG_MAX_SIZE_PERCENT": "0",
                              "EXTRA": "1"}
    assert scheduler["resources"] == {"limits": {"memory": "64Mi"}}  # a key set on the component replaces the default
    assert scheduler["securityContext"]["runAsUser"] == 1234
    assert scheduler["securityContext"]["readOnlyRootFilesystem"] is True
    assert {"name": "logs", "mountPath": "/opt/airflow/logs", "subPath": "airflow"} in scheduler["volumeMounts"]
    assert {"name": "config", "mountPath": "/clean-logs", "subPath": "clean-logs",
            "readOnly": True} in scheduler["volumeMounts"]
    worker = pod(objs, "worker")["log-groomer"]
    assert worker["command"] == ["bash"] and worker["args"] == ["-c", f"echo {RELEASE}"]
    assert env(worker)["AIRFLOW__LOG_CLEANUP_FREQUENCY_MINUTES"] == "5"
    assert env(worker)["AIRFLOW__LOG_MAX_SIZE_PERCENT"] == "80"


@pytest.mark.parametrize("helm", HELMS)
def test_no_groomer_in_pods_that_end(rendered, helm):
    """A task pod or a Job ends when its main container does: a groomer beside it kept the pod running,
    so delete_worker_pods never removed it (found by the node's lab test)."""
    objs = rendered["kubernetes-groomed", helm]
    assert "log-groomer" in pod(objs, "scheduler")
    templates = pod_templates(objs)
    assert templates and all(c["name"] != "log-groomer" for t in templates.values() for c in t["spec"]["containers"])
    for job in kinds(objs, "Job"):
        assert "log-groomer" not in containers(job), job["metadata"]["name"]


@pytest.mark.parametrize("helm", HELMS)
def test_groomer_on_empty_dir_when_persistence_is_not_required(rendered, helm):
    objs = rendered["emptydir-groomed", helm]
    groomer = pod(objs, "dag-processor")["log-groomer"]  # enabled: null keeps the default
    assert {"name": "logs", "mountPath": "/opt/airflow/logs"} in groomer["volumeMounts"]
    assert "log-groomer" in pod(objs, "scheduler")


def run_groomer(script: str, home, **settings) -> None:
    """One pass of the rendered /clean-logs (it then sleeps: stopped by TERM, as the kubelet does)."""
    environment = {**os.environ, "AIRFLOW_HOME": str(home),
                   **{f"AIRFLOW__LOG_{k}": str(v) for k, v in settings.items()}}
    process = subprocess.Popen(["bash", "-c", script], env=environment, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while "sleep" not in subprocess.run(["ps", "-o", "comm=", "--ppid", str(process.pid)],
                                        capture_output=True, text=True).stdout:
        assert time.monotonic() < deadline and process.poll() is None, "no pass finished"
        time.sleep(0.1)
    process.terminate()
    assert process.wait(timeout=10) == 0


def log_file(home, name, minutes_old, size=10):
    path = home / "logs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x" * size)
    stamp = time.time() - minutes_old * 60
    os.utime(path, (stamp, stamp))
    return path


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_groomer_script_deletes_by_age_then_oldest_first_by_size(rendered, tmp_path):
    script = find(rendered["groomed", "helm4"], "ConfigMap", f"{RELEASE}-config")["data"]["clean-logs"]
    old = log_file(tmp_path, "dag_id=a/run_id=1/task.log", minutes_old=3 * 1440 + 31)
    kept = log_file(tmp_path, "dag_id=a/run_id=2/task.log", minutes_old=3 * 1440 + 29)
    other = log_file(tmp_path, "dag_id=a/notes.txt", minutes_old=10 * 1440)
    run_groomer(script, tmp_path, RETENTION_DAYS=3, RETENTION_MINUTES=30)
    assert not old.exists() and kept.exists() and other.exists()
    assert not old.parent.exists()  # empty folders go too

    oldest = log_file(tmp_path, "s/1.log", minutes_old=50, size=400)
    middle = log_file(tmp_path, "s/2.log", minutes_old=40, size=400)
    newest = log_file(tmp_path, "s/3.log", minutes_old=30, size=400)
    run_groomer(script, tmp_path, RETENTION_DAYS=15, MAX_SIZE_BYTES=1000)
    # Oldest first (the 3-day-old file too) until the rest fits in 1000 bytes.
    assert not kept.exists() and not oldest.exists() and middle.exists() and newest.exists()


# -- logs and dags PVCs -------------------------------------------------------------------------

@pytest.mark.parametrize("helm", HELMS)
def test_log_claim_annotations_and_sub_path(rendered, helm):
    objs = rendered["groomed", helm]
    claim = find(objs, "PersistentVolumeClaim", f"{RELEASE}-logs")
    assert claim["metadata"]["annotations"] == {"backup": "daily", "helm.sh/resource-policy": "keep"}
    mount = next(m for m in pod(objs, "scheduler")["scheduler"]["volumeMounts"] if m["name"] == "logs")
    assert mount == {"name": "logs", "mountPath": "/opt/airflow/logs", "subPath": "airflow"}


@pytest.mark.parametrize("helm", HELMS)
def test_existing_log_claim_and_dags_claim_keys(rendered, helm):
    objs = rendered["existing-claims", helm]
    assert f"{RELEASE}-logs" not in names(objs, "PersistentVolumeClaim")
    spec = find(objs, "Deployment", f"{RELEASE}-scheduler")["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert volumes["logs"]["persistentVolumeClaim"] == {"claimName": "shared-logs"}
    dags = find(objs, "PersistentVolumeClaim", f"{RELEASE}-dags")
    assert dags["metadata"]["annotations"]["backup"] == "weekly"
    mounts = {m["name"]: m for m in pod(objs, "dag-processor")["dag-processor"]["volumeMounts"]}
    assert mounts["dags"]["subPath"] == "dags" and mounts["logs"]["subPath"] == "x"


# -- elasticsearch / opensearch blocks ----------------------------------------------------------

@pytest.mark.parametrize("helm", HELMS)
def test_elasticsearch_connection_becomes_a_secret_and_remote_logging(rendered, helm):
    objs = rendered["elasticsearch", helm]
    secret = find(objs, "Secret", f"{RELEASE}-elasticsearch")
    url = urlparse(secret_value(secret, "connection"))
    assert (url.scheme, url.hostname, url.port) == ("https", "es.example.com", 9200)
    assert (unquote(url.username), unquote(url.password)) == ("el@stic", "p/ss word")
    assert secret["metadata"]["annotations"] == {"rotated": "never"}
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["logging"]["remote_logging"] == "True"
    assert cfg["elasticsearch"] == {"write_stdout": "True", "json_format": "True"}  # the host stays secret
    for component in ("scheduler", "api-server", "triggerer", "dag-processor"):
        assert env(pod(objs, component)[component])["AIRFLOW__ELASTICSEARCH__HOST"] == {
            "secretKeyRef": {"name": f"{RELEASE}-elasticsearch", "key": "connection"}}
    assert "p/ss" not in airflow_cfg(objs)


@pytest.mark.parametrize("helm", HELMS)
def test_elasticsearch_secret_name_is_used_as_is(rendered, helm):
    objs = rendered["elasticsearch-secret", helm]
    assert f"{RELEASE}-elasticsearch" not in names(objs, "Secret")
    assert env(pod(objs, "scheduler")["scheduler"])["AIRFLOW__ELASTICSEARCH__HOST"] == {
        "secretKeyRef": {"name": "es-url", "key": "connection"}}


@pytest.mark.parametrize("helm", HELMS)
def test_opensearch_connection_port_apart_and_credentials_from_the_secret(rendered, helm):
    objs = rendered["opensearch", helm]
    secret = find(objs, "Secret", f"{RELEASE}-opensearch")
    assert [secret_value(secret, k) for k in ("connection", "username", "password")] == [
        "https://os.example.com", "os", "secret"]
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["opensearch"] == {"write_stdout": "True", "json_format": "True", "port": "443"}
    variables = env(pod(objs, "scheduler")["scheduler"])
    assert variables["AIRFLOW__OPENSEARCH__PASSWORD"] == {
        "secretKeyRef": {"name": f"{RELEASE}-opensearch", "key": "password", "optional": True}}


@pytest.mark.parametrize("case", sorted(CASES))
def test_strictly_valid(rendered, case):
    for version in STRICT_VERSIONS:
        assert problems_all(rendered[case, "helm4"], version) == []
