"""An Excel workbook of marts, streamed from DuckDB (xlsxwriter's constant-memory mode: each row
goes to disk as it is written), headed by the Chinese caption of each column, opened by a 目录
sheet that says where each table is and a 说明 sheet describing every column."""

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import xlsxwriter

from budget_warehouse.catalog import has_table
from budget_warehouse.export.layout import CAPTIONS_TABLE, EXCEL_MAX_ROWS

CONTENTS_SHEET = "目录"
NOTES_SHEET = "说明"
CONTENTS_HEADER = ("表", "表名", "行数", "在哪里")
NOTES_HEADER = ("表", "表名", "列", "中文名", "说明")
SHEET_TITLE_LENGTH = 31  # Excel's limit
FETCH_ROWS = 10_000
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    # Cells hold what the warehouse holds: text that looks like a formula or an address stays text.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "default_date_format": "yyyy-mm-dd hh:mm:ss",
}


@dataclass(frozen=True)
class Captions:
    """The marts' captions from metadata.column_captions (empty when the table is missing)."""

    columns: dict[tuple[str, str], str]  # (mart, column) → 中文名
    tables: dict[str, str]  # mart → 表名
    notes: list[tuple]  # rows of the 说明 sheet

    @classmethod
    def read(cls, connection: duckdb.DuckDBPyConnection) -> "Captions":
        if not has_table(connection, CAPTIONS_TABLE):
            return cls({}, {}, [])
        rows = connection.execute(
            f"select model_name, model_caption, column_name, caption_zh, description from {CAPTIONS_TABLE} "
            "order by model_name, column_position"
        ).fetchall()
        columns = {(model, column): caption for model, _, column, caption, _ in rows}
        tables = {model: caption for model, caption, *_ in rows}
        return cls(columns, tables, rows)


@dataclass(frozen=True)
class Sheet:
    """Rows of `query` on a sheet titled `title`, headed by the captions of `mart`'s columns; more
    rows than a sheet holds continue on sheets `<title>_2`, `<title>_3`, …"""

    title: str
    mart: str
    query: str
    rows: int

    @property
    def titles(self) -> list[str]:
        parts = max(1, -(-self.rows // (EXCEL_MAX_ROWS - 1)))
        return [_title(self.title, "" if part == 1 else f"_{part}") for part in range(1, parts + 1)]

    @property
    def place(self) -> str:
        """Where its rows are, for the 目录 sheet."""
        titles = self.titles
        if len(titles) == 1:
            return f"工作表 {titles[0]}"
        return f"工作表 {', '.join(titles)}（一张工作表最多 {EXCEL_MAX_ROWS - 1:,} 行，超出的行接续在后面的工作表）"


def write_workbook(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    sheets: list[Sheet],
    contents: list[tuple[str, str, int, str]],
    captions: Captions,
) -> Path:
    """Write the workbook at `path` (through a partial file: a reader never sees half of it).
    `contents` are the rows of the 目录 sheet: table, its Chinese name, rows, where it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    workbook = xlsxwriter.Workbook(str(partial), WORKBOOK_OPTIONS)
    try:
        _write_rows(workbook.add_worksheet(CONTENTS_SHEET), CONTENTS_HEADER, contents)
        for sheet in sheets:
            _write_sheet(workbook, connection, sheet, captions)
        _write_rows(workbook.add_worksheet(NOTES_SHEET), NOTES_HEADER, captions.notes)
    finally:
        workbook.close()
    os.replace(partial, path)
    return path


def _write_sheet(
    workbook: xlsxwriter.Workbook, connection: duckdb.DuckDBPyConnection, sheet: Sheet, captions: Captions
) -> None:
    cursor = connection.execute(sheet.query)
    header = [captions.columns.get((sheet.mart, column[0]), column[0]) for column in cursor.description]
    titles = iter(sheet.titles)
    worksheet, row_number = workbook.add_worksheet(next(titles)), 1
    worksheet.write_row(0, 0, header)
    while batch := cursor.fetchmany(FETCH_ROWS):
        for row in batch:
            if row_number == EXCEL_MAX_ROWS:
                worksheet, row_number = workbook.add_worksheet(next(titles)), 1
                worksheet.write_row(0, 0, header)
            worksheet.write_row(row_number, 0, row)
            row_number += 1


def _write_rows(worksheet, header: tuple[str, ...], rows: list[tuple]) -> None:
    worksheet.write_row(0, 0, header)
    for number, row in enumerate(rows, start=1):
        worksheet.write_row(number, 0, row)


def _title(name: str, suffix: str = "") -> str:
    return name[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
