"""cleanup (a CronJob deleting leftover task pods, RBAC limited to that) and databaseCleanup
(`airflow db clean` on a schedule), as the official chart's keys. Rendered with helm 3 and helm 4."""
from __future__ import annotations

import subprocess

import pytest
from support.render import HELMS, RELEASE, find, names, render_scenario


@pytest.fixture(scope="module", params=HELMS)
def objs(request) -> list[dict]:
    return render_scenario("celery-features", helm=request.param)


def pod(cronjob: dict) -> dict:
    return cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def test_cleanup_cronjob_deletes_task_pods_of_the_release_namespace(objs):
    cron = find(objs, "CronJob", f"{RELEASE}-cleanup")
    assert cron["spec"]["schedule"] == "*/30 * * * *"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    # null history limits are left to Kubernetes (helm 3 keeps a null, helm 4 drops it: neither may render).
    assert "failedJobsHistoryLimit" not in cron["spec"] and "successfulJobsHistoryLimit" not in cron["spec"]
    spec = pod(cron)
    container = spec["containers"][0]
    assert container["args"] == ["airflow", "kubernetes", "cleanup-pods", "--namespace=airflow"]
    assert container["resources"]["limits"] == {"cpu": "500m", "memory": "512Mi"}
    assert spec["restartPolicy"] == "Never"
    assert spec["serviceAccountName"] == f"{RELEASE}-cleanup" and spec["automountServiceAccountToken"] is False
    # It deletes pods: its container mounts the token the chart projects (the kubelet's files).
    assert {"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
            "readOnly": True} in container["volumeMounts"]


def test_cleanup_may_only_list_and_delete_pods(objs):
    role = find(objs, "Role", f"{RELEASE}-cleanup")
    assert role["rules"] == [{"apiGroups": [""], "resources": ["pods"], "verbs": ["list", "delete"]}]
    binding = find(objs, "RoleBinding", f"{RELEASE}-cleanup")
    assert binding["roleRef"]["name"] == f"{RELEASE}-cleanup"
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": f"{RELEASE}-cleanup", "namespace": "airflow"}]
    assert f"{RELEASE}-cleanup" in names(objs, "ServiceAccount")


def test_database_cleanup_runs_airflow_db_clean(objs):
    cron = find(objs, "CronJob", f"{RELEASE}-database-cleanup")
    assert cron["spec"]["schedule"] == "0 0 * * 0"
    assert (cron["spec"]["failedJobsHistoryLimit"], cron["spec"]["successfulJobsHistoryLimit"]) == (1, 1)
    spec = pod(cron)
    assert spec["automountServiceAccountToken"] is False
    assert spec["serviceAccountName"] == f"{RELEASE}-database-cleanup"
    args = spec["containers"][0]["args"]
    assert args[:2] == ["bash", "-c"]
    # Run the script with `airflow` replaced by echo: the shell computes the cutoff and passes the flags.
    out = subprocess.run(["bash", "-c", args[2].replace("exec airflow", "echo airflow")],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[:4] == ["airflow", "db", "clean", "--clean-before-timestamp"]
    cutoff = subprocess.run(["date", "-u", "-d", "-30 days", "+%Y-%m-%d"], capture_output=True, text=True)
    cutoff = cutoff.stdout.strip()
    assert out[4].startswith(cutoff) and len(out[4]) == len("2026-01-01T00:00:00")
    assert out[5:] == ["--yes", "--verbose", "--batch-size", "1000", "--tables", "log,xcom"]


@pytest.mark.parametrize("helm", HELMS)
def test_cleanups_are_off_by_default(helm):
    objs = render_scenario("kubernetes-dev", helm)
    assert not [o for o in objs if o["kind"] == "CronJob"]
    assert f"{RELEASE}-cleanup" not in names(objs, "Role")
