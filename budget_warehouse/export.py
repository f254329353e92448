"""Marts → files: Parquet and CSV per mart, and one Excel workbook with Chinese column captions."""

import shutil
from pathlib import Path

import duckdb
from openpyxl import Workbook

MARTS_SCHEMA = "marts"
CAPTIONS_TABLE = "metadata.column_captions"  # compiled by dbt from the marts' .yml (caption_zh meta)
WORKBOOK_NAME = "budget_warehouse.xlsx"
NOTES_SHEET = "说明"
UTF8_BOM = b"\xef\xbb\xbf"
EXCEL_MAX_ROWS = 1_048_576  # including the header row
FETCH_ROWS = 10_000


class ExportError(RuntimeError):
    """The warehouse has no marts to export (build it first)."""


def export_marts(warehouse: Path, export_dir: Path) -> list[Path]:
    """Write every table of schema `marts` of `warehouse` to `export_dir`:

    * `parquet/<mart>.parquet` — types kept (amounts stay exact DECIMAL);
    * `csv/<mart>.csv` — UTF-8 with a byte-order mark (so Excel reads the Chinese text), column
      names as in the warehouse;
    * `budget_warehouse.xlsx` — a sheet per mart headed by the Chinese caption of each column
      (from the marts' .yml `caption_zh`, via metadata.column_captions), plus a 说明 sheet listing
      each column's caption and description. A mart longer than an Excel sheet continues on
      sheets `<mart>_2`, `<mart>_3`, …

    Returns the paths written, Parquet files first, then CSV files, then the workbook.
    """
    warehouse = Path(warehouse).resolve()
    export_dir = Path(export_dir).resolve()
    if not warehouse.is_file():
        raise ExportError(f"no warehouse at {warehouse}")
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        marts = _marts(connection)
        if not marts:
            raise ExportError(f"{warehouse} has no tables in schema {MARTS_SCHEMA}: build the warehouse first")
        captions, notes = _captions(connection)
        parquet = [_write_parquet(connection, mart, export_dir / "parquet") for mart in marts]
        csv = [_write_csv(connection, mart, export_dir / "csv") for mart in marts]
        workbook = _write_workbook(connection, marts, captions, notes, export_dir / WORKBOOK_NAME)
    finally:
        connection.close()
    return [*parquet, *csv, workbook]


def _marts(connection: duckdb.DuckDBPyConnection) -> list[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
        "order by table_name",
        [MARTS_SCHEMA],
    ).fetchall()
    return [name for (name,) in rows]


def _captions(connection: duckdb.DuckDBPyConnection) -> tuple[dict[tuple[str, str], str], list[tuple]]:
    """{(mart, column): caption} and the rows of the 说明 sheet; empty when the table is missing."""
    exists = connection.execute(
        "select count(*) from information_schema.tables where table_schema = 'metadata' and table_name = 'column_captions'"
    ).fetchone()[0]
    if not exists:
        return {}, []
    rows = connection.execute(
        f"select model_name, model_caption, column_name, caption_zh, description from {CAPTIONS_TABLE} "
        "order by model_name, column_position"
    ).fetchall()
    captions = {(model, column): caption for model, _, column, caption, _ in rows}
    return captions, rows


def _write_parquet(connection: duckdb.DuckDBPyConnection, mart: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{mart}.parquet"
    connection.execute(f"copy (select * from {_relation(mart)}) to '{_literal(path)}' (format parquet)")
    return path


def _write_csv(connection: duckdb.DuckDBPyConnection, mart: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{mart}.csv"
    plain = directory / f".{mart}.csv.part"
    connection.execute(f"copy (select * from {_relation(mart)}) to '{_literal(plain)}' (format csv, header true)")
    with path.open("wb") as target, plain.open("rb") as source:
        target.write(UTF8_BOM)
        shutil.copyfileobj(source, target)
    plain.unlink()
    return path


def _write_workbook(
    connection: duckdb.DuckDBPyConnection,
    marts: list[str],
    captions: dict[tuple[str, str], str],
    notes: list[tuple],
    path: Path,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    for mart in marts:
        cursor = connection.execute(f"select * from {_relation(mart)}")
        columns = [description[0] for description in cursor.description]
        header = [captions.get((mart, column), column) for column in columns]
        sheet, rows_on_sheet, part = _new_sheet(workbook, mart, header, 1)
        while batch := cursor.fetchmany(FETCH_ROWS):
            for row in batch:
                if rows_on_sheet == EXCEL_MAX_ROWS:
                    sheet, rows_on_sheet, part = _new_sheet(workbook, mart, header, part + 1)
                sheet.append(list(row))
                rows_on_sheet += 1
    sheet = workbook.create_sheet(NOTES_SHEET)
    sheet.append(["表", "表名", "列", "中文名", "说明"])
    for row in notes:
        sheet.append(list(row))
    workbook.save(path)
    return path


def _new_sheet(workbook: Workbook, mart: str, header: list[str], part: int):
    title = mart if part == 1 else f"{mart}_{part}"
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    return sheet, 1, part


def _relation(mart: str) -> str:
    return f'{MARTS_SCHEMA}."{mart}"'


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")
