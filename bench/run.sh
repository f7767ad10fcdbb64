#!/usr/bin/env bash
# make bench: every benchmark, results appended to bench/results/<date>-<host>.md.
# Runs under scripts/with_postgres.sh, so DATABASE_URL points at a throwaway PostgreSQL.
# Sizes are environment variables: FAMILIES (demo_data on PostgreSQL, default 400000) and the
# matching ones listed in bench/matching/run.sh.
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
} 2>&1 | tee -a "$out"
echo "Results appended to $out"
