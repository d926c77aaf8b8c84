# shellcheck shell=bash disable=SC2034,SC2154  # globals shared with tools/node-images.sh, which sources this
# The Airflow images (sourced by tools/node-images.sh, not run): the base rootfs + Debian's
# python3 (3.11) + a venv at /opt/venv holding exactly tools/requirements/airflow-image-VERSION.txt
# (hash-pinned, installed by the project's pinned uv inside the rootfs, so every path in the venv
# is its final one). Conventions of the official apache/airflow image that the chart relies on:
# user airflow uid 50000 gid 0, HOME=/home/airflow, AIRFLOW_HOME=/opt/airflow (with dags/ and
# logs/) writable by gid 0, WORKDIR /opt/airflow, airflow/python/pip/celery/bash on PATH, and an
# entrypoint running its arguments (airflow-entrypoint.sh) under tini.

airflow_files=("$images_dir/airflow.sh" "$images_dir/airflow-entrypoint.sh" "$images_dir/warmup.py")
airflow_venv=/opt/venv

# build_airflow_image BASE_LAYER OUT VERSION REF [ALIAS...]
build_airflow_image() {
  local layer=$1 out=$2 version=$3 r="$work/airflow-$3" lock
  shift 3
  lock="$root/tools/requirements/airflow-image-$version.txt"
  # The project's pinned uv (tools/requirements/uv.txt), with its cache in the user's cache:
  # a rebuild from the same lock downloads nothing.
  source "$root/tools/requirements/_venv.sh"
  ensure_uv
  base_rootfs "$layer"
  extract "$layer" "$r"
  apt_install "$r" python3

  # The airflow user exactly as in the official image: uid 50000, primary group root (0).
  echo "airflow:x:50000:0:Airflow:/home/airflow:/bin/bash" >>"$r/etc/passwd"
  echo "airflow:*:19723:0:99999:7:::" >>"$r/etc/shadow"
  install -d -o 50000 -g 0 -m 0775 "$r/home/airflow" "$r/opt/airflow" "$r/opt/airflow/dags" "$r/opt/airflow/logs"

  # uv runs inside the rootfs (see in_chroot): the venv is made by the image's own python at
  # its final path. The host's CA bundle lets it through the TLS-intercepting proxy on a cache miss.
  cp "$UV" "$r/tmp/uv"
  cp /etc/ssl/certs/ca-certificates.crt "$r/tmp/ca.crt"
  cp "$lock" "$r/tmp/requirements.txt"
  mkdir -p "$UV_CACHE_DIR"
  local chroot_uv_cache=$UV_CACHE_DIR
  local uv_env=(SSL_CERT_FILE=/tmp/ca.crt UV_CACHE_DIR=/tmp/uv-cache UV_LINK_MODE=copy
    UV_PYTHON_DOWNLOADS=never UV_NO_CONFIG=1)
  quiet "$work/uv.log" in_chroot "$r" "${uv_env[@]}" /tmp/uv venv -q --python /usr/bin/python3 "$airflow_venv"
  # --no-deps: the lock is complete (as in tools/requirements/_venv.sh).
  quiet "$work/uv.log" in_chroot "$r" "${uv_env[@]}" /tmp/uv pip install --python "$airflow_venv/bin/python" \
    --no-deps --require-hashes -r /tmp/requirements.txt
  chroot_uv_cache=""
  rm -rf "${r:?}"/tmp/*
  install -m 0755 "$images_dir/airflow-entrypoint.sh" "$r/entrypoint"

  # Bytecode: every file gets the layers' fixed mtime first (pack.py writes that mtime), so the
  # .pyc files compiled now match their sources in the image. Debian's own .pyc of the standard
  # library were compiled against the packages' mtimes: dropped, the warm-up compiles what is used.
  find "$r/usr/lib/python3" "$r/usr/lib/python3.11" "$r$airflow_venv" -name __pycache__ -type d -prune \
    -exec rm -rf {} +
  find "$r" -print0 | xargs -0 touch -h -d "@$epoch"
  cp "$images_dir/warmup.py" "$r/tmp/warmup.py"
  mkdir -p "$r/tmp/warmup"
  quiet "$work/warmup.log" in_chroot "$r" PATH="$airflow_venv/bin:$chroot_path" HOME=/tmp/warmup \
    AIRFLOW_HOME=/tmp/warmup AIRFLOW__CORE__LOAD_EXAMPLES=False \
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=sqlite:////tmp/warmup/airflow.db \
    "$airflow_venv/bin/python" /tmp/warmup.py "$version"
  echo "    $(grep '^warm-up done' "$work/warmup.log")"
  grep '^warm-up: ' "$work/warmup.log" | sed 's/^/    /' || true
  finish_rootfs "$r"

  quiet "$work/pack.log" python3 "$images_dir/pack.py" layer "$r" "$work/airflow-$version.layer.tar" --base "$work/base-ref"
  local refs=() ref
  for ref in "$@"; do refs+=(--ref "$ref"); done
  quiet "$work/pack.log" python3 "$images_dir/pack.py" image "$out" "${refs[@]}" \
    --layer "$layer" --layer "$work/airflow-$version.layer.tar" \
    --entrypoint '["/usr/bin/tini", "--", "/entrypoint"]' --user 50000:0 --workdir /opt/airflow \
    --env "PATH=$airflow_venv/bin:$chroot_path" --env AIRFLOW_HOME=/opt/airflow --env HOME=/home/airflow \
    --env LANG=C.UTF-8 --env "AIRFLOW_VERSION=$version" --port 8080/tcp \
    --label "org.opencontainers.image.version=$version" \
    --label "org.opencontainers.image.description=Apache Airflow $version on Debian $suite python3, built by airkube tools/node-images.sh from tools/requirements/airflow-image-$version.txt"
  rm -rf "$r"
}
