# Two commands for a newcomer: `make run` (serve the demo on :3000) and `make test` (whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000

# Reflex offline and quiet: system bun, no telemetry, no version or registry probes (notes/reflex.md §8).
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_HTTP_CLIENT_BIND_ADDRESS := 0.0.0.0
export NPM_CONFIG_REGISTRY := https://registry.npmjs.org
export PYTHONUNBUFFERED := 1

.PHONY: setup bun chromium run test test-fast bench migrate seed check-ledger worker lint clean
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

bun:
	@command -v bun >/dev/null 2>&1 || npm install -g bun

setup: $(VENV)/.installed bun

# Browser tests drive Debian's Chromium (Playwright cannot download browsers offline).
chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

migrate: setup
	$(BIN)/python -m loyalty_app.cli migrate

seed: migrate
	$(BIN)/python -m loyalty_app.cli seed --if-empty

check-ledger: setup
	$(BIN)/python -m loyalty_app.cli check-ledger

run: seed
	@$(BIN)/python -m loyalty_app.cli logins
	$(BIN)/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

# axe-core for the accessibility checks in the browser tests; Lighthouse for the storefront benchmark.
tests/e2e/node/node_modules/.installed: tests/e2e/node/package-lock.json
	npm ci --prefix tests/e2e/node --no-audit --no-fund --loglevel=error
	@touch $@

tests/bench/node/node_modules/.installed: tests/bench/node/package-lock.json
	npm ci --prefix tests/bench/node --no-audit --no-fund --loglevel=error
	@touch $@

test: setup chromium tests/e2e/node/node_modules/.installed
	$(BIN)/pytest

# The inner loop: services, API and jobs on SQLite only, no browser (the Redis tests still run when Redis is up).
test-fast: setup
	LOYALTY_TEST_DATABASES=sqlite $(BIN)/pytest tests/services tests/api tests/jobs -q -m "not browser and not bench"

bench: setup chromium tests/e2e/node/node_modules/.installed tests/bench/node/node_modules/.installed
	LOYALTY_BENCH=1 $(BIN)/pytest tests/bench -s

# The same checks as before each commit; CI runs them before the tests.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf .web .states data

# Production jobs (LOYALTY_REDIS_URL set); without Redis, `make run` runs them in-process.
.PHONY: cron
worker: setup
	@test -n "$$LOYALTY_REDIS_URL" || { echo "LOYALTY_REDIS_URL is not set: in embedded mode 'make run' runs the jobs"; exit 1; }
	$(BIN)/rq worker --url "$$LOYALTY_REDIS_URL" --worker-class jobs.worker.LoyaltyWorker --with-scheduler loyalty

cron: setup
	@test -n "$$LOYALTY_REDIS_URL" || { echo "LOYALTY_REDIS_URL is not set: in embedded mode 'make run' runs the schedules"; exit 1; }
	$(BIN)/rq cron --url "$$LOYALTY_REDIS_URL" jobs/cron.py
