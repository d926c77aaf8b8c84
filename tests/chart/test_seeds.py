"""The seeds' values files: every key is honored, or refused with a message naming its replacement.

Each seed is rendered as written: refused keys must each be named with their replacement (a seed
without refused keys must render).
Then the documented migration (MIGRATIONS, also in README "Coming from the official chart")
is applied and the result must render, pass strict validation and honor the seed's keys.
"""
from pathlib import Path

import pytest
import yaml
from support.kube import problems_all
from support.render import (
    RELEASE,
    airflow_cfg,
    cfg_sections,
    containers,
    find,
    helm_template,
    names,
    pod_templates,
    render_files,
    secret_refs,
    secret_value,
)

SEEDS = Path(__file__).with_name("seeds")
POD_TEMPLATE = SEEDS / "seed001-pod-template.yaml"


def load(name):
    return yaml.safe_load((SEEDS / name).read_text())


def migrate_seed001(values):
    values["dags"]["gitSync"].pop("wait")
    values["workers"].pop("podTemplateFile")
    account = values.pop("serviceAccount")
    # The seed's pod template runs as serviceAccountName "airflow": the worker ServiceAccount.
    values["workers"]["serviceAccount"] = {"name": account["name"], "annotations": account["annotations"]}
    values["scheduler"]["serviceAccount"] = {"annotations": account["annotations"]}
    return values, ("--set-file", f"workers.podTemplate={POD_TEMPLATE}")


def migrate_seed003(values):
    """Nothing to do: dags.gitSync.wait (seconds) is honored as the official chart does."""
    return values, ()


def migrate_kind_lab(values):
    web = values.pop("webserver")
    user = web.pop("defaultUser")
    web["defaultUser"] = {"enabled": user["enabled"], "username": user["username"], "role": user["role"].lower()}
    values["apiServer"] = web
    return values, ()


# seed file -> (the refused keys with a word of their replacement, the migration)
SEEDS_AS_WRITTEN = {
    "seed001-production-values.yaml": ({"workers.podTemplateFile": "--set-file workers.podTemplate",
                                        "serviceAccount": "<component>.serviceAccount"}, migrate_seed001),
    "seed003-airflow-values.yaml": ({}, migrate_seed003),
    # webserver.defaultUser is the admin user on either version, as in the official chart: not refused.
    "seed003-kind-lab-values.yaml": ({"webserver.replicas": "apiServer.replicas",
                                      "webserver.resources": "apiServer.resources"}, migrate_kind_lab),
}


def render_migrated(name, tmp_path, *extra_files):
    values, extra = SEEDS_AS_WRITTEN[name][1](load(name))
    path = tmp_path / name
    path.write_text(yaml.safe_dump(values))
    return render_files(path, *extra_files, extra=extra), values


@pytest.mark.parametrize("helm", ["helm3", "helm4"])
@pytest.mark.parametrize("name", sorted(SEEDS_AS_WRITTEN))
def test_seed_as_written_is_refused_naming_each_replacement(name, helm):
    refused, _ = SEEDS_AS_WRITTEN[name]
    result = helm_template("-f", str(SEEDS / name), helm=helm)
    assert (result.returncode != 0) == bool(refused), result.stderr
    lines = result.stderr.splitlines()
    for key, replacement in refused.items():
        assert any(line.startswith(key + ":") and replacement in line for line in lines), (key, result.stderr)


def leaves(values, prefix=""):
    if isinstance(values, dict):
        for key, value in values.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(values, list):
        for item in values:
            yield from leaves(item, prefix)
    else:
        yield prefix, values


def assert_every_string_value_lands(values, objs, skip=()):
    """Weak but generic: each string/number a seed sets shows up somewhere in what is rendered."""
    rendered = yaml.safe_dump_all(objs) + "".join(
        secret_value(o, k) for o in objs if o["kind"] == "Secret" for k in o.get("data", {}))
    missing = [(path, value) for path, value in leaves(values)
               if not isinstance(value, bool) and path not in skip and str(value) not in rendered]
    assert missing == []


def test_seed001_production_after_migration(tmp_path):
    objs, values = render_migrated("seed001-production-values.yaml", tmp_path)
    assert problems_all(objs, "1.35") == []
    assert names(objs, "Deployment") >= {f"{RELEASE}-webserver", f"{RELEASE}-scheduler", f"{RELEASE}-triggerer"}
    web = find(objs, "Deployment", f"{RELEASE}-webserver")
    assert web["spec"]["replicas"] == 2
    assert containers(web)["webserver"]["readinessProbe"]["initialDelaySeconds"] == 20
    assert find(objs, "Deployment", f"{RELEASE}-scheduler")["spec"]["replicas"] == 2
    assert find(objs, "PersistentVolumeClaim", f"{RELEASE}-logs")["spec"]["storageClassName"] == "standard"
    assert pod_templates(objs)["pod_template.yaml"] == yaml.safe_load(POD_TEMPLATE.read_text())
    assert find(objs, "ServiceAccount", "airflow")["metadata"]["annotations"]["iam.gke.io/gcp-service-account"]
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["kubernetes_executor"]["delete_worker_pods_on_failure"] == "False"
    assert cfg["logging"]["remote_base_log_folder"] == "s3://your-bucket/airflow-logs"
    assert cfg["webserver"]["expose_config"] == "False"
    refs = secret_refs(find(objs, "Deployment", f"{RELEASE}-scheduler"), "scheduler")
    assert refs["AIRFLOW__CELERY__RESULT_BACKEND" if "CELERY" in str(refs) else "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    # rev HEAD means "the branch's tip": git-sync gets GITSYNC_REF=main. No Celery, so no result backend.
    assert_every_string_value_lands(values, objs, skip={"dags.gitSync.rev", "data.resultBackendSecretName"})


def test_seed003_airflow_values_with_monitoring_after_migration(tmp_path):
    objs, values = render_migrated("seed003-airflow-values.yaml", tmp_path, SEEDS / "seed003-monitoring-values.yaml")
    assert problems_all(objs, "1.35") == []
    assert find(objs, "Deployment", "statsd-exporter")["metadata"]["namespace"] == "airflow"
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["metrics"] == {"statsd_on": "True", "statsd_host": "statsd-exporter", "statsd_port": "9125",
                              "statsd_prefix": "airflow"}
    pg = find(objs, "Secret", f"{RELEASE}-postgresql")
    assert secret_value(pg, "postgres-password") == "airflow" and secret_value(pg, "database") == "airflow"
    assert secret_value(find(objs, "Secret", f"{RELEASE}-default-user"), "password") == "changeme"
    ini = secret_value(find(objs, "Secret", f"{RELEASE}-pgbouncer-config"), "pgbouncer.ini")
    assert f"host={RELEASE}-postgresql" in ini and "max_client_conn = 100" in ini
    base = pod_templates(objs)["pod_template.yaml"]["spec"]["containers"][0]
    # Helm merges maps: the seed's keys win, the chart's default cpu limit stays unless set to null.
    assert base["resources"]["requests"] == values["workers"]["resources"]["requests"]
    assert base["resources"]["limits"]["memory"] == "1Gi"
    assert {"name": "AIRFLOW__CORE__DEFAULT_TIMEZONE", "value": "UTC"} in base["env"]
    [git_sync] = [c for c in pod_templates(objs)["pod_template.yaml"]["spec"]["initContainers"]
                  if c["name"] == "git-sync-init"]
    assert {"name": "GITSYNC_PERIOD", "value": "60s"} in git_sync["env"]
    assert base["envFrom"] == [{"secretRef": {"name": "airflow-connections"}}]
    assert_every_string_value_lands(values, objs, skip={"extraEnvFrom"})  # a YAML string, checked just above


def test_seed003_kind_lab_after_migration(tmp_path):
    objs, values = render_migrated("seed003-kind-lab-values.yaml", tmp_path)
    assert problems_all(objs, "1.35") == []
    assert f"{RELEASE}-triggerer" not in names(objs, "Deployment")
    assert find(objs, "PersistentVolumeClaim", f"{RELEASE}-dags")["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert f"{RELEASE}-logs" not in names(objs, "PersistentVolumeClaim")
    api = find(objs, "Deployment", f"{RELEASE}-api-server")
    assert containers(api)["api-server"]["resources"]["requests"] == {"cpu": "250m", "memory": "512Mi"}
    cfg = cfg_sections(airflow_cfg(objs))
    assert cfg["core"]["dags_are_paused_at_creation"] == "False"
    assert cfg["core"]["simple_auth_manager_users"] == "admin:admin"
    assert_every_string_value_lands(values, objs)
