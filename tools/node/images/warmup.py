"""Compile, at image build time, the bytecode of what Airflow loads when the chart's commands start.

Run by tools/node/images/airflow.sh inside the image's rootfs, as root, with bytecode writing on,
AIRFLOW_HOME in /tmp and a throwaway SQLite database:  python warmup.py VERSION

Why: the chart runs Airflow as uid 50000, which cannot write the venv, so any module without a
.pyc is compiled again at every start: a cold `import airflow` takes ~20 s on the test machines.
Compiling the whole venv (`compileall`, 35k files) costs ~6 min on 2 cores; importing what the
commands use and running the commands themselves compiles only that, in about a minute. Modules
nothing imports here stay uncompiled (compiled in memory when first used).

A module or command the chart needs that fails here fails the build: the image would not work.
"""
import importlib
import os
import subprocess
import sys
import time

version = sys.argv[1]
airflow3 = int(version.split(".")[0]) >= 3

# What the chart's containers import: executors (KubernetesExecutor, CeleryExecutor,
# LocalExecutor), the jobs, database drivers, Celery with Redis, StatsD, the Kubernetes client.
modules = [
    "airflow", "airflow.configuration", "airflow.models", "airflow.cli.cli_parser",
    "airflow.utils.db", "airflow.executors.local_executor",
    "airflow.jobs.scheduler_job_runner", "airflow.jobs.triggerer_job_runner",
    "airflow.jobs.dag_processor_job_runner" if not airflow3 else "airflow.dag_processing.manager",
    "airflow.cli.commands.db_command",
    "airflow.cli.commands.jobs_command", "airflow.cli.commands.scheduler_command",
    "airflow.cli.commands.triggerer_command", "airflow.cli.commands.dag_processor_command",
    "airflow.providers.cncf.kubernetes.executors.kubernetes_executor",
    "airflow.providers.cncf.kubernetes.executors.kubernetes_executor_utils",
    "airflow.providers.cncf.kubernetes.kube_client", "airflow.providers.cncf.kubernetes.pod_generator",
    "airflow.providers.celery.executors.celery_executor",
    "airflow.providers.celery.executors.celery_executor_utils",
    "airflow.providers.celery.cli.celery_command",
    "airflow.providers.postgres.hooks.postgres",
    "psycopg2", "sqlalchemy.dialects.postgresql.psycopg2", "celery", "celery.bin.celery",
    "kombu.transport.redis", "redis", "statsd", "kubernetes.client",
]
if airflow3:
    modules += [
        # Airflow 3: the api-server (FastAPI, uvicorn), task execution in worker pods
        # (`python -m airflow.sdk.execution_time.execute_workload`), the task SDK DAGs use.
        "airflow.cli.commands.api_server_command", "airflow.api_fastapi.app",
        "airflow.api_fastapi.main", "airflow.api_fastapi.execution_api.app", "uvicorn",
        "airflow.sdk", "airflow.sdk.execution_time.execute_workload",
        "airflow.sdk.execution_time.task_runner", "airflow.sdk.execution_time.supervisor",
        "airflow.providers.standard.operators.bash", "airflow.providers.standard.operators.python",
        "airflow.providers.standard.operators.empty", "airflow.api_fastapi.auth.managers.simple.simple_auth_manager",
        "psycopg", "sqlalchemy.dialects.postgresql.psycopg",
    ]
else:
    modules += [
        # Airflow 2: the webserver (Flask/FAB under gunicorn), `airflow tasks run` in worker pods,
        # `airflow users create`.
        "airflow.cli.commands.webserver_command", "airflow.www.app", "gunicorn.app.wsgiapp",
        "airflow.cli.commands.task_command", "airflow.providers.fab.auth_manager.fab_auth_manager",
        "airflow.providers.fab.auth_manager.cli_commands.user_command",
        "airflow.operators.bash", "airflow.operators.python", "airflow.operators.empty",
    ]

# The commands the chart runs that work without a server: each compiles its own code path
# (db migrate compiles every migration script). `jobs check` finds no job here: exit 1 is its answer.
commands = [
    (["airflow", "version"], {0}),
    (["airflow", "db", "check", "--retry", "1", "--retry-delay", "1"], {0}),
    (["airflow", "db", "migrate"], {0}),
    (["airflow", "db", "check-migrations", "--migration-wait-timeout=5"], {0}),
    (["airflow", "jobs", "check", "--job-type", "SchedulerJob", "--local"], {0, 1}),
    (["airflow", "config", "list"], {0}),
]
if not airflow3:
    commands.append((["airflow", "users", "list"], {0}))

start = time.monotonic()
for name in modules:
    importlib.import_module(name)
print(f"imported {len(modules)} modules in {time.monotonic() - start:.0f}s")
for argv, ok in commands:
    t = time.monotonic()
    run = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if run.returncode not in ok:
        sys.exit(f"warm-up: {' '.join(argv)} exited {run.returncode}:\n{run.stdout[-4000:]}")
    print(f"{' '.join(argv)}: exit {run.returncode} in {time.monotonic() - t:.0f}s")
    if argv[1] == "version":
        out = run.stdout.strip().splitlines()[-1]
        if out != version:
            sys.exit(f"warm-up: airflow version says {out!r}, expected {version}")

# The UI app itself (routes, auth manager, templates), best effort: its failure here is reported
# but does not fail the build (it would need the configuration of a real deployment).
try:
    if airflow3:
        from airflow.api_fastapi.app import create_app
        create_app("all")
    else:
        from airflow.www.app import create_app
        create_app(testing=False)
    print("UI app created")
except Exception as error:  # noqa: BLE001 - reported, not fatal
    print(f"warm-up: creating the UI app failed (bytecode of its routes stays cold): {error!r}")
print(f"warm-up done in {time.monotonic() - start:.0f}s; AIRFLOW_HOME={os.environ.get('AIRFLOW_HOME')}")
