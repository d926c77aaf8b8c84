#!/usr/bin/env bash
# checkov in its own venv (.tools/venvs/checkov), installed from the hash-pinned
# lock tools/requirements/checkov.txt; cached by the lock's sha256.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/requirements/_venv.sh"
ensure_venv checkov "$here/requirements/checkov.txt"
