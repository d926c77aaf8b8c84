"""The seeds' four values files (tests/chart/seeds/, restored from ../shared/seeds/): seed 003's
airflow-values.yaml and its monitoring snippet render as written; its kind-lab values (webserver keys,
no version: Airflow 2) and seed 001's production values render after `airkube import` + `generate`,
the import naming the replacement of each key the official chart never had.

Each file is rendered once per helm version for the module, then strictly validated.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.kube import problems_all
from support.render import HELMS, RELEASE, airflow_cfg, cfg_sections, containers, find, helm_template, names, parse

SEEDS = Path(__file__).with_name("seeds")
KUBERNETES = ("1.30", "1.37")


def render(*files, helm):
    run = helm_template(*[a for f in files for a in ("-f", str(f))], helm=helm)
    assert run.returncode == 0, run.stderr
    objs = parse(run.stdout)
    assert [p for version in KUBERNETES for p in problems_all(objs, version)] == []
    return objs


def airkube(*args):
    return subprocess.run([sys.executable, "-m", "airkube", *args], capture_output=True, text=True)


@pytest.fixture(scope="module", params=HELMS)
def helm(request):
    return request.param


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """{seed file: (import exit code, report, generated values.yaml)}, imported and generated once."""
    out = {}
    for name in ("seed001-production-values.yaml", "seed003-kind-lab-values.yaml"):
        work = tmp_path_factory.mktemp(name.removesuffix(".yaml"))
        run = airkube("import", str(SEEDS / name), "-o", str(work), "--format", "json")
        generated = airkube("generate", str(work / "settings.yaml"), "-o", str(work / "out"))
        assert generated.returncode == 0, generated.stderr
        out[name] = (run.returncode, json.loads(run.stdout), work / "out" / "values.yaml")
    return out


def test_seed003_airflow_values_render_as_written(helm):
    objs = render(SEEDS / "seed003-airflow-values.yaml", helm=helm)
    assert find(objs, "Deployment", f"{RELEASE}-webserver")["spec"]["replicas"] == 2
    assert find(objs, "Deployment", f"{RELEASE}-scheduler")["spec"]["replicas"] == 2


def test_seed003_monitoring_snippet_renders_as_written_with_its_values(helm):
    objs = render(SEEDS / "seed003-airflow-values.yaml", SEEDS / "seed003-monitoring-values.yaml", helm=helm)
    assert find(objs, "Deployment", "statsd-exporter")["metadata"]["namespace"] == "airflow"
    assert cfg_sections(airflow_cfg(objs))["metrics"]["statsd_host"] == "statsd-exporter"


def keys(report, outcome):
    return {k["key"]: k.get("action") or k.get("setting") or k.get("reason") for k in report["keys"]
            if k["outcome"] == outcome}


def test_seed001_import_names_the_replacement_of_keys_the_official_chart_never_had(imported):
    code, report, _ = imported["seed001-production-values.yaml"]
    attention = keys(report, "attention")
    assert code == 1
    assert "chart_values.workers.podTemplate" in attention["workers.podTemplateFile"]
    assert "workers.service_account" in attention["serviceAccount.name"]
    assert sorted(keys(report, "dropped")) == ["config.logging.remote_logging", "dags.gitSync.wait"]
    assert keys(report, "mapped")["config.logging.remote_base_log_folder"] == "logging.remote"


def test_seed001_production_renders_after_import(imported, helm):
    objs = render(imported["seed001-production-values.yaml"][2], helm=helm)
    assert find(objs, "Deployment", f"{RELEASE}-webserver")["spec"]["replicas"] == 2
    web = containers(find(objs, "Deployment", f"{RELEASE}-webserver"))["webserver"]
    assert web["readinessProbe"]["initialDelaySeconds"] == 20  # through chart_values
    assert web["resources"]["limits"] == {"cpu": "1", "memory": "2Gi"}
    assert find(objs, "Deployment", f"{RELEASE}-scheduler")["spec"]["replicas"] == 2
    assert find(objs, "PersistentVolumeClaim", f"{RELEASE}-logs")["spec"]["storageClassName"] == "standard"
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["logging"]["remote_base_log_folder"] == "s3://your-bucket/airflow-logs"
    assert cfg["logging"]["remote_log_conn_id"] == "aws_s3_logs"
    assert cfg["core"]["parallelism"] == "64" and cfg["core"]["max_active_tasks_per_dag"] == "32"
    assert cfg["kubernetes_executor"]["delete_worker_pods_on_failure"] == "False"


def test_seed003_lab_imports_cleanly_as_airflow2(imported):
    code, report, _ = imported["seed003-kind-lab-values.yaml"]
    assert code == 0 and report["counts"]["attention"] == 0
    assert any("2.10.4" in note and "Airflow 2" in note for note in report["notes"])


def test_seed003_lab_renders_after_import(imported, helm):
    objs = render(imported["seed003-kind-lab-values.yaml"][2], helm=helm)
    assert f"{RELEASE}-triggerer" not in names(objs, "Deployment")
    web = containers(find(objs, "Deployment", f"{RELEASE}-webserver"))["webserver"]
    assert web["resources"] == {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "1Gi"}}
    assert find(objs, "PersistentVolumeClaim", f"{RELEASE}-dags")["spec"]["accessModes"] == ["ReadWriteOnce"]
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["core"]["dags_are_paused_at_creation"] == "False"
