# shellcheck shell=bash disable=SC2034,SC2154  # globals shared with tools/node-images.sh, which sources this
# PgBouncer from Debian trixie (1.24; sourced by tools/node-images.sh, not run), in its own
# one-layer rootfs: bookworm's PgBouncer 1.18 refuses the chart's `max_prepared_statements`
# (prepared statements in transaction pool mode need PgBouncer >= 1.21), and bookworm-backports
# has none. The chart runs `pgbouncer -u nobody /etc/pgbouncer/pgbouncer.ini` as nobody (65534,
# in Debian's passwd) with a read-only root and the config mounted at /etc/pgbouncer.

pgbouncer_suite=trixie
pgbouncer_files=("$images_dir/pgbouncer.sh")

# build_pgbouncer_image OUT REF
build_pgbouncer_image() {
  local out=$1 ref=$2 r="$work/pgbouncer"
  debootstrap_rootfs "$r" "$pgbouncer_suite" ca-certificates
  quiet "$work/apt.log" in_chroot "$r" apt-get install -y --no-install-recommends pgbouncer
  quiet "$work/apt.log" in_chroot "$r" apt-get clean
  finish_rootfs "$r"
  quiet "$work/pack.log" python3 "$images_dir/pack.py" layer "$r" "$work/pgbouncer.layer.tar"
  quiet "$work/pack.log" python3 "$images_dir/pack.py" image "$out" --ref "$ref" --layer "$work/pgbouncer.layer.tar" \
    --cmd '["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]' --user 65534:65534 --env "PATH=$chroot_path" \
    --env LANG=C.UTF-8 --port 6432/tcp \
    --label "org.opencontainers.image.description=Debian $pgbouncer_suite pgbouncer, built by airkube tools/node-images.sh"
  rm -rf "$r"
}
