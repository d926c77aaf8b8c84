"""The official chart's <component>.labels ("labels to add to the <component> objects and pods") on every
object of the component, not only its controller and pods; never in selectors. With helm 3 and helm 4."""
from __future__ import annotations

import json

import pytest
from support.render import HELMS, RELEASE, find, render_values

# values key -> the component label of its objects
COMPONENTS = {"scheduler": "scheduler", "apiServer": "api-server", "triggerer": "triggerer",
              "dagProcessor": "dag-processor", "workers": "worker", "flower": "flower", "pgbouncer": "pgbouncer",
              "statsd": "statsd", "redis": "redis", "migrateDatabaseJob": "migrate-database",
              "createUserJob": "create-user", "cleanup": "cleanup", "databaseCleanup": "database-cleanup"}
LABEL = "example.com/team"
PDB = {"podDisruptionBudget": {"enabled": True}}
CELERY = {"executor": "CeleryExecutor", "labels": {"example.com/global": "yes"}, "auth": {"manager": "fab"},
          "networkPolicies": {"enabled": True},
          "ingress": {"apiServer": {"enabled": True, "hosts": ["ui.example"]},
                      "flower": {"enabled": True, "hosts": ["flower.example"]}},
          "httpRoute": {"enabled": True, "parentRefs": [{"name": "gateway"}]},
          "scheduler": PDB, "triggerer": PDB, "dagProcessor": PDB, "pgbouncer": {"enabled": True, **PDB},
          "apiServer": {"apiServerConfig": "AUTH_TYPE = 1", **PDB},
          "workers": {"keda": {"enabled": True, "namespaceLabels": {"kubernetes.io/metadata.name": "keda"}},
                      "persistence": {"enabled": True}, **PDB},
          "flower": {"enabled": True, "password": "dev-only"},
          "cleanup": {"enabled": True}, "databaseCleanup": {"enabled": True}}
# Objects that must carry their component's labels, besides the controllers (which already did).
EXPECTED = [("ServiceAccount", "scheduler"), ("ServiceAccount", "api-server"), ("Service", "api-server"),
            ("PodDisruptionBudget", "scheduler"), ("ConfigMap", "webserver-config"), ("Ingress", "api-server"),
            ("HTTPRoute", "api-server"), ("ServiceAccount", "triggerer"), ("ServiceAccount", "dag-processor"),
            ("Service", "worker"), ("ServiceAccount", "worker"), ("ScaledObject", "worker"), ("Secret", "keda-db"),
            ("NetworkPolicy", "worker-8793"), ("Service", "flower"), ("Secret", "flower"), ("Ingress", "flower"),
            ("Service", "pgbouncer"), ("Secret", "pgbouncer-config"), ("Service", "statsd"), ("ConfigMap", "statsd"),
            ("NetworkPolicy", "statsd-9102"), ("Service", "redis"), ("NetworkPolicy", "redis-6379"),
            ("ServiceAccount", "cleanup"), ("Role", "cleanup"), ("RoleBinding", "cleanup"),
            ("ServiceAccount", "database-cleanup")]


def merged(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def render(helm: str, values: dict) -> list[dict]:
    return render_values(values, helm=helm)


def owner(obj: dict) -> str:
    """The component an object belongs to: its component label, the one a NetworkPolicy guards, or for KEDA's
    database URL the workers'."""
    if obj["metadata"]["name"] == f"{RELEASE}-keda-db":
        return "worker"
    if obj["kind"] == "NetworkPolicy":
        return obj["spec"]["podSelector"]["matchLabels"].get("component", "")
    return obj["metadata"]["labels"].get("component", "")


def selectors(obj: dict) -> list[dict]:
    spec = obj.get("spec") or {}
    found = [spec["selector"]] if isinstance(spec.get("selector"), dict) else []
    return found + [spec["podSelector"]] if "podSelector" in spec else found


@pytest.mark.parametrize("helm", HELMS)
def test_component_labels_on_every_object(helm):
    values = merged(CELERY, {key: {"labels": {LABEL: name}} for key, name in COMPONENTS.items()})
    objs = render(helm, values)
    for kind, name in EXPECTED:  # the objects the audit found without them
        obj = find(objs, kind, f"{RELEASE}-{name}")
        assert obj["metadata"]["labels"].get(LABEL) == owner(obj), (kind, name)
    checked = 0
    for obj in objs:
        labels = obj["metadata"]["labels"]
        assert labels["example.com/global"] == "yes", (obj["kind"], obj["metadata"]["name"])
        if owner(obj) in COMPONENTS.values():
            assert labels.get(LABEL) == owner(obj), (obj["kind"], obj["metadata"]["name"])
            checked += 1
        else:  # the release's shared objects (airflow.cfg, connections, the database) carry no component's
            assert LABEL not in labels, (obj["kind"], obj["metadata"]["name"])
        for selector in selectors(obj):  # selectors stay what they were: upgrades cannot change them
            assert LABEL not in json.dumps(selector), (obj["kind"], obj["metadata"]["name"])
    assert checked >= 50


@pytest.mark.parametrize("helm", HELMS)
def test_task_pod_labels_on_their_objects(helm):
    """KubernetesExecutor: the scheduler's Role and RoleBinding carry scheduler.labels; the pod templates'
    ConfigMap and the task pods' own ServiceAccount the task pods' labels (workers.kubernetes over workers)."""
    objs = render(helm, {"scheduler": {"labels": {LABEL: "scheduler"}},
                         "workers": {"labels": {LABEL: "workers", "example.com/tier": "batch"},
                                     "kubernetes": {"labels": {LABEL: "tasks"}, "serviceAccount": {"create": True}}}})
    for kind in ("Role", "RoleBinding", "ServiceAccount"):
        assert find(objs, kind, f"{RELEASE}-scheduler")["metadata"]["labels"][LABEL] == "scheduler", kind
    for name in ("pod-templates", "worker-kubernetes"):
        kind = "ConfigMap" if name == "pod-templates" else "ServiceAccount"
        labels = find(objs, kind, f"{RELEASE}-{name}")["metadata"]["labels"]
        assert (labels[LABEL], labels["example.com/tier"]) == ("tasks", "batch"), name
    assert find(objs, "ServiceAccount", f"{RELEASE}-worker")["metadata"]["labels"][LABEL] == "workers"


@pytest.mark.parametrize("helm", HELMS)
def test_webserver_labels_on_airflow2(helm):
    """Airflow 2: webserver.labels (over apiServer.labels) on the webserver's Service and ServiceAccount."""
    objs = render(helm, {"airflowVersion": "2.10.4", "apiServer": {"labels": {LABEL: "api", "example.com/a": "1"}},
                         "webserver": {"labels": {LABEL: "web"}}})
    for kind in ("Deployment", "Service", "ServiceAccount"):
        labels = find(objs, kind, f"{RELEASE}-webserver")["metadata"]["labels"]
        assert (labels[LABEL], labels["example.com/a"]) == ("web", "1"), kind
