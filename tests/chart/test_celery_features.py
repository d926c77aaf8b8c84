"""The official chart's Celery keys: workers.persistence and triggerer.persistence (StatefulSets with
a logs claim per pod), workers.celery / workers.kubernetes, the worker HPA, KEDA's ScaledObject and
Flower with its auth Secret and Ingress. Rendered with helm 3 and helm 4, once per module."""
from __future__ import annotations

import pytest
from support.kube import problems_all
from support.render import (
    CI_DIR,
    HELMS,
    RELEASE,
    containers,
    find,
    generated_secrets,
    kinds,
    names,
    pod_templates,
    render_files,
    render_scenario,
    secret_value,
)

SCENARIO = CI_DIR / "celery-features-values.yaml"
KEDA = ("--set", "workers.celery.hpa.enabled=false", "--set", "workers.celery.keda.enabled=true")
# Variants of the scenario, each rendered once per helm version.
VARIANTS = {
    "keda": KEDA,
    "keda-direct": (*KEDA, "--set", "pgbouncer.enabled=true", "--set", "workers.keda.usePgbouncer=false",
                    "--set", "networkPolicies.enabled=true",
                    "--set", "workers.keda.namespaceLabels.kubernetes\\.io/metadata\\.name=keda"),
    "keda-user-secret": (*KEDA, "--set", "data.metadataSecretName=airflow-db", "--set", "postgresql.enabled=false"),
    "keda-custom-query": (*KEDA, "--set", "workers.keda.query=SELECT {{ .Values.workers.keda.maxReplicaCount }}"),
    "keda-kubernetes-first": (*KEDA, "--set", "executor=KubernetesExecutor\\,CeleryExecutor"),
    "keda-airflow2": (*KEDA, "--set", "executor=CeleryKubernetesExecutor", "--set", "images.airflow.tag=2.10.4",
                      "--set", "config.celery.worker_concurrency=8"),
    "shared-logs": ("--set", "logs.persistence.enabled=true",
                    "--set", "workers.celery.podDisruptionBudget.enabled=true"),
    "flower-secret": ("--set", "flower.secretName=my-flower-auth", "--set", "networkPolicies.enabled=true"),
    "flower-open": ("--set", "flower.username=", "--set", "flower.password=", "--set", "ingress.flower.enabled=false"),
    # The older official Ingress shape: one templated host, one tls for it.
    "flower-ingress-host": ("--set", "ingress.flower.hosts=null",
                            "--set", "ingress.flower.host=flower-{{ .Release.Name }}",
                            "--set", "ingress.flower.tls.enabled=true",
                            "--set", "ingress.flower.tls.secretName=old-tls"),
}
# What KEDA 2.x's ScaledObject accepts (its CRD; not part of the Kubernetes API schemas).
SCALED_OBJECT_SPEC = {"scaleTargetRef", "pollingInterval", "initialCooldownPeriod", "cooldownPeriod",
                      "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers"}
SCALE_TARGET = {"apiVersion", "kind", "name", "envSourceContainerName"}
TRIGGER = {"type", "name", "useCachedMetrics", "metadata", "authenticationRef", "metricType"}


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], list[dict]]:
    out = {("scenario", helm): render_scenario("celery-features", helm=helm) for helm in HELMS}
    for name, extra in VARIANTS.items():
        for helm in HELMS:
            out[(name, helm)] = render_files(SCENARIO, helm=helm, extra=extra)
    return out


def worker(objs: list[dict]) -> dict:
    return find(objs, "StatefulSet", f"{RELEASE}-worker")


def scaled_object_problems(obj: dict) -> list[str]:
    """The ScaledObject's shape against KEDA's CRD: known fields, required ones, types."""
    spec = obj["spec"]
    found = [f"spec.{k}" for k in set(spec) - SCALED_OBJECT_SPEC]
    found += [f"scaleTargetRef.{k}" for k in set(spec["scaleTargetRef"]) - SCALE_TARGET]
    found += ["scaleTargetRef.name missing"] * ("name" not in spec["scaleTargetRef"])
    found += [f"spec.{k} not an integer" for k in SCALED_OBJECT_SPEC & set(spec)
              if k.endswith(("Interval", "Period", "Count")) and not isinstance(spec[k], int)]
    found += ["no triggers"] * (not spec.get("triggers"))
    for trigger in spec.get("triggers", []):
        found += [f"trigger.{k}" for k in set(trigger) - TRIGGER]
        # KEDA's trigger metadata is map[string]string: a number there fails the CRD's validation.
        found += [f"trigger.metadata.{k} not a string" for k, v in trigger["metadata"].items()
                  if not isinstance(v, str)]
    return found


@pytest.mark.parametrize("helm", HELMS)
def test_celery_workers_keep_logs_on_a_claim_per_pod(rendered, helm):
    objs = rendered[("scenario", helm)]
    sts = worker(objs)
    assert f"{RELEASE}-worker" not in names(objs, "Deployment")
    assert sts["spec"]["serviceName"] == f"{RELEASE}-worker"
    # OrderedReady would hold every new worker behind a worker that is not Ready.
    assert sts["spec"]["podManagementPolicy"] == "Parallel"
    claim = sts["spec"]["volumeClaimTemplates"][0]
    assert claim["metadata"] == {"name": "logs", "annotations": {"backup": "daily"}}
    assert claim["spec"]["resources"]["requests"]["storage"] == "5Gi"
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert sts["spec"]["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": "Delete"}
    pod = sts["spec"]["template"]["spec"]
    assert "logs" not in [v["name"] for v in pod["volumes"]]
    assert {"name": "logs", "mountPath": "/opt/airflow/logs"} in containers(sts)["worker"]["volumeMounts"]
    fix = containers(sts)["volume-permissions"]
    assert fix["command"] == ["chown", "-R", "50000:0", "/opt/airflow/logs"]
    assert fix["securityContext"]["runAsUser"] == 0 and fix["securityContext"]["capabilities"]["add"] == [
        "CHOWN", "DAC_OVERRIDE", "FOWNER"]
    # The governing Service gives each worker the DNS name the UI fetches its logs from.
    service = find(objs, "Service", f"{RELEASE}-worker")
    assert service["spec"]["clusterIP"] == "None"
    assert service["spec"]["ports"] == [{"name": "worker-logs", "port": 8793, "targetPort": "worker-logs",
                                         "protocol": "TCP"}]


@pytest.mark.parametrize("helm", HELMS)
def test_triggerer_keeps_logs_on_a_claim_per_pod(rendered, helm):
    objs = rendered[("scenario", helm)]
    sts = find(objs, "StatefulSet", f"{RELEASE}-triggerer")
    claim = sts["spec"]["volumeClaimTemplates"][0]
    assert claim["spec"]["storageClassName"] == "standard"
    assert claim["spec"]["resources"]["requests"]["storage"] == "2Gi"
    assert "volume-permissions" not in containers(sts)
    assert "persistentVolumeClaimRetentionPolicy" not in sts["spec"]
    assert containers(sts)["triggerer"]["ports"] == [{"name": "triggerer-logs", "containerPort": 8794,
                                                      "protocol": "TCP"}]
    assert find(objs, "Service", f"{RELEASE}-triggerer")["spec"]["clusterIP"] == "None"


@pytest.mark.parametrize("helm", HELMS)
def test_shared_logs_claim_replaces_the_per_pod_claims(rendered, helm):
    objs = rendered[("shared-logs", helm)]
    for component in ("worker", "triggerer"):
        sts = find(objs, "StatefulSet", f"{RELEASE}-{component}")
        assert "volumeClaimTemplates" not in sts["spec"]
        logs = {v["name"]: v for v in sts["spec"]["template"]["spec"]["volumes"]}["logs"]
        assert logs["persistentVolumeClaim"]["claimName"] == f"{RELEASE}-logs"
    # workers.celery reaches everything of the Celery workers, their PodDisruptionBudget too.
    assert f"{RELEASE}-worker" in names(objs, "PodDisruptionBudget")
    assert f"{RELEASE}-worker" not in names(rendered[("scenario", helm)], "PodDisruptionBudget")


@pytest.mark.parametrize("helm", HELMS)
def test_workers_celery_and_kubernetes_override_their_own_pods_only(rendered, helm):
    objs = rendered[("scenario", helm)]
    celery = containers(worker(objs))["worker"]["resources"]
    task_pod = pod_templates(objs)["pod_template.yaml"]["spec"]["containers"][0]["resources"]
    assert task_pod == {"requests": {"cpu": "100m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}}
    assert celery == {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}}
    assert {"name": "WORKER_KIND", "value": "celery"} in containers(worker(objs))["worker"]["env"]
    assert "WORKER_KIND" not in str(pod_templates(objs)["pod_template.yaml"])
    # Celery's persistence does not leak into the task pods, which keep an emptyDir for logs.
    volumes = {v["name"]: v for v in pod_templates(objs)["pod_template.yaml"]["spec"]["volumes"]}
    assert volumes["logs"] == {"name": "logs", "emptyDir": {}}


@pytest.mark.parametrize("helm", HELMS)
def test_hpa_owns_the_worker_replicas(rendered, helm):
    objs = rendered[("scenario", helm)]
    hpa = find(objs, "HorizontalPodAutoscaler", f"{RELEASE}-worker")
    target = {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": f"{RELEASE}-worker"}
    assert hpa["spec"]["scaleTargetRef"] == target
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 4)
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    # A replica count in the workload would reset the autoscaler on every upgrade.
    assert "replicas" not in worker(objs)["spec"]
    assert not kinds(objs, "ScaledObject")


@pytest.mark.parametrize("helm", HELMS)
def test_keda_scaled_object(rendered, helm):
    objs = rendered[("keda", helm)]
    scaled = find(objs, "ScaledObject", f"{RELEASE}-worker")
    assert scaled["apiVersion"] == "keda.sh/v1alpha1"
    assert scaled_object_problems(scaled) == []
    spec = scaled["spec"]
    assert spec["scaleTargetRef"]["kind"] == "StatefulSet"
    assert (spec["minReplicaCount"], spec["maxReplicaCount"], spec["pollingInterval"], spec["cooldownPeriod"]) == (
        0, 10, 5, 30)
    trigger = spec["triggers"][0]
    assert trigger["type"] == "postgresql"
    # KEDA reads the URL from the worker container's env; its operator runs in another namespace,
    # so the chart's database service is named with the release's.
    env = {e["name"]: e for e in containers(worker(objs))["worker"]["env"]}
    assert trigger["metadata"]["connectionFromEnv"] == "KEDA_DB_CONN"
    assert env["KEDA_DB_CONN"]["valueFrom"]["secretKeyRef"] == {"name": f"{RELEASE}-keda-db", "key": "connection"}
    url = secret_value(find(objs, "Secret", f"{RELEASE}-keda-db"), "connection")
    assert url == f"postgresql://airflow:airflow@{RELEASE}-postgresql.airflow:5432/airflow?sslmode=disable"
    assert trigger["metadata"]["query"] == (
        "SELECT ceil(COUNT(*)::decimal / 16) FROM task_instance WHERE state IN ('running', 'queued') "
        "AND queue = 'default' AND executor IS DISTINCT FROM 'KubernetesExecutor'")
    assert "replicas" not in worker(objs)["spec"]
    assert not kinds(objs, "HorizontalPodAutoscaler")


@pytest.mark.parametrize("helm", HELMS)
def test_keda_connects_directly_or_with_the_users_secret(rendered, helm):
    objs = rendered[("keda-direct", helm)]
    url = secret_value(find(objs, "Secret", f"{RELEASE}-keda-db"), "connection")
    assert url.endswith(f"@{RELEASE}-postgresql.airflow:5432/airflow?sslmode=disable")  # not PgBouncer's
    for port in (5432, 6543):
        peers = find(objs, "NetworkPolicy", f"{RELEASE}-{'postgresql' if port == 5432 else 'pgbouncer'}-{port}")
        assert {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "keda"}}} in (
            peers["spec"]["ingress"][0]["from"])
    objs = rendered[("keda-user-secret", helm)]
    trigger = find(objs, "ScaledObject", f"{RELEASE}-worker")["spec"]["triggers"][0]
    assert trigger["metadata"]["connectionFromEnv"] == "KEDA_DB_CONN"
    assert f"{RELEASE}-keda-db" not in names(objs, "Secret")
    env = {e["name"]: e for e in containers(worker(objs))["worker"]["env"]}
    assert env["KEDA_DB_CONN"]["valueFrom"]["secretKeyRef"]["key"] == "connection"  # the user's Secret


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("variant,tail", [
    ("keda-kubernetes-first", "AND queue = 'default' AND executor LIKE '%CeleryExecutor'"),
    ("keda-airflow2", "AND queue = 'default' AND queue != 'kubernetes'"),
])
def test_keda_query_counts_celery_tasks_only(rendered, helm, variant, tail):
    query = find(rendered[(variant, helm)], "ScaledObject", f"{RELEASE}-worker")["spec"]["triggers"][0]["metadata"]
    assert query["query"].endswith(tail)
    if variant == "keda-airflow2":
        assert "/ 8)" in query["query"]


@pytest.mark.parametrize("helm", HELMS)
def test_keda_query_is_templated(rendered, helm):
    scaled = find(rendered[("keda-custom-query", helm)], "ScaledObject", f"{RELEASE}-worker")
    assert scaled["spec"]["triggers"][0]["metadata"]["query"] == "SELECT 10"


@pytest.mark.parametrize("helm", HELMS)
def test_flower_with_generated_basic_auth_and_ingress(rendered, helm):
    objs = rendered[("scenario", helm)]
    flower = find(objs, "Deployment", f"{RELEASE}-flower")
    container = containers(flower)["flower"]
    assert container["args"] == ["airflow", "celery", "flower"]
    assert container["ports"] == [{"name": "flower-ui", "containerPort": 5555, "protocol": "TCP"}]
    auth = {e["name"]: e for e in container["env"]}["AIRFLOW__CELERY__FLOWER_BASIC_AUTH"]
    assert auth["valueFrom"]["secretKeyRef"] == {"name": f"{RELEASE}-flower", "key": "basicAuth"}
    # No password in values: the create-secrets Job makes the Secret in the cluster (nothing rendered).
    assert f"{RELEASE}-flower" not in names(objs, "Secret")
    assert generated_secrets(objs)[f"{RELEASE}-flower"] == {
        "password": {"length": 32}, "basicAuth": {"format": "admin:{password}"}}
    service = find(objs, "Service", f"{RELEASE}-flower")
    assert service["spec"]["ports"][0]["port"] == 5555
    ingress = find(objs, "Ingress", f"{RELEASE}-flower")["spec"]
    assert ingress["ingressClassName"] == "nginx"
    assert ingress["tls"] == [{"hosts": ["flower.example.com"], "secretName": "flower-tls"}]
    rule = ingress["rules"][0]
    assert rule["host"] == "flower.example.com"
    backend = rule["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": f"{RELEASE}-flower", "port": {"name": "flower-ui"}}
    assert f"{RELEASE}-flower" in names(objs, "ServiceAccount")


@pytest.mark.parametrize("helm", HELMS)
def test_flower_ingress_older_shape(rendered, helm):
    spec = find(rendered[("flower-ingress-host", helm)], "Ingress", f"{RELEASE}-flower")["spec"]
    assert [r["host"] for r in spec["rules"]] == [f"flower-{RELEASE}"]
    assert spec["tls"] == [{"hosts": [f"flower-{RELEASE}"], "secretName": "old-tls"}]


@pytest.mark.parametrize("helm", HELMS)
def test_flower_auth_from_the_users_secret_or_none(rendered, helm):
    objs = rendered[("flower-secret", helm)]
    env = {e["name"]: e for e in containers(find(objs, "Deployment", f"{RELEASE}-flower"))["flower"]["env"]}
    assert env["AIRFLOW__CELERY__FLOWER_BASIC_AUTH"]["valueFrom"]["secretKeyRef"]["name"] == "my-flower-auth"
    assert f"{RELEASE}-flower" not in names(objs, "Secret")
    before = find(rendered[("scenario", helm)], "Deployment", f"{RELEASE}-flower")["spec"]["template"]["metadata"]
    after = find(objs, "Deployment", f"{RELEASE}-flower")["spec"]["template"]["metadata"]
    assert before["annotations"]["checksum/flower-auth"] != after["annotations"]["checksum/flower-auth"]
    policy = find(objs, "NetworkPolicy", f"{RELEASE}-flower-5555")
    assert policy["spec"]["ingress"][0]["ports"] == [{"port": 5555, "protocol": "TCP"}]
    # The triggerer's log server (now a declared port) is open to Airflow pods, as the workers' is.
    assert f"{RELEASE}-triggerer-8794" in names(objs, "NetworkPolicy")
    objs = rendered[("flower-open", helm)]
    env = [e["name"] for e in containers(find(objs, "Deployment", f"{RELEASE}-flower"))["flower"]["env"]]
    assert "AIRFLOW__CELERY__FLOWER_BASIC_AUTH" not in env
    assert f"{RELEASE}-flower" not in names(objs, "Secret") | names(objs, "Ingress")


@pytest.mark.parametrize("version", ("1.30", "1.35"))
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variants_pass_strict_kubernetes_validation(rendered, variant, version):
    assert problems_all(rendered[(variant, "helm4")], version) == []


def test_default_celery_workers_stay_a_deployment():
    objs = render_scenario("celery-kpo")
    assert f"{RELEASE}-worker" in names(objs, "Deployment")
    assert f"{RELEASE}-worker" not in names(objs, "StatefulSet") | names(objs, "Service")
    assert not kinds(objs, "HorizontalPodAutoscaler") and not kinds(objs, "ScaledObject")
    assert f"{RELEASE}-flower" not in names(objs, "Deployment")


def test_scaled_object_check_catches_a_bad_shape():
    bad = {"spec": {"scaleTargetRef": {"kind": "StatefulSet"}, "minReplicaCount": "0",
                    "triggers": [{"type": "postgresql", "metadata": {"targetQueryValue": 1}}], "replicas": 3}}
    assert sorted(scaled_object_problems(bad)) == [
        "scaleTargetRef.name missing", "spec.minReplicaCount not an integer", "spec.replicas",
        "trigger.metadata.targetQueryValue not a string"]
