"""`airkube explain`: resolved settings and a plain summary of what will run."""

from __future__ import annotations

from ..output import emit
from ..settings import versions
from ..settings.secrets import redact

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
        lines.append(f"  - celery workers: {settings['celery']['worker_replicas']} replica(s)"
                     + (", redis broker" if settings["celery"]["redis"] else ", external broker"))
    if settings["metrics"]["statsd"]:
        lines.append("  - statsd-exporter (metrics)"
                     + (", with alert rules" if settings["metrics"]["alerts"]["enabled"] else ""))
    lines.append("Database: " + ("embedded PostgreSQL" if db["embedded"] and db["backend"] == "postgresql"
                                 else f"external {db['backend']} from Secret {db.get('metadata_secret')}")
                 + (" via PgBouncer" if db["pgbouncer"]["enabled"] else ""))
    if versions.uses_kubernetes_pods(executors):
        lines.append("Task pods (one per task), pod templates:")
        workers = settings["workers"]
        profiles = workers.get("profiles") or {}
        for name in ["pod_template", *sorted(profiles)]:
            # A profile's resources replace the default template's when it names them.
            resources = (profiles.get(name) or {}).get("resources") or workers.get("resources") or {}
            limits = resources.get("limits") or {}
            lines.append(f"  - {POD_TEMPLATES}/{name}.yaml: "
                         + (", ".join(f"{k} {v}" for k, v in limits.items()) or "no limits"))
    dags = settings["dags"]
    if dags["git_sync"]["enabled"]:
        git = dags["git_sync"]
        where = f"git-sync from {git['repo']} ({git['branch']}) every {git['period']}"
    elif dags["persistence"]["enabled"]:
        where = f"a {dags['persistence']['access_mode']} volume ({dags['persistence']['size']})"
    else:
        where = "the image (/opt/airflow/dags)"
    lines.append(f"DAGs: {where}")
    logs = settings["logging"]
    if logs["remote"].get("backend"):
        where = f"remote {logs['remote']['backend']} {logs['remote'].get('base_folder') or logs['remote'].get('host')}"
    elif logs["persistence"]["enabled"]:
        where = f"a {logs['persistence']['access_mode']} volume ({logs['persistence']['size']})"
    else:
        where = "each pod's own disk (lost when the pod goes)"
    lines.append(f"Logs: {where}")
    return lines


def explain_text(settings: dict, summary_only: bool = False) -> str:
    text = "" if summary_only else ("# Resolved settings (defaults filled in; secrets redacted)\n"
                                    + emit.dump(redact(settings)) + "\n")
    return text + "# What will run\n" + "\n".join(summary_lines(settings)) + "\n"
