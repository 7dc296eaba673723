#!/usr/bin/env bash
# Install everything (test tools included) and run the whole test suite,
# the database tests against SQLite and against a real PostgreSQL server started here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -n "$PGBIN" ] && [ -z "${BINHDAN_TEST_PG_URL:-}" ]; then
  PGROOT=$(mktemp -d); PGPORT=${PGPORT:-55432}
  RUNAS=(); [ "$(id -u)" = 0 ] && { chown postgres:postgres "$PGROOT"; RUNAS=(runuser -u postgres --); }
  "${RUNAS[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off" start >/dev/null
  trap '"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGROOT"' EXIT
  export BINHDAN_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
  echo "==> PostgreSQL chạy tại $BINHDAN_TEST_PG_URL"
fi
.venv/bin/python -m pytest "$@"
