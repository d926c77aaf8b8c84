# shellcheck shell=bash disable=SC2034,SC2154  # globals shared with tools/node-images.sh, which sources this
# PgBouncer from Debian trixie (1.24; sourced by tools/node-images.sh, not run): bookworm's 1.18
# refuses the chart's `max_prepared_statements`, which Airflow 3's psycopg 3 needs in transaction
# pooling (its named prepared statements collide: "prepared statement _pg3_0 already exists"),
# and bookworm-backports has none. Built on base.sh's base layer debootstrapped from trixie
# (cached and keyed like bookworm's) plus one layer with the package.
# As in the bookworm image: the package's /etc/pgbouncer (the chart mounts its config there),
# postgres as 999:999 owning /run/postgresql (Debian's pgbouncer.ini keeps its pid file there),
# no systemd. The chart runs `pgbouncer -u nobody /etc/pgbouncer/pgbouncer.ini` as nobody
# (65534) with a read-only root.

pgbouncer_suite=trixie
pgbouncer_files=("$images_dir/pgbouncer.sh")

# build_pgbouncer_image BASE_LAYER OUT REF: REF's tag starts with the packaged version
# (1.24-trixie for 1.24.x), checked here so the name cannot go stale.
build_pgbouncer_image() {
  local layer=$1 out=$2 ref=$3 r="$work/pgbouncer" base="$work/pgbouncer-base" tag version
  extract "$layer" "$base"
  extract "$layer" "$r"
  # Before the package: postgresql-common (a dependency) would take the next free system uid.
  echo "postgres:x:999:999:PostgreSQL administrator:/var/lib/postgresql:/bin/bash" >>"$r/etc/passwd"
  echo "postgres:*:19723:0:99999:7:::" >>"$r/etc/shadow"
  echo "postgres:x:999:" >>"$r/etc/group"
  echo "postgres:!::" >>"$r/etc/gshadow"
  apt_install "$r" pgbouncer
  tag=${ref##*:}
  version=$(in_chroot "$r" dpkg-query -W -f '${Version}' pgbouncer)
  [[ $version == "${tag%%-*}".* ]] || { echo "pgbouncer.sh: $pgbouncer_suite has pgbouncer $version, not what $ref says" >&2; return 1; }
  # ssl-cert (via postgresql-common) made a "snakeoil" key pair: one private key shared by
  # every container is worse than none, and nothing here uses it.
  rm -f "$r/etc/ssl/private/ssl-cert-snakeoil.key" "$r/etc/ssl/certs/ssl-cert-snakeoil.pem"
  install -d -o 999 -g 999 -m 2775 "$r/run/postgresql"
  finish_rootfs "$r"
  quiet "$work/pack.log" python3 "$images_dir/pack.py" layer "$r" "$work/pgbouncer.layer.tar" --base "$base"
  quiet "$work/pack.log" python3 "$images_dir/pack.py" image "$out" --ref "$ref" --layer "$layer" \
    --layer "$work/pgbouncer.layer.tar" \
    --cmd '["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]' --user 65534:65534 --env "PATH=$chroot_path" \
    --env LANG=C.UTF-8 --port 6432/tcp \
    --label "org.opencontainers.image.description=Debian $pgbouncer_suite pgbouncer $version, built by airkube tools/node-images.sh"
  rm -rf "$r" "$base"
}
