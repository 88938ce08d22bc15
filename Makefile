# Jinpin: `make run` sets everything up and serves on 127.0.0.1:8000; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve setup test lint format worker messages demo clean services services-stop elasticsearch vendor-scanner drill

install: $(STAMP)

$(STAMP): requirements/base.txt requirements/dev.txt requirements/sms.txt
	@echo "[1/4] Python packages into $(VENV) (from pip's cache when it has them)"
	@t=$$(date +%s); \
	test -x $(PY) || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); } && \
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip && \
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt && \
	touch $(STAMP) && echo "      done in $$(( $$(date +%s) - t )) s"

# First run: database, demo data (loaded once and kept), search index; then serve. One line per
# stage and its time; the demo's e-mails go to files under var/mail/.
setup: install
	@echo "[2/4] Database: migrations"
	@t=$$(date +%s); $(PY) manage.py migrate --noinput -v 0 && \
	echo "      done in $$(( $$(date +%s) - t )) s"
	@echo "[3/4] Demo data (first run only: the campaign at full scale)"
	@t=$$(date +%s); $(PY) manage.py demo --if-empty && \
	echo "      done in $$(( $$(date +%s) - t )) s"
	@echo "[4/4] Search index"
	@t=$$(date +%s); $(PY) manage.py search_reindex && \
	echo "      done in $$(( $$(date +%s) - t )) s"

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

# The production layout broken on purpose under a mixed load (bench/drill.py, deploy/README.md):
# nginx, two app nodes, two Celery workers and beat on a PostgreSQL, a Redis and a two-node
# Elasticsearch cluster of its own (ports 5442, 6442, 9260-9261); about 7 minutes, nothing to set.
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

# The QR decoder of the check-in pages, from the npm registry into static/vendor/zxing/ (committed).
vendor-scanner:
	scripts/vendor_scanner.sh

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
