#!/usr/bin/env bash
# Regenerate the hash-pinned locks from the *.in files: bash tools/requirements/lock.sh [NAME...]
# The locks target CPython 3.11 on linux (the project's machines).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/_venv.sh"
ensure_uv
names=("$@")
[ "${#names[@]}" -gt 0 ] || names=(uv dev airflow-3.3.2 airflow-2.10.4 checkov airflow-image-3.3.2 airflow-image-2.10.4)
for n in "${names[@]}"; do
  echo "==> locking $n"
  "$UV" pip compile -q --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
    --generate-hashes --no-header --custom-compile-command "bash tools/requirements/lock.sh $n" \
    "$here/$n.in" -o "$here/$n.txt"
  echo "    $(grep -c '==' "$here/$n.txt") packages"
done
