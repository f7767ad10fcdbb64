#!/usr/bin/env bash
# 50 simultaneous users on gunicorn for a minute (bench/locustfile.py), against the database in
# DATABASE_URL (or the SQLite default), already loaded with demo_data and demo_early_help.
# Prints p50 / p95 / failures per page and appends them to LOAD_OUT
# (default bench/results/<date>-load.md).
#
#   DATABASE_URL=postgres://... bench/load.sh
#
# The server is gunicorn on 127.0.0.1 only, with production's choices that matter for speed
# (DEBUG off, persistent connections, 2 × cores + 1 workers as gunicorn's documentation advises)
# but plain HTTP, so the base settings rather than righthelp.settings.production (whose secure
# cookies a plain-HTTP client never sends back). Locust stops by itself after LOAD_RUN_TIME.
# LOAD_USERS (50), LOAD_SPAWN_RATE (10), LOAD_RUN_TIME (60s), LOAD_WORKERS (2 × cores + 1).
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${LOAD_USERS:-50}
SPAWN_RATE=${LOAD_SPAWN_RATE:-10}
RUN_TIME=${LOAD_RUN_TIME:-60s}
WORKERS=${LOAD_WORKERS:-$((2 * $(nproc) + 1))}
OUT=${LOAD_OUT:-bench/results/$(date +%Y-%m-%d)-load.md}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
WORK=$(mktemp -d /tmp/righthelp-load.XXXXXX)
mkdir -p "$(dirname "$OUT")"

export DEBUG=false DATABASE_CONN_MAX_AGE=60 RIGHTHELP_PLAIN_STATIC=true
.venv/bin/gunicorn righthelp.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --timeout 60 --error-logfile "$WORK/gunicorn.log" &
GUNICORN=$!
cleanup() {
  kill "$GUNICORN" 2>/dev/null || true
  wait "$GUNICORN" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done

.venv/bin/locust -f bench/locustfile.py --headless -u "$USERS" -r "$SPAWN_RATE" \
  --run-time "$RUN_TIME" --stop-timeout 5 --host "http://127.0.0.1:$PORT" \
  --csv "$WORK/load" --only-summary --loglevel WARNING || true  # non-zero when anything failed

people=$(.venv/bin/python manage.py shell -v0 -c \
  "from righthelp.people.models import Person; print(f'{Person.objects.count():,}')")
engine=$([[ "${DATABASE_URL:-}" == postgres* ]] && echo PostgreSQL || echo SQLite)
.venv/bin/python - "$WORK/load_stats.csv" "$WORK/load_failures.csv" >"$WORK/table.md" <<EOF
import csv, sys
print("### Load: $USERS users, 1 s think time, $RUN_TIME, gunicorn $WORKERS workers, $engine, $people people")
print()
print("Budget: p95 ≤ 1000 ms, 0 failures. Times in ms.")
print()
print("| request | count | failures | p50 | p95 | max | per second |")
print("|---|---|---|---|---|---|---|")
for row in csv.DictReader(open(sys.argv[1])):
    name = row["Name"] if row["Type"] else "**all**"
    if row["Name"] == "Aggregated":
        name = "**all**"
    print(f"| {row['Type']} {name} | {row['Request Count']} | {row['Failure Count']} |"
          f" {row['50%']} | {row['95%']} | {float(row['Max Response Time']):.0f} |"
          f" {float(row['Requests/s']):.1f} |")
failures = list(csv.DictReader(open(sys.argv[2])))
if failures:
    print()
    print("Failures:")
    for row in failures:
        print(f"- {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}×)")
print()
EOF
cat "$WORK/table.md"
{
  echo "# Load, $(date -Iseconds), commit $(git rev-parse --short HEAD), $(nproc) cores"
  echo
  cat "$WORK/table.md"
} >>"$OUT"
echo "Results appended to $OUT"
