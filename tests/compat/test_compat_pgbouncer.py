"""`airflow db migrate` (Airflow 3.3.2) through Debian's PgBouncer to Debian's PostgreSQL,
with the pgbouncer.ini / users.txt / connection string exactly as rendered (only host and
port moved to 127.0.0.1)."""
from __future__ import annotations

import re

import compat_harness as h
import pytest
from compat_inputs import pgbouncer_scenarios, scenario_inputs

pytestmark = pytest.mark.compat

SEED = {
    "ini": (h.FIXTURES / "pgbouncer.ini").read_text(),
    "users": (h.FIXTURES / "users.txt").read_text(),
    "connection": (h.FIXTURES / "metadata-connection.txt").read_text().strip(),
}


@pytest.fixture(scope="module")
def postgres():
    with h.postgres_server() as pg:
        yield pg


def migrate_through_pgbouncer(pg: h.Postgres, ini: str, users: str, connection: str, *,
                              role_password: str | None = None):
    """Fresh database for the connection's alias, PgBouncer in front, `airflow db migrate`."""
    user, password, alias = h.url_credentials(connection)
    databases = h.parse_databases(ini)
    assert alias in databases, f"connection uses database {alias!r}; pgbouncer.ini has {sorted(databases)}"
    dbname = databases[alias].get("dbname", alias)
    pg.psql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    pg.ensure_role_and_db(user, role_password or password, dbname)
    with h.pgbouncer_server(ini, users, pg) as bouncer:
        url = h.rewrite_url(connection, bouncer.port)
        proc = h.airflow_cli("3.3.2", "db", "migrate", env_extra={"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": url})
        return proc, bouncer, dbname


def assert_migrated(pg, proc, bouncer, dbname, where):
    assert proc.returncode == 0, (f"{where}: airflow db migrate through PgBouncer failed (exit {proc.returncode})\n"
                                  f"{proc.stderr[-4000:]}\n--- pgbouncer.ini (as run) ---\n{bouncer.ini}\n"
                                  f"--- pgbouncer log ---\n{bouncer.log_text()[-3000:]}")
    head = pg.psql("SELECT version_num FROM alembic_version", db=dbname).stdout.strip()
    tables = int(pg.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", db=dbname).stdout)
    assert head and tables > 30, f"{where}: migration left alembic head {head!r} and {tables} tables"


def test_seed_shape_pgbouncer_migrate(postgres):
    assert "pool_mode = transaction" in SEED["ini"] and "auth_type = scram-sha-256" in SEED["ini"]
    proc, bouncer, dbname = migrate_through_pgbouncer(postgres, **SEED)
    assert_migrated(postgres, proc, bouncer, dbname, "fixtures/pgbouncer.ini")


def test_wrong_password_in_users_txt_fails(postgres):
    """Negative proof: users.txt disagreeing with the connection string's password."""
    users = SEED["users"].replace("airflow-password", "not-the-password")
    proc, bouncer, _ = migrate_through_pgbouncer(postgres, SEED["ini"], users, SEED["connection"])
    assert proc.returncode != 0
    # PgBouncer answers the client's SCRAM exchange itself: "SASL authentication failed".
    assert re.search(r"SASL authentication failed|password authentication failed",
                     proc.stderr + bouncer.log_text()), proc.stderr[-2000:]


def test_wrong_database_role_password_fails(postgres):
    """Negative proof: PgBouncer's password (users.txt + URL) is not the PostgreSQL role's."""
    proc, bouncer, _ = migrate_through_pgbouncer(postgres, **SEED, role_password="the-real-db-password")
    assert proc.returncode != 0
    assert re.search(r"password authentication failed|SASL authentication failed",
                     bouncer.log_text() + proc.stderr), proc.stderr[-2000:]


SCENARIOS = pgbouncer_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_chart_scenario_pgbouncer_migrate(scenario, postgres):
    inp = scenario_inputs(scenario)
    proc, bouncer, dbname = migrate_through_pgbouncer(postgres, inp["pgbouncer"]["ini"], inp["pgbouncer"]["users"],
                                                      inp["connection"])
    assert_migrated(postgres, proc, bouncer, dbname, f"chart scenario {scenario}")
