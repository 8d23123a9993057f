# Two commands for a new machine: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STATIC := src/casereview/workspace/static/vendor
VENDOR := $(STATIC)/govuk
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: run test install assets bench bench-web

run: install
	DEBUG=$${DEBUG:-true} $(BIN)/casereview serve --demo

test: install
	$(BIN)/ruff check src tests benchmarks
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key} $(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks print tables; they are not part of the test suite.
bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/language_accuracy.py --split test || true
	$(BIN)/python benchmarks/language_accuracy.py --split dev || true
	$(BIN)/python benchmarks/language_accuracy.py --published || true
	$(BIN)/python benchmarks/language_speed.py
	$(BIN)/python benchmarks/lint_startup.py

# Many people at once on a large partnership, against `casereview serve` as in production (issue 10).
# The first run builds the data (many minutes) and keeps it under var/bench/; pass options with BENCH_ARGS,
# e.g. make bench-web BENCH_ARGS="--db sqlite --seconds 15".
bench-web: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/web_load.py $(BENCH_ARGS)

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

assets: $(STATIC)/casereview.css

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STATIC)/casereview.css: node_modules/.installed src/casereview/workspace/styles/casereview.scss
	rm -rf $(STATIC)
	mkdir -p $(VENDOR)
	cp $(GOVUK)/govuk-frontend.min.js $(VENDOR)/
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC)/
	cp -r $(GOVUK)/assets $(VENDOR)/assets
	@# sass writes its error into the output file; build aside so a failed build never looks up to date
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
		src/casereview/workspace/styles/casereview.scss $@.tmp
	mv $@.tmp $@
