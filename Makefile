# The Statement Archive. `make run` sets everything up and serves; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV := DEBUG=1
BENCH_N ?= 1000000

.PHONY: run serve test test-pg test-browser lint migrations-check check-deploy bench bench-http load-test eval clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_demo --accounts
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest -m "not browser" -n 2 --dist loadfile

test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/archive} $(PY) -m pytest -m "not browser" -n 2 --dist loadfile

test-browser: $(STAMP)
	test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund
	$(PY) -m pytest -m browser -p no:xdist

lint: $(STAMP)
	$(VENV)/bin/ruff check .

migrations-check: $(STAMP)
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

check-deploy: $(STAMP)
	SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check-only ALLOWED_HOSTS=archive.example \
		$(PY) manage.py check --deploy --fail-level WARNING

eval: $(STAMP)
	$(PY) -m statements.extraction.evaluate

# The benchmark's own database, never the development one (DATABASE_URL overrides, e.g. PostgreSQL).
BENCH_DB := sqlite:///$(CURDIR)/var/bench.sqlite3
bench: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} BENCH_N=$(BENCH_N) $(DEV) $(PY) manage.py bench --count $(BENCH_N)

bench-http: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} BENCH_N=$(BENCH_N) $(DEV) $(PY) manage.py bench_http --count $(BENCH_N)

# gunicorn + PostgreSQL on 127.0.0.1, 60 s at 16 connections, 95% reads / 5% editor writes (docs/reliability.md).
LOAD_ARGS ?= --duration 60 --concurrency 16 --count 100000
load-test: $(STAMP)
	$(PY) scripts/load_test.py $(LOAD_ARGS)

clean:
	rm -rf var/archive.sqlite3 var/bench .pytest_cache
