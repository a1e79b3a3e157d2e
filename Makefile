# Terreau: `make demo` sets everything up and serves the site; `make test` runs every suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
PG_URL ?= postgres://postgres@127.0.0.1:5432/terreau

.PHONY: help demo serve test test-sqlite test-postgres test-e2e lint check-migrations check-translations messages compile-messages env node bench clean

help:
	@echo "make demo   set up the environment, load the demo data and serve http://127.0.0.1:$(PORT)"
	@echo "make test   run linters, guards and every test suite (SQLite, PostgreSQL, browser)"

$(BIN)/python:
	"$$(scripts/find-python)" -m venv $(VENV)

$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --quiet
	touch $@

env: $(VENV)/.synced

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

node: node_modules/.package-lock.json

compile-messages: env
	$(BIN)/terreau compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: env compile-messages
	$(BIN)/terreau migrate --no-input -v 0
	$(BIN)/terreau load_territories
	$(BIN)/terreau load_demo
	$(BIN)/terreau collectstatic --no-input -v 0
	@echo "Terreau is served on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	TERREAU_HTTPS=false $(BIN)/gunicorn terreau.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile -

lint: env
	$(BIN)/ruff check terreau bench scripts
	$(BIN)/ruff format --check terreau bench scripts

check-migrations: env
	$(BIN)/terreau makemigrations --check --dry-run -v 1

check-translations: env
	$(BIN)/python scripts/check_translations.py

# Refresh both catalogues from the code; English entries default to their msgid.
EN_PO := terreau/locale/en/LC_MESSAGES/django.po
messages: env
	$(BIN)/terreau makemessages -l fr -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=bench --ignore=terreau/e2e
	msgattrib --clear-fuzzy --empty -o $(EN_PO) $(EN_PO)
	msgen -o $(EN_PO) $(EN_PO)

test-sqlite: env compile-messages
	$(BIN)/pytest -m "not e2e" -n 2 -q

test-postgres: env compile-messages
	scripts/ensure-services
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not e2e" -n 2 -q

test-e2e: env node compile-messages
	scripts/ensure-browser
	$(BIN)/pytest -m e2e -q

test: lint check-migrations check-translations test-sqlite test-postgres test-e2e

bench: env
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules var
