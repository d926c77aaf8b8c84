"""GitOps-stable generated Secrets on a real API server: `helm template | kubectl apply` twice
and an Argo CD-style render keep the keys, and the create-secrets Job's ServiceAccount reaches
its own Secrets only (the API server's authorizer decides, not our reading of the Role).

kwok runs no containers: the Job's script runs from this host with a token of the Job's
ServiceAccount (support/helm_ops.run_create_secrets), so its RBAC is exercised for real.
"""
from __future__ import annotations

import pytest
from support.helm_ops import (
    BIN,
    CHART,
    example_values,
    run_create_secrets,
    scratch_namespace,
    secret_data,
)

EXAMPLE = "dev-kind"
SA = "airflow-create-secrets"


def render(cluster, namespace: str, *extra: str) -> str:
    return cluster.run(str(BIN / "helm4"), "template", "airflow", str(CHART), "-n", namespace,
                       "-f", str(example_values(EXAMPLE)), *extra).stdout


def apply(cluster, namespace: str, manifest: str) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", "-", input=manifest)


def can_i(cluster, namespace: str, verb: str, resource: str) -> bool:
    proc = cluster.kubectl("auth", "can-i", verb, resource, "-n", namespace,
                           f"--as=system:serviceaccount:{namespace}:{SA}", check=False)
    assert proc.stdout.strip() in ("yes", "no"), proc.stderr
    return proc.stdout.strip() == "yes"


@pytest.fixture(scope="module")
def applied(cluster):
    """dev-kind applied as GitOps tools do (helm template | kubectl apply), then the Job's work."""
    with scratch_namespace(cluster, "gitops") as ns:
        manifest = render(cluster, ns)
        assert "kind: Secret\nmetadata:\n  name: airflow-keys" not in manifest
        apply(cluster, ns, manifest)
        first = run_create_secrets(cluster, ns)
        assert "created" in first.stdout, first.stdout
        yield ns, manifest


def test_applying_twice_and_an_argo_cd_render_keep_the_keys(cluster, applied):
    ns, manifest = applied
    keys = secret_data(cluster, ns, "airflow-keys")
    password = secret_data(cluster, ns, "airflow-simple-auth")
    assert {"fernet-key", "api-secret-key", "jwt-secret"} == set(keys)
    # Second `helm template | kubectl apply`: the same manifest, nothing to change.
    assert render(cluster, ns) == manifest
    apply(cluster, ns, manifest)
    # What Argo CD runs: helm template without a cluster, with the API versions it knows.
    argo = render(cluster, ns, "--api-versions", "monitoring.coreos.com/v1/ServiceMonitor",
                  "--kube-version", "1.35.0")
    apply(cluster, ns, argo)
    again = run_create_secrets(cluster, ns)
    assert "created" not in again.stdout and "kept" in again.stdout
    assert secret_data(cluster, ns, "airflow-keys") == keys
    assert secret_data(cluster, ns, "airflow-simple-auth") == password
    # The Secret carries no release label: Argo CD (label tracking) never prunes it as its own.
    labels = cluster.get("-n", ns, "secret/airflow-keys")["metadata"].get("labels", {})
    assert "app.kubernetes.io/instance" not in labels


def test_the_jobs_service_account_reaches_only_its_secrets(cluster, applied):
    ns, _ = applied
    assert can_i(cluster, ns, "get", "secret/airflow-keys")
    assert can_i(cluster, ns, "patch", "secret/airflow-simple-auth")
    assert can_i(cluster, ns, "create", "secrets")  # cannot be limited by name (see role.yaml)
    for verb, resource in (("get", "secret/airflow-metadata"), ("list", "secrets"), ("watch", "secrets"),
                           ("delete", "secret/airflow-keys"), ("update", "secret/airflow-metadata"),
                           ("get", "configmaps"), ("create", "pods")):
        assert not can_i(cluster, ns, verb, resource), f"{verb} {resource}"
    refused = cluster.kubectl("get", "secret", "airflow-metadata", "-n", ns,
                              f"--as=system:serviceaccount:{ns}:{SA}", check=False)
    assert refused.returncode != 0 and "forbidden" in refused.stderr.lower(), refused.stderr
