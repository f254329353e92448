"""Shared fixtures: the bundled sample documents, parsed and landed once per test session."""

from pathlib import Path

import duckdb
import pytest

from ingest.batch import ingest_directory
from budget_warehouse.build import build_warehouse
from ingest.model import ParsedDocument, StatementTable
from ingest.parser import parse_document

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT_DIR / "documents" / "samples"
# The five sample documents by the department that published them.
SAMPLE_FILES = {
    "quanzhou": "000_1e74d09e60971ecb.txt",  # 泉州市医疗保障局 2024 budget
    "zhaoyuan": "001_208575b2d87000bf.txt",  # 招远市医疗保障局 2024 budget
    "fuzhou": "002_bca813b3d420fb33.txt",  # 福州市医疗保障局 2020 budget
    "sanming": "003_1e091ad5c9a7ead0.txt",  # 三明市医疗保障局 2024 final accounts
    "guan": "004_43a13e6a8c0a6925.txt",  # 固安县医疗保障局 2024 budget
}


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


def table_of(document: ParsedDocument, kind: str, index: int = 0) -> StatementTable:
    return [table for table in document.tables if table.statement_kind == kind][index]
