# Two commands set everything up on a fresh Debian machine with Python 3.11:
#   make run    create .venv, install requirements.txt, serve the shipped dataset on :8050
#   make test   install requirements-dev.txt and Chromium, lint, run every test
# CI (.ci/run) calls `make test` unchanged.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST   ?= 127.0.0.1
PORT   ?= 8050

.PHONY: run test lint format validate browser-deps node-deps services bench bench-smoke load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PIP) install --quiet pip==26.3

# Stamps record that the venv matches the requirement files; edit a file and it reinstalls.
$(VENV)/.run-deps: requirements.txt build-constraints.txt | $(BIN)/python
	$(PIP) install --quiet --build-constraint build-constraints.txt -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt $(VENV)/.run-deps
	$(PIP) install --quiet --build-constraint build-constraints.txt -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-deps
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; it never downloads one).
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; else \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver; fi

# PostgreSQL and Redis for the backend tests: installed here, started privately on loopback by the
# test fixtures (tests/services.py), never as root and never as a system service.
services:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null; then :; else \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql redis-server; fi

# axe-core from npm (package-lock.json) for the accessibility audit in tests/browser.
node-deps:
	@command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }
	@if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/.npm-ci ] \
		|| [ package-lock.json -nt node_modules/.npm-ci ]; then \
		npm ci --no-audit --no-fund && touch node_modules/.npm-ci; fi

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.dev-deps browser-deps node-deps services lint
	$(BIN)/python -m pytest

# Speed and memory against the targets in docs/performance.md (minutes; not part of `make test`).
bench: $(VENV)/.dev-deps browser-deps
	$(BIN)/python -m bench.run --workdir .bench-data

bench-smoke: $(VENV)/.dev-deps browser-deps
	$(BIN)/python -m bench.run --smoke

# 50 readers for 60 s against gunicorn -w 4 on loopback (docs/reliability.md; not part of `make test`).
load: $(VENV)/.dev-deps
	$(BIN)/python -m bench.load.run --users 50 --seconds 60 --workers 4

validate: $(VENV)/.run-deps
	$(BIN)/python -m data.validate $(or $(DATA),data/drammen)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .bench-data
