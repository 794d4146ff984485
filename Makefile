# Partnership: every target a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/partnership
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup demo serve worker test test-sqlite test-postgres test-e2e lint security typecheck format bench clean

help: ## list every target
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml package.json package-lock.json
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/partnership assets
	touch $(STAMP)

setup: $(STAMP) ## install Python and npm dependencies and the GOV.UK assets; starts nothing

demo: setup ## migrate the embedded database, load the demo partnership and serve it on http://127.0.0.1:8000
	$(BIN)/partnership demo

serve: setup ## serve without loading the demo
	$(BIN)/partnership serve

worker: setup ## deliver notifications and run the deadline sweepers once a minute
	$(BIN)/partnership worker

test: setup lint security test-sqlite test-postgres test-e2e ## the whole suite, as CI runs it: lint, security, SQLite, PostgreSQL, browser

test-sqlite: setup ## the suite on SQLite
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -m "not e2e" -p xdist -n 2 -q

# The tests' sessions do not wait for each commit to reach the disk: a crash could lose the last moment of a
# throwaway test database, never its consistency. Production settings are untouched.
test-postgres: setup ## the suite on PostgreSQL (DATABASE_URL of PG_URL)
	PGOPTIONS='-c synchronous_commit=off' DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not e2e" -p xdist -n 2 -q

test-e2e: setup ## browser journeys and the accessibility gate in Chromium
	$(BIN)/pytest -m e2e tests/e2e -q

lint: setup ## ruff and the import-linter contracts
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports

security: setup ## ruff's security rules (bandit's checks), the deploy check and pip-audit of every installed package
	$(BIN)/ruff check --select S src
	PARTNERSHIP_ENV=production PARTNERSHIP_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
		PARTNERSHIP_ALLOWED_HOSTS=partnership.example.org PARTNERSHIP_VAR_DIR=$(CURDIR)/var/deploy-check \
		$(BIN)/partnership manage check --deploy --fail-level WARNING
	$(BIN)/python .ci/dependency_audit.py

typecheck: setup ## mypy with django-stubs
	$(BIN)/mypy

format: setup ## format the code with ruff
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: setup ## each figure beside its reference, same run (var/bench/; BENCH_POSTGRES_URL, BENCH_SCALE=county; never fails)
	$(BIN)/python bench/run.py

clean: ## remove the virtual environment, node modules, assets and local data
	rm -rf $(VENV) node_modules src/partnership/frontend/static/govuk var staticfiles
