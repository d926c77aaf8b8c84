# shellcheck shell=bash disable=SC2034,SC2154  # globals shared with tools/node-images.sh, which sources this
# The base rootfs of every Debian image (sourced by tools/node-images.sh, not run):
# `debootstrap --variant=minbase` (dpkg, apt, bash, coreutils, dash, ...) plus the packages
# below, with bookworm-updates and bookworm-security applied. Cached as a layer tar; every
# Debian image starts from that same layer (byte-identical, so containerd stores it once).
# Also the image airkube.local/debian:bookworm itself (the node's "toolbox": the DAG loader pod
# and local-path-provisioner's helper pods run sh/cp/chmod/mkdir/rm in it).

# ca-certificates: TLS clients in the images; procps: ps/pkill for probes and debugging;
# tini: a real PID 1 (signals forwarded, zombies reaped) for the Airflow images.
base_pkgs=(ca-certificates procps tini)

# build_base_layer OUT: debootstrap (~1-3 min) and apt upgrade, then pack the rootfs.
build_base_layer() {
  local out=$1 r="$work/base"
  debootstrap_rootfs "$r" "$suite" "${base_pkgs[@]}"
  finish_rootfs "$r"
  quiet "$work/pack.log" python3 "$images_dir/pack.py" layer "$r" "$out"
}

# build_debian_image LAYER OUT REF: the toolbox image, the base layer alone.
build_debian_image() {
  quiet "$work/pack.log" python3 "$images_dir/pack.py" image "$2" --ref "$3" --layer "$1" \
    --cmd '["bash"]' --env "PATH=$chroot_path" --env LANG=C.UTF-8 \
    --label "org.opencontainers.image.description=Debian $suite minbase built by airkube tools/node-images.sh"
}
