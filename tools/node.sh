#!/usr/bin/env bash
# A real one-node Kubernetes 1.35 for the node tests (tests/node): etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, containerd + runc, kubelet, kube-proxy (iptables),
# CoreDNS and local-path-provisioner (the default StorageClass), with locally built images.
#
#   tools/node.sh build    compile the binaries and build the images (cached by pins)
#   tools/node.sh up       start everything, wait until a pod can run (no-op if up)
#   tools/node.sh down     stop it and remove every trace (no-op if down)
#   tools/node.sh status   exit 0 if every component runs, 3 if none, 1 if some
#   tools/node.sh exec -- CMD...   run CMD inside the node's network namespace with
#                          KUBECONFIG set (helm, kubectl, curl to pods and Services)
#   tools/node.sh ctr ARGS...      ctr against the node's containerd (k8s.io namespace)
#   tools/node.sh check    exit 0 if this machine can run the node, else print why (exit 1)
#
# Network safety: every process of the node runs inside a network namespace of its own
# (nsenter --net, which changes nothing else: kubelet and containerd must share the
# host's mounts). It holds loopback and the pod bridge, and no route: nothing in it can
# reach the machine's interfaces or beyond. A FORWARD guard in the machine's own
# namespace drops the pod CIDR as a second layer. Pods get addresses on that bridge only;
# Service addresses (10.96.0.0/16) are routed onto that bridge too, nowhere else.
#
# One node per checkout: the namespace, pod CIDR, cgroup root and iptables chain are
# derived from the checkout's path, the state lives in .work/node. A node of another
# clone is neither broken nor touched by this one. See docs/node.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
state="$root/.work/node"
pki="$state/pki"
kubeconfig="$state/kubeconfig"
config_dir="$root/tools/node/config"
# shellcheck source=tools/lib/control-plane.sh
. "$root/tools/lib/control-plane.sh"

id=$(printf '%s' "$root" | sha256sum | cut -c1-8)
netns="airkube-$id"
octet=$((16#${id:0:2} % 100 + 100))
pod_cidr="10.$octet.0.0/24"
node_ip="10.$octet.0.1"
bridge=akbr0
guard="AIRKUBE-$id"
cgroup_root="airkube-$id"
node_name=airkube-node
sock="$state/containerd/containerd.sock"
# The host sysctls kubelet sets (pkg/kubelet/cm setupKernelTunables); `down` restores them.
kubelet_sysctls=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
# Start order; `down` stops them in reverse.
components=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet
  kube-proxy coredns local-path-provisioner)
binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl
  coredns local-path-provisioner)

kubectl() { "${in_netns[@]}" "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
ns_run() { nsenter --net="/run/netns/$netns" -- "$@"; }

# ----------------------------------------------------------------- checks

cmd_check() {
  local why=()
  [ "$(id -u)" -eq 0 ] || why+=("needs root (network namespaces, mounts, cgroups)")
  command -v nsenter >/dev/null || why+=("nsenter missing (util-linux)")
  command -v ip >/dev/null || why+=("ip missing (iproute2)")
  [ -d /proc/sys/net/bridge ] || modprobe br_netfilter 2>/dev/null || why+=("no br_netfilter")
  grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || why+=("no overlayfs")
  if [ "$(id -u)" -eq 0 ] && ! unshare --net true 2>/dev/null; then
    why+=("cannot create network namespaces")
  fi
  if [ ${#why[@]} -gt 0 ]; then
    echo "node: cannot run here: ${why[*]}"
    return 1
  fi
}

# ----------------------------------------------------------------- network

make_netns() {
  ip netns add "$netns"
  ip -n "$netns" link set lo up
  # The bridge the CNI plugin attaches pods to, made here so the API server and CoreDNS
  # can listen on its address before the first pod exists.
  ip -n "$netns" link add "$bridge" type bridge
  ip -n "$netns" addr add "$node_ip/24" dev "$bridge"
  ip -n "$netns" link set "$bridge" up
  # Service addresses are rewritten by kube-proxy after the route lookup: without a route
  # the node's own processes (helm, kubectl, the tests' curl) could not connect to them.
  ip -n "$netns" route add 10.96.0.0/16 dev "$bridge"
  # Service traffic between pods on one bridge goes through kube-proxy's rules.
  ns_run sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  in_netns=(nsenter "--net=/run/netns/$netns" --)
  # Second layer: even if a route appeared, the machine would not forward pod traffic.
  iptables -w -N "$guard"
  iptables -w -A "$guard" -s "$pod_cidr" -j DROP
  iptables -w -A "$guard" -d "$pod_cidr" -j DROP
  iptables -w -I FORWARD 1 -j "$guard"
}

# Interfaces in the namespace other than loopback, the bridge and pods' veths: none, ever.
foreign_interfaces() {
  ip -n "$netns" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' |
    grep -vE "^(lo|$bridge|veth[0-9a-f]+)$" || true
}

# ----------------------------------------------------------------- cgroups, sysctls

cgroup_dirs() { find /sys/fs/cgroup -mindepth 2 -maxdepth 2 -type d -name "$cgroup_root" 2>/dev/null || true; }

make_cgroups() {
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/; do
    [ -e "$hierarchy/cgroup.procs" ] || continue
    mkdir -p "$hierarchy$cgroup_root"
    if [ -e "$hierarchy/cpuset.cpus" ]; then
      cat "$hierarchy/cpuset.cpus" >"$hierarchy$cgroup_root/cpuset.cpus"
      cat "$hierarchy/cpuset.mems" >"$hierarchy$cgroup_root/cpuset.mems"
    fi
  done
}

# Kill every process left in our cgroups (containers whose shim is gone), then remove them.
remove_cgroups() {
  local dir pids
  for dir in $(cgroup_dirs); do
    pids=$(find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u)
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  done
  sleep 0.2
  for dir in $(cgroup_dirs); do
    find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

save_sysctls() {
  local k
  for k in "${kubelet_sysctls[@]}"; do echo "$k=$(sysctl -n "$k")"; done >"$root/.work/node-sysctls.env"
}

restore_sysctls() {
  local saved="$root/.work/node-sysctls.env"
  [ -f "$saved" ] || return 0
  # shellcheck disable=SC2046 # one key=value word per line
  sysctl -qw $(cat "$saved") >/dev/null
  rm -f "$saved"
}

# ----------------------------------------------------------------- configuration

make_node_pki() {
  make_control_plane_pki "IP:127.0.0.1,IP:$node_ip,IP:10.96.0.1"
  cert kubelet "/O=system:nodes/CN=system:node:$node_name"
  cert kubelet-serving "/CN=$node_name" "DNS:$node_name,IP:$node_ip"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  cert kube-proxy "/CN=system:kube-proxy"
  cert coredns "/CN=airkube:coredns"
  # local-path-provisioner creates PVs, helper pods and events across namespaces: admin.
  cert local-path-provisioner "/O=system:masters/CN=local-path-provisioner"
  local n
  for n in admin kube-controller-manager kube-scheduler kubelet kube-proxy coredns local-path-provisioner; do
    kubeconfig_for "$n" "$state/$n.kubeconfig" "https://127.0.0.1:6443"
  done
  mv "$state/admin.kubeconfig" "$kubeconfig"
}

# render TEMPLATE OUT: tools/node/config/TEMPLATE with @VAR@ replaced.
render() {
  sed -e "s#@STATE@#$state#g" -e "s#@NODE_IP@#$node_ip#g" -e "s#@POD_CIDR@#$pod_cidr#g" \
    -e "s#@NODE_NAME@#$node_name#g" -e "s#@CGROUP_ROOT@#/$cgroup_root#g" -e "s#@PKI@#$pki#g" \
    -e "s#@SOCK@#$sock#g" -e "s#@BRIDGE@#$bridge#g" "$config_dir/$1" >"$2"
}

# ----------------------------------------------------------------- components

start_node_control_plane() {
  local t
  t=$(now)
  start_etcd 127.0.0.1 2379 2380
  wait_for "etcd health" 30 ns_run curl -fsS http://127.0.0.1:2379/health
  # Listens on the bridge address too: pods reach it through the kubernetes Service.
  start_apiserver 0.0.0.0 "$node_ip" 6443 http://127.0.0.1:2379 \
    --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$pki/ca.crt" \
    --kubelet-preferred-address-types=InternalIP
  wait_for "kube-apiserver /readyz" 90 ns_run curl -fsS --cacert "$pki/ca.crt" \
    --cert "$pki/admin.crt" --key "$pki/admin.key" https://127.0.0.1:6443/readyz
  start_controller_manager 10257
  start_scheduler 10259
  log "control plane: ready on https://$node_ip:6443 in $(since "$t")"
}

start_containerd() {
  local t
  t=$(now)
  mkdir -p "$state/containerd" "$state/cni/net.d"
  render containerd.toml "$state/containerd/config.toml"
  render cni.conflist "$state/cni/net.d/10-airkube.conflist"
  start_exe containerd "$(command -v containerd)" --config "$state/containerd/config.toml"
  wait_for "containerd" 30 ctr --address "$sock" version
  log "containerd: ready in $(since "$t")"
  t=$(now)
  bash "$root/tools/node-images.sh" import --address "$sock"
  log "images: imported in $(since "$t")"
}

start_kubelet() {
  local t
  t=$(now)
  printf '# The node has no upstream DNS: pods resolve cluster names only.\n' >"$state/resolv.conf"
  mkdir -p "$state/kubelet" "$state/pod-logs" "$state/volume-plugins"
  render kubelet.yaml "$state/kubelet.yaml"
  start kubelet --config="$state/kubelet.yaml" --kubeconfig="$state/kubelet.kubeconfig" \
    --root-dir="$state/kubelet" --cert-dir="$state/kubelet/pki" \
    --hostname-override="$node_name" --node-ip="$node_ip" --v=1
  wait_for "node $node_name Ready" 120 kubectl wait --for=condition=Ready --timeout=2s "node/$node_name"
  log "kubelet: node $node_name Ready in $(since "$t")"
}

start_services() {
  local t
  t=$(now)
  render kube-proxy.yaml "$state/kube-proxy.yaml"
  start kube-proxy --config="$state/kube-proxy.yaml"
  render Corefile "$state/Corefile"
  kubectl apply -f "$config_dir/coredns-rbac.yaml" >/dev/null
  start coredns -conf "$state/Corefile"
  wait_for "CoreDNS ready" 60 ns_run curl -fsS http://127.0.0.1:18181/ready
  wait_for "kube-proxy healthz" 60 ns_run curl -fsS http://127.0.0.1:10256/healthz
  mkdir -p "$state/local-path"
  render local-path.json "$state/local-path.json"
  kubectl apply -f "$config_dir/local-path.yaml" >/dev/null
  start local-path-provisioner --debug start --kubeconfig "$state/local-path-provisioner.kubeconfig" \
    --namespace local-path-storage --config "$state/local-path.json" \
    --helper-image airkube.local/debian:bookworm --service-account-name default \
    --configmap-name local-path-config --provisioner-name rancher.io/local-path
  wait_for "default ServiceAccount" 60 kubectl -n default get serviceaccount default
  log "kube-proxy, CoreDNS, local-path-provisioner: ready in $(since "$t")"
}

# ----------------------------------------------------------------- commands

cmd_build() {
  bash "$root/tools/install-go-tools.sh" "${binaries[@]}" pause statsd_exporter
  bash "$root/tools/node-images.sh" build
}

cmd_status() {
  local status=0
  status_of_components || status=$?
  [ "$status" -ne 0 ] || echo "namespace: $netns, pod CIDR: $pod_cidr"
  return "$status"
}

cmd_up() {
  local status=0 name t0
  cmd_status >/dev/null || status=$?
  if [ "$status" -eq 0 ]; then
    log "node already up (namespace $netns; tools/node.sh exec -- kubectl get nodes)"
    return 0
  fi
  cmd_check >&2 || exit 1
  for name in "${binaries[@]}"; do
    [ -x "$bin/$name" ] || die "$bin/$name missing: run 'make node-build'"
  done
  # Whatever an interrupted run left behind goes first.
  cmd_down >/dev/null
  t0=$(now)
  trap 'echo "==> up failed: stopping what started (logs stay in $state)" >&2; cmd_down >/dev/null' EXIT
  rm -rf "$state"
  mkdir -p "$state"
  save_sysctls
  make_netns
  make_cgroups
  make_node_pki
  start_node_control_plane
  start_containerd
  start_kubelet
  start_services
  [ -z "$(foreign_interfaces)" ] || die "unexpected interfaces in $netns: $(foreign_interfaces)"
  trap - EXIT
  log "node up in $(since "$t0"): tools/node.sh exec -- kubectl get pods -A"
}

# Pods first (kubelet tears down their sandboxes and network), then the processes in
# reverse order, then whatever is left: containers, mounts, namespaces, cgroups, rules.
cmd_down() {
  local i name mnt nsfile
  [ -e "/run/netns/$netns" ] && in_netns=(nsenter "--net=/run/netns/$netns" --)
  if is_running kubelet && is_running kube-apiserver; then
    kubectl delete pods --all -A --grace-period=0 --force --wait=false >/dev/null 2>&1 || true
    for _ in $(seq 60); do
      [ -z "$(ctr --address "$sock" -n k8s.io tasks ls -q 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  for ((i = ${#components[@]} - 1; i >= 0; i--)); do stop "${components[$i]}"; done
  # containerd's shims outlive it by design; ours are the ones serving our socket.
  pkill -TERM -f -- "containerd-shim-runc-v2 .*-address $sock( |$)" 2>/dev/null || true
  remove_cgroups
  # Pod network namespaces of this node: each holds an address of our pod CIDR.
  for nsfile in /run/netns/cni-*; do
    [ -e "$nsfile" ] || continue
    if nsenter --net="$nsfile" ip -4 -o addr 2>/dev/null | grep -q " ${node_ip%.1}\."; then
      umount "$nsfile" 2>/dev/null || true
      rm -f "$nsfile"
    fi
  done
  # Mounts under the state folder, deepest first (pod volumes, overlay rootfs, shm).
  awk -v s="$state/" 'index($2, s) == 1 {print $2}' /proc/self/mounts | sort -r | while read -r mnt; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
  done
  if [ -e "/run/netns/$netns" ]; then ip netns delete "$netns"; fi
  if iptables -w -n -L "$guard" >/dev/null 2>&1; then
    iptables -w -D FORWARD -j "$guard" 2>/dev/null || true
    iptables -w -F "$guard"
    iptables -w -X "$guard"
  fi
  # kubelet's log links in the host-wide /var/log/containers that point at our pods.
  find /var/log/containers -maxdepth 1 -type l -lname "$state/*" -delete 2>/dev/null || true
  restore_sysctls
  rm -rf "$state/etcd" "$state/containerd" "$state/kubelet" "$state/local-path"
  log "node down"
}

cmd_exec() {
  [ "${1:-}" = "--" ] && shift
  [ -e "/run/netns/$netns" ] || die "node is not up (make node-up)"
  KUBECONFIG="$kubeconfig" exec nsenter --net="/run/netns/$netns" -- "$@"
}

case "${1:-}" in
  build) cmd_build ;;
  up) locked "$root/.work/node.sh.lock" cmd_up ;;
  down) locked "$root/.work/node.sh.lock" cmd_down ;;
  status) cmd_status ;;
  check) cmd_check ;;
  exec) shift; cmd_exec "$@" ;;
  ctr) shift; exec ctr --address "$sock" -n k8s.io "$@" ;;
  env) echo "namespace=$netns pod_cidr=$pod_cidr node_ip=$node_ip guard=$guard kubeconfig=$kubeconfig" ;;
  *) echo "usage: $0 build|up|down|status|check|exec -- CMD...|ctr ARGS...|env" >&2; exit 2 ;;
esac
