"""The official chart's annotation keys of single objects: flower.secretAnnotations (the Flower auth Secret)
and apiServer/webserver.configMapAnnotations (the webserver_config.py ConfigMap). With helm 3 and helm 4."""
from __future__ import annotations

import pytest
from support.render import HELMS, RELEASE, find, render_values

NOTE = {"example.com/sync-wave": "-1"}
CELERY_FLOWER = {"executor": "CeleryExecutor", "flower": {"enabled": True, "secretAnnotations": NOTE}}


def render(helm: str, values: dict) -> list[dict]:
    return render_values(values, helm=helm)


@pytest.mark.parametrize("helm", HELMS)
def test_flower_secret_annotations_rendered(helm):
    """flower.password (dev only): the chart renders the Secret, with the annotations."""
    values = {**CELERY_FLOWER, "flower": {**CELERY_FLOWER["flower"], "password": "dev-only"}}
    secret = find(render(helm, values), "Secret", f"{RELEASE}-flower")
    assert secret["metadata"]["annotations"] == NOTE


CONFIG = "AUTH_TYPE = AUTH_DB"


@pytest.mark.parametrize("helm", HELMS)
@pytest.mark.parametrize("case", ["airflow3", "airflow2"])
def test_webserver_config_map_annotations(helm, case):
    """apiServer.configMapAnnotations; on Airflow 2 webserver.configMapAnnotations over them (the official name)."""
    values = {"auth": {"manager": "fab"}, "apiServer": {"apiServerConfig": CONFIG, "configMapAnnotations": NOTE}}
    expected = NOTE
    if case == "airflow2":
        values.update(airflowVersion="2.10.4", webserver={"configMapAnnotations": {"example.com/owner": "web"}})
        expected = {**NOTE, "example.com/owner": "web"}
    config_map = find(render(helm, values), "ConfigMap", f"{RELEASE}-webserver-config")
    assert config_map["metadata"]["annotations"] == expected
