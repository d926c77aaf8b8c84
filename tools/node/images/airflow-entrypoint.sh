#!/bin/bash
# /entrypoint of the airkube.local/airflow images (after tini, the PID 1).
# Runs its arguments as the official apache/airflow image does for everything the chart runs:
# `airflow db migrate`, `bash -c ...`, `python -c ...`, `celery ...` run as given; a first
# argument that is no command (an Airflow subcommand such as `scheduler`) gets `airflow` in front;
# no arguments at all print Airflow's help.
set -e
if [ "$#" -eq 0 ]; then
  set -- airflow --help
elif ! command -v -- "$1" >/dev/null 2>&1; then
  set -- airflow "$@"
fi
exec "$@"
