#!/usr/bin/env bash
# A local Kubernetes 1.35 control plane built from Go modules, on 127.0.0.1:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, and kwok
# standing in for the kubelet of one fake node.
#
#   tools/cluster.sh build    compile the binaries (cached; see install-go-tools.sh)
#   tools/cluster.sh up       start everything, wait until usable (no-op if up)
#   tools/cluster.sh down     stop what `up` started
#   tools/cluster.sh status   exit 0 if every component runs, 3 if none, 1 if some
#   tools/cluster.sh env      print `export KUBECONFIG=...`
#   tools/cluster.sh bench    markdown table rows: warm build, `up`, helm install to ready
#
# State lives in .work/cluster: pki/, etcd/, *.kubeconfig, *.pid, *.log,
# ports.env. The admin kubeconfig is .work/cluster/kubeconfig.
# See docs/cluster.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
state="$root/.work/cluster"
pki="$state/pki"
kubeconfig="$state/kubeconfig"
config_dir="$root/tools/cluster"
node_name=kwok-node-0
# Start order; etcd first (`down` stops it last).
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

# shellcheck source=tools/lib/control-plane.sh
. "$root/tools/lib/control-plane.sh"
kubectl() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }

# ---------------------------------------------------------------- ports, pki

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pick_ports() {
  cat >"$state/ports.env" <<EOF
ETCD_CLIENT_PORT=$(free_port)
ETCD_PEER_PORT=$(free_port)
APISERVER_PORT=$(free_port)
CONTROLLER_MANAGER_PORT=$(free_port)
SCHEDULER_PORT=$(free_port)
KWOK_PORT=$(free_port)
EOF
}

make_pki() {
  make_control_plane_pki "IP:127.0.0.1,IP:10.96.0.1"
  # kwok plays the kubelet of every fake node and writes any pod's status;
  # the Node authorizer only admits one real node per identity, so it is admin.
  cert kwok "/O=system:masters/CN=kwok"
  local n
  for n in admin kube-controller-manager kube-scheduler kwok; do
    kubeconfig_for "$n" "$state/$n.kubeconfig" "https://127.0.0.1:$APISERVER_PORT"
  done
  mv "$state/admin.kubeconfig" "$kubeconfig"
}

# ----------------------------------------------------------------- components

cluster_etcd() {
  start_etcd 127.0.0.1 "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT"
  wait_for "etcd health" 30 curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health"
}

cluster_apiserver() {
  # No kubernetes Service endpoints: the advertise address is loopback, which
  # Endpoints validation rejects, and nothing in the cluster needs to reach the
  # API server (no real pods run).
  start_apiserver 127.0.0.1 127.0.0.1 "$APISERVER_PORT" "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --endpoint-reconciler-type=none
  wait_for "kube-apiserver /readyz" 90 \
    curl -fsS --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT/readyz"
}

start_kwok() {
  start kwok \
    --kubeconfig="$state/kwok.kubeconfig" \
    --config="$config_dir/kwok.yaml" \
    --server-address="127.0.0.1:$KWOK_PORT"
  kubectl apply -f "$config_dir/node.yaml" -f "$config_dir/storageclass.yaml" >/dev/null
}

# -------------------------------------------------------------------- commands

cmd_build() {
  bash "$root/tools/install-go-tools.sh" etcd kube-apiserver kube-controller-manager kube-scheduler kwok
}

cmd_status() {
  local status=0
  status_of_components || status=$?
  [ "$status" -ne 0 ] || echo "kubeconfig: $kubeconfig"
  return "$status"
}

cmd_up() {
  local status=0 name
  cmd_status >/dev/null || status=$?
  if [ "$status" -eq 0 ]; then
    log "cluster already up (KUBECONFIG=$kubeconfig)"
    return 0
  fi
  if [ "$status" -eq 1 ]; then
    log "cluster partly running: stopping the rest and starting fresh"
    cmd_down
  fi
  for name in "${components[@]}"; do
    [ -x "$bin/$name" ] || die "$bin/$name missing: run 'make cluster-build'"
  done

  local t0 t
  t0=$(now)
  # If anything below fails, stop what was started: no half-up cluster.
  trap 'echo "==> up failed: stopping what started (logs stay in $state)" >&2; cmd_down >/dev/null' EXIT
  # A fresh cluster every time: no state survives from an earlier run.
  rm -rf "$state"
  mkdir -p "$state"
  pick_ports
  # shellcheck source=/dev/null
  . "$state/ports.env"

  t=$(now); make_pki; log "pki: generated in $(since "$t")"
  t=$(now); cluster_etcd; log "etcd: healthy on 127.0.0.1:$ETCD_CLIENT_PORT in $(since "$t")"
  t=$(now); cluster_apiserver
  log "kube-apiserver: ready on https://127.0.0.1:$APISERVER_PORT in $(since "$t")"
  t=$(now); start_controller_manager "$CONTROLLER_MANAGER_PORT"; start_scheduler "$SCHEDULER_PORT"; start_kwok
  wait_for "default ServiceAccount" 60 kubectl -n default get serviceaccount default
  log "controller-manager: default ServiceAccount created in $(since "$t")"
  t=$(now)
  wait_for "node $node_name Ready" 60 \
    kubectl wait --for=condition=Ready --timeout=2s "node/$node_name"
  wait_for "scheduler healthz" 30 curl -kfsS "https://127.0.0.1:$SCHEDULER_PORT/healthz"
  wait_for "controller-manager healthz" 30 curl -kfsS "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz"
  log "kwok: node $node_name Ready, scheduler and controller-manager healthy in $(since "$t")"
  trap - EXIT
  log "cluster up in $(since "$t0"): export KUBECONFIG=$kubeconfig"
}

cmd_down() {
  local name
  # Clients of etcd first, in parallel (each takes 1-3 s to shut down
  # gracefully), then etcd.
  for name in "${components[@]:1}"; do stop "$name" & done
  wait
  stop etcd
  # The data is throwaway; the logs stay for inspection until the next `up`.
  rm -rf "$state/etcd"
  log "cluster down"
}

cmd_env() { echo "export KUBECONFIG=$kubeconfig"; }

# Markdown rows on stdout (tools/bench.py prints them); progress on stderr.
# The build and `up` are timed only from a stopped cluster, which bench then
# stops again: a cold installer would replace running binaries (status then
# reads them as stopped). A running cluster is used as it is and left running.
cmd_bench() {
  local t s status=0 ns started_here=0
  cmd_status >/dev/null 2>&1 || status=$?
  echo "| cluster | measure | seconds |"
  echo "| --- | --- | --- |"
  if [ "$status" -eq 0 ]; then
    echo "| local | control-plane build, warm (stamps present) | n/a (cluster running) |"
    echo "| local | \`up\` from stopped | n/a (cluster running) |"
  else
    t=$(now)
    bash "$root/tools/install-go-tools.sh" etcd kube-apiserver kube-controller-manager \
      kube-scheduler kwok >&2
    echo "| local | control-plane build, warm (stamps present) | $(since "$t" | tr -d s) |"
    t=$(now)
    bash "$0" up >&2
    echo "| local | \`up\` from stopped | $(since "$t" | tr -d s) |"
    started_here=1
    # A failed measure must not leave the cluster bench started running.
    trap 'bash "$0" down >&2' EXIT
  fi

  ns="bench-$(date +%s)-$$"
  kubectl create namespace "$ns" >/dev/null
  wait_for "default ServiceAccount in $ns" 30 kubectl -n "$ns" get serviceaccount default
  t=$(now)
  KUBECONFIG="$kubeconfig" "$bin/helm4" install bench "$root/chart" -n "$ns" \
    -f "$root/values-examples/dev-kind/values.yaml" --wait --timeout 5m >/dev/null
  for s in $(kubectl -n "$ns" get deployments,statefulsets -o name); do
    kubectl -n "$ns" rollout status "$s" --timeout=180s >/dev/null
  done
  kubectl -n "$ns" wait --for=condition=Complete job -l component=migrate-database \
    --timeout=120s >/dev/null
  echo "| local | helm install dev-kind (helm 4) to every workload ready, migration done | $(since "$t" | tr -d s) |"
  KUBECONFIG="$kubeconfig" "$bin/helm4" uninstall bench -n "$ns" >/dev/null 2>&1 || true
  kubectl delete namespace "$ns" --wait=false >/dev/null 2>&1 || true

  if [ "$started_here" -eq 1 ]; then trap - EXIT; bash "$0" down >&2; fi
}

case "${1:-}" in
  build) cmd_build ;;
  up) locked "$root/.work/cluster.sh.lock" cmd_up ;;
  down) locked "$root/.work/cluster.sh.lock" cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  bench) cmd_bench ;;
  *) echo "usage: $0 build|up|down|status|env|bench" >&2; exit 2 ;;
esac
