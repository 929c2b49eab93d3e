# The portal's build. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
MANAGE := $(BIN)/python manage.py
# `make test` spreads the suite over pytest-xdist workers, one per core and one more: the
# embedded run's worker and beat keep one of them waiting on real minutes for about three
# minutes, while the others use the cores. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))

.PHONY: run test check bench loadtest system system-test install install-dev assets messages clean lock

## run: installs everything, loads the demo data, then serves http://127.0.0.1:8000 (SQLite)
## with one Celery worker and one beat on the embedded broker (Procfile); Ctrl-C stops all.
run: system install assets messages
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(BIN)/honcho start -f Procfile

## test: installs the test dependencies (Chromium included) and runs the whole suite.
test: system-test install-dev assets messages
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## check: the static checks CI runs before the tests.
check: install-dev assets
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pre-commit run --all-files --show-diff-on-failure
	$(BIN)/mypy .
	$(BIN)/lint-imports
	DATABASE_URL=sqlite:///:memory: $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=aer_portal.settings.production ALLOWED_HOSTS=portal.aer.eu \
	  FEES_IBAN="BE71 0961 2345 6769" FEES_BIC=GKCCBEBB FEES_ISSUER_STREET="Check street 1" \
	  FEES_ISSUER_CITY=Brussels FEES_ISSUER_COUNTRY=BE \
	  SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  DATABASE_URL=sqlite:///:memory: $(MANAGE) check --deploy --fail-level WARNING

## bench: seeds a large data set into its own database and times every page.
bench: install-dev assets messages
	$(MANAGE) bench --settings=aer_portal.settings.bench $(BENCH_ARGS)

## loadtest: a virtual General Assembly votes at once against gunicorn (production settings),
## PostgreSQL and Redis; LOADTEST_DATABASE_URL (replaced), LOADTEST_REDIS_URL, LOADTEST_PORT.
loadtest: install-dev assets messages
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

system:
	@bash scripts/install-system-packages.sh

system-test:
	@bash scripts/install-system-packages.sh --test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/base: requirements/base.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.lock
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/dev: requirements/dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/base

install: $(STAMPS)/base
install-dev: $(STAMPS)/dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
	@touch $@

assets: node_modules/.package-lock.json

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

## lock: re-pins every dependency (after editing pyproject.toml).
lock: install-dev
	$(BIN)/pip-compile -q --no-emit-index-url --no-emit-find-links --strip-extras --allow-unsafe -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile -q --no-emit-index-url --no-emit-find-links --strip-extras --allow-unsafe --extra dev -o requirements/dev.lock pyproject.toml

clean:
	rm -rf $(VENV) $(STAMPS) node_modules staticfiles db.sqlite3 bench.sqlite3
