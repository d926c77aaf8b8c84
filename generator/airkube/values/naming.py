"""Names of the objects the chart creates, which generated pod templates refer to.

The generated values pin the chart's fullnameOverride to `settings.name`, so
these names do not depend on the Helm release name.  They mirror
chart/templates/_helpers (_names.tpl, _env.tpl, _volumes.tpl, _git-sync.tpl).
"""

from __future__ import annotations

POD_TEMPLATES_DIR = "/opt/airflow/pod_templates"
DEFAULT_TEMPLATE = "pod_template"
DAGS_MOUNT = "/opt/airflow/dags"
LOGS_MOUNT = "/opt/airflow/logs"
CONFIG_MOUNT = "/opt/airflow/airflow.cfg"
GIT_SYNC_IMAGE = "registry.k8s.io/git-sync/git-sync:v4.4.2"
GIT_SYNC_USER = 65533
GIT_SYNC_RESOURCES = {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}}


# The chart runs `tpl` on every pod template, so the release label is filled in at install
# time: the chart's NetworkPolicies let only pods labelled with this release reach the database.
RELEASE_LABEL = "{{ .Release.Name }}"


def component(prefix: str, name: str) -> str:
    return f"{prefix}-{name}"


def template_path(name: str) -> str:
    return f"{POD_TEMPLATES_DIR}/{name}.yaml"
