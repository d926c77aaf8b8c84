#!/bin/bash
# Entrypoint of airkube.local/postgresql:15-bookworm (Debian's postgresql-15).
# Honours what chart/templates/postgresql/statefulset.yaml expects of the official postgres image:
#   - PGDATA (created, mode 0700 on every start: fsGroup may have widened it), POSTGRES_USER
#     (default postgres), POSTGRES_PASSWORD (required), POSTGRES_DB (created when not postgres),
#     POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256);
#   - on the first start only (no PG_VERSION yet): initdb with that superuser and password, a
#     server on the unix socket alone while /docker-entrypoint-initdb.d/*.sh (run if executable,
#     else sourced) and *.sql (psql) run, then stopped;
#   - then `postgres` in the foreground, listening on every address: local connections trusted,
#     remote ones with a password (a `host all all all scram-sha-256` line in pg_hba.conf).
# Any other command runs as given.
set -Eeuo pipefail
shopt -s nullglob

if [ "${1:0:1}" = - ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi

: "${PGDATA:?PGDATA is not set}"
POSTGRES_USER=${POSTGRES_USER:-postgres}
mkdir -p "$PGDATA"
chmod 0700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres-entrypoint: POSTGRES_PASSWORD is empty: the database is not initialised" >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments, as in the official image
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-}
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"

  # A private server for the init scripts: unix socket only, nothing reachable from outside.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  export PGPASSWORD=$POSTGRES_PASSWORD PGUSER=$POSTGRES_USER
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -d postgres -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh)
        echo "postgres-entrypoint: running $f"
        # shellcheck disable=SC1090 # the chart's (or the user's) script, known only at run time
        if [ -x "$f" ]; then "$f"; else . "$f"; fi
        ;;
      *.sql)
        echo "postgres-entrypoint: running $f"
        psql -v ON_ERROR_STOP=1 -d "${POSTGRES_DB:-postgres}" -f "$f"
        ;;
      *) echo "postgres-entrypoint: ignoring $f" ;;
    esac
  done
  unset PGPASSWORD PGUSER
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "postgres-entrypoint: initialised $PGDATA; starting the server"
fi
exec "$@"
