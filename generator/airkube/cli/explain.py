"""`airkube explain`: resolved settings and a plain summary of what will run."""

from __future__ import annotations

from ..output import emit
from ..settings import versions
from ..settings.secrets import redact
from ..values.workers import effective_profiles

POD_TEMPLATES = "/opt/airflow/pod_templates"  # where the chart mounts them in the scheduler


def summary_lines(settings: dict) -> list[str]:
    af = settings["airflow"]
    major = versions.major(af["version"])
    executors = versions.executor_list(settings["executor"])
    tag = af["image"]["tag"] or versions.default_image_tag(af["version"])
    lines = [f"Airflow {af['version']} ({af['image']['repository']}:{tag}), profile {settings['profile']}",
             f"Executor{'s' if len(executors) > 1 else ''}: {', '.join(executors)}",
             "Components:"]

    def component(label, block, enabled=True):
        if enabled:
            limits = (block.get("resources") or {}).get("limits") or {}
            memory = f", memory limit {limits['memory']}" if "memory" in limits else ", no memory limit"
            lines.append(f"  - {label}: {block['replicas']} replica(s){memory}")

    component("scheduler", settings["scheduler"])
    component("api-server" if major >= 3 else "webserver", settings[versions.ui_component(major)])
    component("triggerer", settings["triggerer"], settings["triggerer"]["enabled"])
    component("dag-processor", settings["dag_processor"],
              versions.dag_processor_enabled(major, settings["dag_processor"]["enabled"]))
    db = settings["database"]
    if db["embedded"] and db["backend"] == "postgresql":
        lines.append(f"  - postgresql (embedded, dev only): 1 replica, {db['embedded_storage']['size']} volume")
    if db["pgbouncer"]["enabled"]:
        component("pgbouncer", db["pgbouncer"])
    if versions.uses_celery(executors):
        scaling = settings["celery"]["autoscaling"]
        count = (f"{scaling['min_workers']}-{scaling['max_workers']} (KEDA)" if scaling["enabled"]
                 else settings["celery"]["worker_replicas"])
        lines.append(f"  - celery workers: {count} replica(s)"
                     + (", redis broker" if settings["celery"]["redis"] else ", external broker"))
    if settings["metrics"]["statsd"]:
        lines.append("  - statsd-exporter (metrics)"
                     + (", with alert rules" if settings["metrics"]["alerts"]["enabled"] else ""))
    lines.append("Database: " + ("embedded PostgreSQL" if db["embedded"] and db["backend"] == "postgresql"
                                 else f"external {db['backend']} from Secret {db.get('metadata_secret')}")
                 + (" via PgBouncer" if db["pgbouncer"]["enabled"] else ""))
    if versions.uses_kubernetes_pods(executors):
        lines.append("Task pods (one per task), pod templates:")
        templates = {"pod_template": settings["workers"], **effective_profiles(settings["workers"])}
        for name, worker in templates.items():
            limits = (worker.get("resources") or {}).get("limits") or {}
            lines.append(f"  - {POD_TEMPLATES}/{name}.yaml: "
                         + (", ".join(f"{k} {v}" for k, v in limits.items()) or "no limits"))
    git, remote = settings["dags"]["git_sync"], settings["logging"]["remote"]
    synced = git["enabled"] and f"git-sync from {git['repo']} ({git['branch']}) every {git['period']}"
    shipped = remote.get("backend") and f"remote {remote['backend']} {remote.get('base_folder') or remote.get('host')}"
    lines.append("DAGs: " + _where(synced, settings["dags"]["persistence"], "the image (/opt/airflow/dags)"))
    lines.append("Logs: " + _where(shipped, settings["logging"]["persistence"],
                                   "each pod's own disk (lost when the pod goes)"))
    return lines


def _where(first: str | None, persistence: dict, otherwise: str) -> str:
    """Where DAGs or logs live: ``first`` if set, else the volume, else ``otherwise``."""
    if first:
        return first
    if persistence["enabled"]:
        return f"a {persistence['access_mode']} volume ({persistence['size']})"
    return otherwise


def explain_text(settings: dict, summary_only: bool = False) -> str:
    text = "" if summary_only else ("# Resolved settings (defaults filled in; secrets redacted)\n"
                                    + emit.dump(redact(settings)) + "\n")
    return text + "# What will run\n" + "\n".join(summary_lines(settings)) + "\n"
