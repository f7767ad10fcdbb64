#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at a real PostgreSQL.
#
#   scripts/with_postgres.sh COMMAND [ARGS...]
#
# Uses TEST_DATABASE_URL when it is set. Otherwise starts a throwaway server from the local
# PostgreSQL binaries (initdb + pg_ctl) in a temporary directory on a free port, and removes it
# afterwards. When there are no binaries it says so loudly and exits 0 without running the
# command, except under CI=true, where that is a failure (exit 1).
set -euo pipefail

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== PostgreSQL: using TEST_DATABASE_URL"
  DATABASE_URL="$TEST_DATABASE_URL" exec "$@"
fi

find_bin() {
  local name=$1 dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$dir/$name" ] && { echo "$dir/$name"; return; }
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    [ -x "$dir/$name" ] && { echo "$dir/$name"; return; }
  done
  command -v "$name" 2>/dev/null || true
}

INITDB=$(find_bin initdb)
PG_CTL=$(find_bin pg_ctl)
if [ -z "$INITDB" ] || [ -z "$PG_CTL" ]; then
  msg="No PostgreSQL server binaries (initdb, pg_ctl) found, and TEST_DATABASE_URL is not set."
  if [ "${CI:-}" = "true" ]; then
    echo "!! $msg The PostgreSQL half of the suite cannot run: failing because CI=true." >&2
    exit 1
  fi
  echo "" >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!! $msg" >&2
  echo "!! SKIPPING the PostgreSQL run. Install PostgreSQL (e.g. apt-get install postgresql)" >&2
  echo "!! or set TEST_DATABASE_URL=postgres://user:pass@host:port/db to run it." >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  exit 0
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
DATA=$(mktemp -d /tmp/righthelp-pg.XXXXXX)
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root: run the throwaway server as an unprivileged user.
  PGUSER_OS=postgres
  id "$PGUSER_OS" >/dev/null 2>&1 || PGUSER_OS=nobody
  chown "$PGUSER_OS" "$DATA"
  RUN_AS=(runuser -u "$PGUSER_OS" --)
fi

cleanup() {
  "${RUN_AS[@]}" "$PG_CTL" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "== PostgreSQL: starting a throwaway server ($("$PG_CTL" --version)) on port $PORT"
"${RUN_AS[@]}" "$INITDB" -D "$DATA/db" -U righthelp --auth=trust -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 \
  || { cat "$DATA/initdb.log" >&2; exit 1; }
"${RUN_AS[@]}" "$PG_CTL" -D "$DATA/db" -l "$DATA/server.log" -w -t 60 \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50 ${PG_EXTRA_OPTIONS:-}" \
  start >/dev/null || { cat "$DATA/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://righthelp@127.0.0.1:$PORT/righthelp"
"${RUN_AS[@]}" "$(dirname "$INITDB")/createdb" -h 127.0.0.1 -p "$PORT" -U righthelp righthelp
set +e
"$@"
status=$?
set -e
exit $status
