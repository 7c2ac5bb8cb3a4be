# Two commands for a new machine: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
# A pip constraints file that pins one end of the supported range (see .ci/run).
CONSTRAINTS ?=
PORT ?= 8000
PORTAL_PORT ?= 8001
PY := $(VENV)/bin/python
# Exported, so that the wheel test's fresh virtual environment is held to the same stack.
ifneq ($(CONSTRAINTS),)
export PIP_CONSTRAINT := $(abspath $(CONSTRAINTS))
endif
TEST_SETTINGS := --settings=example_site.settings.test

.PHONY: demo portal test test-quick lint check-django suite docs messages worker bench clean

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -U pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

var:
	mkdir -p var

## demo: create .venv, migrate SQLite, load demo data, create the admin, serve on 127.0.0.1:$(PORT)
## (the default Site is set to that address, so that absolute URLs open on the demo; the portal of
## `make portal` may embed it)
demo: $(VENV)/.installed | var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo_data
	$(PY) manage.py configure_demo_site --hostname 127.0.0.1 --port $(PORT)
	$(PY) manage.py ensure_demo_admin
	@echo "Site: http://127.0.0.1:$(PORT)/   Admin: http://127.0.0.1:$(PORT)/admin/"
	PORT=$(PORT) EMBED_ORIGINS=$${EMBED_ORIGINS:-http://127.0.0.1:$(PORTAL_PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

## portal: a stand-in for the city portal on another origin (127.0.0.1:$(PORTAL_PORT)), embedding
## every widget of the demo (run `make demo` beside it)
portal: $(VENV)/.installed
	@echo "Portal: http://127.0.0.1:$(PORTAL_PORT)/?site=http://127.0.0.1:$(PORT)  (Arabic: &lang=ar)"
	$(PY) -m http.server $(PORTAL_PORT) --bind 127.0.0.1 --directory example_site/portal

## test: lint, Django checks, migrations check, docs build, the suite on SQLite (and PostgreSQL)
test: lint check-django docs suite

## test-quick: the inner loop: the suite on SQLite without the wheel and browser tests (make test
## stays the gate)
test-quick: $(VENV)/.installed | var
	env -u DATABASE_URL $(PY) -m pytest -m "not wheel and not browser" $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check-django: $(VENV)/.installed | var
	$(PY) manage.py check $(TEST_SETTINGS)
	$(PY) manage.py makemigrations --check --dry-run $(TEST_SETTINGS)

# The suite runs on SQLite; when DATABASE_URL is set it runs on that database too, at the same
# time (PARALLEL=0: one after the other), less the wheel test, which uses no database of the
# suite's, and less the browser tests, which test templates and scripts the same on either
# database (CI's extra stacks run them on PostgreSQL). Each line of a pass then starts with its
# name. SQLITE=0 runs everything on DATABASE_URL only (CI's extra stacks).
SQLITE ?= 1
PARALLEL ?= 1
SQLITE_PASS = env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)
DATABASE_PASS = $(PY) -m pytest $(if $(filter 1,$(SQLITE)),-m "not wheel and not browser") $(PYTEST_ARGS)
suite: $(VENV)/.installed | var
	@if [ "$(SQLITE)" = 1 ] && [ -n "$$DATABASE_URL" ] && [ "$(PARALLEL)" = 1 ]; then \
		echo "== the suite on sqlite and on $${DATABASE_URL%%:*}, side by side (the browser and wheel tests in the sqlite pass only)"; \
		.ci/parallel sqlite '$(SQLITE_PASS)' "$${DATABASE_URL%%:*}" '$(DATABASE_PASS)'; \
	else \
		if [ "$(SQLITE)" = 1 ]; then \
			echo "== the suite on sqlite"; \
			$(SQLITE_PASS) || exit 1; \
		fi; \
		if [ -n "$$DATABASE_URL" ]; then \
			echo "== the suite on $${DATABASE_URL%%:*}"; \
			$(DATABASE_PASS) || exit 1; \
		elif [ "$(SQLITE)" != 1 ]; then \
			echo "SQLITE=0 needs DATABASE_URL"; exit 2; \
		fi; \
	fi

# No --quiet: with mkdocs 1.6 it also hides the warnings that --strict must turn into failures.
docs: $(VENV)/.installed | var
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir var/site

LOCALES := -l de -l en -l ar -l uk -l tr -l ru -l fa

## messages: make and compile the catalogs of the package and of the example site
messages: $(VENV)/.installed
	for dir in wagtail_integration example_site; do \
		mkdir -p $$dir/locale && \
		(cd $$dir && ../$(PY) ../manage.py makemessages --no-obsolete --no-location $(LOCALES) \
			&& ../$(PY) ../manage.py compilemessages) || exit 1; \
	done

## worker: a Celery worker with beat, on REDIS_URL
worker: $(VENV)/.installed
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL, e.g. redis://127.0.0.1:6379/0"; exit 2; }
	$(VENV)/bin/celery -A example_site worker --beat --loglevel=info

## bench: the benchmarks in bench/, printed as a table
bench: $(VENV)/.installed | var
	$(PY) bench/run.py

clean:
	rm -rf var/site dist build *.egg-info
