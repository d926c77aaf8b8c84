"""AK111 resource-limits: every component and task pod has a memory limit.

Without one, a single runaway task can take a node's memory and get
neighbours evicted.  An error in the production profile, a warning in dev.
(CPU limits are optional: they throttle rather than protect.)

Passing example::

    profile: production
    database:
      embedded: false
      metadata_secret: airflow-metadata
      pgbouncer: {resources: {limits: {memory: 256Mi}}}
    scheduler: {resources: {limits: {memory: 4Gi}}}
    api_server: {resources: {limits: {memory: 2Gi}}}
    triggerer: {resources: {limits: {memory: 1Gi}}}
    dag_processor: {resources: {limits: {memory: 1Gi}}}
    workers: {resources: {limits: {memory: 2Gi}}}

Failing example::

    profile: production
    database: {embedded: false, metadata_secret: airflow-metadata}
    scheduler: {resources: {requests: {memory: 4Gi}}}
"""

from . import Finding

ID = "AK111"
NAME = "resource-limits"
WARNS = True  # in the dev profile


def check(ctx):
    severity = "error" if ctx.production else "warning"
    for where, resources in ctx.resource_blocks():
        component = where.rsplit(".resources", 1)[0]
        # Profiles appear here only when they replace the default resources.
        if not where.startswith("workers.profiles.") and not ctx.component_enabled(component):
            continue
        limits = resources.get("limits") if isinstance(resources, dict) else None
        if not isinstance(limits, dict) or "memory" not in limits:
            profile = "the production profile requires one" if ctx.production else "set one before production"
            yield Finding(f"{where}.limits.memory",
                          f"{where} has no memory limit; {profile}. Add {where}.limits.memory "
                          "(e.g. 2Gi) so one pod can't exhaust a node.", severity)
