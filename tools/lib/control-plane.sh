# shellcheck shell=bash disable=SC2154  # bin, state, pki, components: set by the sourcing script
# Shared by tools/cluster.sh (control plane + kwok on 127.0.0.1) and tools/node.sh
# (control plane + a real node in a network namespace); sourced, not run.
#
# The caller sets: bin (built binaries), state (its state folder), pki (state/pki),
# and optionally in_netns=(nsenter --net=... --) to start processes inside a
# network namespace. Processes are recorded as state/NAME.pid and state/NAME.exe.

log() { echo "==> $*"; }
die() { echo "error: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
in_netns=()

# ------------------------------------------------------------------ processes

pid_of() { cat "$state/$1.pid" 2>/dev/null || true; }

# True if the recorded PID runs the recorded binary (guards against a recycled PID).
is_running() {
  local pid exe want
  pid=$(pid_of "$1")
  [ -n "$pid" ] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  want=$(cat "$state/$1.exe" 2>/dev/null || echo "$bin/$1")
  # A binary replaced while running (a rebuild) shows as "PATH (deleted)": still ours.
  [ "${exe% (deleted)}" = "$want" ]
}

# start NAME ARGS...: run $bin/NAME; start_exe NAME EXE ARGS...: run EXE. Each runs in
# its own session (a Ctrl-C in the caller's terminal does not kill it), inside
# ${in_netns[@]} if set, logs to NAME.log, PID to NAME.pid. fd 9 (the up/down lock) is
# closed so the daemon does not hold the lock.
start() { local name=$1; shift; start_exe "$name" "$bin/$name" "$@"; }
start_exe() {
  local name=$1 exe=$2
  shift 2
  echo "$exe" >"$state/$name.exe"
  rm -f "$state/$name.pid"
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ \
    "$state/$name.pid" "${in_netns[@]}" "$exe" "$@" >"$state/$name.log" 2>&1 </dev/null 9>&- &
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

# status_of_components: one line per component of ${components[@]}; exit 0 if every one
# runs, 3 if none, 1 if some (the `status` command of both scripts).
status_of_components() {
  local name running=0
  for name in "${components[@]}"; do
    if is_running "$name"; then
      running=$((running + 1))
      echo "$name: running (pid $(pid_of "$name"))"
    else
      echo "$name: stopped"
    fi
  done
  [ "$running" -eq "${#components[@]}" ] && return 0
  [ "$running" -eq 0 ] && return 3
  return 1
}

# locked LOCKFILE COMMAND...: one up/down at a time (e.g. two pytest sessions starting
# together). fd 9 holds the lock; start_exe closes it in the daemons.
locked() {
  local lock=$1
  shift
  mkdir -p "$(dirname "$lock")"
  exec 9>"$lock"
  flock 9
  "$@"
}

# --------------------------------------------------------------------- pki

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

# kubeconfig_for NAME OUT SERVER: a kubeconfig using pki/NAME.{crt,key}.
kubeconfig_for() {
  local name=$1 out=$2 server=$3
  cat >"$out" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: airkube
  cluster:
    server: $server
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
KUBECONFIG
}

# The control plane's identities, as kubeadm makes them: admin (system:masters),
# the controller-manager and scheduler (RBAC's bootstrap roles are written for these
# names), the aggregation layer's front proxy, the service-account signing key pair.
make_control_plane_pki() {
  local apiserver_san=$1
  ensure_openssl
  mkdir -p "$pki"
  ca ca "/CN=airkube-ca"
  cert apiserver "/CN=kube-apiserver" \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,$apiserver_san"
  cert admin "/O=system:masters/CN=airkube-admin"
  cert kube-controller-manager "/CN=system:kube-controller-manager"
  cert kube-scheduler "/CN=system:kube-scheduler"
  ca front-proxy-ca "/CN=airkube-front-proxy-ca"
  cert front-proxy-client "/CN=front-proxy-client" "" front-proxy-ca
  openssl ecparam -name prime256v1 -genkey -noout -out "$pki/sa.key" 2>/dev/null
  openssl ec -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
}

# ----------------------------------------------------------------- components
# Each takes the address to listen on and the ports; the caller waits for health.

# etcd ADDRESS CLIENT_PORT PEER_PORT: plain HTTP, --unsafe-no-fsync because the data
# is throwaway and fsync dominates install times on slow disks.
start_etcd() {
  local addr=$1 client=$2 peer=$3
  start etcd \
    --name=airkube --data-dir="$state/etcd" \
    --listen-client-urls="http://$addr:$client" \
    --advertise-client-urls="http://$addr:$client" \
    --listen-peer-urls="http://$addr:$peer" \
    --initial-advertise-peer-urls="http://$addr:$peer" \
    --initial-cluster="airkube=http://$addr:$peer" \
    --unsafe-no-fsync --log-level=warn
}

# kube-apiserver BIND ADVERTISE PORT ETCD_URL [EXTRA FLAGS...]: default admission
# plugins; RBAC plus the Node authorizer as in any kubeadm cluster.
start_apiserver() {
  local bind=$1 advertise=$2 port=$3 etcd=$4
  shift 4
  start kube-apiserver \
    --bind-address="$bind" --advertise-address="$advertise" \
    --secure-port="$port" \
    --etcd-servers="$etcd" \
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
    --allow-privileged=true \
    --cert-dir="$state/kube-apiserver" \
    --profiling=false "$@"
}

# --use-service-account-credentials: each controller acts as its own service
# account, so RBAC is exercised as in a real cluster.
start_controller_manager() {
  local port=$1 kc="$state/kube-controller-manager.kubeconfig"
  start kube-controller-manager \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$port" \
    --cert-dir="$state/kube-controller-manager" \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --use-service-account-credentials=true \
    --leader-elect=false --profiling=false
}

start_scheduler() {
  local port=$1 kc="$state/kube-scheduler.kubeconfig"
  start kube-scheduler \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$port" \
    --cert-dir="$state/kube-scheduler" \
    --leader-elect=false --profiling=false
}
