# RightHelp: `make run` serves the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_FAMILIES ?= 60
DEMO_SEED ?= 1

.PHONY: run test lint typecheck test-sqlite test-postgres test-browser-deps assets install \
        serve-prod bench demo-data clean mutation

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null || { echo "RightHelp needs Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Building the pages' CSS needs Node.js and npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

righthelp/static/dist/.built: node_modules/.installed $(shell find righthelp/static/scss -type f 2>/dev/null) scripts/build_assets.mjs
	npm run --silent build
	touch $@

assets: righthelp/static/dist/.built

run: install assets
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py demo_data --families $(DEMO_FAMILIES) --seed $(DEMO_SEED)
	DEBUG=true $(PY) manage.py demo_early_help
	@DEBUG=true $(PY) manage.py demo_logins
	@echo "RightHelp is at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

demo-data: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo_data --families $(DEMO_FAMILIES) --seed $(DEMO_SEED)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy righthelp

test-browser-deps:
	@scripts/ensure_chromium.sh

test-sqlite: install assets test-browser-deps
	@echo "== pytest on SQLite"
	env -u DATABASE_URL $(VENV)/bin/pytest

test-postgres: install assets test-browser-deps
	@echo "== pytest on PostgreSQL"
	scripts/with_postgres.sh $(VENV)/bin/pytest

test: lint typecheck test-sqlite test-postgres

serve-prod: install assets
	DJANGO_SETTINGS_MODULE=righthelp.settings.production $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=righthelp.settings.production $(PY) manage.py collectstatic --no-input
	DJANGO_SETTINGS_MODULE=righthelp.settings.production $(PY) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=righthelp.settings.production $(VENV)/bin/gunicorn righthelp.wsgi \
	  --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile - --timeout 60

# Mutation testing (Cosmic Ray) of the access, consent, threshold, known-check and due rules, each
# module against the tests mapped to it in scripts/mutation.py; writes
# bench/results/2026-12-03-mutation.md, two modules at a time (MUTATION_ARGS="--jobs 1" for one),
# MUTATION_ARGS="--only righthelp/frontdoor/due.py" one module.
mutation: install
	env -u DATABASE_URL $(PY) scripts/mutation.py $(MUTATION_ARGS)

# The throwaway PostgreSQL gets a buffer cache sized for a million people (its default is 128 MB).
bench: install
	PG_EXTRA_OPTIONS="-c shared_buffers=2GB -c max_wal_size=8GB -c maintenance_work_mem=512MB" \
	  scripts/with_postgres.sh bash bench/run.sh

clean:
	rm -rf $(VENV) node_modules righthelp/static/dist staticfiles var
