# The press room. `make run` and `make test` set up everything they need.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6.1 needs Python 3.12 or newer: take the first such interpreter on this machine.
PYTHON ?= $(shell bin/find-python)

help:
	@echo "make run             set up, import the seed releases, serve on http://$(HOST):$(PORT)/"
	@echo "make test            run the test suite on SQLite (DATABASE_URL to use another database)"
	@echo "make test-browser    run the end-to-end suite in headless Chromium"
	@echo "make bench           load benchmark (gunicorn, production settings); figures in var/bench/"
	@echo "make lint / format   ruff check / ruff format"
	@echo "make migrations-check  fail if a model change has no migration"

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.12+ is required (Django 6.1); none found." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

var:
	@mkdir -p var

run: install var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --base-url http://$(HOST):$(PORT)
	SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

test: install var
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch node_modules/.installed

# End-to-end tests in headless Chromium (Debian's chromium and chromium-driver), and the
# Nu HTML Checker (Java) and axe-core over every public page type.
test-browser: install var
	bin/ensure-browser-tools
	$(MAKE) node_modules/.installed
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# Load benchmark: gunicorn with production settings on loopback, a realistic archive
# (bench_data), a load generator in a second process. DATABASE_URL picks the database.
bench: install var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py bench $(BENCH_ARGS)

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

lock: $(PY)
	# Re-resolve the newest allowed versions and pin them in constraints.txt.
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet --upgrade pip
	var/lock-venv/bin/pip install --quiet '.[dev]'
	var/lock-venv/bin/pip freeze --exclude-editable | grep -v '^advocacy-pressroom' > constraints.txt
	rm -rf var/lock-venv

.PHONY: help install run test test-browser bench messages lint format migrations-check lock
