# Shouwang: `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
NPM_STAMP := node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)
MO := locale/zh_Hans/LC_MESSAGES/django.mo
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve test check lint typecheck install system-deps messages bench-roster bench-peer bench-imports screenshots clean

install: system-deps $(STAMP) $(NPM_STAMP) $(MO)

system-deps:
	@scripts/install-system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(MO): locale/zh_Hans/LC_MESSAGES/django.po | $(STAMP)
	$(BIN)/python manage.py compilemessages -l zh_Hans -v0

# Regenerate the catalog after changing user-facing text (then translate the new entries).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --add-location=file --ignore=.venv --ignore=node_modules --ignore=bench --ignore=engines --ignore=var --ignore="*/tests/*"

run: install
	scripts/run-local

serve: install
	scripts/serve

# Both cores: pytest-xdist workers, each with its own test database (SQLite file or PostgreSQL
# database, suffixed _gw0, _gw1, ...); the Redis tests share one worker (xdist_group "redis").
# PYTEST_WORKERS=0 runs everything in this process (for --pdb); PYTEST_ARGS adds options.
# The browser tests run in a second pytest process: on SQLite, a live server started in a process
# that holds the shared rows' open transaction (hub/testing/shared_rows.py) meets a locked database.
PYTEST_WORKERS ?= 2
# BROWSER_TESTS=0 skips the browser run (CI runs it once, on SQLite: pages do not depend on the database).
BROWSER_TESTS ?= 1
# SUITE_MARKERS picks the first run's tests (CI's PostgreSQL phase also leaves out schemathesis,
# which probes the API's contract, not the database).
SUITE_MARKERS ?= not browser
test: install
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || [ -n "$$CHROMIUM" ] || \
	  echo "make test: Chromium is not installed, so the browser tests are skipped (apt package chromium)."
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup \
		--durations=30 -m "$(SUITE_MARKERS)" $(PYTEST_ARGS)
	@if [ "$(BROWSER_TESTS)" = 1 ]; then \
	  $(BIN)/python -m pytest -q -p no:cacheprovider -n 0 --durations=10 -m browser $(PYTEST_ARGS); \
	else echo "make test: browser tests not run here (BROWSER_TESTS=$(BROWSER_TESTS))"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy config hub engines

check: install lint typecheck
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	$(MAKE) test

bench-roster: install
	$(BIN)/python -m bench.curtois.suite --instances 1-12 --time-limit 60
	$(BIN)/python -m bench.volunteers.run --sizes 50,200,500 --days 7,14 --time-limit 30

# Timefold beside the engine on the small volunteer sizes: Java 17 from scripts/peer-packages.txt,
# then the `peer` extra.
bench-peer: install
	@scripts/install-system-deps scripts/peer-packages.txt
	$(BIN)/pip install -q -e ".[peer]"
	$(BIN)/python -m bench.volunteers.run --sizes 50,200 --days 7,14 --time-limit 30 --peer

bench-imports: install
	$(BIN)/python -m bench.imports.bench_import

clean:
	rm -rf $(VENV) node_modules var

screenshots: $(STAMP)
	@scripts/install-system-deps scripts/screens-packages.txt
	$(BIN)/pip install -q -e ".[screens]"
	$(BIN)/python scripts/screenshots.py $(ARGS)
