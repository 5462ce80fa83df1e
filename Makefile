# The press room. `make run` and `make test` set up everything they need.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PIP := $(PY) -m pip --disable-pip-version-check

# Django 6.1 needs Python 3.12 or newer: the first such interpreter on this machine, looked
# for once and only when a recipe needs it (PYTHON=/path/to/python3.12 to choose another).
PYTHON ?= $(eval PYTHON := $(shell bin/find-python))$(PYTHON)
NEEDS := Django 6.1 needs Python 3.12 or newer
NO_PYTHON := $(NEEDS) and bin/find-python found none. Install one (python.org, your package \
	manager or pyenv), or pass PYTHON=/path/to/python3.12.
OLD_VENV := $(NEEDS). Remove $(VENV) (rm -rf $(VENV)) and run make again.
IS_312 := import sys; sys.exit(sys.version_info < (3, 12))

help:
	@echo "make run             set up, load the demo content, serve on http://$(HOST):$(PORT)/"
	@echo "                     (PORT=8001 to serve on another port)"
	@echo "make worker          run the task worker: sends the mail queued with TASKS_BACKEND=database"
	@echo "                     (WORKER_ARGS=--batch to run what is due and stop)"
	@echo "make test            run the test suite on SQLite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make test-browser    run the end-to-end suite in headless Chromium"
	@echo "make test-production the production suite: nginx over HTTPS, two app servers, faults"
	@echo "make import-report   the importer's share of fields read right on its corpus, per layout"
	@echo "                     (CORPUS=path for another corpus, VERBOSE=1 to list the misses)"
	@echo "make bench           load benchmark (gunicorn, production settings), then a send to"
	@echo "                     the press; figures in var/bench/ (BENCH_SEND=0: the load only)"
	@echo "make prod-up         start what production runs, in the background: https://127.0.0.1:8443/"
	@echo "                     (PROD_PORT=9443 for another port; bin/prod --help); make prod-down stops it"
	@echo "make bench-send      a release to 10,000 recipients in 30 lists through a real worker"
	@echo "make install         create .venv and install the pinned versions (done by run and test)"
	@echo "make lint / format   ruff check and format --check / ruff format and check --fix"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make messages        refresh and compile the Spanish catalogue (needs GNU gettext)"
	@echo "make lock            re-resolve the dependencies and rewrite constraints.txt"
	@echo "make backup          archive the database and media files into var/backups/ (BACKUP_DIR)"
	@echo "make restore BACKUP=path CONFIRM=yes   replace the database and media files by a backup's"

# The virtualenv. A failed attempt leaves nothing behind, so the next `make` starts over.
$(PY):
	@test -n "$(PYTHON)" || { echo "$(NO_PYTHON)" >&2; exit 1; }
	@$(PYTHON) -c "$(IS_312)" 2>/dev/null || { echo "PYTHON=$(PYTHON): $(NEEDS)." >&2; exit 1; }
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) -V 2>&1))"
	@$(PYTHON) -m venv --clear $(VENV) && $(PIP) install --quiet --upgrade pip \
		|| { rm -rf $(VENV); echo "Could not create $(VENV) with $(PYTHON)." >&2; exit 1; }

# The pinned versions of constraints.txt; installed again whenever the dependencies in
# pyproject.toml or their pins change.
$(STAMP): $(PY) pyproject.toml constraints.txt
	@$(PY) -c "$(IS_312)" || { echo "$(VENV) has $$($(PY) -V 2>&1): $(OLD_VENV)" >&2; exit 1; }
	@echo "Installing the pinned dependencies into $(VENV)"
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

var:
	@mkdir -p var

# Idempotent: migrations that have run are skipped, the demo content is not loaded twice.
run: install var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --base-url http://$(HOST):$(PORT)
	SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# The worker of the database task queue (django-tasks-db's db_worker): it sends the mail that
# requests enqueue when TASKS_BACKEND=database (`TASKS_BACKEND=database make run` in another
# terminal). With DEBUG on it restarts itself when the code changes.
worker: install var
	$(PY) manage.py migrate --noinput -v0
	TASKS_BACKEND=database $(PY) manage.py db_worker $(WORKER_ARGS)

# pytest exits non-zero when a test fails and also when no test was collected (5).
test: install var
	$(BIN)/pytest -m "not browser and not production" $(PYTEST_ARGS)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch node_modules/.installed

# End-to-end tests in headless Chromium (Debian's chromium and chromium-driver), and the
# Nu HTML Checker (Java) and axe-core over every public page type.
test-browser: install var
	bin/ensure-browser-tools
	$(MAKE) node_modules/.installed
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# --- Production on this machine ----------------------------------------------------------
# nginx (TLS, a self-signed certificate) in front of two gunicorn app servers, the task
# worker, PostgreSQL and Redis, with the production settings (deploy/prod, bin/prod).
# Installs Debian's nginx when missing. State, logs, mail and media in var/prod/.
PROD_PORT ?= 8443

prod-up: install var
	bin/ensure-nginx
	PROD_PORT=$(PROD_PORT) $(PY) -m deploy.prod up

prod-down:
	@test -x $(PY) || { echo "No $(VENV): nothing was started." >&2; exit 1; }
	$(PY) -m deploy.prod down

# The production suite (tests/production): its own set-up (own PostgreSQL and Redis on free
# ports, var/prod-test/), driven through nginx over HTTPS, faults included.
test-production: install var
	bin/ensure-nginx
	$(BIN)/pytest -m production $(PYTEST_ARGS)

# Load benchmark: gunicorn with production settings on loopback, a realistic archive
# (bench_data), wrk (installed when missing) and paced signers in other processes.
# DATABASE_URL picks the database, BENCH_REDIS_URL the Redis (default 127.0.0.1:6379/0).
# A shorter run: BENCH_ARGS="--seconds 3 --storm-seconds 15 --no-compare". Then a send to
# the press (bench-send below); BENCH_SEND=0 leaves it out.
bench: install var
	bin/ensure-wrk
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py bench $(BENCH_ARGS)
	$(if $(filter 0,$(BENCH_SEND)),,$(PY) tests/bench/send_bench.py $(BENCH_SEND_ARGS))

# The share of fields the importer reads right, per layout (tests/releases/import_corpus).
import-report: install
	$(PY) -m tests.releases.import_corpus.report $(CORPUS) $(if $(filter 1,$(VERBOSE)),-v)

# Sending a release to 10,000 recipients in 30 lists (PostgreSQL: DATABASE_URL=...): queue
# time, the worker's throughput and memory, duplicates, the statement page meanwhile.
bench-send: install var
	$(PY) manage.py migrate --noinput -v0
	$(PY) tests/bench/send_bench.py $(BENCH_SEND_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# Refresh the Spanish catalogue after changing marked strings, then compile it (needs gettext).
messages: install
	$(PY) manage.py makemessages -l es --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages -l es --ignore .venv --ignore node_modules

# Re-resolve the newest versions pyproject.toml allows, in a throwaway virtualenv, and pin
# them in constraints.txt (left untouched when nothing changed). Run `make test` afterwards.
LOCK_VENV := var/lock-venv
lock: var
	@test -n "$(PYTHON)" || { echo "$(NO_PYTHON)" >&2; exit 1; }
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade pip
	$(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	set -o pipefail; $(LOCK_VENV)/bin/pip freeze --exclude-editable \
		| grep -viE '^advocacy[-_]pressroom( |=|@|$$)' > var/constraints.txt.new
	rm -rf $(LOCK_VENV) build
	@if cmp -s var/constraints.txt.new constraints.txt; then \
		rm var/constraints.txt.new; echo "constraints.txt: already the newest versions"; \
	else \
		mv var/constraints.txt.new constraints.txt; \
		echo "constraints.txt rewritten: review it (git diff constraints.txt), then make test"; \
	fi

# --- Backups ---------------------------------------------------------------------------
# The database (pg_dump or SQLite's backup API) and MEDIA_ROOT in one archive; the settings,
# DATABASE_URL and MEDIA_ROOT of the environment. Uses the .venv as it is (in production one
# without the dev tools), never installs.
NO_VENV := No $(VENV) here: run make install, or set it up as README.md's Deploying section says.

backup:
	@test -x $(PY) || { echo "$(NO_VENV)" >&2; exit 1; }
	$(PY) manage.py backup $(BACKUP_ARGS)

restore:
	@test -x $(PY) || { echo "$(NO_VENV)" >&2; exit 1; }
	@test -n "$(BACKUP)" || { echo "Say which archive: make restore BACKUP=var/backups/pressroom-....tar.gz" >&2; exit 1; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(filter yes,$(CONFIRM)),--yes)

.PHONY: backup restore

.PHONY: help install run worker test test-browser test-production prod-up prod-down bench bench-send \
	import-report messages lint format migrations-check lock
