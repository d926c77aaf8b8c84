"""checkov over the rendered production example and the worker pods Airflow builds from it."""
from __future__ import annotations

import compat_harness as h
import pytest
import yaml
from compat_inputs import chart_available, image_of, load_yaml, write_scenario_files

pytestmark = pytest.mark.compat

BAD_POD = {
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad", "namespace": "airflow"},
    "spec": {"containers": [{"name": "base", "image": "apache/airflow:3.3.2-python3.11",
                             "securityContext": {"privileged": True}}]},
}


def test_skip_list_has_reasons():
    skips = h.load_skips()
    assert skips and all(e["reason"] for e in skips.values())


def test_checkov_reports_a_privileged_pod(tmp_path):
    """Negative proof: the runner returns real failures (and the skip list does not hide them)."""
    f = tmp_path / "bad.yaml"
    f.write_text(yaml.safe_dump(BAD_POD))
    failed, summary = h.run_checkov(f, with_summary=True)
    ids = {c["check_id"] for c in failed}
    assert "CKV_K8S_16" in ids, failed  # privileged container
    assert summary["resource_count"] == 1


@pytest.mark.skipif(not chart_available(), reason="waiting for tests/support/render.py (chart scenarios)")
def test_production_example_passes_checkov(compat_tmp):
    files = write_scenario_files("production", compat_tmp)
    objs = list(files["inputs"]["objects"])
    # The worker pods are not in the manifest: add the pods Airflow builds from the templates.
    for path in files["templates"].values():
        version = h.version_for_image(image_of(load_yaml(path)))
        doc = h.probe_ok(version, "pod-from-template", str(path), airflow_cfg=files["cfg"])
        for r in doc["results"]:
            objs.append(h.api_shaped(r["pod"]))
    manifest = compat_tmp / "production-with-worker-pods.yaml"
    manifest.write_text(yaml.safe_dump_all(objs))
    failed, summary = h.run_checkov(manifest, with_summary=True)
    assert summary["resource_count"] >= len(objs) - 5 and summary["passed"] > 100, summary
    gaps = h.load_skips("known_gaps")
    open_gaps = [c for c in failed if h._skipped(c, gaps)]
    new = [c for c in failed if not h._skipped(c, gaps)]
    assert not new, "checkov findings not in tests/compat/checkov-skips.yaml:\n" + "\n".join(
        f"  {c['check_id']} {c['resource']}: {c['check_name']}" for c in new)
    # Every listed known gap must still be there (else: fixed, delete it from known_gaps).
    for check_id, entry in gaps.items():
        for glob in entry["resources"] or ["*"]:
            assert any(c["check_id"] == check_id and h._skipped(c, {check_id: {"resources": [glob]}})
                       for c in open_gaps), f"known gap {check_id} {glob} is fixed: remove it from known_gaps"
