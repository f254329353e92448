# Two commands on a fresh machine: `make run` (main job on the bundled samples) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run ingest test clean

$(BIN)/budget-warehouse: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/budget-warehouse
	$(BIN)/budget-warehouse run

ingest: $(BIN)/budget-warehouse
	$(BIN)/budget-warehouse ingest

test: $(BIN)/budget-warehouse
	$(BIN)/pytest

clean:
	rm -rf build target logs
