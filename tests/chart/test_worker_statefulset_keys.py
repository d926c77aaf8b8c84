"""The official chart's keys of the Celery workers' StatefulSet (workers.persistence.enabled):
workers.volumeClaimTemplates (more claims) and workers.podManagementPolicy (deprecated there for
workers.celery.podManagementPolicy), also under workers.celery. With helm 3 and helm 4."""
from __future__ import annotations

import pytest
from support.render import HELMS, RELEASE, containers, find, helm_template, render_values

SCRATCH = {"metadata": {"name": "scratch"},
           "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}
PERSISTENT = {"enabled": True, "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete"}}


def worker(helm: str, workers: dict, **values) -> dict:
    objs = render_values({"executor": "CeleryExecutor", "workers": workers, **values}, helm=helm)
    return find(objs, "StatefulSet", f"{RELEASE}-worker")


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("where", ["workers", "workers.celery"])
def test_worker_volume_claim_templates(helm, where):
    """After the chart's logs claim, mounted where extraVolumeMounts says; the retention policy covers them."""
    own = {"volumeClaimTemplates": [SCRATCH], "extraVolumeMounts": [{"name": "scratch", "mountPath": "/scratch"}]}
    workers = {"persistence": PERSISTENT, **(own if where == "workers" else {"celery": own})}
    sts = worker(helm, workers)
    assert [c["metadata"]["name"] for c in sts["spec"]["volumeClaimTemplates"]] == ["logs", "scratch"]
    assert sts["spec"]["volumeClaimTemplates"][1] == SCRATCH
    assert {"name": "scratch", "mountPath": "/scratch"} in containers(sts)["worker"]["volumeMounts"]
    # With the shared logs claim (logs.persistence) the chart adds none of its own; the user's stay.
    spec = worker(helm, workers, logs={"persistence": {"enabled": True}})["spec"]
    assert spec["volumeClaimTemplates"] == [SCRATCH]
    assert spec["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": "Delete"}


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize(("workers", "expected"), [
    ({}, "Parallel"),  # the chart's choice: a new worker waits on no other
    ({"podManagementPolicy": "OrderedReady"}, "OrderedReady"),
    ({"podManagementPolicy": "OrderedReady", "celery": {"podManagementPolicy": "Parallel"}}, "Parallel"),
    ({"celery": {"podManagementPolicy": "OrderedReady"}}, "OrderedReady"),
])
def test_worker_pod_management_policy(helm, workers, expected):
    assert worker(helm, {"persistence": PERSISTENT, **workers})["spec"]["podManagementPolicy"] == expected


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("key", ["volumeClaimTemplates", "podManagementPolicy"])
def test_worker_statefulset_keys_need_the_statefulset(helm, key):
    """A Deployment has neither: refused, naming the key and what gives the StatefulSet."""
    value = '[{"metadata": {"name": "scratch"}}]' if key == "volumeClaimTemplates" else '"OrderedReady"'
    result = helm_template("--set", "executor=CeleryExecutor", "--set-json", f"workers.{key}={value}", helm=helm)
    assert result.returncode != 0
    assert f"workers.{key}: only the Celery workers' StatefulSet has it" in result.stderr
    assert "workers.persistence.enabled: true" in result.stderr and "Traceback" not in result.stderr
