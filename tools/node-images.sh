#!/usr/bin/env bash
# Container images for the test node (tools/node.sh), built here from Debian packages, PyPI and
# the Go module proxy, because no container registry is reachable from the test machines.
#
#   bash tools/node-images.sh build                  # build what is missing from the cache
#   bash tools/node-images.sh import --address SOCK  # build, then import into that containerd (k8s.io)
#   bash tools/node-images.sh values                 # Helm values pointing the chart at these images
#   bash tools/node-images.sh list                   # the image references, one per line
#
# What: a Debian bookworm base (debootstrap minbase, also the toolbox image), Airflow 3.3.2 and
# 2.10.4 (Debian's python3 + a venv installed by uv from the hash-pinned
# tools/requirements/airflow-image-*.txt), PostgreSQL 15 and Redis 7 from Debian (one shared
# rootfs, two configs), PgBouncer 1.24 from Debian trixie (bookworm's 1.18 is too old for the
# chart's pgbouncer.ini), and the statsd exporter and pause binaries that
# tools/install-go-tools.sh builds, each alone in an otherwise empty image. All names are
# airkube.local/...: none claims to be an upstream image. The builders live in tools/node/images/
# (base.sh, airflow.sh, data.sh, pgbouncer.sh, scratch.sh, lib.sh; pack.py writes the archives;
# smoke.sh runs them all in a private containerd).
#
# Cache: ${AIRKUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airkube}/images/ holds
#   layer-debian-bookworm-<key>.tar   the base rootfs layer (debootstrap is the slow part)
#   layer-debian-trixie-<key>.tar     the same from trixie, under the PgBouncer image
#   <safe-name>-<key>.tar             one image archive per image (OCI layout + docker manifest.json)
# where <key> is the sha256 of everything that decides the content: the builder files the image
# uses, its reference, the lock file (Airflow), the base layer's key (Debian images), the binary
# itself (statsd exporter, pause); the trixie layer's is the bookworm one's inputs plus the suite.
# Files are written under a temporary name and renamed, and an image's archives of other keys are
# deleted once the new one exists. The cache is shared by every clone on the machine, like uv's
# cache in the same directory (Airflow rebuilds reuse it).
#
# Rebuild: change a builder file (the key changes), or delete the archive:
#   rm ~/.cache/airkube/images/airkube.local_airflow_3.3.2-python3.11-*.tar   # one image
#   rm -r ~/.cache/airkube/images                                              # everything
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
images_dir="$root/tools/node/images"
cache="${AIRKUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airkube}/images"
go_bin="$root/.tools/bin"

# ref | builder | extra references (aliases of the same manifest)
# The Airflow images also answer to the bare version (airkube.local/airflow:3.3.2): the chart
# derives that tag from airflowVersion when no tag is given (see `values`).
images=(
  "airkube.local/debian:bookworm|debian|"
  "airkube.local/airflow:3.3.2-python3.11|airflow 3.3.2|airkube.local/airflow:3.3.2"
  "airkube.local/airflow:2.10.4-python3.11|airflow 2.10.4|airkube.local/airflow:2.10.4"
  "airkube.local/postgresql:15-bookworm|data postgresql|"
  "airkube.local/pgbouncer:1.24-trixie|pgbouncer|"
  "airkube.local/redis:7-bookworm|data redis|"
  "airkube.local/statsd-exporter:v0.28.0|scratch statsd_exporter|"
  "airkube.local/pause:3.10|scratch pause|"
)

usage() { sed -n '5,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# shellcheck source=node/images/lib.sh
source "$images_dir/lib.sh"
# shellcheck source=node/images/base.sh
source "$images_dir/base.sh"
# shellcheck source=node/images/airflow.sh
source "$images_dir/airflow.sh"
# shellcheck source=node/images/data.sh
source "$images_dir/data.sh"
# shellcheck source=node/images/pgbouncer.sh
source "$images_dir/pgbouncer.sh"
# shellcheck source=node/images/scratch.sh
source "$images_dir/scratch.sh"

sha_of() { sha256sum "$@" | cut -d" " -f1; }
# key_of FILE... -- STRING...: sha256 over the files' paths and contents and the strings.
key_of() {
  {
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
      [ -f "$1" ] || { echo "node-images: $1 is missing" >&2; return 1; }
      printf '%s %s\n' "${1#"$root"/}" "$(sha_of "$1")"
      shift
    done
    [ $# -eq 0 ] || shift
    printf '%s\n' "$@"
  } | sha_of
}
safe_name() { echo "$1" | tr '/:' '__'; }

declare -A kind_of=() arg_of=() aliases_of=()
refs=()
for entry in "${images[@]}"; do
  IFS='|' read -r ref kind aliases <<<"$entry"
  refs+=("$ref")
  read -r kind_of[$ref] arg_of[$ref] <<<"$kind"
  aliases_of[$ref]=$aliases
done

common_files=("$images_dir/lib.sh" "$images_dir/pack.py")
base_key=$(key_of "${common_files[@]}" "$images_dir/base.sh" -- "base layer")
base_layer="$cache/layer-debian-$suite-$base_key.tar"
pgbouncer_base_key=$(key_of "${common_files[@]}" "$images_dir/base.sh" -- "base layer" "$pgbouncer_suite")
pgbouncer_base_layer="$cache/layer-debian-$pgbouncer_suite-$pgbouncer_base_key.tar"

# image_key REF: the key of one image (see the header).
image_key() {
  local ref=$1 arg=${arg_of[$1]}
  case ${kind_of[$ref]} in
    debian) key_of "${common_files[@]}" "$images_dir/base.sh" -- "$ref" "$base_key" ;;
    airflow) key_of "${common_files[@]}" "${airflow_files[@]}" "$root/tools/requirements/airflow-image-$arg.txt" \
      "$root/tools/requirements/uv.txt" -- "$ref" ${aliases_of[$ref]} "$base_key" ;;
    # postgresql and redis come out of one rootfs: one key for both.
    data) key_of "${common_files[@]}" "${data_files[@]}" -- data "$base_key" ;;
    pgbouncer) key_of "${common_files[@]}" "${pgbouncer_files[@]}" -- "$ref" "$pgbouncer_base_key" ;;
    scratch)
      [ -x "$go_bin/$arg" ] || { echo "node-images: .tools/bin/$arg is missing: run bash tools/install-go-tools.sh $arg" >&2; return 1; }
      key_of "${common_files[@]}" "$images_dir/scratch.sh" "$go_bin/$arg" -- "$ref" ;;
  esac
}
archive_of() {
  local key
  key=$(image_key "$1") && [ -n "$key" ] || return 1
  echo "$cache/$(safe_name "$1")-$key.tar"
}

# keep_only FILE: delete the other keys' files of the same name (they can be gigabytes).
keep_only() {
  local f=$1 prefix old rest
  prefix=${f%-*}
  for old in "$prefix"-*.tar; do
    rest=${old#"$prefix"-}
    if [ "$old" != "$f" ] && [[ $rest =~ ^[0-9a-f]{64}\.tar$ ]]; then rm -f "$old"; fi
  done
}

# ensure_base_layer [SUITE LAYER]: the base layer of $suite, or of SUITE at LAYER.
ensure_base_layer() {
  # build_base_layer reads $suite (bash locals are dynamic).
  local suite=${1:-$suite} layer=${2:-$base_layer}
  [ ! -s "$layer" ] || return 0
  echo "==> base rootfs (debootstrap $suite minbase + ${base_pkgs[*]}): building"
  local start=$SECONDS
  build_base_layer "$layer.tmp.$$"
  # Packed: its rootfs goes, so the other suite's debootstrap starts from an empty directory.
  rm -rf "$work/base"
  mv "$layer.tmp.$$" "$layer"
  keep_only "$layer"
  echo "    built in $((SECONDS - start))s ($(du -h "$layer" | cut -f1))"
}

build_one() {
  local ref=$1 arg=${arg_of[$1]} out start r
  out=$(archive_of "$ref")
  if [ -s "$out" ]; then
    echo "==> $ref: cached ($(du -h "$out" | cut -f1))"
    return
  fi
  case ${kind_of[$ref]} in
    debian | airflow | data) ensure_base_layer ;;
    pgbouncer) ensure_base_layer "$pgbouncer_suite" "$pgbouncer_base_layer" ;;
  esac
  start=$SECONDS
  case ${kind_of[$ref]} in
    debian)
      echo "==> $ref: building (the base rootfs alone)"
      build_debian_image "$base_layer" "$out.tmp.$$" "$ref"
      ;;
    airflow)
      echo "==> $ref: building (Debian python3 + $(grep -c '==' "$root/tools/requirements/airflow-image-$arg.txt") pinned packages)"
      build_airflow_image "$base_layer" "$out.tmp.$$" "$arg" "$ref" ${aliases_of[$ref]}
      ;;
    data)
      echo "==> $ref: building (one rootfs for postgresql and redis)"
      # Both archives at once: component|ref|archive for each data image.
      local outs=()
      for r in "${refs[@]}"; do
        [ "${kind_of[$r]}" != data ] || outs+=("${arg_of[$r]}|$r|$(archive_of "$r").tmp.$$")
      done
      build_data_images "$base_layer" "${outs[@]}"
      for r in "${refs[@]}"; do
        [ "${kind_of[$r]}" = data ] && [ "$r" != "$ref" ] || continue
        mv "$(archive_of "$r").tmp.$$" "$(archive_of "$r")"
        keep_only "$(archive_of "$r")"
      done
      ;;
    pgbouncer)
      echo "==> $ref: building (Debian $pgbouncer_suite pgbouncer on the $pgbouncer_suite base)"
      build_pgbouncer_image "$pgbouncer_base_layer" "$out.tmp.$$" "$ref"
      ;;
    scratch)
      echo "==> $ref: building (only .tools/bin/$arg)"
      build_scratch_image "$go_bin/$arg" "$out.tmp.$$" "$arg" "$ref"
      ;;
  esac
  mv "$out.tmp.$$" "$out"
  keep_only "$out"
  echo "    built in $((SECONDS - start))s ($(du -h "$out" | cut -f1))"
}

cmd_build() {
  mkdir -p "$cache"
  # One build at a time per cache (tests may call `import` from several processes at once).
  exec 9>"$cache/.lock"
  flock 9
  work=$(mktemp -d "${TMPDIR:-/tmp}/airkube-images.XXXXXX")
  # Nothing is ever mounted into $work outside the builders' private mount namespaces
  # (see in_chroot in tools/node/images/lib.sh), so removing it is always safe.
  trap 'rm -rf "$work"' EXIT
  local ref
  for ref in "${refs[@]}"; do
    build_one "$ref"
  done
}

cmd_list() {
  local ref
  for ref in "${refs[@]}"; do
    echo "$ref"
    [ -z "${aliases_of[$ref]}" ] || printf '%s\n' ${aliases_of[$ref]}
  done
}

cmd_values() {
  cat <<'EOF'
# The chart's images built by tools/node-images.sh and imported into the test node's containerd.
# Generated by `bash tools/node-images.sh values`; the same text is checked in as
# tools/node/images-values.yaml (use it with -f after any other values file).
# pullPolicy Never: these images exist only on the node, a pull could never succeed.
# The Airflow tag is left to the other values: the chart's default (3.3.2), airflowVersion or a
# tag such as 2.10.4-python3.11 all name an image that exists (airkube.local/airflow:3.3.2,
# :3.3.2-python3.11, :2.10.4, :2.10.4-python3.11).
images:
  airflow:
    repository: airkube.local/airflow
    pullPolicy: Never
  statsd:
    repository: airkube.local/statsd-exporter
    tag: v0.28.0
    pullPolicy: Never
  redis:
    repository: airkube.local/redis
    tag: 7-bookworm
    pullPolicy: Never
  postgresql:
    repository: airkube.local/postgresql
    tag: 15-bookworm
    pullPolicy: Never
  pgbouncer:
    repository: airkube.local/pgbouncer
    tag: 1.24-trixie
    pullPolicy: Never
EOF
}

cmd_import() {
  local address="" ns=k8s.io
  while [ $# -gt 0 ]; do
    case $1 in
      --address) address=$2; shift 2 ;;
      --namespace) ns=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  [ -n "$address" ] || usage
  command -v ctr >/dev/null || { echo "ctr is missing: run make debs" >&2; exit 1; }
  cmd_build
  local present ref r archive want missing start
  # REF TYPE DIGEST ...: what this containerd has already.
  present=$(ctr --address "$address" -n "$ns" images ls | awk 'NR > 1 {print $1, $3}')
  for ref in "${refs[@]}"; do
    archive=$(archive_of "$ref")
    want=$(python3 "$images_dir/pack.py" digest "$archive")
    missing=""
    for r in "$ref" ${aliases_of[$ref]}; do
      [ "$(awk -v r="$r" '$1 == r {print $2}' <<<"$present")" = "$want" ] || missing=1
    done
    if [ -z "$missing" ]; then
      echo "==> $ref: already in containerd (${want:0:19})"
      continue
    fi
    echo "==> $ref: importing into $ns at $address"
    start=$SECONDS
    # Unpacked at import (ctr's default, into the default snapshotter, overlayfs) so a pod's
    # first start does not wait for it (the CRI would otherwise unpack on first use).
    quiet "$work/ctr.log" ctr --address "$address" -n "$ns" images import "$archive"
    echo "    imported in $((SECONDS - start))s"
  done
}

case ${1:-} in
  build) shift; [ $# -eq 0 ] || usage; cmd_build ;;
  import) shift; cmd_import "$@" ;;
  values) cmd_values ;;
  list) cmd_list ;;
  *) usage ;;
esac
