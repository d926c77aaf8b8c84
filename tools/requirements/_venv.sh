# shellcheck shell=bash
# Shared by tools/install-airflow-venvs.sh and tools/install-checkov.sh (sourced, not run).
# ensure_venv NAME LOCKFILE: make .tools/venvs/NAME hold exactly the packages pinned
# (with hashes) in LOCKFILE. The venv carries a stamp with the sha256 of the lock
# file and the interpreter version; a matching stamp means nothing to do.
# Installs go through uv (itself pinned in uv.txt), with its cache in the user's cache
# ($AIRKUBE_CACHE, default ~/.cache/airkube), so a venv rebuilt from the same lock,
# in this clone or a fresh one, needs no download.
set -euo pipefail
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
_venvs="$_root/.tools/venvs"
_req="$_root/tools/requirements"
export UV_CACHE_DIR="${AIRKUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airkube}/uv"
PYTHON=${AIRKUBE_PYTHON:-python3}
# Bump when the way venvs are built changes (forces a rebuild of every venv).
_layout=warmup-1

_sha() { sha256sum "$1" | cut -d' ' -f1; }
_pyver() { "$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])'; }

# uv itself: a tiny venv installed with pip from a hash-pinned requirement.
ensure_uv() {
  local v="$_venvs/uv" want
  want="$(_sha "$_req/uv.txt") $(_pyver "$PYTHON")"
  if [ -x "$v/bin/uv" ] && [ "$(cat "$v/.airkube-stamp" 2>/dev/null)" = "$want" ]; then
    UV="$v/bin/uv"; return
  fi
  echo "==> uv: installing ($(grep -o '^uv==[^ ]*' "$_req/uv.txt"))"
  rm -rf "$v"
  "$PYTHON" -m venv "$v"
  "$v/bin/pip" install -q --disable-pip-version-check --require-hashes -r "$_req/uv.txt"
  echo "$want" >"$v/.airkube-stamp"
  UV="$v/bin/uv"
}

# ensure_venv NAME LOCK [WARMUP COMMAND...]: the optional command runs with the venv's python.
ensure_venv() {
  local name=$1 lock=$2 v want start
  v="$_venvs/$name"
  want="$(_sha "$lock") $(_pyver "$PYTHON") $_layout"
  if [ -x "$v/bin/python" ] && [ "$(cat "$v/.airkube-stamp" 2>/dev/null)" = "$want" ]; then
    echo "==> $name: already installed ($(grep -c '==' "$lock") pinned packages, $(basename "$lock"))"
    return
  fi
  ensure_uv
  start=$(date +%s)
  echo "==> $name: installing $(grep -c '==' "$lock") pinned packages from tools/requirements/$(basename "$lock")"
  rm -rf "$v"
  "$UV" venv -q --python "$PYTHON" "$v"
  # --no-deps: the lock is complete, resolving again would only cost time.
  # Progress (downloads, builds, phases) goes to the terminal, minus uv's
  # one-line-per-package list.
  "$UV" pip install --python "$v/bin/python" --no-deps --require-hashes -r "$lock" 2>&1 \
    | { grep -v '^ [+-] ' || true; }
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "install of $name failed" >&2; exit 1; }
  # The machines set PYTHONDONTWRITEBYTECODE=1: without .pyc files every
  # `import airflow` compiles its modules again (~20 s instead of ~3 s).
  # Compiling all 35k files (uv --compile-bytecode) takes ~6 min on 2 cores;
  # instead, warm up: import what the compat probes use with bytecode writing on,
  # so only those modules get compiled. The compat tests also run the venv's
  # python with bytecode writing on, so anything else they touch is cached too.
  if [ "$#" -gt 2 ]; then
    echo "    compiling bytecode of the modules the probes import: ${*:3}"
    (cd "$v" && env -u PYTHONDONTWRITEBYTECODE "$v/bin/python" "${@:3}" >/dev/null 2>"$v/.warmup.log") \
      || { cat "$v/.warmup.log" >&2; echo "warm-up of $name failed" >&2; exit 1; }
  fi
  echo "$want" >"$v/.airkube-stamp"
  echo "    $name ready in $(( $(date +%s) - start ))s ($(du -sh "$v" | cut -f1))"
}
