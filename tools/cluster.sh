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

log() { echo "==> $*"; }
die() { echo "error: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
kubectl() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }

# ------------------------------------------------------------------ processes

pid_of() { cat "$state/$1.pid" 2>/dev/null || true; }

# True if the recorded PID runs our binary (guards against a recycled PID).
is_running() {
  local pid exe
  pid=$(pid_of "$1")
  [ -n "$pid" ] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  # A binary replaced while running (a rebuild) shows as "PATH (deleted)": still ours.
  [ "${exe% (deleted)}" = "$bin/$1" ]
}

# start NAME ARGS...: run .tools/bin/NAME in its own session (so a Ctrl-C in
# the caller's terminal does not kill it), log to NAME.log, PID to NAME.pid.
# fd 9 (the up/down lock) is closed so the daemon does not hold the lock.
start() {
  local name=$1
  shift
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ \
    "$state/$name.pid" "$bin/$name" "$@" >"$state/$name.log" 2>&1 </dev/null 9>&- &
  # Wait for the PID file the child writes before exec.
  for _ in $(seq 50); do
    if [ -s "$state/$name.pid" ]; then started+=("$name"); return 0; fi
    sleep 0.1
  done
  die "$name did not start; see $state/$name.log"
}

stop() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if is_running "$name"; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    log "$name: stopped (pid $pid)"
  fi
  rm -f "$state/$name.pid"
}

# Components started by this `up`, checked while waiting for the others.
started=()

check_alive() {
  local name
  for name in "${started[@]}"; do
    is_running "$name" || die "$name exited; last log lines:
$(tail -n 20 "$state/$name.log" 2>/dev/null)"
  done
}

# wait_for WHAT SECONDS COMMAND...: poll until COMMAND succeeds; fail fast if
# a component died meanwhile.
wait_for() {
  local what=$1 timeout=$2 deadline
  shift 2
  deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    check_alive
    if [ "$(date +%s)" -ge "$deadline" ]; then
      die "timed out after ${timeout}s waiting for $what; logs in $state/*.log"
    fi
    sleep 0.2
  done
}

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

ensure_openssl() {
  command -v openssl >/dev/null && return 0
  log "openssl: installing from apt"
  apt-get update -qq && apt-get install -y -qq openssl >/dev/null
}

# ECDSA P-256 keys: as good as RSA here and generated in milliseconds.
newkey=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)

# ca NAME SUBJECT: a self-signed CA in pki/.
ca() {
  openssl req -x509 "${newkey[@]}" -days 365 -subj "$2" \
    -keyout "$pki/$1.key" -out "$pki/$1.crt" 2>/dev/null
}

# cert NAME SUBJECT [SAN] [CA]: a key and a certificate signed by CA
# (default: ca) in pki/. With a SAN it is a serving cert, else a client cert.
cert() {
  local name=$1 subj=$2 san=${3:-} ca=${4:-ca}
  local ext="$pki/$name.ext"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl req -new "${newkey[@]}" -keyout "$pki/$name.key" \
    -subj "$subj" -out "$pki/$name.csr" 2>/dev/null
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/$ca.crt" -CAkey "$pki/$ca.key" \
    -CAcreateserial -days 365 -extfile "$ext" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$pki/$name.csr" "$ext"
}

# kubeconfig_for NAME: a kubeconfig using pki/NAME.{crt,key}.
kubeconfig_for() {
  local name=$1 out=$2
  cat >"$out" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: airkube
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority: $pki/ca.crt
users:
- name: $name
  user:
    client-certificate: $pki/$name.crt
    client-key: $pki/$name.key
contexts:
- name: airkube
  context: {cluster: airkube, user: $name}
current-context: airkube
EOF
}

make_pki() {
  ensure_openssl
  mkdir -p "$pki"
  ca ca "/CN=airkube-ca"
  cert apiserver "/CN=kube-apiserver" \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1"
  # system:masters: the admin user of the kubeconfig handed to helm/tests.
  cert admin "/O=system:masters/CN=airkube-admin"
  # The identities RBAC's bootstrap roles are written for.
  cert kube-controller-manager "/CN=system:kube-controller-manager"
  cert kube-scheduler "/CN=system:kube-scheduler"
  # kwok plays the kubelet of every fake node and writes any pod's status;
  # the Node authorizer only admits one real node per identity, so it is admin.
  cert kwok "/O=system:masters/CN=kwok"
  # Aggregation layer (front proxy), as kubeadm sets it up: the API server
  # proxies to extension API servers with this client cert, and the
  # controller-manager and scheduler trust these request headers.
  ca front-proxy-ca "/CN=airkube-front-proxy-ca"
  cert front-proxy-client "/CN=front-proxy-client" "" front-proxy-ca
  # Service account token signing key pair (API server signs, both verify).
  openssl ecparam -name prime256v1 -genkey -noout -out "$pki/sa.key" 2>/dev/null
  openssl ec -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  local n
  for n in admin kube-controller-manager kube-scheduler kwok; do
    kubeconfig_for "$n" "$state/$n.kubeconfig"
  done
  mv "$state/admin.kubeconfig" "$kubeconfig"
}

# ----------------------------------------------------------------- components

start_etcd() {
  # Plain HTTP on loopback only; --unsafe-no-fsync because the data is
  # throwaway and fsync dominates install times on slow disks.
  start etcd \
    --name=airkube --data-dir="$state/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="airkube=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync --log-level=warn
  wait_for "etcd health" 30 curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health"
}

start_apiserver() {
  # Default admission plugins; RBAC plus the Node authorizer as in any
  # kubeadm cluster. No kubernetes Service endpoints: the advertise address is
  # loopback, which Endpoints validation rejects, and nothing in the cluster
  # needs to reach the API server (no real pods run).
  start kube-apiserver \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
    --secure-port="$APISERVER_PORT" \
    --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" \
    --service-account-signing-key-file="$pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --requestheader-client-ca-file="$pki/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$pki/front-proxy-client.crt" \
    --proxy-client-key-file="$pki/front-proxy-client.key" \
    --endpoint-reconciler-type=none \
    --allow-privileged=true \
    --cert-dir="$state/kube-apiserver" \
    --profiling=false
  wait_for "kube-apiserver /readyz" 90 \
    curl -fsS --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT/readyz"
}

start_controller_manager() {
  # --use-service-account-credentials: each controller acts as its own
  # service account, so RBAC is exercised as in a real cluster.
  local kc="$state/kube-controller-manager.kubeconfig"
  start kube-controller-manager \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$CONTROLLER_MANAGER_PORT" \
    --cert-dir="$state/kube-controller-manager" \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --use-service-account-credentials=true \
    --leader-elect=false --profiling=false
}

start_scheduler() {
  local kc="$state/kube-scheduler.kubeconfig"
  start kube-scheduler \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" \
    --cert-dir="$state/kube-scheduler" \
    --leader-elect=false --profiling=false
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
  local name running=0
  for name in "${components[@]}"; do
    if is_running "$name"; then
      running=$((running + 1))
      echo "$name: running (pid $(pid_of "$name"))"
    else
      echo "$name: stopped"
    fi
  done
  [ "$running" -eq "${#components[@]}" ] && { echo "kubeconfig: $kubeconfig"; return 0; }
  [ "$running" -eq 0 ] && return 3
  return 1
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
  t=$(now); start_etcd; log "etcd: healthy on 127.0.0.1:$ETCD_CLIENT_PORT in $(since "$t")"
  t=$(now); start_apiserver
  log "kube-apiserver: ready on https://127.0.0.1:$APISERVER_PORT in $(since "$t")"
  t=$(now); start_controller_manager; start_scheduler; start_kwok
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

# One up/down at a time (e.g. two pytest sessions starting together).
locked() {
  mkdir -p "$root/.work"
  exec 9>"$root/.work/cluster.sh.lock"
  flock 9
  "$@"
}

case "${1:-}" in
  build) cmd_build ;;
  up) locked cmd_up ;;
  down) locked cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  bench) cmd_bench ;;
  *) echo "usage: $0 build|up|down|status|env|bench" >&2; exit 2 ;;
esac
