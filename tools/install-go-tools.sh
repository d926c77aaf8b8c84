#!/usr/bin/env bash
# Build the Go tools pinned in tools/go.mod (ct, kind, kwok) and
# tools/kubernetes/go.mod (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler) and tools/node/go.mod (coredns, local-path-provisioner,
# statsd_exporter, pause: the add-ons and pod sandbox of the test node) into
# .tools/bin, from the Go module proxy.
#
#   bash tools/install-go-tools.sh            # every tool
#   bash tools/install-go-tools.sh etcd kwok  # only these
#
# Idempotent: each binary has a stamp holding the sha256 of its module's
# go.mod + go.sum, the Go version and the build flags; a matching stamp means
# "already built". Module and build caches, and each built binary keyed by its
# stamp, live in the user's cache ($AIRKUBE_CACHE, default ~/.cache/airkube), like
# Go's own caches: a fresh clone on a machine that built the same pins before
# copies the binaries instead of compiling Kubernetes again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
stamps="$root/.tools/go/stamps"
mkdir -p "$bin" "$stamps"

go_bin=/usr/local/go/bin/go
[ -x "$go_bin" ] || go_bin=$(command -v go) || { echo "go not found (need Go >= 1.26)" >&2; exit 1; }
cache="${AIRKUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airkube}"
mkdir -p "$cache/bin"
export GOMODCACHE="$cache/go/mod"
export GOCACHE="$cache/go/build"
# Never download another toolchain; build exactly what go.mod/go.sum pin.
export GOTOOLCHAIN=local
export GOFLAGS="-mod=readonly -buildvcs=false"
# Static binaries, as upstream releases them.
export CGO_ENABLED=0

kube_version=v1.35.4  # must match k8s.io/kubernetes in tools/kubernetes/go.mod
# Without these the API server reports v0.0.0-master and helm's kubeVersion
# checks fail; same variables as kubernetes/hack/lib/version.sh.
kube_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X $pkg.gitVersion=$kube_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=35"
  kube_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

# name  module-dir (under tools/)  package  ldflags
tools=(
  "ct|.|github.com/helm/chart-testing/v3/ct|-s -w"
  "kind|.|sigs.k8s.io/kind|-s -w"
  "kwok|.|sigs.k8s.io/kwok/cmd/kwok|-s -w"
  # helm 3 and helm 4 (tools/helm3, tools/helm4: one module each, see their go.mod), with
  # the -X flags of helm's own Makefile: `helm version` reports the release, and helm 3's
  # default Kubernetes version (lint, --kube-version) follows its client-go (v0.37 -> 1.37).
  "helm3|helm3|helm.sh/helm/v3/cmd/helm|-s -w -X helm.sh/helm/v3/internal/version.version=v3.22.0 \
    -X helm.sh/helm/v3/internal/version.gitTreeState=clean \
    -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=37 \
    -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=37"
  "helm4|helm4|helm.sh/helm/v4/cmd/helm|-s -w -X helm.sh/helm/v4/internal/version.version=v4.3.1 \
    -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
  "etcd|kubernetes|go.etcd.io/etcd/server/v3|-s -w"
  "kube-apiserver|kubernetes|k8s.io/kubernetes/cmd/kube-apiserver|$kube_ldflags"
  "kube-controller-manager|kubernetes|k8s.io/kubernetes/cmd/kube-controller-manager|$kube_ldflags"
  "kube-scheduler|kubernetes|k8s.io/kubernetes/cmd/kube-scheduler|$kube_ldflags"
  "kubelet|kubernetes|k8s.io/kubernetes/cmd/kubelet|$kube_ldflags"
  "kube-proxy|kubernetes|k8s.io/kubernetes/cmd/kube-proxy|$kube_ldflags"
  "kubectl|kubernetes|k8s.io/kubernetes/cmd/kubectl|$kube_ldflags"
  # Our own main.go with only the plugins the node's Corefile needs.
  "coredns|node|airkube.local/tools/node/coredns|-s -w"
  # Same -X as upstream's scripts/build and promu, so --version is right.
  "local-path-provisioner|node|github.com/rancher/local-path-provisioner|-s -w -X main.VERSION=v0.0.30"
  "statsd_exporter|node|github.com/prometheus/statsd_exporter|-s -w \
    -X github.com/prometheus/common/version.Version=0.28.0 \
    -X github.com/prometheus/common/version.Revision=c0a390a2c43f77863278615b47d46e886bdca726 \
    -X github.com/prometheus/common/version.Branch=HEAD \
    -X github.com/prometheus/common/version.BuildUser=airkube \
    -X github.com/prometheus/common/version.BuildDate=19700101-00:00:00"
  "pause|node|airkube.local/tools/node/pause|-s -w"
)

wanted=" $* "
go_version=$("$go_bin" env GOVERSION)
for entry in "${tools[@]}"; do
  IFS='|' read -r name dir pkg ldflags <<<"$entry"
  if [ $# -gt 0 ] && [[ "$wanted" != *" $name "* ]]; then continue; fi
  moddir="$root/tools/$dir"
  # Our own mains (airkube.local/...) are inputs too: editing one must rebuild it.
  own=/dev/null
  if [[ $pkg == airkube.local/* ]]; then own=$(ls "$moddir/${pkg#airkube.local/tools/$dir/}"/*.go); fi
  # shellcheck disable=SC2086 # own is a list of files
  key=$(cat "$moddir/go.mod" "$moddir/go.sum" $own <(echo "$go_version $pkg $ldflags") | sha256sum | cut -d' ' -f1)
  if [ -x "$bin/$name" ] && [ "$(cat "$stamps/$name" 2>/dev/null)" = "$key" ]; then
    echo "==> $name: already built ($pkg)"
    continue
  fi
  cached="$cache/bin/$name-$key"
  if [ -x "$cached" ]; then
    echo "==> $name: copying the build of these pins from $cache/bin"
  else
    echo "==> $name: building $pkg ..."
    start=$(date +%s)
    # A name of this process's own: another clone may build the same pins at the same time.
    # Without its "go: downloading <module>" lines (hundreds on a cold cache): one line per step.
    (cd "$moddir" && "$go_bin" build -trimpath -ldflags "$ldflags" -o "$cached.tmp.$$" "$pkg") \
      2> >(grep -v '^go: downloading ' >&2)
    mv "$cached.tmp.$$" "$cached"
    echo "    built in $(($(date +%s) - start))s"
  fi
  install -m 0755 "$cached" "$bin/$name"
  echo "$key" >"$stamps/$name"
done
