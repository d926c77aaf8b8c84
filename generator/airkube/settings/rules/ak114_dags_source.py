"""AK114 dags-source: DAGs come from one place.

git-sync and a DAGs volume both write the DAG folder; the chart refuses both.

Passing example::

    dags: {git_sync: {enabled: true, repo: "https://github.com/org/dags.git"}}

Failing example::

    dags:
      git_sync: {enabled: true, repo: "https://github.com/org/dags.git"}
      persistence: {enabled: true}
"""

from . import Finding

ID = "AK114"
NAME = "dags-source"


def check(ctx):
    if ctx.get("dags.git_sync.enabled") is True and ctx.get("dags.persistence.enabled") is True:
        yield Finding("dags.persistence.enabled",
                      "dags.git_sync and dags.persistence are both enabled, but DAGs can come from only one "
                      "place. Keep git_sync (set dags.persistence.enabled: false) or the volume.")
