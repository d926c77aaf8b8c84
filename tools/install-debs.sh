#!/usr/bin/env bash
# Install the Debian packages the compat tests need, only when missing.
# One line per package; `apt-get update` runs once, and only if something must be installed.
#   postgresql  PostgreSQL server (initdb/pg_ctl) for the PgBouncer + `airflow db migrate` test
#   pgbouncer   the connection pooler the chart configures
#   debootstrap the base rootfs of the node's images (tools/node-images.sh)
#   containerd  ctr, to import those images into the node's containerd (and a private one to test them)
#   runc        the OCI runtime containerd runs them with
#   containernetworking-plugins  the node's pod network (bridge, host-local, portmap, loopback CNI)
#   iptables conntrack  kube-proxy's service rules, inside the node's network namespace only
#   openssl     the node's and the control plane's certificates
#   ShellCheck  the shell linter of `make lint`
set -euo pipefail

pkgs=(postgresql pgbouncer debootstrap containerd runc containernetworking-plugins iptables conntrack openssl shellcheck)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }
version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }

missing=()
for p in "${pkgs[@]}"; do
  if installed "$p"; then
    echo "==> $p: already installed ($(version "$p"))"
  else
    missing+=("$p")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "==> apt-get update (to install: ${missing[*]})"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
# The Debian packages would start their own system services; the tests never use
# those (they start private instances on free loopback ports), so while we
# install, a policy-rc.d tells invoke-rc.d not to start anything.
policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 0755 "$policy"
  added_policy=1
fi
cleanup() { [ -z "$added_policy" ] || $sudo rm -f "$policy"; }
trap cleanup EXIT
log=$(mktemp)
for p in "${missing[@]}"; do
  echo "==> $p: installing"
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >"$log" 2>&1; then
    cat "$log" >&2; echo "install of $p failed" >&2; exit 1
  fi
  installed "$p" || { cat "$log" >&2; echo "install of $p failed" >&2; exit 1; }
  echo "    $p $(version "$p")"
done
rm -f "$log"
