#!/usr/bin/env bash
# Smoke test of the node's images: bash tools/node/images/smoke.sh
#
# Starts a private containerd (config version 2, overlayfs, runc, CRI with
# restrict_oom_score_adj) with its socket, root and state in a temporary directory, imports the
# images with `tools/node-images.sh import`, and runs what the chart runs in each, with ctr:
# every container gets its own empty network namespace (ctr's default: loopback only); the
# database, PgBouncer, Redis and Airflow containers share the PostgreSQL container's one, so they
# talk over its loopback and nothing else. The pgbouncer.ini and the init script are the ones
# the chart renders (helm template). At the end (also on failure) it removes its containers,
# stops its containerd by PID and deletes the directory once nothing is mounted under it.
# runc's state and ctr's FIFOs go to the directory too (--runc-root, --fifo-dir); only the shims'
# sockets cannot: containerd 1.6 always puts them in /run/containerd/s, and they go with the shims.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
helm="$root/.tools/bin/helm"
py="$root/.venv/bin/python"
[ -x "$helm" ] && [ -x "$py" ] || { echo "needs helm and the venv: make install" >&2; exit 1; }
for b in containerd ctr runc containerd-shim-runc-v2; do
  command -v "$b" >/dev/null || { echo "$b is missing: make debs" >&2; exit 1; }
done

d=$(mktemp -d /tmp/airkube-smoke.XXXXXX)
sock="$d/containerd.sock"
ns=k8s.io
had_run_containerd=""
[ ! -e /run/containerd ] || had_run_containerd=1
cat >"$d/config.toml" <<EOF
version = 2
root = "$d/root"
state = "$d/state"
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$d/opt"
[plugins."io.containerd.grpc.v1.cri"]
  restrict_oom_score_adj = true
  sandbox_image = "airkube.local/pause:3.10"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$d/cni/bin"
    conf_dir = "$d/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
EOF
containerd --config "$d/config.toml" >"$d/containerd.log" 2>&1 &
containerd_pid=$!

c() { ctr --address "$sock" -n "$ns" "$@"; }
cleanup() {
  local rc=$? id
  set +e
  for id in $(c tasks ls -q 2>/dev/null); do c tasks kill -s SIGKILL "$id" >/dev/null 2>&1; done
  sleep 1
  for id in $(c containers ls -q 2>/dev/null); do
    c tasks delete -f "$id" >/dev/null 2>&1
    c containers delete "$id" >/dev/null 2>&1
  done
  kill "$containerd_pid" 2>/dev/null
  wait "$containerd_pid" 2>/dev/null
  if findmnt -rn -o TARGET | grep -q "^$d"; then
    echo "mounts are left under $d, not deleting it:" >&2
    findmnt -rn -o TARGET | grep "^$d" >&2
    exit 1
  fi
  [ "$rc" -eq 0 ] || { echo "--- containerd log (last lines)"; tail -n 20 "$d/containerd.log"; } >&2
  rm -rf "$d"
  [ -n "$had_run_containerd" ] || rmdir /run/containerd/s /run/containerd 2>/dev/null
  exit "$rc"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.2; done
[ -S "$sock" ] || { echo "containerd did not start" >&2; exit 1; }
echo "==> containerd $(containerd --version | awk '{print $3}') on $sock (pid $containerd_pid)"

start=$SECONDS
bash "$root/tools/node-images.sh" import --address "$sock"
echo "==> import: $((SECONDS - start))s"
start=$SECONDS
again=$(bash "$root/tools/node-images.sh" import --address "$sock" | grep -c 'already in containerd' || true)
echo "==> import again: $again of 8 images already there (same digest), $((SECONDS - start))s"
[ "$again" -eq 8 ] || { echo "the second import did not skip every image" >&2; exit 1; }

fails=0
# check NAME EXPECTED-REGEX CMD...: CMD must succeed and its output match.
check() {
  local name=$1 want=$2 out t=$SECONDS
  shift 2
  if out=$("$@" 2>&1) && grep -Eq -- "$want" <<<"$out"; then
    echo "    ok   $name ($((SECONDS - t))s): $(tail -n 1 <<<"$out" | cut -c1-120)"
  else
    echo "    FAIL $name: expected /$want/, got:"
    tail -n 30 <<<"$out" | sed 's/^/        /'
    fails=$((fails + 1))
  fi
}
# run IMAGE [ctr run options...] -- CMD...: a throwaway container.
run() {
  local image=$1 opts=()
  shift
  while [ "$1" != -- ]; do opts+=("$1"); shift; done
  shift
  c run --rm --fifo-dir "$d/fifo" --runc-root "$d/runc" "${opts[@]}" "$image" "smoke-$RANDOM$RANDOM" "$@"
}
# start NAME IMAGE [ctr run options...] -- CMD...: a detached container; its output in $d/NAME.out.
start() {
  local name=$1 image=$2 opts=()
  shift 2
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  [ $# -eq 0 ] || shift
  c run -d --fifo-dir "$d/fifo" --runc-root "$d/runc" --log-uri "file://$d/$name.out" "${opts[@]}" "$image" "$name" "$@"
}
stop() { c tasks kill -s SIGKILL "$1" >/dev/null; sleep 1; c tasks delete "$1" >/dev/null; c containers delete "$1"; }
task_pid() { c tasks ls | awk -v id="$1" '$1 == id {print $2}'; }
# check_until SECONDS NAME EXPECTED-REGEX CMD...: check, retried until it passes or time is up.
check_until() {
  local until=$((SECONDS + $1)) name=$2 want=$3 out t=$SECONDS
  shift 3
  until out=$("$@" 2>&1) && grep -Eq -- "$want" <<<"$out"; do
    if [ "$SECONDS" -ge "$until" ]; then
      echo "    FAIL $name: expected /$want/ within $((SECONDS - t))s, got:"
      tail -n 30 <<<"$out" | sed 's/^/        /'
      fails=$((fails + 1))
      return 1
    fi
    sleep 2
  done
  echo "    ok   $name ($((SECONDS - t))s): $(tail -n 1 <<<"$out" | cut -c1-120)"
}

echo "==> airkube.local/debian:bookworm (toolbox: the DAG loader and local-path helper pods)"
check "sh, mkdir, cp, chmod, rm as root" '^0$' run airkube.local/debian:bookworm -- \
  sh -c 'mkdir -p /tmp/a/b && echo x >/tmp/a/b/f && cp /tmp/a/b/f /tmp/a/g && chmod -R 0777 /tmp/a && rm -rf /tmp/a && id -u'
check "no network but loopback" '^lo$' run airkube.local/debian:bookworm -- ls /sys/class/net

for v in 3.3.2 2.10.4; do
  img=airkube.local/airflow:$v-python3.11
  echo "==> $img"
  check "entrypoint: \`version\` gets airflow in front" "^$v\$" run "$img" -- /usr/bin/tini -- /entrypoint version
  check "cold \`airflow version\` as 50000:0 takes < 10 s" '^took [0-9]s$' run "$img" -- \
    bash -c 's=$(date +%s); airflow version >/dev/null; echo "took $(( $(date +%s) - s ))s"'
  check "user, HOME, AIRFLOW_HOME, WORKDIR, commands on PATH" '^50000 0 /home/airflow /opt/airflow /opt/airflow 5$' run "$img" -- \
    bash -c 'touch dags/x logs/x $HOME/x && echo $(id -u) $(id -g) $HOME $AIRFLOW_HOME $PWD $(command -v airflow python bash celery pip | wc -l)'
  check "python -c import cncf.kubernetes, psycopg2, celery, redis, statsd" '^ok$' run "$img" -- \
    python -c 'import airflow.providers.cncf.kubernetes, psycopg2, celery, redis, statsd; print("ok")'
  check "pip and celery run" '^celery ' run "$img" -- bash -c 'pip --version && celery --version | sed "s/^/celery /"'
  check "read-only root: python -c (simple-auth init container, create-secrets Job, helm test)" '^ok$' \
    run "$img" --read-only -- python -c "import json, secrets, ssl, sys, time, urllib.request; print('ok')"
done

echo "==> airkube.local/statsd-exporter:v0.28.0, airkube.local/pause:3.10"
check "statsd_exporter --version" 'version 0\.28\.0' run airkube.local/statsd-exporter:v0.28.0 -- /bin/statsd_exporter --version
start smoke-pause airkube.local/pause:3.10
sleep 2
check "pause keeps running" 'smoke-pause +[0-9]+ +RUNNING' c tasks ls
stop smoke-pause

pgbouncer=airkube.local/pgbouncer:1.24-trixie
echo "==> airkube.local/postgresql:15-bookworm, $pgbouncer, redis:7-bookworm (the chart's own config)"
# The chart's init script and pgbouncer.ini (its host is the PostgreSQL Service: here 127.0.0.1).
"$helm" template t "$root/chart" --set pgbouncer.enabled=true,executor=CeleryExecutor >"$d/chart.yaml"
mkdir -p "$d/initdb" "$d/pgbouncer" "$d/redis" "$d/pgdata" "$d/pgrun" "$d/pgbouncer-tmp"
"$py" - "$d" <<'EOF'
import base64, sys, yaml
d = sys.argv[1]
for doc in yaml.safe_load_all(open(f"{d}/chart.yaml")):
    if not doc:
        continue
    name = doc["metadata"]["name"]
    if doc["kind"] == "ConfigMap" and name == "t-postgresql-init":
        open(f"{d}/initdb/init-app.sh", "w").write(doc["data"]["init-app.sh"])
    if doc["kind"] == "Secret" and name == "t-pgbouncer-config":
        ini = base64.b64decode(doc["data"]["pgbouncer.ini"]).decode().replace("host=t-postgresql", "host=127.0.0.1")
        open(f"{d}/pgbouncer/pgbouncer.ini", "w").write(ini)
        open(f"{d}/pgbouncer/users.txt", "wb").write(base64.b64decode(doc["data"]["users.txt"]))
EOF
grep -q 'host=127.0.0.1' "$d/pgbouncer/pgbouncer.ini" && [ -s "$d/initdb/init-app.sh" ]
chmod 0644 "$d"/initdb/* "$d"/pgbouncer/*
chown 999:999 "$d/redis"
# The chart's volumes: PostgreSQL's data volume with fsGroup 999, emptyDirs for the sockets of
# PostgreSQL (/var/run/postgresql) and PgBouncer (/tmp).
chown 0:999 "$d/pgdata"; chmod 2775 "$d/pgdata"; chmod 0777 "$d/pgrun" "$d/pgbouncer-tmp"

start smoke-postgresql airkube.local/postgresql:15-bookworm --env PGDATA=/var/lib/postgresql/data/pgdata \
  --env POSTGRES_USER=postgres --env POSTGRES_PASSWORD=smoke-postgres --env APP_USER=airflow --env APP_PASSWORD=airflow \
  --env APP_DB=airflow --mount "type=bind,src=$d/initdb,dst=/docker-entrypoint-initdb.d,options=rbind:ro" \
  --mount "type=bind,src=$d/pgdata,dst=/var/lib/postgresql/data,options=rbind:rw" \
  --mount "type=bind,src=$d/pgrun,dst=/var/run/postgresql,options=rbind:rw"
probe() { c tasks exec --fifo-dir "$d/fifo" --exec-id "probe-$RANDOM$RANDOM" "$1" sh -c "$2"; }
check_until 90 "initialised, then ready (the chart's pg_isready probe)" 'accepting connections' \
  probe smoke-postgresql "pg_isready -U postgres -h 127.0.0.1" || { tail -n 30 "$d/smoke-postgresql.out"; exit 1; }
net="network:/proc/$(task_pid smoke-postgresql)/ns/net"
check "init-app.sh made Airflow's role and database" '^airflow\|airflow$' \
  probe smoke-postgresql "psql -U postgres -At -c \"select datname, pg_get_userbyid(datdba) from pg_database where datname = 'airflow'\""
check "listens on every address, passwords (scram) for remote clients" "^\\*.*host all all all scram-sha-256\$" \
  probe smoke-postgresql "psql -U postgres -At -c 'show listen_addresses' | tr '\n' ' '; tail -n 1 \$PGDATA/pg_hba.conf"
probe smoke-postgresql "psql -U postgres -c 'CREATE DATABASE airflow2 OWNER airflow'" >/dev/null
printf 't-airflow2 = host=127.0.0.1 port=5432 dbname=airflow2 pool_size=5\n' >"$d/pgbouncer/extra"
sed -i "/^\[databases\]/r $d/pgbouncer/extra" "$d/pgbouncer/pgbouncer.ini"

start smoke-pgbouncer "$pgbouncer" --with-ns "$net" --read-only \
  --mount "type=bind,src=$d/pgbouncer,dst=/etc/pgbouncer,options=rbind:ro" \
  --mount "type=bind,src=$d/pgbouncer-tmp,dst=/tmp,options=rbind:rw" -- \
  pgbouncer -u nobody /etc/pgbouncer/pgbouncer.ini
start smoke-redis airkube.local/redis:7-bookworm --with-ns "$net" --read-only --env REDIS_PASSWORD=smoke-redis \
  --mount "type=bind,src=$d/redis,dst=/data,options=rbind:rw" -- \
  sh -c 'exec redis-server --requirepass "$REDIS_PASSWORD" --dir /data'
# Airflow 3 (psycopg 3) needs max_prepared_statements, PgBouncer >= 1.21.
check "pgbouncer --version >= 1.21" '>= 1\.21$' run "$pgbouncer" -- sh -c \
  'v=$(pgbouncer --version | sed -n "s/^PgBouncer \([0-9.]*\).*/\1/p"); printf "1.21\n%s\n" "$v" | sort -V -C && echo "PgBouncer $v >= 1.21"'
# A PgBouncer without the key refuses it and exits at once; this one must still run after 3 s.
# Its own network namespace (loopback only), listening on 127.0.0.1, no unix socket.
mkdir -p "$d/pgbouncer-min"
printf '[databases]\n* = host=127.0.0.1\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = 6432\nunix_socket_dir =\nauth_type = trust\nauth_file = /etc/pgbouncer/users.txt\nmax_prepared_statements = 100\n' \
  >"$d/pgbouncer-min/pgbouncer.ini"
: >"$d/pgbouncer-min/users.txt"
chmod 0644 "$d"/pgbouncer-min/*
check "pgbouncer accepts max_prepared_statements = 100 (minimal ini, up until timeout kills it)" '^timeout: 124$' \
  run "$pgbouncer" --read-only --mount "type=bind,src=$d/pgbouncer-min,dst=/etc/pgbouncer,options=rbind:ro" -- \
  sh -c 'timeout 3 pgbouncer /etc/pgbouncer/pgbouncer.ini; echo "timeout: $?"'
check_until 30 "pgbouncer serves (read-only root, -u nobody as 65534)" '^1$' \
  probe smoke-postgresql "PGPASSWORD=airflow psql -h 127.0.0.1 -p 6543 -U airflow -d t-metadata -At -c 'select 1'" \
  || tail -n 20 "$d/smoke-pgbouncer.out"
# Airflow 3's driver: psycopg 3 names its prepared statements alike on every connection (here
# prepared at once), so two clients taking turns on one server connection collide unless
# PgBouncer tracks them ("prepared statement _pg3_0 already exists" with max_prepared_statements 0).
check "psycopg 3 prepared statements through the chart's PgBouncer (transaction pooling)" '^ok$' \
  run airkube.local/airflow:3.3.2-python3.11 --with-ns "$net" -- python -c '
import psycopg
cs = [psycopg.connect("postgresql://airflow:airflow@127.0.0.1:6543/t-metadata", prepare_threshold=0) for _ in range(2)]
for i in range(5):
    for c in cs:
        assert c.execute("select %s::int", (i,)).fetchone()[0] == i
        c.commit()
print("ok")'
check_until 30 "redis (read-only root): the chart's readiness probe" '^ok$' probe smoke-redis \
  'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG && echo ok' || tail -n 20 "$d/smoke-redis.out"

# Airflow against PostgreSQL through PgBouncer, as the chart wires it.
for v in 3.3.2 2.10.4; do
  img=airkube.local/airflow:$v-python3.11
  db="t-metadata"; [ "$v" = 3.3.2 ] || db="t-airflow2"
  conn="postgresql://airflow:airflow@127.0.0.1:6543/$db"
  env=(--with-ns "$net" --env "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=$conn" --env AIRFLOW__CORE__LOAD_EXAMPLES=False
    --env "AIRFLOW__CORE__FERNET_KEY=$(printf '%032d' 0 | base64)" --env AIRFLOW__CORE__EXECUTOR=CeleryExecutor
    --env "AIRFLOW__CELERY__BROKER_URL=redis://:smoke-redis@127.0.0.1:6379/0"
    --env "AIRFLOW__CELERY__RESULT_BACKEND=db+$conn")
  echo "==> $img against PostgreSQL via PgBouncer"
  check "airflow db check && airflow db migrate (the migration Job)" 'migration done|migrating done' run "$img" "${env[@]}" -- \
    /usr/bin/tini -- /entrypoint bash -c 'airflow db check --retry 5 --retry-delay 2 && exec airflow db migrate'
  check "airflow db check && airflow db check-migrations (every pod's init container)" '' run "$img" "${env[@]}" -- \
    bash -c 'airflow db check --retry 5 --retry-delay 2 && exec airflow db check-migrations --migration-wait-timeout=60'
  check "airflow jobs check (the liveness probe; no scheduler here: 'No alive jobs', exit 1)" '^exit 1$' run "$img" "${env[@]}" -- \
    bash -c 'airflow jobs check --job-type SchedulerJob --local 2>&1 | grep "No alive jobs found"; echo "exit ${PIPESTATUS[0]}"'
  if [ "$v" = 2.10.4 ]; then
    check "airflow users create (the create-user Job)" 'created' run "$img" "${env[@]}" --env USER_NAME=admin --env USER_PASSWORD=admin -- \
      bash -c 'exec airflow users create --username "$USER_NAME" --role Admin --email a@example.com --firstname a --lastname b --password "$USER_PASSWORD"'
  fi
  # A Celery worker, then the chart's liveness probe of the worker pods.
  start "smoke-worker-${v//./-}" "$img" "${env[@]}" -- /usr/bin/tini -- /entrypoint airflow celery worker
  check_until 180 "airflow celery worker answers the chart's liveness probe (celery inspect ping)" 'pong' \
    probe "smoke-worker-${v//./-}" 'celery --app airflow.providers.celery.executors.celery_executor.app inspect ping -d celery@$(hostname)' \
    || tail -n 30 "$d/smoke-worker-${v//./-}.out"
  stop "smoke-worker-${v//./-}"
done

echo "==> $fails failed"
[ "$fails" -eq 0 ]
