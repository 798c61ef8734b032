# The entry points the README names. `make run` and `make test` each start with `make install`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv
# Browser libraries pinned in package-lock.json, served by relance itself (git-ignored copy).
VENDOR := relance/www/static/www/vendor
DEMO_TODAY ?= 2022-03-15

.PHONY: install run test lint format migrations clean

install:  ## Python and npm dependencies (test tools, htmx), Debian's Chromium; safe to re-run
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	# Compiled bytecode ships with the packages: these machines set PYTHONDONTWRITEBYTECODE=1, and
	# without it every command compiles Django again (3.8 s of CPU instead of 1.0 s at start-up).
	$(UV) sync --locked --compile-bytecode
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@mkdir -p var
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@mkdir -p $(VENDOR) && cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/

run: install  ## migrate, load reference and demo data (2021, 2022), serve on http://127.0.0.1:8000
	$(VENV)/bin/python manage.py migrate --noinput
	$(VENV)/bin/relance load-reference
	export RELANCE_TODAY=$${RELANCE_TODAY:-$(DEMO_TODAY)}; \
	  $(VENV)/bin/relance demo --year 2021 --if-empty && \
	  $(VENV)/bin/relance demo --year 2022 --if-empty && \
	  $(VENV)/bin/relance serve

test: install  ## the whole suite (SQLite unless DATABASE_URL points at PostgreSQL), on 2 cores
	scripts/run_tests.sh

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations:
	$(VENV)/bin/python manage.py makemigrations

clean:
	rm -rf var/*.sqlite3 .pytest_cache
