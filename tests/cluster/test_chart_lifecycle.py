"""The chart's whole life on a real API server, with helm 3 and helm 4, for the dev-kind,
production and celery examples: install (every workload ready, the migration Job done,
`helm test`), upgrade of the image tag and a config value (no immutable-field error, kept
keys, pods rolled by their checksum, a new migration Job), rollback to revision 1, and an
uninstall that leaves only what README.md "What `helm uninstall` keeps" names.

One test per (helm, example) because each step needs the state the previous one made; the
assertion messages name the step. Each runs in its own namespace and release name.
"""
from __future__ import annotations

import pytest
from support.helm_ops import (
    CHART,
    HELMS,
    example_values,
    generated_secret_names,
    helm,
    helm_test,
    install_example,
    kept_after_uninstall,
    leftovers,
    load_example,
    migration_jobs,
    objects_in,
    owned_objects,
    required_secrets,
    run_create_secrets,
    secret_data,
    wait_migration_complete,
    wait_until,
    wait_workloads_ready,
)

EXAMPLES = ["dev-kind", "production", "celery"]


def deployments(cluster, namespace: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in cluster.get("deployments", "-n", namespace)["items"]}


def config_checksums(cluster, namespace: str) -> dict[str, str]:
    """checksum/config of every Deployment whose pods mount airflow.cfg (PgBouncer's
    checksum/config is its own pgbouncer.ini's, which an Airflow setting does not touch)."""
    out = {}
    for name, d in deployments(cluster, namespace).items():
        spec = d["spec"]["template"]
        mounts_cfg = any((v.get("configMap") or {}).get("name") == "airflow-config"
                         for v in spec["spec"].get("volumes") or [])
        annotations = spec["metadata"].get("annotations") or {}
        if mounts_cfg and "checksum/config" in annotations:
            out[name] = annotations["checksum/config"]
    return out


def replicasets(cluster, namespace: str) -> dict[str, set[str]]:
    """Deployment name -> names of the ReplicaSets it owns."""
    out: dict[str, set[str]] = {}
    for rs in cluster.get("replicasets", "-n", namespace)["items"]:
        for owner in rs["metadata"].get("ownerReferences") or []:
            if owner["kind"] == "Deployment":
                out.setdefault(owner["name"], set()).add(rs["metadata"]["name"])
    return out


def airflow_cfg(cluster, namespace: str) -> str:
    return cluster.get("-n", namespace, "configmap/airflow-config")["data"]["airflow.cfg"]


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("version", HELMS)
def test_install_upgrade_rollback_uninstall(cluster, namespace, version, example):
    values = load_example(example)
    release = f"{example}-{version}"

    # --- install -------------------------------------------------------------------
    install_example(cluster, version, namespace, release, example)
    wait_workloads_ready(cluster, namespace)
    first_job = wait_migration_complete(cluster, namespace)
    helm_test(cluster, version, namespace, release)

    # kwok runs no containers: the create-secrets Job's script runs here, as the Job's ServiceAccount.
    run_create_secrets(cluster, namespace)
    generated = {("Secret", name) for name in generated_secret_names(values)}
    assert generated <= objects_in(cluster, namespace), "install: a generated Secret is missing"
    keys_before = secret_data(cluster, namespace, "airflow-keys")
    if not values.get("fernetKeySecretName"):
        # dev-kind/celery: the chart generated every key.
        assert {"fernet-key", "api-secret-key", "jwt-secret"} <= keys_before.keys(), keys_before
    checksums_before = config_checksums(cluster, namespace)
    assert "airflow-scheduler" in checksums_before, "install: scheduler has no checksum/config"
    rs_before = replicasets(cluster, namespace)

    # --- upgrade: image tag and a config value --------------------------------------
    tag = values["images"]["airflow"]["tag"]
    new_tag = "3.3.2-python3.11" if tag != "3.3.2-python3.11" else "3.3.2-python3.12"
    parallelism = str(int(values["config"]["core"]["parallelism"]) + 16)
    up = helm(cluster, version, "upgrade", release, str(CHART), "-n", namespace,
              "-f", str(example_values(example)), "--set", f"images.airflow.tag={new_tag}",
              "--set-string", f"config.core.parallelism={parallelism}",
              "--wait", "--timeout", "5m")
    assert "field is immutable" not in up.stdout + up.stderr
    wait_workloads_ready(cluster, namespace)
    assert f"parallelism = {parallelism}" in airflow_cfg(cluster, namespace), \
        "upgrade: airflow.cfg does not carry the new parallelism"
    image = deployments(cluster, namespace)["airflow-scheduler"]["spec"]["template"]["spec"][
        "containers"][0]["image"]
    assert image.endswith(f":{new_tag}"), f"upgrade: scheduler image {image}"

    # The new image gives a new create-secrets Job; its run finds every Secret and changes none.
    assert "created" not in run_create_secrets(cluster, namespace).stdout
    assert secret_data(cluster, namespace, "airflow-keys") == keys_before, \
        "upgrade: the generated keys in Secret airflow-keys changed"

    checksums_after = config_checksums(cluster, namespace)
    assert checksums_after.keys() == checksums_before.keys()
    for name, checksum in checksums_after.items():
        assert checksum != checksums_before[name], f"upgrade: {name} checksum/config unchanged"
    rs_after = replicasets(cluster, namespace)
    for name in checksums_after:
        assert rs_after[name] - rs_before[name], f"upgrade: {name} has no new ReplicaSet"

    # The old Job is no longer in the manifest: helm deletes it (in the background).
    wait_until(f"old migration Job {first_job} deleted",
               lambda: first_job not in migration_jobs(cluster, namespace))
    second_job = wait_migration_complete(cluster, namespace)
    assert second_job != first_job, "upgrade: the migration Job kept its hash"

    # --- rollback to revision 1 -----------------------------------------------------
    helm(cluster, version, "rollback", release, "1", "-n", namespace, "--wait", "--timeout", "5m")
    wait_workloads_ready(cluster, namespace)
    assert config_checksums(cluster, namespace) == checksums_before, \
        "rollback: checksum/config is not revision 1's"
    assert secret_data(cluster, namespace, "airflow-keys") == keys_before, \
        "rollback: the generated keys in Secret airflow-keys changed"
    wait_until(f"upgrade's migration Job {second_job} deleted",
               lambda: second_job not in migration_jobs(cluster, namespace))
    assert wait_migration_complete(cluster, namespace) == first_job
    status = helm(cluster, version, "status", release, "-n", namespace, "-o", "json").stdout
    assert '"version":3' in status.replace(" ", ""), "rollback is revision 3"

    # --- uninstall ------------------------------------------------------------------
    helm(cluster, version, "uninstall", release, "-n", namespace, "--wait", "--timeout", "5m")
    kept = kept_after_uninstall(values)
    # helm waited for the objects it deleted; their pods, ReplicaSets and
    # ControllerRevisions go through the garbage collector after that.
    wait_until("uninstall: owned objects garbage-collected",
               lambda: not owned_objects(cluster, namespace), timeout=90)
    # The Secrets the test created before install are the user's, not the release's.
    ours = {("Secret", s["metadata"]["name"]) for s in required_secrets(values)}
    left = leftovers(cluster, namespace, kept | ours)
    assert not left, (f"uninstall left objects README.md does not name: {sorted(left)} "
                      f"(kept by design: {sorted(kept)})")
    present = objects_in(cluster, namespace)
    assert kept <= present, f"uninstall: {sorted(kept - present)} should have been kept"
    assert secret_data(cluster, namespace, "airflow-keys") == keys_before, \
        "uninstall: airflow-keys not kept as it was"
