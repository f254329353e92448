"""Shared fixtures: the bundled sample documents, parsed and landed once per test session."""

from pathlib import Path

import duckdb
import pytest

from budget_warehouse.build import build_warehouse
from ingest.batch import ingest_directory
from ingest.model import ParsedDocument
from ingest.parser import parse_document
from tests.helpers import PROJECT_DIR, SAMPLE_FILES, SAMPLES


@pytest.fixture(scope="session")
def parsed() -> dict[str, ParsedDocument]:
    return {name: parse_document((SAMPLES / file).read_text(encoding="utf-8")) for name, file in SAMPLE_FILES.items()}


@pytest.fixture(scope="session")
def raw_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("raw") / "warehouse.duckdb"
    ingest_directory(SAMPLES, warehouse)
    return warehouse


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested and built (dbt seed + build) once per test session. Read it; a
    test that writes copies it first."""
    warehouse = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    ingest_directory(SAMPLES, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    return warehouse


@pytest.fixture()
def raw(raw_warehouse: Path):
    connection = duckdb.connect(str(raw_warehouse), read_only=True)
    yield connection
    connection.close()
