"""GitOps on a real node, as Argo CD (ServerSideApply) or Flux sync a chart: dev-kind rendered
with `helm template` (helm 4, no cluster to `lookup`) and applied with `kubectl apply --server-side`;
the create-secrets Job makes the keys Secret, everything becomes Ready; a re-sync renders and
applies again: the same manifest, no workload changes (Jobs included, whose template is
immutable), the same keys, and none of them in the render. Then the lab DAG runs with no
invalid-token failure: every component signs and checks tokens with the one JWT secret.
Deleting the applied manifests leaves the generated Secrets (README "What `helm uninstall` keeps")."""
import base64

import pytest
from support.airflow_ops import LAB_DAG_ID, LAB_TASKS, run_lab, wait_until
from support.helm_ops import (
    BIN,
    CHART,
    example_values,
    generated_secret_names,
    load_example,
    scratch_namespace,
    secret_data,
    wait_migration_complete,
    wait_workloads_ready,
)
from support.node import node_values

EXAMPLE = "dev-kind"
KEYS = "airflow-keys"
# What Airflow logs when a token was signed with another secret than the one checking it:
# the execution API's "Failed to validate JWT" (PyJWT's "Signature verification failed"),
# its 403 detail "Invalid auth token", and the REST API's "Invalid JWT token".
TOKEN_ERRORS = ("Failed to validate JWT", "Signature verification failed", "Invalid auth token",
                "Invalid JWT token", "Invalid token")
COMPONENTS = ("scheduler", "api-server", "dag-processor")
# Objects a re-sync must leave alone: a new generation would be a rollout (or a refused Job).
WORKLOADS = "deployments,statefulsets,jobs"


def render(node, namespace: str) -> str:
    return node.run(str(BIN / "helm4"), "template", "airflow", str(CHART), "-n", namespace,
                    "-f", str(example_values(EXAMPLE)), *node_values()).stdout


def sync(node, namespace: str, manifest: str) -> str:
    """What Flux and Argo CD's ServerSideApply do with a render."""
    return node.kubectl("apply", "--server-side", "--field-manager=gitops", "-n", namespace,
                        "-f", "-", input=manifest).stdout


def create_secrets_job(node, namespace: str) -> str:
    (job,) = [j["metadata"]["name"] for j in node.get("jobs", "-n", namespace)["items"]
              if j["metadata"]["name"].startswith("airflow-create-secrets-")]
    return job


def generations(node, namespace: str) -> dict[str, tuple[str, int]]:
    """name -> (uid, generation) of every workload: a recreated or changed one differs."""
    return {f"{i['kind']}/{i['metadata']['name']}": (i["metadata"]["uid"], i["metadata"]["generation"])
            for i in node.get(WORKLOADS, "-n", namespace)["items"]}


def component_logs(node, namespace: str) -> str:
    return "\n".join(node.kubectl("logs", "-n", namespace, f"deploy/airflow-{c}", "--all-containers",
                                  "--tail=-1").stdout for c in COMPONENTS)


@pytest.fixture(scope="module")
def synced(node):
    """The first sync of dev-kind, Ready: (namespace, manifest, generated Secrets' data)."""
    with scratch_namespace(node, "gitops") as ns:
        manifest = render(node, ns)
        sync(node, ns, manifest)
        job = create_secrets_job(node, ns)
        node.kubectl("wait", "-n", ns, "--for=condition=Complete", f"job/{job}", "--timeout=180s",
                     timeout=200)
        assert f"secret {KEYS}: created" in node.kubectl("logs", "-n", ns, f"job/{job}").stdout
        wait_workloads_ready(node, ns)
        wait_migration_complete(node, ns)
        secrets = {name: secret_data(node, ns, name) for name in generated_secret_names(load_example(EXAMPLE))}
        assert {"fernet-key", "api-secret-key", "jwt-secret"} <= set(secrets[KEYS])
        yield ns, manifest, secrets


def test_a_resync_changes_nothing_and_the_lab_dag_runs_with_the_same_keys(node, synced):
    ns, manifest, secrets = synced
    before = generations(node, ns)

    # --- the re-sync: render again (a new `helm template`, as every sync does) and apply
    again = render(node, ns)
    assert again == manifest, "two renders of the same values differ: every sync would change the release"
    for name, data in secrets.items():
        for key, encoded in data.items():
            plain = base64.b64decode(encoded).decode()
            assert plain not in again and encoded not in again, f"{name}.{key} is in the rendered manifests"
    sync(node, ns, again)
    assert generations(node, ns) == before, "the second apply changed or recreated a workload"
    assert {name: secret_data(node, ns, name) for name in secrets} == secrets, "the re-sync changed a key"
    wait_workloads_ready(node, ns)

    # --- the lab DAG after the re-sync: tokens signed by one component are accepted by the others
    api, run_id, state, _ = run_lab(node, ns)
    tis = {ti["task_id"]: ti for ti in api.task_instances(LAB_DAG_ID, run_id)}
    assert state == "success" and set(tis) == set(LAB_TASKS), tis
    assert all(ti["state"] == "success" and ti["try_number"] == 1 for ti in tis.values()), tis
    # The scheduler deletes the task pods (delete_worker_pods): a finished one would keep the DAGs claim.
    wait_until("task pods deleted", lambda: not node.get(
        "pods", "-n", ns, "-l", f"dag_id={LAB_DAG_ID}")["items"], timeout=120)
    logs = component_logs(node, ns)
    found = [line for line in logs.splitlines() if any(e in line for e in TOKEN_ERRORS)]
    assert not found, "token errors in the components' logs:\n" + "\n".join(found[:20])


def test_deleting_the_applied_manifests_keeps_the_generated_secrets(node, synced):
    ns, manifest, secrets = synced
    # The DAG loader's pod (the test's, finished) still holds the DAGs claim.
    node.kubectl("delete", "pods", "-n", ns, "--field-selector=status.phase=Succeeded")
    node.kubectl("delete", "-n", ns, "-f", "-", "--ignore-not-found", "--wait", "--timeout=180s",
                 input=manifest, timeout=200)
    assert not node.get(WORKLOADS, "-n", ns)["items"]
    # Made in the cluster by the Job, not in the manifests: deleting them leaves the keys, as
    # `helm uninstall` does, so a new sync finds the same ones.
    assert {name: secret_data(node, ns, name) for name in secrets} == secrets
