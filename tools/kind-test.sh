#!/usr/bin/env bash
# Run the cluster tests (tests/cluster) on a kind cluster instead of the local
# control plane: real kubelet and containers, same tests, same fixture
# (pointed at kind through AIRKUBE_KUBECONFIG). Needs a Docker daemon.
#
#   bash tools/kind-test.sh [pytest args...]
#   KIND_NODE_IMAGE=kindest/node:v1.35.x bash tools/kind-test.sh   # pin the node image
#
# Without Docker this is a documented skip (exit 0), not a pass.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! docker info >/dev/null 2>&1; then
  echo "==> kind-test: SKIPPED: no Docker daemon here ('docker info' failed)."
  echo "    kind runs Kubernetes nodes as Docker containers; use 'make cluster-test'"
  echo "    for the same tests on the local control plane (tools/cluster.sh)."
  exit 0
fi

bash tools/install-go-tools.sh kind
kind="$root/.tools/bin/kind"
name=airkube-test
state="$root/.work/kind"
kubeconfig="$state/kubeconfig"
mkdir -p "$state"

# A leftover cluster from an interrupted run would make `create` fail.
"$kind" delete cluster --name "$name" --kubeconfig "$kubeconfig" >/dev/null 2>&1 || true
image_args=()
if [ -n "${KIND_NODE_IMAGE:-}" ]; then image_args=(--image "$KIND_NODE_IMAGE"); fi
echo "==> kind: creating cluster $name ($("$kind" version))"
start=$(date +%s)
"$kind" create cluster --name "$name" --kubeconfig "$kubeconfig" --wait 180s "${image_args[@]}"
trap '"$kind" delete cluster --name "$name" --kubeconfig "$kubeconfig"' EXIT
echo "==> kind: cluster ready in $(($(date +%s) - start))s"

AIRKUBE_KUBECONFIG="$kubeconfig" "$root/.venv/bin/python" -m pytest tests/cluster -m cluster "$@"
