"""AK108 worker-profile-ownership: worker templates leave the executor's parts alone.

The KubernetesExecutor runs the task in the container named ``base`` and
expects ``restartPolicy: Never`` (a restarted task pod would run the task
twice).  The ``pod_spec`` and ``container`` escape hatches of the default
template and of every profile may not change these.

Passing example::

    workers:
      profiles:
        gpu:
          pod_spec: {runtimeClassName: nvidia}

Failing example::

    workers:
      profiles:
        gpu:
          pod_spec: {restartPolicy: OnFailure}
          container: {name: trainer}
"""

from . import Finding

ID = "AK108"
NAME = "worker-profile-ownership"

OWNED_SPEC_KEYS = {
    "containers": "the executor builds the `base` container from the settings; use `container` for extra fields",
    "restartPolicy": None,
}


def _templates(ctx):
    yield "workers", ctx.get("workers")
    profiles = ctx.get("workers.profiles")
    if isinstance(profiles, dict):
        for name, profile in sorted(profiles.items()):
            yield f"workers.profiles.{name}", profile


def check(ctx):
    for where, template in _templates(ctx):
        if not isinstance(template, dict):
            continue
        spec = template.get("pod_spec")
        if isinstance(spec, dict):
            policy = spec.get("restartPolicy")
            if "restartPolicy" in spec and policy != "Never":
                yield Finding(f"{where}.pod_spec.restartPolicy",
                              f"{where}.pod_spec.restartPolicy is {policy!r}; task pods must use "
                              "restartPolicy: Never, or a failed task reruns inside the same pod behind "
                              "Airflow's back. Remove restartPolicy (use task retries instead).")
            if "containers" in spec:
                yield Finding(f"{where}.pod_spec.containers",
                              f"{where}.pod_spec.containers replaces the `base` container the executor "
                              "runs tasks in. Remove it: use `container` for extra container fields, "
                              "or `volumes`/`env` for mounts and variables.")
        container = template.get("container")
        if isinstance(container, dict) and "name" in container and container["name"] != "base":
            yield Finding(f"{where}.container.name",
                          f"{where}.container.name is {container['name']!r}; the executor only runs "
                          "tasks in a container named `base`. Remove the name.")
