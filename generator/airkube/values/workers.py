"""Task pods: settings `workers` (and its profiles) -> the chart's `workers` values.

The chart builds every worker pod template (chart/templates/_helpers/_pod-templates.tpl): the
default one from workers.*, and one per workers.profiles.<name>, the profile deep-merged over
workers.* (maps key by key, null deletes, lists and values replace, env by name).  In the
settings a profile *replaces* each field it names (env, labels and annotations merge, image
fields fill in): so each profile is resolved here as the settings mean it, translated like the
default template, and written as the overlay that turns the default's values into its own.
"""

from __future__ import annotations

from ..settings.defaults import plain_copy
from ..settings.schema import subschema_at
from .common import as_text, chart_resources, placement

# Fields a profile merges with the default template instead of replacing.
MERGED_FIELDS = ("env", "labels", "annotations")
# settings security_context key -> Pod securityContext key; the chart's own pod securityContext
# (securityContext and securityContexts.pod) applies where the settings keep the schema's default.
SECURITY_CONTEXT = {"run_as_user": "runAsUser", "run_as_group": "runAsGroup", "fs_group": "fsGroup"}
# What the executor owns in a task pod (AK108 refuses them; the chart drops them from patches).
OWNED_SPEC_KEYS = ("containers", "restartPolicy")


def effective_profiles(workers: dict) -> dict[str, dict]:
    """{profile name: worker settings}: each profile laid over the default template's settings."""
    base = {k: v for k, v in workers.items() if k != "profiles"}
    result = {}
    for name in sorted(workers.get("profiles") or {}):
        merged = plain_copy(base)
        for key, value in (workers["profiles"][name] or {}).items():
            if key in MERGED_FIELDS:
                merged[key] = {**(merged.get(key) or {}), **(value or {})}
            elif key == "image":
                merged["image"] = {**(merged.get("image") or {}), **{k: v for k, v in value.items() if v is not None}}
            else:
                merged[key] = plain_copy(value)
        result[name] = merged
    return result


def _volume(volume: dict) -> tuple[dict, dict]:
    if volume.get("secret"):
        source: dict = {"secret": {"secretName": volume["secret"]}}
    elif volume.get("config_map"):
        source = {"configMap": {"name": volume["config_map"]}}
    elif volume.get("persistent_volume_claim"):
        source = {"persistentVolumeClaim": {"claimName": volume["persistent_volume_claim"]}}
    else:
        empty = volume.get("empty_dir") or {}
        source = {"emptyDir": {chart_key: as_text(value) for key, chart_key in (("medium", "medium"),
                                                                                ("size_limit", "sizeLimit"))
                               if (value := empty.get(key)) not in (None, "")}}
    mount = {"name": volume["name"], "mountPath": volume["mount_path"]}
    if volume.get("sub_path"):
        mount["subPath"] = volume["sub_path"]
    if "read_only" in volume:
        mount["readOnly"] = bool(volume["read_only"])
    return {"name": volume["name"], **source}, mount


def _security_context(worker: dict) -> dict:
    written = worker.get("security_context") or {}
    defaults = subschema_at(["workers", "security_context"])["properties"]
    return {chart_key: written[key] for key, chart_key in SECURITY_CONTEXT.items()
            if key in written and written[key] != defaults[key]["default"]}


def template_values(settings: dict, worker: dict) -> dict:
    """The chart's workers.* values that build one pod template from these worker settings."""
    out: dict = {}
    image = worker.get("image") or {}
    image = {chart_key: image[key] for key, chart_key in (("repository", "repository"), ("tag", "tag"),
                                                          ("pull_policy", "pullPolicy")) if image.get(key)}
    if image:
        out["image"] = image
    out["resources"] = chart_resources(worker.get("resources"))
    out.update(placement(worker))
    if worker.get("labels"):
        out["labels"] = dict(worker["labels"])
    if worker.get("annotations"):
        out["podAnnotations"] = dict(worker["annotations"])
    if worker.get("env"):
        out["env"] = [{"name": k, "value": as_text(v)} for k, v in worker["env"].items()]
    everywhere = set(settings["airflow"].get("env_from_secrets") or [])  # already in every pod's envFrom
    secrets = [name for name in worker.get("env_from_secrets") or [] if name not in everywhere]
    if secrets:
        out["extraEnvFrom"] = [{"secretRef": {"name": name}} for name in secrets]
    if worker.get("volumes"):
        volumes, mounts = zip(*(_volume(v) for v in worker["volumes"]), strict=True)
        out["extraVolumes"], out["extraVolumeMounts"] = list(volumes), list(mounts)
    out["terminationGracePeriodSeconds"] = worker.get("termination_grace_period_seconds", 600)
    out["serviceAccount"] = {"name": worker.get("service_account") or ""}  # "": the chart's worker account
    spec: dict = {}
    security = _security_context(worker)
    if security:
        spec["securityContext"] = security
    if worker.get("priority_class_name"):
        spec["priorityClassName"] = worker["priority_class_name"]
    spec.update({k: plain_copy(v) for k, v in (worker.get("pod_spec") or {}).items() if k not in OWNED_SPEC_KEYS})
    if spec:
        out["podSpecPatch"] = spec
    container = {k: plain_copy(v) for k, v in (worker.get("container") or {}).items() if k != "name"}
    if container:
        out["containerPatch"] = container
    return out


def overlay(base, target):
    """What to deep-merge over ``base`` (the chart's way: maps key by key, None deletes, the rest
    replaces) to get ``target``; env lists merge by name, so only changed entries are written."""
    if not (isinstance(base, dict) and isinstance(target, dict)):
        return target
    out = {key: None for key in base if key not in target}
    for key, value in target.items():
        if key not in base:
            out[key] = value
        elif key == "env" and isinstance(value, list):
            changed = [entry for entry in value if entry not in base[key]]
            if changed:
                out[key] = changed
        elif base[key] != value:
            out[key] = overlay(base[key], value)
    return out


def workers_values(settings: dict, kubernetes_pods: bool) -> dict:
    """The chart's `workers` block: Celery workers and the default template, then the profiles."""
    workers = settings["workers"]
    base = template_values(settings, workers)
    out: dict = {"replicas": settings["celery"]["worker_replicas"], **base}
    scaling = settings["celery"]["autoscaling"]
    if scaling["enabled"]:
        # The chart's KEDA ScaledObject (Celery executors only; AK118 checks the rest).
        out["keda"] = {"enabled": True, "minReplicaCount": scaling["min_workers"],
                       "maxReplicaCount": scaling["max_workers"],
                       "namespaceLabels": {"kubernetes.io/metadata.name": scaling["keda_namespace"]}}
    name = out.pop("serviceAccount")["name"]
    out["serviceAccount"] = {"create": not name, **({"name": name} if name else {}),
                             "annotations": dict(workers.get("service_account_annotations") or {})}
    out["allowPodLaunching"] = bool(workers["allow_pod_launching"])
    if kubernetes_pods and workers.get("profiles"):
        out["profiles"] = {name: overlay(base, template_values(settings, worker))
                           for name, worker in effective_profiles(workers).items()}
    return out
