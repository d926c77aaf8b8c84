#!/usr/bin/env bash
# Two Airflow venvs for tests/compat, each installed from a hash-pinned lock:
#   .tools/venvs/airflow-3.3.2   tools/requirements/airflow-3.3.2.txt
#   .tools/venvs/airflow-2.10.4  tools/requirements/airflow-2.10.4.txt
# Cached: a venv whose stamp matches the sha256 of its lock is left alone.
# Regenerate the locks with: bash tools/requirements/lock.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/requirements/_venv.sh"
for v in 3.3.2 2.10.4; do
  ensure_venv "airflow-$v" "$here/requirements/airflow-$v.txt" \
    "$here/../tests/compat/airflow_probe.py" warmup
done
