"""The rendered start-up commands, run for real with the pinned Airflow against Debian's
PostgreSQL: a component's wait-for-migrations container, started on an empty database, waits
(it neither fails nor returns), the migration Job's command migrates, and the wait then ends
with success. Both are exactly the containers' args as rendered, in a private AIRFLOW_HOME."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time

import compat_harness as h
import pytest
from support.render import render_scenario

pytestmark = pytest.mark.compat

# Scenario -> the Airflow venv its image selects.
CASES = {"kubernetes-dev": "3.3.2", "airflow2": "2.10.4"}


@pytest.fixture(scope="module")
def postgres():
    with h.postgres_server() as pg:
        yield pg


def args_of(objs: list[dict], kind: str, name_prefix: str, container: str, init: bool = False) -> list[str]:
    (obj,) = [o for o in objs if o["kind"] == kind and o["metadata"]["name"].startswith(name_prefix)]
    spec = obj["spec"]["template"]["spec"]
    (c,) = [c for c in spec["initContainers" if init else "containers"] if c["name"] == container]
    return c["args"]


def start(args: list[str], version: str, url: str, home: str) -> subprocess.Popen:
    venv_bin = str(h.airflow_python(version).parent)
    env = h.clean_env(AIRFLOW_HOME=home, AIRFLOW__CORE__LOAD_EXAMPLES="False",
                      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=url, PATH=f"{venv_bin}:{os.environ['PATH']}")
    return subprocess.Popen(args, env=env, cwd=home, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.parametrize("scenario", sorted(CASES))
def test_wait_then_migrate(scenario, postgres):
    version = CASES[scenario]
    objs = render_scenario(scenario)
    wait = args_of(objs, "Deployment", "airflow-scheduler", "wait-for-migrations", init=True)
    migrate = args_of(objs, "Job", "airflow-migrate-database-", "migrate-database")
    dbname = f"startup_{version.replace('.', '_')}"
    postgres.psql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    postgres.ensure_role_and_db("startup", "startup-password", dbname)
    url = f"postgresql://startup:startup-password@127.0.0.1:{postgres.port}/{dbname}"
    homes = [tempfile.mkdtemp(prefix="airkube-airflow-home-") for _ in range(2)]
    waiter = start(wait, version, url, homes[0])
    try:
        time.sleep(15)  # long enough for a broken wait to have failed on the empty database
        assert waiter.poll() is None, f"wait-for-migrations ended before the migration:\n{waiter.stdout.read()[-3000:]}"
        migrator = start(migrate, version, url, homes[1])
        out, _ = migrator.communicate(timeout=600)
        assert migrator.returncode == 0, f"migration command failed:\n{out[-4000:]}"
        head = postgres.psql("SELECT version_num FROM alembic_version", db=dbname).stdout.strip()
        assert head, "the migration command left no alembic head"
        out, _ = waiter.communicate(timeout=120)
        assert waiter.returncode == 0, f"wait-for-migrations failed after the migration:\n{out[-4000:]}"
    finally:
        if waiter.poll() is None:
            waiter.kill()
            waiter.wait()
        for home in homes:
            shutil.rmtree(home, ignore_errors=True)
