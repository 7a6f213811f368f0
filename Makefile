# missionled: `make run` serves the service; `make test` checks everything. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# A Python >= 3.12: .python-version's via pyenv when present, else python3.13/3.12 on PATH.
PYTHON ?= $(shell \
	for c in "$$(pyenv which python3.13 2>/dev/null)" "$$(pyenv which python3.12 2>/dev/null)" \
	         "$$(command -v python3.13)" "$$(command -v python3.12)" "$$(command -v python3)"; do \
	  [ -n "$$c" ] && [ -x "$$c" ] && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	    && { echo "$$c"; break; }; \
	done)

.PHONY: help run test install install-dev assets db seed serve lint types pytest pytest-postgres browser-deps env clean

help:
	@echo "make run   install, migrate the embedded SQLite database, seed and serve on http://$(HOST):$(PORT)"
	@echo "make test  lint, type checks and the whole test suite"

run: install assets .env db seed
	@echo "Demo password: $$(grep -E '^DEMO_PASSWORD=' .env | cut -d= -f2-)"
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C stops it)"
	DEBUG=$${DEBUG:-true} $(BIN)/missionled serve --host $(HOST) --port $(PORT)

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "missionled needs Python 3.12 or newer (3.13 preferred). Install it (e.g. 'pyenv install 3.13') and run make again." >&2; \
	  exit 1; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

# Installs exactly what uv.lock pins (runtime only), then the project itself.
install: $(BIN)/python
	$(BIN)/uv sync --frozen --inexact --no-dev --python $(BIN)/python --quiet
	@touch $(VENV)/.installed

install-dev: $(BIN)/python
	$(BIN)/uv sync --frozen --inexact --python $(BIN)/python --quiet

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json
	node scripts/build-assets.mjs

# A local .env with a fresh secret key; production sets real environment variables instead.
.env:
	@sed "s|^SECRET_KEY=.*|SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')|" .env.example > .env
	@echo "Wrote .env from .env.example with a new SECRET_KEY"

db: install .env
	$(BIN)/missionled migrate --no-input
	$(BIN)/missionled collectstatic --no-input --verbosity 0

seed: db
	$(BIN)/missionled seed --demo --if-empty

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install-dev
	$(BIN)/mypy missionled config

# Debian's Chromium drives the browser tests (Playwright's own browser download cannot work here).
browser-deps:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	else \
	  echo "Chromium is missing: install it (sudo apt-get install chromium) for the browser tests." >&2; \
	fi

pytest: install-dev assets browser-deps
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The same suite against PostgreSQL (used by .ci/run); needs the server at DATABASE_URL.
pytest-postgres: install-dev assets browser-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test: lint types pytest

clean:
	rm -rf $(VENV) node_modules var missionled/core/static/css missionled/core/static/govuk missionled/attendance/fonts
