# Jinpin: `make run` sets everything up and serves on 127.0.0.1:8000; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve setup test lint format worker messages demo clean services services-stop elasticsearch drill

install: $(STAMP)

$(STAMP): requirements/base.txt requirements/dev.txt requirements/sms.txt
	test -x $(PY) || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

# First run: database, demo data (loaded once and kept), search index; then serve.
setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo --if-empty
	$(PY) manage.py search_reindex

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The production layout under load while app nodes are killed and restarted (bench/drill.py; a
# first, partial drill: see deploy/README.md). Needs DATABASE_URL, CELERY_BROKER_URL, CACHE_URL.
drill: install
	$(PY) bench/drill.py

# A worker with an embedded beat scheduler against CELERY_BROKER_URL, restarted when it dies.
worker: install
	scripts/worker.sh

# Translations: one catalogue in locale/ (English source strings, Chinese translations).
messages: install
	$(PY) manage.py makemessages --locale zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'var/*' \
		--ignore 'tests/*' --ignore 'bench/*'
	$(PY) manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

demo: install
	$(PY) manage.py demo

clean:
	rm -rf var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm var/search var/media var/private var/staticfiles

# PostgreSQL, Redis and Elasticsearch on loopback for the production configuration (not needed by
# `make run` or `make test`): see scripts/services.sh and the README.
services:
	scripts/services.sh start

services-stop:
	scripts/services.sh stop

elasticsearch:
	scripts/services.sh start elasticsearch
