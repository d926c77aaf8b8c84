# shellcheck shell=bash disable=SC2034,SC2154  # globals shared with tools/node-images.sh, which sources this
# PostgreSQL 15 and Redis 7 from Debian bookworm (sourced by tools/node-images.sh, not run):
# one rootfs (base + both packages), one layer, two image configs. The chart's own defaults
# (postgres:16, redis 7.4) are upstream images that cannot be pulled here. PgBouncer: pgbouncer.sh.
# Users: the chart runs both as 999:999 (the official images' ids). initdb and postgres need a
# passwd entry for their uid, so postgres is made 999:999 before the packages are installed;
# Redis needs none, and runs as that same uid.

data_files=("$images_dir/data.sh" "$images_dir/postgres-entrypoint.sh")
data_pkgs=(postgresql-15 redis-server)

# build_data_images BASE_LAYER COMPONENT|REF|OUT...
build_data_images() {
  local layer=$1 r="$work/data" spec component ref out
  shift
  base_rootfs "$layer"
  extract "$layer" "$r"
  echo "postgres:x:999:999:PostgreSQL administrator:/var/lib/postgresql:/bin/bash" >>"$r/etc/passwd"
  echo "postgres:*:19723:0:99999:7:::" >>"$r/etc/shadow"
  echo "postgres:x:999:" >>"$r/etc/group"
  echo "postgres:!::" >>"$r/etc/gshadow"
  # No cluster from the package: the entrypoint runs initdb in PGDATA on the first start.
  mkdir -p "$r/etc/postgresql-common/createcluster.d"
  echo "create_main_cluster = false" >"$r/etc/postgresql-common/createcluster.d/airkube.conf"
  apt_install "$r" "${data_pkgs[@]}"
  # ssl-cert made a "snakeoil" key pair at install: one private key shared by every container
  # is worse than none, and nothing here uses it.
  rm -f "$r/etc/ssl/private/ssl-cert-snakeoil.key" "$r/etc/ssl/certs/ssl-cert-snakeoil.pem"
  # PostgreSQL's JIT (llvmjit.so, its bitcode, libLLVM and the libz3 only libLLVM uses, ~140 MB):
  # without it the server simply runs without JIT (pg_jit_available() is false). The locale
  # sources only serve localedef; the images use the built-in C.UTF-8.
  rm -rf "$r"/usr/lib/postgresql/15/lib/llvmjit* "$r/usr/lib/postgresql/15/lib/bitcode" \
    "$r"/usr/lib/x86_64-linux-gnu/libLLVM-*.so* "$r"/usr/lib/x86_64-linux-gnu/libz3.so* \
    "$r/usr/share/i18n/locales" "$r/usr/share/i18n/charmaps"
  # ...and prove that nothing the images run lost a library by it.
  quiet "$work/ldd.log" in_chroot "$r" sh -c 'for f in /usr/lib/postgresql/15/bin/* /usr/lib/postgresql/15/lib/*.so \
    /usr/bin/redis-server /usr/bin/redis-cli; do
      ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done | { ! grep .; }'
  # Mount points the chart uses, usable without a volume too.
  install -d -o 999 -g 999 -m 2775 "$r/run/postgresql"
  install -d -o 999 -g 999 -m 0700 "$r/var/lib/postgresql/data"
  install -d -o 999 -g 999 -m 0770 "$r/data"
  mkdir -p "$r/docker-entrypoint-initdb.d"
  install -m 0755 "$images_dir/postgres-entrypoint.sh" "$r/usr/local/bin/postgres-entrypoint.sh"
  finish_rootfs "$r"
  quiet "$work/pack.log" python3 "$images_dir/pack.py" layer "$r" "$work/data.layer.tar" --base "$work/base-ref"

  for spec in "$@"; do
    IFS='|' read -r component ref out <<<"$spec"
    local args=(image "$out" --ref "$ref" --layer "$layer" --layer "$work/data.layer.tar" --env LANG=C.UTF-8)
    case $component in
      postgresql)
        # psql and pg_isready straight from the server's bin directory: Debian's /usr/bin
        # wrappers look for clusters under /etc/postgresql, which this image does not use.
        args+=(--entrypoint '["/usr/local/bin/postgres-entrypoint.sh"]' --cmd '["postgres"]' --user 999:999
          --env "PATH=/usr/lib/postgresql/15/bin:$chroot_path" --env PGDATA=/var/lib/postgresql/data
          --port 5432/tcp --stop-signal SIGINT
          --label "org.opencontainers.image.description=Debian $suite postgresql-15 with an entrypoint like the official postgres image's, built by airkube tools/node-images.sh") ;;
      redis)
        args+=(--cmd '["redis-server"]' --user 999:999 --workdir /data --env "PATH=$chroot_path" --port 6379/tcp
          --label "org.opencontainers.image.description=Debian $suite redis-server, built by airkube tools/node-images.sh") ;;
      *) echo "data.sh: no image for $component" >&2; return 1 ;;
    esac
    quiet "$work/pack.log" python3 "$images_dir/pack.py" "${args[@]}"
  done
  rm -rf "$r"
}
