"""KubernetesExecutor worker pod templates: the default one and one per worker profile.

Each template follows the chart's own default template
(chart/templates/_helpers/_pod-templates.tpl): one container named `base`,
restartPolicy Never, the airflow.cfg ConfigMap, DAGs and logs volumes, and the
metadata connection from its Secret.
"""

from __future__ import annotations

import copy

from ..settings import versions
from ..settings.defaults import plain_copy
from . import naming
from .common import as_text, resources_block, tolerations_list

# Fields a profile merges with the default template instead of replacing.
MERGED_FIELDS = ("env", "labels", "annotations")


def effective_profiles(settings: dict) -> dict[str, dict]:
    """{template name: worker settings}: the default template, then each profile laid over it."""
    workers = settings["workers"]
    base = {k: v for k, v in workers.items() if k != "profiles"}
    result = {naming.DEFAULT_TEMPLATE: base}
    for name in sorted(workers.get("profiles") or {}):
        profile = workers["profiles"][name] or {}
        merged = plain_copy(base)
        for key, value in profile.items():
            if key in MERGED_FIELDS:
                merged[key] = {**(merged.get(key) or {}), **(value or {})}
            elif key == "image":
                merged["image"] = {**(merged.get("image") or {}), **{k: v for k, v in value.items() if v is not None}}
            else:
                merged[key] = plain_copy(value)
        result[name] = merged
    return result


def build_all(settings: dict) -> dict[str, dict]:
    return {name: build_pod(settings, worker, name) for name, worker in effective_profiles(settings).items()}


def _secret_env(name: str, secret: str, key: str) -> dict:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def airflow_env(settings: dict, extra_env: dict) -> list:
    """The env every Airflow container gets in the chart (airflow.env.airflow), then the user's."""
    prefix = settings["name"]
    major = versions.major(settings["airflow"]["version"])
    af = settings["airflow"]
    keys_secret = naming.component(prefix, "keys")
    env = [_secret_env("AIRFLOW__CORE__FERNET_KEY", af.get("fernet_key_secret") or keys_secret, "fernet-key")]
    if major >= 3:
        env.append(_secret_env("AIRFLOW__API__SECRET_KEY", af.get("api_secret_key_secret") or keys_secret,
                               "api-secret-key"))
        env.append(_secret_env("AIRFLOW__API_AUTH__JWT_SECRET", af.get("jwt_secret") or keys_secret, "jwt-secret"))
    else:
        env.append(_secret_env("AIRFLOW__WEBSERVER__SECRET_KEY",
                               af.get("webserver_secret_key_secret") or keys_secret, "webserver-secret-key"))
    metadata = settings["database"].get("metadata_secret") or naming.component(prefix, "metadata")
    env.append(_secret_env("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", metadata, "connection"))
    env.append(_secret_env("AIRFLOW_CONN_AIRFLOW_DB", metadata, "connection"))
    if versions.uses_celery(versions.executor_list(settings["executor"])):
        env.append(_secret_env("AIRFLOW__CELERY__RESULT_BACKEND",
                               settings["database"].get("result_backend_secret")
                               or naming.component(prefix, "result-backend"),
                               "connection"))
        env.append(_secret_env("AIRFLOW__CELERY__BROKER_URL",
                               settings["celery"].get("broker_url_secret") or naming.component(prefix, "broker-url"),
                               "connection"))
    merged = {**(af.get("env") or {}), **(extra_env or {})}
    env.extend({"name": name, "value": as_text(value)} for name, value in merged.items())
    return env


def _git_sync_init(settings: dict) -> dict:
    git = settings["dags"]["git_sync"]
    env = [
        {"name": "GITSYNC_REPO", "value": git["repo"]},
        {"name": "GITSYNC_REF", "value": git["branch"] if git["rev"] == "HEAD" else git["rev"]},
        {"name": "GITSYNC_DEPTH", "value": str(git["depth"])},
        {"name": "GITSYNC_ROOT", "value": "/git"},
        {"name": "GITSYNC_LINK", "value": "repo"},
        {"name": "GITSYNC_PERIOD", "value": git["period"]},
        {"name": "GITSYNC_MAX_FAILURES", "value": str(git["max_failures"])},
        {"name": "GITSYNC_ONE_TIME", "value": "true"},
    ]
    mounts = [{"name": "dags", "mountPath": "/git"}, {"name": "git-tmp", "mountPath": "/tmp"}]
    if git.get("ssh_key_secret"):
        env += [{"name": "GITSYNC_SSH_KEY_FILE", "value": "/etc/git-secret/ssh"},
                {"name": "GITSYNC_SSH_KNOWN_HOSTS", "value": "true"},
                {"name": "GITSYNC_SSH_KNOWN_HOSTS_FILE", "value": "/etc/git-secret/known_hosts"}]
        mounts += [{"name": "git-ssh-key", "mountPath": "/etc/git-secret/ssh", "subPath": "gitSshKey",
                    "readOnly": True},
                   {"name": "git-known-hosts", "mountPath": "/etc/git-secret/known_hosts", "subPath": "known_hosts",
                    "readOnly": True}]
    if git.get("credentials_secret"):
        env += [_secret_env("GITSYNC_USERNAME", git["credentials_secret"], "GITSYNC_USERNAME"),
                _secret_env("GITSYNC_PASSWORD", git["credentials_secret"], "GITSYNC_PASSWORD")]
    return {
        "name": "git-sync-init",
        "image": naming.GIT_SYNC_IMAGE,
        "imagePullPolicy": "IfNotPresent",
        "env": env,
        # git-sync runs as its own user; the pod's fsGroup 0 lets Airflow read the checkout.
        "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                            "readOnlyRootFilesystem": True, "runAsUser": naming.GIT_SYNC_USER},
        "resources": copy.deepcopy(naming.GIT_SYNC_RESOURCES),
        "volumeMounts": mounts,
    }


def _extra_volume(volume: dict) -> tuple[dict, dict]:
    source: dict
    if volume.get("secret"):
        source = {"secret": {"secretName": volume["secret"]}}
    elif volume.get("config_map"):
        source = {"configMap": {"name": volume["config_map"]}}
    elif volume.get("persistent_volume_claim"):
        source = {"persistentVolumeClaim": {"claimName": volume["persistent_volume_claim"]}}
    else:
        empty = volume.get("empty_dir") or {}
        source = {"emptyDir": {k2: as_text(v) for k, k2 in (("medium", "medium"), ("size_limit", "sizeLimit"))
                               if (v := empty.get(k)) not in (None, "")}}
    mount = {"name": volume["name"], "mountPath": volume["mount_path"]}
    if volume.get("sub_path"):
        mount["subPath"] = volume["sub_path"]
    if "read_only" in volume:
        mount["readOnly"] = bool(volume["read_only"])
    return {"name": volume["name"], **source}, mount


def build_pod(settings: dict, worker: dict, template_name: str) -> dict:
    prefix = settings["name"]
    af = settings["airflow"]
    dags = settings["dags"]
    logs = settings["logging"]
    image = worker.get("image") or {}
    repository = image.get("repository") or af["image"]["repository"]
    tag = image.get("tag") or af["image"]["tag"] or versions.default_image_tag(af["version"])
    pull_policy = image.get("pull_policy") or af["image"]["pull_policy"]
    git_sync_init = dags["git_sync"]["enabled"] and not dags["persistence"]["enabled"]

    labels = {"tier": "airflow", "component": "worker", "release": naming.RELEASE_LABEL}
    if template_name != naming.DEFAULT_TEMPLATE:
        labels["airflow-worker-profile"] = template_name
    labels.update(worker.get("labels") or {})
    metadata = {"name": "placeholder", "labels": labels}
    if worker.get("annotations"):
        metadata["annotations"] = dict(worker["annotations"])

    security = worker.get("security_context") or {}
    spec: dict = {
        "serviceAccountName": worker.get("service_account") or naming.component(prefix, "worker"),
        "automountServiceAccountToken": bool(settings["workers"].get("allow_pod_launching")),
        "restartPolicy": "Never",
        "terminationGracePeriodSeconds": worker.get("termination_grace_period_seconds", 600),
        "securityContext": {
            "runAsUser": security.get("run_as_user", 50000),
            "runAsGroup": security.get("run_as_group", 0),
            "fsGroup": security.get("fs_group", 0),
            "runAsNonRoot": True,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }
    if worker.get("node_selector"):
        spec["nodeSelector"] = dict(worker["node_selector"])
    if worker.get("affinity"):
        spec["affinity"] = copy.deepcopy(worker["affinity"])
    if worker.get("tolerations"):
        spec["tolerations"] = tolerations_list(worker["tolerations"])
    if worker.get("priority_class_name"):
        spec["priorityClassName"] = worker["priority_class_name"]
    if git_sync_init:
        spec["initContainers"] = [_git_sync_init(settings)]

    mounts = [{"name": "config", "mountPath": naming.CONFIG_MOUNT, "subPath": "airflow.cfg", "readOnly": True}]
    volumes = [{"name": "config", "configMap": {"name": naming.component(prefix, "config")}}]
    if dags["persistence"]["enabled"]:
        mounts.append({"name": "dags", "mountPath": naming.DAGS_MOUNT, "readOnly": False})
        volumes.append({"name": "dags", "persistentVolumeClaim": {"claimName": naming.component(prefix, "dags")}})
    elif dags["git_sync"]["enabled"]:
        mounts.append({"name": "dags", "mountPath": naming.DAGS_MOUNT, "readOnly": True})
        volumes.append({"name": "dags", "emptyDir": {}})
        volumes.append({"name": "git-tmp", "emptyDir": {}})
        if dags["git_sync"].get("ssh_key_secret"):
            volumes.append({"name": "git-ssh-key", "secret": {"secretName": dags["git_sync"]["ssh_key_secret"],
                                                              "defaultMode": 0o440}})
            volumes.append({"name": "git-known-hosts",
                            "configMap": {"name": naming.component(prefix, "git-known-hosts")}})
    mounts.append({"name": "logs", "mountPath": naming.LOGS_MOUNT})
    if logs["persistence"]["enabled"]:
        volumes.append({"name": "logs", "persistentVolumeClaim": {"claimName": naming.component(prefix, "logs")}})
    else:
        volumes.append({"name": "logs", "emptyDir": {}})
    for extra in worker.get("volumes") or []:
        volume, mount = _extra_volume(extra)
        volumes.append(volume)
        mounts.append(mount)

    container: dict = {
        "name": "base",
        "image": f"{repository}:{tag}",
        "imagePullPolicy": pull_policy,
        "env": airflow_env(settings, worker.get("env")),
    }
    secrets = list(dict.fromkeys(list(af.get("env_from_secrets") or []) + list(worker.get("env_from_secrets") or [])))
    if secrets:
        container["envFrom"] = [{"secretRef": {"name": name}} for name in secrets]
    container["resources"] = resources_block(worker.get("resources"))
    container["securityContext"] = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                                    "readOnlyRootFilesystem": False}
    container["volumeMounts"] = mounts
    # The escape hatches go last; AK108 keeps them away from the container name and restartPolicy.
    for key, value in (worker.get("container") or {}).items():
        if key != "name":
            container[key] = copy.deepcopy(value)
    spec["containers"] = [container]
    spec["volumes"] = volumes
    for key, value in (worker.get("pod_spec") or {}).items():
        if key not in ("containers", "restartPolicy"):
            spec[key] = copy.deepcopy(value)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec}
