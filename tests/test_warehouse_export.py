"""Exports of the marts built from the sample corpus: Parquet (DuckDB, polars), CSV with a BOM, and
one Excel workbook with Chinese column captions."""

import csv
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from budget_warehouse.export import ExportError, export_marts
from tests.helpers import MARTS


@pytest.fixture(scope="session")
def exported(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    warehouse = built_warehouse
    export_dir = tmp_path_factory.mktemp("export")
    return warehouse, export_marts(warehouse, export_dir)


def _row_counts(warehouse: Path) -> dict[str, int]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {mart: connection.execute(f"select count(*) from marts.{mart}").fetchone()[0] for mart in MARTS}
    finally:
        connection.close()


def _captions(warehouse: Path) -> dict[str, list[str]]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = connection.execute(
            "select model_name, caption_zh from metadata.column_captions order by model_name, column_position"
        ).fetchall()
    finally:
        connection.close()
    captions: dict[str, list[str]] = {}
    for model, caption in rows:
        captions.setdefault(model, []).append(caption)
    return captions


def test_one_file_per_mart_and_format(exported):
    _, paths = exported
    assert {path.stem for path in paths if path.suffix == ".parquet"} == MARTS
    assert {path.stem for path in paths if path.suffix == ".csv"} == MARTS
    assert [path.name for path in paths if path.suffix == ".xlsx"] == ["budget_warehouse.xlsx"]
    assert all(path.is_file() for path in paths)


def test_parquet_opens_in_duckdb_and_polars(exported):
    warehouse, paths = exported
    counts = _row_counts(warehouse)
    for path in (path for path in paths if path.suffix == ".parquet"):
        assert duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchone()[0] == counts[path.stem]
        assert pl.read_parquet(path).height == counts[path.stem]
    facts = pl.read_parquet(next(path for path in paths if path.name == "fct_budget_line.parquet"))
    assert isinstance(facts.schema["amount"], pl.Decimal)
    assert isinstance(facts.schema["amount_yuan"], pl.Decimal)
    line = facts.filter(
        (pl.col("statement") == "expense")
        & (pl.col("subject_code") == "2101501")
        & (pl.col("measure") == "basic")
        & (pl.col("fiscal_year") == 2024)
        & (pl.col("file_name") == "000_1e74d09e60971ecb.txt")
    )
    assert line["amount_yuan"].to_list() == [Decimal("25355400")]


def test_csv_starts_with_a_bom_and_holds_every_row(exported):
    warehouse, paths = exported
    counts = _row_counts(warehouse)
    for path in (path for path in paths if path.suffix == ".csv"):
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) - 1 == counts[path.stem]
    departments = next(path for path in paths if path.name == "dim_department.csv")
    text = departments.read_text(encoding="utf-8-sig")
    assert text.startswith("department_key,department_name,")
    assert "泉州市医疗保障局" in text


def test_workbook_has_a_sheet_per_mart_with_chinese_captions(exported):
    warehouse, paths = exported
    counts = _row_counts(warehouse)
    captions = _captions(warehouse)
    workbook = openpyxl.load_workbook(next(path for path in paths if path.suffix == ".xlsx"), read_only=True)
    try:
        assert set(workbook.sheetnames) == MARTS | {"说明"}
        for mart in MARTS:
            rows = list(workbook[mart].iter_rows(values_only=True))
            header = list(rows[0])
            assert sorted(header) == sorted(captions[mart]), mart  # a caption for every column
            assert all(any("\u4e00" <= character <= "\u9fff" for character in caption) for caption in header), mart
            assert len(rows) - 1 == counts[mart]
        facts = next(iter(workbook["fct_budget_line"].iter_rows(min_row=1, max_row=1, values_only=True)))
        assert facts[:4] == ("明细编号", "文档编号", "部门键", "年度")
        notes = list(workbook["说明"].iter_rows(values_only=True))
        assert notes[0] == ("表", "表名", "列", "中文名", "说明")
        assert ("fct_budget_line", "预算明细", "amount_yuan", "金额(元)") in {row[:4] for row in notes}
    finally:
        workbook.close()


def test_export_refuses_a_warehouse_without_marts(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(ExportError, match="no tables in schema marts"):
        export_marts(empty, tmp_path / "export")
