"""The raw layer is declared once (ingest/schema.py): the tables ingest creates and the dbt sources
match its records column for column."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import yaml

from ingest.batch import parse_batch
from ingest.parser import parse_document
from ingest.schema import RAW_TABLES, arrow_schema, columns, sources_yml
from ingest.warehouse import relations
from tests.helpers import PROJECT_DIR, SAMPLE_FILES, SAMPLES

SOURCES = PROJECT_DIR / "models" / "staging" / "__sources.yml"


def test_each_raw_table_is_described_by_its_record(raw_warehouse: Path):
    with duckdb.connect(str(raw_warehouse), read_only=True) as connection:
        for name, record in RAW_TABLES.items():
            described = connection.execute(f"describe raw.{name}").fetchall()
            expected = [
                (column.name, column.sql_type.upper().replace(", ", ","), "YES" if column.nullable else "NO")
                for column in columns(record)
            ]
            assert [(name_, type_, null) for name_, type_, null, *_ in described] == expected, name


def test_the_dbt_sources_are_written_from_the_records():
    assert SOURCES.read_text(encoding="utf-8") == sources_yml(), "run: python -m ingest.schema > " + str(SOURCES)
    [source] = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["sources"]
    assert {table["name"]: [column["name"] for column in table["columns"]] for table in source["tables"]} == {
        name: list(record._fields) for name, record in RAW_TABLES.items()
    }


def test_keys_and_amount_types_come_from_the_records():
    statement_cells = {column.name: column for column in columns(RAW_TABLES["statement_cells"])}
    assert statement_cells["amount"].sql_type == "decimal(24, 6)" and statement_cells["amount"].nullable
    assert [column.name for column in columns(RAW_TABLES["documents"]) if column.is_key] == ["document_id"]
    assert columns(RAW_TABLES["documents"])[4].sql_type == "bigint"  # size_bytes


def test_the_workers_build_arrow_tables_of_the_declared_schemas():
    tables = parse_batch([SAMPLES / SAMPLE_FILES["quanzhou"]], datetime(2026, 1, 1)).relations
    assert set(tables) == set(RAW_TABLES)
    for name, table in tables.items():
        assert table.schema == arrow_schema(RAW_TABLES[name]), name
    # Every cell of the sample, its exact amounts as printed (泉州's 2101501 行政运行 basic expense).
    document = parse_document((SAMPLES / SAMPLE_FILES["quanzhou"]).read_text(encoding="utf-8"))
    assert tables["statement_cells"].num_rows == sum(len(row.cells) for t in document.tables for row in t.rows)
    assert Decimal("2535.54") in tables["statement_cells"].column("amount").to_pylist()


def test_an_empty_batch_has_the_declared_schemas():
    for name, table in relations([], datetime(2026, 1, 1)).items():
        assert table.num_rows == 0 and table.schema == arrow_schema(RAW_TABLES[name])
