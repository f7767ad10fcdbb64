#!/usr/bin/env bash
# Every daily page timed on a council's data and on a database one hundredth its size:
# writes bench/results/<date>-pages.md (bench/pages.py makes the tables).
#
#   bench/council_pages.sh                                   # SQLite (var/bench/...)
#   scripts/with_postgres.sh bash bench/council_pages.sh     # PostgreSQL (make bench does this)
#
# Each database is built once per seed and size and cached under var/bench/<seed>-<families>-<engine>/:
# SQLite keeps the file and copies it; PostgreSQL keeps a pg_dump custom-format file and restores
# it into a new database on the server in DATABASE_URL. Built with demo_data, demo_early_help and,
# where it exists, council_data (a council's years of work).
#
# Sizes: PAGES_FAMILIES and PAGES_SMALL_FAMILIES (PostgreSQL 400000 ≈ 1M people and 4000;
# SQLite 120000 ≈ 300k people and 1200), PAGES_SEED (1), PAGES_RUNS (30), PAGES_WARMUPS (3).
# Then bench/load.sh (Locust, 50 users on gunicorn) on the larger database; PAGES_LOAD=0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
SEED=${PAGES_SEED:-1}
RUNS=${PAGES_RUNS:-30}
WARMUPS=${PAGES_WARMUPS:-3}
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  ENGINE=postgres
  FAMILIES=${PAGES_FAMILIES:-400000}
  SMALL=${PAGES_SMALL_FAMILIES:-4000}
else
  ENGINE=sqlite
  FAMILIES=${PAGES_FAMILIES:-120000}
  SMALL=${PAGES_SMALL_FAMILIES:-1200}
fi
mkdir -p bench/results var/bench
OUT=${PAGES_OUT:-bench/results/$(date +%Y-%m-%d)-pages.md}
SERVER_URL=${DATABASE_URL:-}

pg_bin() {
  local name=$1 dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$dir/$name" ] && { echo "$dir/$name"; return; }
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/$name" ] && { echo "$dir/$name"; return; }
  done
  command -v "$name"
}

pg_admin() {  # run one statement on the server's maintenance database
  "$PY" -c 'import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])' "$SERVER_URL" "$1"
}

load() {  # load the council's data into the database in DATABASE_URL, timed into $OUT
  local families=$1 started=$SECONDS
  "$PY" manage.py migrate -v0
  "$PY" manage.py demo_data --families "$families" --seed "$SEED" --batch-size 2000
  "$PY" manage.py demo_early_help
  if "$PY" manage.py help council_data >/dev/null 2>&1; then
    "$PY" manage.py council_data --seed "$SEED"
  else
    echo "(no council_data command here: the database has demo_data and demo_early_help only)"
  fi
  echo "Built $families families (seed $SEED, $ENGINE) from empty in $((SECONDS - started)) s" \
    "(migrate, demo_data, demo_early_help, council_data; budget 900 s at a million people)." \
    | tee -a "$OUT"
  echo >>"$OUT"
}

# Sets DATABASE_URL to a ready database for (SEED, $1 families), building the cache if needed.
database_for() {
  local families=$1 cache="var/bench/$SEED-$1-$ENGINE"
  mkdir -p "$cache"
  if [ "$ENGINE" = sqlite ]; then
    if [ ! -f "$cache/db.sqlite3" ]; then
      echo "== building $families families (seed $SEED) into $cache/db.sqlite3"
      rm -f "$cache/build.sqlite3"
      DATABASE_URL="sqlite:///$PWD/$cache/build.sqlite3" load "$families"
      mv "$cache/build.sqlite3" "$cache/db.sqlite3"
    fi
    cp "$cache/db.sqlite3" "$cache/run.sqlite3"
    export DATABASE_URL="sqlite:///$PWD/$cache/run.sqlite3"
    "$PY" manage.py migrate -v0  # a cache built before newer migrations gets them
    return
  fi
  local name="righthelp_pages_${SEED}_${families}"
  local url="${SERVER_URL%/*}/$name"
  pg_admin "DROP DATABASE IF EXISTS \"$name\""
  pg_admin "CREATE DATABASE \"$name\""
  if [ -f "$cache/db.pgdump" ]; then
    echo "== restoring $cache/db.pgdump into $name"
    "$(pg_bin pg_restore)" --no-owner -j 2 -d "$url" "$cache/db.pgdump"
    DATABASE_URL="$url" "$PY" manage.py migrate -v0  # a cache built before newer migrations
  else
    echo "== building $families families (seed $SEED) into $name"
    DATABASE_URL="$url" load "$families"
    "$(pg_bin pg_dump)" -Fc -f "$cache/db.pgdump.part" "$url"
    mv "$cache/db.pgdump.part" "$cache/db.pgdump"
  fi
  "$PY" -c 'import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute("VACUUM ANALYZE")' "$url"
  export DATABASE_URL="$url"
}

small_json=$(mktemp /tmp/righthelp-pages.XXXXXX.json)
trap 'rm -f "$small_json"' EXIT
{
  echo "# Daily pages, $ENGINE, $(date -Iseconds)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB. Commit $(git rev-parse --short HEAD)."
  echo "Data: demo_data --families F --seed $SEED, demo_early_help, council_data where present."
  echo "In process (Django test client, persistent connection), $WARMUPS warm-ups then $RUNS runs per page."
  echo "CPU is this process's (Python, templates, driver), not the database server's."
  echo
} >>"$OUT"

database_for "$SMALL"
"$PY" bench/pages.py --runs "$RUNS" --warmups "$WARMUPS" --json "$small_json" \
  --label "$SMALL families" --out "$OUT"
database_for "$FAMILIES"
"$PY" bench/pages.py --runs "$RUNS" --warmups "$WARMUPS" --compare "$small_json" \
  --label "$FAMILIES families" --out "$OUT"
if [ "${PAGES_LOAD:-1}" != 0 ]; then  # 50 users on gunicorn against the larger database
  LOAD_OUT="$OUT" bash bench/load.sh
fi
echo "Results appended to $OUT"
