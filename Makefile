# synergy: two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DATASET ?= examples/alpine-space
OUT ?= out/alpine-space

.PHONY: demo test test-fast venv dev lint format neo4j-up neo4j-down neo4j-reset browser bench clean screenshots compare

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

venv: $(STAMP)
dev: $(DEVSTAMP)

## demo: create .venv, install, scan the Alpine Space example into out/alpine-space/
demo: $(STAMP)
	$(BIN)/synergy scan $(DATASET) --out $(OUT)
	@echo "Open $(OUT)/report.html and $(OUT)/graph.html in a browser."

## test: install dev deps, start Neo4j and Chromium, run the whole suite, stop Neo4j
test: $(DEVSTAMP) browser neo4j-up
	status=0; $(BIN)/pytest || status=$$?; $(MAKE) --no-print-directory neo4j-down; exit $$status

## test-fast: the suite without Neo4j and browser tests
test-fast: $(DEVSTAMP)
	$(BIN)/pytest -m "not neo4j and not browser"

## lint: ruff (lint + format check) and the layer contracts of pyproject.toml (import-linter)
lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(DEVSTAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Neo4j Community 5.26 from Maven Central, Bolt on 127.0.0.1:7687 (neo4j / synergy-dev)
neo4j-up:
	bash tools/neo4j/up.sh
neo4j-down:
	bash tools/neo4j/down.sh
neo4j-reset:
	bash tools/neo4j/reset.sh

## browser: Debian's chromium for the HTML tests (no browser download)
browser:
	bash tools/install-chromium.sh

## screenshots: refresh the tutorial's pictures in docs/img/ from the Alpine example
screenshots: $(DEVSTAMP) browser
	$(BIN)/python tools/screenshots.py

## compare: rerun every command and compare all outputs byte by byte with a reference run
## (make it once on the commit before a refactoring: python tools/compare_outputs.py run DIR)
REF ?= /work/ref-outputs
compare: $(STAMP)
	$(BIN)/python tools/compare_outputs.py check $(REF)

bench: $(DEVSTAMP)
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf out .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
