"""Official-chart keys the chart accepted without honouring, or refused: cleanup and databaseCleanup
labels and annotations, databaseCleanup.applyCustomEnv, the deprecated top-level securityContext and
images.flower. What each renders, with helm 3 and helm 4."""
from __future__ import annotations

import pytest
from support.render import HELMS, RELEASE, containers, find, render_values


def render(helm: str, **values) -> list[dict]:
    """helm template with these top-level values (cached)."""
    return render_values(values, helm=helm)


def cron_pod(cron: dict) -> dict:
    return cron["spec"]["jobTemplate"]["spec"]["template"]


CLEANUPS = {"cleanup": "cleanup", "databaseCleanup": "database-cleanup"}


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("key", CLEANUPS)
def test_cleanup_labels_and_annotations(helm, key):
    """labels on the CronJob and its pods ("objects and pods"); annotations on the pods, as the jobs' are."""
    objs = render(helm, **{key: {"enabled": True, "labels": {"example.com/team": key},
                                 "annotations": {"example.com/pod": key}, "podAnnotations": {"example.com/other": "x"},
                                 "jobAnnotations": {"example.com/cron": key}}})
    cron = find(objs, "CronJob", f"{RELEASE}-{CLEANUPS[key]}")
    assert cron["metadata"]["labels"]["example.com/team"] == key
    assert cron["metadata"]["annotations"] == {"example.com/cron": key}
    pod = cron_pod(cron)["metadata"]
    assert pod["labels"]["example.com/team"] == key
    assert pod["annotations"] == {"example.com/pod": key, "example.com/other": "x"}


def env_names(container: dict) -> list[str]:
    return [e["name"] for e in container.get("env") or []]


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("apply", [True, False])
def test_database_cleanup_apply_custom_env(helm, apply):
    """applyCustomEnv: false leaves out the global env and extraEnv, as on the migration and user Jobs."""
    objs = render(helm, env=[{"name": "GLOBAL_ENV", "value": "1"}], extraEnv=[{"name": "EXTRA_ENV", "value": "2"}],
                  databaseCleanup={"enabled": True, "applyCustomEnv": apply,
                                   "env": [{"name": "OWN_ENV", "value": "3"}]})
    cron = find(objs, "CronJob", f"{RELEASE}-database-cleanup")
    names = env_names(cron_pod(cron)["spec"]["containers"][0])
    assert "OWN_ENV" in names
    assert ("GLOBAL_ENV" in names, "EXTRA_ENV" in names) == (apply, apply)


def pod_security(objs: list[dict], kind: str, name: str) -> dict:
    return find(objs, kind, f"{RELEASE}-{name}")["spec"]["template"]["spec"]["securityContext"]


@pytest.mark.parametrize("helm", HELMS)
def test_deprecated_global_security_context(helm):
    """The official chart's top-level securityContext reaches the Airflow pods that set nothing more specific."""
    objs = render(helm, securityContext={"runAsUser": 1000, "fsGroup": 1000},
                  triggerer={"securityContexts": {"pod": {"runAsUser": 7}}})
    for kind, name in (("Deployment", "scheduler"), ("Deployment", "api-server"), ("Deployment", "dag-processor")):
        security = pod_security(objs, kind, name)
        assert (security["runAsUser"], security["fsGroup"]) == (1000, 1000), name
        assert security["runAsNonRoot"] is True  # the chart's other defaults stay
    assert pod_security(objs, "Deployment", "triggerer") == {"runAsUser": 7}  # a component's own wins
    # securityContexts.pod, the newer key, wins over it.
    objs = render(helm, securityContext={"runAsUser": 1000}, securityContexts={"pod": {"runAsUser": 2000}})
    assert pod_security(objs, "Deployment", "scheduler")["runAsUser"] == 2000


def flower_and_scheduler(objs: list[dict]) -> tuple[dict, dict]:
    return (containers(find(objs, "Deployment", f"{RELEASE}-flower"))["flower"],
            containers(find(objs, "Deployment", f"{RELEASE}-scheduler"))["scheduler"])


@pytest.mark.parametrize("helm", HELMS)
def test_images_flower(helm):
    """images.flower gives Flower's image; its official defaults (null repository and tag) mean the Airflow image."""
    celery = {"executor": "CeleryExecutor", "flower": {"enabled": True}}
    objs = render(helm, **celery, images={"airflow": {"pullPolicy": "Always"},
                                          "flower": {"repository": "registry.example.com/flower", "tag": "2.0",
                                                     "pullPolicy": "Never"}})
    flower, _ = flower_and_scheduler(objs)
    assert (flower["image"], flower["imagePullPolicy"]) == ("registry.example.com/flower:2.0", "Never")
    objs = render(helm, **celery, images={"airflow": {"pullPolicy": "Always"},
                                          "flower": {"repository": None, "tag": None}})
    flower, scheduler = flower_and_scheduler(objs)
    assert (flower["image"], flower["imagePullPolicy"]) == (scheduler["image"], "Always")
