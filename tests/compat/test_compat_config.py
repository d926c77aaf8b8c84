"""airflow.cfg keys checked against the real config description of Airflow 3.3.2 / 2.10.4
(core + installed providers), plus `airflow config lint` on Airflow 3."""
from __future__ import annotations

import compat_harness as h
import pytest
from compat_inputs import (
    chart_available,
    image_of,
    k8s_executor_scenarios,
    load_yaml,
    scenario_inputs,
    write_scenario_files,
)

pytestmark = pytest.mark.compat

SEED_CFG = h.FIXTURES / "airflow.cfg"


def assert_clean(doc: dict, where: str) -> None:
    assert not doc["unknown"], f"{where}: keys Airflow {doc['airflow']} does not know: {doc['unknown']}"
    assert not doc["deprecated"], f"{where}: deprecated keys on Airflow {doc['airflow']}: {doc['deprecated']}"
    if doc["airflow"].startswith("3."):
        assert not doc["lint_errors"], f"{where}: `airflow config lint`: {doc['lint_errors']}\n{doc['lint_output']}"


@pytest.mark.parametrize("version", h.AIRFLOW_VERSIONS)
def test_seed_cfg_keys_known(version):
    doc = h.probe_ok(version, "config-keys", str(SEED_CFG))
    assert doc["checked"] >= 20
    assert "apache-airflow-providers-cncf-kubernetes" in doc["providers"]
    assert_clean(doc, "fixtures/airflow.cfg")


@pytest.mark.parametrize("version", h.AIRFLOW_VERSIONS)
def test_misspelled_key_is_reported(version, tmp_path):
    """Negative proof: `[kubernetes_executor] pod_template_fil` makes the check fail."""
    bad = tmp_path / "airflow.cfg"
    bad.write_text(SEED_CFG.read_text().replace("pod_template_file =", "pod_template_fil ="))
    doc = h.probe_ok(version, "config-keys", str(bad))
    assert {"section": "kubernetes_executor", "key": "pod_template_fil", "why": "unknown key",
            "did_you_mean": ["pod_template_file"]} in doc["unknown"], doc["unknown"]
    with pytest.raises(AssertionError, match="pod_template_fil"):
        assert_clean(doc, "misspelled")


def test_lint_reports_airflow2_only_key(tmp_path):
    """Negative proof for the lint half: a key Airflow 3 removed is an error on 3.3.2."""
    bad = tmp_path / "airflow.cfg"
    bad.write_text(SEED_CFG.read_text() + "\n[webserver]\nweb_server_port = 8080\n")
    doc = h.probe_ok("3.3.2", "config-keys", str(bad))
    assert any(f["section"] == "webserver" and f["key"] == "web_server_port" for f in doc["lint_errors"]), doc
    assert "web_server_port" in doc["lint_output"]


SCENARIOS = k8s_executor_scenarios()
ALL_SCENARIOS = []
if chart_available():
    from support.render import SCENARIOS as ALL_SCENARIOS  # noqa: F811


def scenario_version(name: str, root) -> str:
    """The Airflow version a scenario deploys: from its worker template image, else its components."""
    files = write_scenario_files(name, root)
    if files["templates"]:
        return h.version_for_image(image_of(load_yaml(next(iter(files["templates"].values())))))
    for obj in scenario_inputs(name)["objects"]:
        if obj.get("kind") in ("Deployment", "StatefulSet"):
            for c in obj["spec"]["template"]["spec"]["containers"]:
                if c["image"].startswith("apache/airflow:"):
                    return h.version_for_image(c["image"])
    raise AssertionError(f"{name}: no Airflow image found")


@pytest.mark.parametrize("scenario", ALL_SCENARIOS)
def test_chart_scenario_cfg_keys_known(scenario, compat_tmp):
    if not scenario_inputs(scenario)["airflow_cfg"]:
        pytest.fail(f"{scenario}: no ConfigMap airflow-config with airflow.cfg")
    version = scenario_version(scenario, compat_tmp)
    files = write_scenario_files(scenario, compat_tmp)
    doc = h.probe_ok(version, "config-keys", str(files["cfg"]))
    assert_clean(doc, f"chart scenario {scenario}")
