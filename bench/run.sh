#!/usr/bin/env bash
# make bench: every benchmark, results appended to bench/results/<date>-<host>.md.
# Runs under scripts/with_postgres.sh, so DATABASE_URL points at a throwaway PostgreSQL.
# Sizes are environment variables: FAMILIES (demo_data on PostgreSQL, default 400000) and the
# matching ones listed in bench/matching/run.sh; the daily pages' sizes in bench/council_pages.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/$(date +%Y-%m-%d)-$(hostname -s).md"
{
  echo "# Benchmarks $(date -Iseconds)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), Python $(.venv/bin/python -V 2>&1 | cut -d' ' -f2), $(psql --version 2>/dev/null || echo PostgreSQL)"
  echo "Commit: $(git rev-parse --short HEAD)"
  echo
  echo '```'
  echo "\$ .venv/bin/python bench/bench_threshold_engine.py"
  .venv/bin/python bench/bench_threshold_engine.py
  if [ -f bench/bench_threshold_guide.py ]; then
    echo "\$ .venv/bin/python bench/bench_threshold_guide.py"
    env -u DATABASE_URL .venv/bin/python bench/bench_threshold_guide.py
  fi
  echo "\$ .venv/bin/python bench/bench_front_door_queue.py"
  env -u DATABASE_URL .venv/bin/python bench/bench_front_door_queue.py
  echo "\$ .venv/bin/python bench/bench_episode_page.py"
  env -u DATABASE_URL .venv/bin/python bench/bench_episode_page.py
  echo "\$ .venv/bin/python bench/bench_chronology.py"
  env -u DATABASE_URL .venv/bin/python bench/bench_chronology.py
  echo "\$ .venv/bin/python bench/bench_chronology.py --postgres"
  .venv/bin/python bench/bench_chronology.py --postgres
  echo "\$ .venv/bin/python bench/bench_demo_generator.py"
  .venv/bin/python bench/bench_demo_generator.py
  echo "\$ FAMILIES=${FAMILIES:-400000} bench/bench_demo_data.sh   # PostgreSQL"
  bash bench/bench_demo_data.sh
  echo '```'
  echo
  # Identity matching (issue 6): accuracy, dedupe_csv, search latency on SQLite and on the
  # PostgreSQL just loaded. Sizes: ACCURACY_PEOPLE, DEDUPE_ROWS, SEARCH_FAMILIES, SEARCH_QUERIES.
  echo '```'
  echo "\$ bash bench/matching/run.sh"
  bash bench/matching/run.sh
  echo '```'
  echo
  # Every daily page at a council's size and at one hundredth of it (issue 15), then 50 users
  # under Locust: tables in bench/results/<date>-pages.md. Sizes: PAGES_FAMILIES (400000 on
  # PostgreSQL, 120000 on SQLite), PAGES_SMALL_FAMILIES (4000, 1200); SQLITE_PAGES=0 skips the
  # SQLite sizes. See bench/council_pages.sh.
  echo "\$ bash bench/council_pages.sh   # PostgreSQL"
  bash bench/council_pages.sh
  if [ "${SQLITE_PAGES:-1}" != 0 ]; then
    echo "\$ bash bench/council_pages.sh   # SQLite"
    env -u DATABASE_URL PAGES_LOAD=0 bash bench/council_pages.sh
  fi
} 2>&1 | tee -a "$out"
echo "Results appended to $out"
