# shellcheck shell=bash disable=SC2034,SC2154  # globals shared with tools/node-images.sh, which sources this
# Shared by the image builders (sourced by tools/node-images.sh, not run).
# Part of every image's cache key: changing anything here rebuilds every image.

# The Debian release of the base rootfs (every image but PgBouncer's, see pgbouncer.sh);
# bookworm-security and bookworm-updates are applied.
suite=bookworm
mirror=http://deb.debian.org/debian
security_mirror=http://deb.debian.org/debian-security
# Every file in every layer gets this mtime (pack.py's EPOCH); Python bytecode is compiled
# after the sources got it, so the .pyc files stay valid in the image.
epoch=$(sed -n 's/^EPOCH = \([0-9]*\).*/\1/p' "$images_dir/pack.py")
chroot_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# in_chroot ROOTFS [NAME=VALUE...] CMD...: run CMD in ROOTFS with a clean environment, /proc, a
# minimal /dev (null, zero, full, random, urandom, tty bound from the host on a tmpfs) and, when
# $chroot_uv_cache names a directory, that directory (uv's cache) at /tmp/uv-cache.
# Everything is mounted inside a private mount namespace (unshare --mount): the mounts exist only
# for this one process tree and disappear with it, whether the command succeeds, fails or is
# killed, so there is never anything to unmount and `rm -rf ROOTFS` can never reach the host.
in_chroot() {
  local r=$1
  shift
  AK_UV_CACHE=${chroot_uv_cache:-} unshare --mount --propagation private -- bash -euc '
    r=$1; shift
    mount -t proc proc "$r/proc"
    mount -t tmpfs -o mode=0755,size=1m tmpfs "$r/dev"
    for n in null zero full random urandom tty; do
      : >"$r/dev/$n"
      mount --bind "/dev/$n" "$r/dev/$n"
    done
    if [ -n "$AK_UV_CACHE" ]; then
      mkdir -p "$r/tmp/uv-cache"
      mount --bind "$AK_UV_CACHE" "$r/tmp/uv-cache"
    fi
    exec chroot "$r" /usr/bin/env -i PATH="$0" HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
  ' "$chroot_path" "$r" "$@"
}

# quiet LOG CMD...: run CMD with its output in LOG; show the log only when it fails.
quiet() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "failed: $* (full log: $log)" >&2
    return 1
  fi
}

# debootstrap_rootfs DIR SUITE [PKG...]: a Debian SUITE minbase rootfs in DIR (dpkg, apt, bash,
# coreutils, dash, ...) with PKG... and SUITE-updates and SUITE-security applied (1-3 min).
# debootstrap mounts /proc and /sys inside the target itself: a private mount namespace makes
# sure none of that outlives it.
debootstrap_rootfs() {
  local r=$1 s=$2
  shift 2
  mkdir -p "$r"
  quiet "$work/debootstrap.log" unshare --mount --propagation private -- \
    debootstrap --variant=minbase ${1:+--include="$(IFS=,; echo "$*")"} "$s" "$r" "$mirror"
  cat >"$r/etc/apt/sources.list" <<SOURCES
deb $mirror $s main
deb $mirror $s-updates main
deb $security_mirror $s-security main
SOURCES
  apt_update "$r"
  quiet "$work/apt.log" in_chroot "$r" apt-get -y upgrade
  quiet "$work/apt.log" in_chroot "$r" apt-get clean
}

# apt_update ROOTFS: make ROOTFS ready for apt-get and fetch the package lists. A policy-rc.d
# keeps the packages' services from starting; the host's resolv.conf lets apt reach the mirror.
# Both are removed again by finish_rootfs, the lists too.
apt_update() {
  local r=$1
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
  chmod 0755 "$r/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  quiet "$work/apt.log" in_chroot "$r" apt-get update
}

# apt_install ROOTFS PKG...: install Debian packages (no recommends) into ROOTFS.
apt_install() {
  local r=$1
  shift
  apt_update "$r"
  quiet "$work/apt.log" in_chroot "$r" apt-get install -y --no-install-recommends "$@"
  quiet "$work/apt.log" in_chroot "$r" apt-get clean
}

# finish_rootfs ROOTFS: drop what an image does not need (apt lists and caches, docs but their
# copyright files, man pages, logs, temporary files, build helpers) and host details.
finish_rootfs() {
  local r=$1
  rm -f "$r/usr/sbin/policy-rc.d"
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* "$r"/var/cache/debconf/*-old \
    "$r"/var/lib/dpkg/*-old "$r"/var/log/* "$r"/tmp/* "$r"/var/tmp/* "$r"/root/.cache \
    "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/lintian
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  mkdir -p "$r/var/lib/apt/lists/partial" "$r/var/cache/apt/archives/partial"
  find "$r/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete
  # The runtime provides /dev, /etc/resolv.conf, /etc/hosts and /etc/hostname.
  rm -rf "${r:?}"/dev/*
  : >"$r/etc/resolv.conf"
  echo localhost >"$r/etc/hostname"
  chmod 0644 "$r/etc/resolv.conf" "$r/etc/hostname"
  [ ! -e "$r/etc/machine-id" ] || : >"$r/etc/machine-id"
}

# extract LAYER DIR: unpack a layer tar made by pack.py (numeric owners, modes kept).
extract() {
  mkdir -p "$2"
  tar -xpf "$1" -C "$2" --numeric-owner
}

# base_rootfs LAYER: the base layer unpacked once per run at $work/base-ref (pack.py diffs the
# images' rootfs against it; it is never modified).
base_rootfs() {
  [ -d "$work/base-ref" ] || extract "$1" "$work/base-ref"
}
