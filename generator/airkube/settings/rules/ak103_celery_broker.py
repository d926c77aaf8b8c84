"""AK103 celery-broker: a Celery executor needs a broker.

Either the chart's Redis (``celery.redis: true``) or an external broker URL in
a Secret (``celery.broker_url_secret``).

Passing example::

    executor: CeleryExecutor
    celery: {redis: false, broker_url_secret: airflow-broker}

Failing example::

    executor: CeleryExecutor
    celery: {redis: false}
"""

from .. import versions
from . import Finding

ID = "AK103"
NAME = "celery-broker"


def check(ctx):
    if not versions.uses_celery(ctx.executors):
        return
    if ctx.get("celery.redis") is False and not ctx.get("celery.broker_url_secret"):
        yield Finding(
            "celery.broker_url_secret",
            "a Celery executor is configured but there is no broker: celery.redis is false and "
            "celery.broker_url_secret is not set. Set celery.redis: true or name the Secret "
            "holding the broker URL in celery.broker_url_secret.")
    if ctx.get("celery.redis_password_secret") and not ctx.get("celery.broker_url_secret"):
        yield Finding(
            "celery.redis_password_secret",
            "celery.redis_password_secret is set but Celery reads the password from the broker URL. Also set "
            "celery.broker_url_secret (a Secret with key connection: redis://:PASSWORD@airflow-redis:6379/0), "
            "or remove redis_password_secret to let the chart manage both.")
