#!/usr/bin/env bash
# Matching benchmarks: accuracy on synthetic data, dedupe_csv on a large file (with Splink
# beside it when a Python with Splink is at $SPLINK_PYTHON, by default
# /tmp/splink-venv/bin/python: python3 -m venv /tmp/splink-venv && /tmp/splink-venv/bin/pip install splink),
# and search latency through the selector on SQLite and, when DATABASE_URL is PostgreSQL, on it too.
#
# Sizes (environment variables; the defaults finish in about a quarter of an hour on 2 cores):
#   ACCURACY_PEOPLE   synthetic people for accuracy.py             (default 20000)
#   DEDUPE_ROWS       rows in the dedupe_csv file                  (default 200000; target 1000000)
#   SEARCH_FAMILIES   demo families loaded for search latency       (default 40000, ~100,000 people;
#                     400000 is ~1,000,000 people, several minutes per database)
#   SEARCH_QUERIES    searches timed per database                   (default 300)
#   SEARCH_SQLITE     SQLite file for the search benchmark, reused between runs
#                     (default /tmp/righthelp-bench-search.sqlite3; never inside the repository)
# On PostgreSQL the search benchmark reuses the people already loaded (make bench loads
# FAMILIES=400000 first) and adds up to SEARCH_FAMILIES families if there are fewer.
# Results are appended to bench/matching/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
ACCURACY_PEOPLE=${ACCURACY_PEOPLE:-20000}
DEDUPE_ROWS=${DEDUPE_ROWS:-200000}
SEARCH_FAMILIES=${SEARCH_FAMILIES:-40000}
SEARCH_QUERIES=${SEARCH_QUERIES:-300}
SEARCH_SQLITE=${SEARCH_SQLITE:-/tmp/righthelp-bench-search.sqlite3}
SPLINK_PYTHON=${SPLINK_PYTHON:-/tmp/splink-venv/bin/python}
out=bench/matching/results.md
{
  echo "# Matching benchmarks $(date -Iseconds)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, Python $($PY -V 2>&1 | cut -d' ' -f2), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "\$ $PY bench/matching/accuracy.py --people $ACCURACY_PEOPLE"
  echo
  env -u DATABASE_URL $PY bench/matching/accuracy.py --people "$ACCURACY_PEOPLE"
  echo
  echo "\$ $PY bench/matching/dedupe_1m.py --rows $DEDUPE_ROWS --estimate --splink-python $SPLINK_PYTHON"
  echo
  env -u DATABASE_URL $PY bench/matching/dedupe_1m.py --rows "$DEDUPE_ROWS" --estimate --splink-python "$SPLINK_PYTHON"
  echo
  echo "\$ DATABASE_URL=sqlite:///$SEARCH_SQLITE $PY bench/matching/search_latency.py --families $SEARCH_FAMILIES --queries $SEARCH_QUERIES"
  echo
  DATABASE_URL="sqlite:///$SEARCH_SQLITE" $PY bench/matching/search_latency.py \
    --families "$SEARCH_FAMILIES" --queries "$SEARCH_QUERIES"
  echo
  case "${DATABASE_URL:-}" in
    postgres*)
      echo "\$ $PY bench/matching/search_latency.py --families $SEARCH_FAMILIES --queries $SEARCH_QUERIES   # PostgreSQL"
      echo
      $PY bench/matching/search_latency.py --families "$SEARCH_FAMILIES" --queries "$SEARCH_QUERIES"
      echo
      ;;
    *) echo "(no PostgreSQL DATABASE_URL: search latency on PostgreSQL skipped; run under scripts/with_postgres.sh)" ;;
  esac
} 2>&1 | tee -a "$out"
echo "Results appended to $out"
