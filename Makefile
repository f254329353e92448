# Two commands on a fresh machine: `make run` (main job on the bundled samples) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run ingest test lint clean

$(BIN)/budget-warehouse: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Exit code 3 is "nothing new": the published warehouse already holds every sample.
run: $(BIN)/budget-warehouse
	$(BIN)/budget-warehouse run || [ $$? -eq 3 ]

ingest: $(BIN)/budget-warehouse
	$(BIN)/budget-warehouse ingest

test: $(BIN)/budget-warehouse
	$(BIN)/pytest

# ruff (lint and format) and sqlfluff (SQL lint, dbt templater against a scratch warehouse file).
lint: $(BIN)/budget-warehouse
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	mkdir -p build/lint
	BUDGET_WAREHOUSE_PATH=build/lint/lint.duckdb $(BIN)/sqlfluff lint --processes 2 models tests analyses

clean:
	rm -rf build target logs
