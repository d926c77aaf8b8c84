"""checkov over the rendered production example, as users run it (no skip list), and over the
task pods Airflow builds from its pod template (with the short skip list of checkov-skips.yaml)."""
from __future__ import annotations

import compat_harness as h
import pytest
import yaml
from compat_inputs import chart_available, image_of

pytestmark = pytest.mark.compat

EXAMPLE = h.ROOT / "values-examples" / "production" / "values.yaml"
# What the example leaves to its users: images pinned by digest (images.*.digest) and pulled
# with pullPolicy Always. Everything else checkov checks passes.
IMAGE_POLICY = {"CKV_K8S_43", "CKV_K8S_15"}

BAD_POD = {
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad", "namespace": "airflow"},
    "spec": {"containers": [{"name": "base", "image": "apache/airflow:3.3.2-python3.11",
                             "securityContext": {"privileged": True}}]},
}


def summary_line(summary: dict) -> str:
    """checkov's own CLI summary line, from its JSON report."""
    return (f"Passed checks: {summary['passed']}, Failed checks: {summary['failed']}, "
            f"Skipped checks: {summary.get('skipped', 0)}")


@pytest.fixture(scope="module")
def example(compat_tmp) -> dict:
    """The production example rendered as `helm template` gives it (helm 4, the monitoring CRDs
    served): the manifest file, its objects, airflow.cfg and the pod template files."""
    from support.render import PROMETHEUS_CRDS, render_files

    objs = render_files(EXAMPLE, helm="helm4", extra=PROMETHEUS_CRDS)
    d = compat_tmp / "production-example"
    d.mkdir(exist_ok=True)
    manifest = d / "manifest.yaml"
    manifest.write_text(yaml.safe_dump_all(objs))
    config = next(o for o in objs if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "airflow-config")
    (d / "airflow.cfg").write_text(config["data"]["airflow.cfg"])
    templates = next(o for o in objs if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "airflow-pod-templates")
    paths = []
    for name, text in templates["data"].items():
        (d / name).write_text(text)
        paths.append(d / name)
    return {"manifest": manifest, "objects": objs, "cfg": d / "airflow.cfg", "templates": paths}


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
def test_production_example_fails_only_the_image_policy_checks(example):
    """Issue 11: checkov on the rendered production example, with no skip list at all, fails no
    check but the image digest and pull policy ones."""
    failed, summary = h.run_checkov(example["manifest"], skips={}, with_summary=True)
    print(f"\ncheckov on values-examples/production ({summary['resource_count']} resources, no skip list): "
          f"{summary_line(summary)}")
    assert summary["resource_count"] >= len(example["objects"]) - 10 and summary["passed"] > 800, summary
    others = [c for c in failed if c["check_id"] not in IMAGE_POLICY]
    assert not others, "checkov findings beyond the image policy:\n" + "\n".join(
        f"  {c['check_id']} {c['resource']}: {c['check_name']}" for c in others)
    assert {c["check_id"] for c in failed} == IMAGE_POLICY, "the image-policy checks no longer fail: " \
        "update IMAGE_POLICY and the issue's acceptance note"


@pytest.mark.skipif(not chart_available(), reason="waiting for tests/support/render.py (chart scenarios)")
def test_task_pods_pass_checkov_with_the_skip_list(example, compat_tmp):
    """The task pods are not in the manifest: Airflow builds them from the pod templates. Checked
    beside the manifest (its NetworkPolicies must select them), with checkov-skips.yaml."""
    objs = list(example["objects"])
    pods = []
    for path in example["templates"]:
        version = h.version_for_image(image_of(yaml.safe_load(path.read_text())))
        doc = h.probe_ok(version, "pod-from-template", str(path), airflow_cfg=example["cfg"])
        pods += [h.api_shaped(r["pod"]) for r in doc["results"]]
    assert pods
    manifest = compat_tmp / "production-example-with-task-pods.yaml"
    manifest.write_text(yaml.safe_dump_all(objs + pods))
    failed, summary = h.run_checkov(manifest, with_summary=True)
    print(f"\ncheckov with the task pods and checkov-skips.yaml: {summary_line(summary)} (the failed ones "
          f"are the skip list's, scoped to the task pods; CKV_K8S_15 and CKV_K8S_43 were not run)")
    assert summary["resource_count"] >= len(objs) and summary["passed"] > 800, summary
    assert not failed, "checkov findings not in tests/compat/checkov-skips.yaml:\n" + "\n".join(
        f"  {c['check_id']} {c['resource']}: {c['check_name']}" for c in failed)
    # Every resource-scoped skip still matches a finding (else: fixed, delete it).
    raw = h.run_checkov(manifest, skips={})
    for check_id, entry in h.load_skips().items():
        for glob in entry["resources"] or []:
            assert any(h._skipped(c, {check_id: {"resources": [glob]}}) for c in raw), \
                f"skip {check_id} {glob} matches nothing any more: remove it from checkov-skips.yaml"
