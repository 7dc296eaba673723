#!/usr/bin/env bash
# The several-machine layout on one machine (docs/DEPLOY.md): HAProxy with sticky sessions in front of two
# app replicas, PostgreSQL, two render workers (Huey), one shared data folder.
#
#   scripts/cluster.sh start     # prints the address; state and logs in $CLUSTER_DIR
#   scripts/cluster.sh stop
#   scripts/cluster.sh kill-replica app1|app2    # what the CI test does to prove fail-over
#
# Environment: CLUSTER_DIR (default /tmp/binhdan-cluster), PORT (proxy, default 8600), BINHDAN_DATABASE_URL
# (PostgreSQL; if unset a local server is initialised in $CLUSTER_DIR/pg on port $PGPORT, default 55440),
# BINHDAN_DATA_DIR (the shared data folder, default $CLUSTER_DIR/data), BINHDAN_REDIS_URL (optional queue
# storage; default Huey's SQLite file in the shared data folder), PYTHON (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CLUSTER_DIR=${CLUSTER_DIR:-/tmp/binhdan-cluster}
PORT=${PORT:-8600}
APP_PORTS=(${APP_PORTS:-8601 8602})
PGPORT=${PGPORT:-55440}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=$(command -v python3)
mkdir -p "$CLUSTER_DIR/logs" "$CLUSTER_DIR/pids"
export BINHDAN_DATA_DIR=${BINHDAN_DATA_DIR:-$CLUSTER_DIR/data}
mkdir -p "$BINHDAN_DATA_DIR"
export BINHDAN_EXTERNAL_WORKERS=1   # replicas never render: the workers do
export PYTHONPATH=$ROOT${PYTHONPATH:+:$PYTHONPATH}

start_postgres() {
  [ -n "${BINHDAN_DATABASE_URL:-}" ] && return
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$PGBIN" ] || { echo "Cần PostgreSQL (apt-get install postgresql) hoặc BINHDAN_DATABASE_URL" >&2; exit 2; }
  RUNAS=(); [ "$(id -u)" = 0 ] && RUNAS=(runuser -u postgres --)
  if [ ! -d "$CLUSTER_DIR/pg/data" ]; then
    mkdir -p "$CLUSTER_DIR/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$CLUSTER_DIR/pg"
    "${RUNAS[@]}" "$PGBIN/initdb" -D "$CLUSTER_DIR/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  fi
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$CLUSTER_DIR/pg/data" -l "$CLUSTER_DIR/pg/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $CLUSTER_DIR/pg" start >/dev/null
  export BINHDAN_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
  echo "$BINHDAN_DATABASE_URL" > "$CLUSTER_DIR/database_url"
}

spawn() {  # name, command...
  local name=$1; shift
  setsid "$@" >"$CLUSTER_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$CLUSTER_DIR/pids/$name"
}

wait_http() {  # url
  for _ in $(seq 240); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "Không khởi động được: $1" >&2; return 1
}

write_haproxy_cfg() {
  local servers="" i=1
  for p in "${APP_PORTS[@]}"; do
    servers+="  server app$i 127.0.0.1:$p check cookie app$i"$'\n'; i=$((i + 1))
  done
  cat > "$CLUSTER_DIR/haproxy.cfg" <<EOF
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 1h
  timeout server 1h
  timeout tunnel 1h
  option forwardfor
frontend web
  bind 127.0.0.1:$PORT
  default_backend app
backend app
  balance leastconn
  # Streamlit keeps each tab's session in one process: the cookie pins a browser to its replica;
  # if that replica dies the browser is sent to another one (redispatch) and logs in again.
  cookie BINHDAN_NODE insert indirect nocache httponly
  option httpchk GET /_stcore/health
  http-check expect status 200
  option redispatch
  retries 2
  default-server inter 1s fall 2 rise 2
$servers
EOF
}

start() {
  command -v haproxy >/dev/null || { echo "Cần HAProxy: apt-get install haproxy" >&2; exit 2; }
  start_postgres
  "$PYTHON" -m app.cli db-upgrade
  local i=1
  for p in "${APP_PORTS[@]}"; do
    spawn "app$i" "$PYTHON" -m streamlit run app/main.py --server.headless true --server.address 127.0.0.1 \
      --server.port "$p" --browser.gatherUsageStats false --server.fileWatcherType none
    i=$((i + 1))
  done
  spawn worker1 "$PYTHON" -m app.job_queue --workers "${WORKER_THREADS:-1}"
  spawn worker2 "$PYTHON" -m app.job_queue --workers "${WORKER_THREADS:-1}"
  for p in "${APP_PORTS[@]}"; do wait_http "http://127.0.0.1:$p/_stcore/health"; done
  write_haproxy_cfg
  haproxy -f "$CLUSTER_DIR/haproxy.cfg" -D -p "$CLUSTER_DIR/pids/haproxy.pid"
  wait_http "http://127.0.0.1:$PORT/_stcore/health"
  echo "Cụm đã chạy: http://127.0.0.1:$PORT (2 bản ứng dụng, 2 máy dựng video, CSDL $BINHDAN_DATABASE_URL)"
}

stop_one() {
  local f=$CLUSTER_DIR/pids/$1
  [ -f "$f" ] || return 0
  kill -- "-$(cat "$f")" 2>/dev/null || kill "$(cat "$f")" 2>/dev/null || true
  rm -f "$f"
}

stop() {
  [ -f "$CLUSTER_DIR/pids/haproxy.pid" ] && { kill "$(cat "$CLUSTER_DIR/pids/haproxy.pid")" 2>/dev/null || true; rm -f "$CLUSTER_DIR/pids/haproxy.pid"; }
  for f in "$CLUSTER_DIR"/pids/*; do [ -e "$f" ] && stop_one "$(basename "$f")"; done
  if [ -d "$CLUSTER_DIR/pg/data" ]; then
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    RUNAS=(); [ "$(id -u)" = 0 ] && RUNAS=(runuser -u postgres --)
    "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$CLUSTER_DIR/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
  echo "Đã dừng cụm."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  kill-replica) [ -f "$CLUSTER_DIR/pids/${2:?app1 hoặc app2}" ] && kill -9 -- "-$(cat "$CLUSTER_DIR/pids/$2")"; rm -f "$CLUSTER_DIR/pids/$2" ;;
  *) echo "Dùng: $0 start|stop|kill-replica app1|app2" >&2; exit 2 ;;
esac
