"""AK118 celery-autoscaling: KEDA scales Celery workers from a PostgreSQL query.

``celery.autoscaling`` renders the chart's KEDA ScaledObject, which counts the Celery tasks
waiting and running in the metadata database: it needs a Celery executor, PostgreSQL, and
``min_workers`` no larger than ``max_workers``.

Passing example::

    executor: CeleryExecutor
    celery: {autoscaling: {enabled: true, min_workers: 0, max_workers: 8}}

Failing example::

    executor: CeleryExecutor
    celery: {autoscaling: {enabled: true, min_workers: 5, max_workers: 2}}
"""

from .. import versions
from . import Finding

ID = "AK118"
NAME = "celery-autoscaling"


def check(ctx):
    if ctx.get("celery.autoscaling.enabled") is not True:
        return
    if not versions.uses_celery(ctx.executors):
        yield Finding(
            "celery.autoscaling.enabled",
            f"celery.autoscaling scales Celery workers, and executor {ctx.get('executor')} runs none. "
            "Remove celery.autoscaling or use a Celery executor.")
        return
    backend = ctx.get("database.backend", "postgresql")
    if backend != "postgresql":
        yield Finding(
            "celery.autoscaling.enabled",
            f"celery.autoscaling queries the metadata database with PostgreSQL SQL, and database.backend is "
            f"{backend}. Use PostgreSQL, or set celery.worker_replicas and remove celery.autoscaling.")
    low, high = ctx.get("celery.autoscaling.min_workers", 0), ctx.get("celery.autoscaling.max_workers", 10)
    if isinstance(low, int) and isinstance(high, int) and low > high:
        yield Finding(
            "celery.autoscaling.min_workers",
            f"celery.autoscaling.min_workers ({low}) is above max_workers ({high}). Lower min_workers or "
            "raise max_workers.")
