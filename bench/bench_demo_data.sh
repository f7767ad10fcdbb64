#!/usr/bin/env bash
# Time `demo_data` building about a million people into PostgreSQL.
# Run through scripts/with_postgres.sh (make bench does), which sets DATABASE_URL.
set -euo pipefail
FAMILIES=${FAMILIES:-400000}
PY=${PY:-.venv/bin/python}
$PY manage.py migrate -v0
start=$(date +%s.%N)
$PY manage.py demo_data --families "$FAMILIES" --seed 1 --batch-size 2000
end=$(date +%s.%N)
people=$($PY manage.py shell -v0 -c "from righthelp.people.models import Person; print(Person.objects.count())")
printf 'demo_data: %s families, %s people, %.1f s (%.0f people/s)\n' \
  "$FAMILIES" "$people" "$(echo "$end - $start" | bc)" "$(echo "$people / ($end - $start)" | bc -l)"
