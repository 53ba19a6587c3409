# eduplan — two commands set up everything on a fresh machine:
#   make demo   virtualenv, install, build the demo province on SQLite, serve it on 127.0.0.1:8000
#   make test   the same set-up plus what tests need (pip and Debian packages), then ruff, mypy and pytest
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages: fonts for PDF reports; the rest only for tests (browser, PDF text, PostgreSQL, R/lme4, Java for Spark).
DEMO_DEBS := fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim antiword
TEST_DEBS := fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim antiword chromium poppler-utils postgresql r-base-core r-cran-lme4 default-jre-headless
PYTEST_ARGS ?=
# Two workers: CI has two cores. --dist loadgroup: the tests sharing an expensive fixture (the demo store, Spark,
# a module's own fixtures) go to one worker, which builds it once (tests/conftest.py marks them).
PYTEST_WORKERS ?= 2
PYTEST_DIST := --dist loadgroup

.PHONY: demo demo-reset serve test lint typecheck pytest test-postgres bench clean install install-test debs-demo debs-test vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { $(MAKE) --no-print-directory _apt DEBS=python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Installs Debian packages that are missing (as root; otherwise says what to install).
# Waits up to 10 minutes for the dpkg lock (unattended upgrades, another apt) instead of failing at once.
_apt:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "apt-get install$$missing"; apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing — install them as root (apt-get install$$missing)"; exit 1; fi; \
	fi

debs-demo:
	@$(MAKE) --no-print-directory _apt DEBS="$(DEMO_DEBS)"
debs-test:
	@$(MAKE) --no-print-directory _apt DEBS="$(TEST_DEBS)"

demo: debs-demo install
	$(BIN)/eduplan demo --host $(HOST) --port $(PORT)

demo-reset: install
	rm -rf var/eduplan.sqlite3 var/eduplan.sqlite3-wal var/eduplan.sqlite3-shm var/scores var/uploads
	$(BIN)/eduplan demo --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/eduplan serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install-test
	$(BIN)/mypy

pytest: install-test debs-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST) $(PYTEST_ARGS)

# The store and web tests again, against a throwaway PostgreSQL cluster on a free loopback port; the workers each
# get their own test database (pytest-django names them test_eduplan_gw0, test_eduplan_gw1 …).
test-postgres: install-test debs-test
	scripts/with-postgres $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST) -m "not browser and not spark and not lme4" tests/store tests/web $(PYTEST_ARGS)

# The SQLite suite, the PostgreSQL part and mypy at the same time: each leaves the cores idle at moments (mypy is
# one process, a worker waits for its last slow test, the database server's round trips), which the others fill.
# Each part's output is printed whole when it ends; ruff first, it takes seconds.
test: lint
	$(MAKE) --no-print-directory -j3 --output-sync=target typecheck pytest test-postgres

bench: install-test
	for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .mypy_cache .ruff_cache
