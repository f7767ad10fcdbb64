#!/usr/bin/env bash
# Matching benchmarks: accuracy on synthetic data, and dedupe_csv on a million rows
# (with Splink beside it when a Python with Splink is at $SPLINK_PYTHON, by default
# /tmp/splink-venv/bin/python: python3 -m venv /tmp/splink-venv && /tmp/splink-venv/bin/pip install splink).
# Results are appended to bench/matching/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/matching/results.md
{
  echo "# Matching benchmarks $(date -Iseconds)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, Python $(.venv/bin/python -V 2>&1 | cut -d' ' -f2)"
  echo "Commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo '$ .venv/bin/python bench/matching/accuracy.py'
  echo
  .venv/bin/python bench/matching/accuracy.py
  echo
  echo "\$ .venv/bin/python bench/matching/dedupe_1m.py --estimate --splink-python ${SPLINK_PYTHON:-/tmp/splink-venv/bin/python}"
  echo
  .venv/bin/python bench/matching/dedupe_1m.py --estimate --splink-python "${SPLINK_PYTHON:-/tmp/splink-venv/bin/python}"
  echo
} 2>&1 | tee -a "$out"
echo "Results appended to $out"
