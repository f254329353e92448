"""A department's or a year's full facts, on request: a CSV file per mart and one workbook."""

import shutil
from pathlib import Path

from budget_warehouse.export.files import write_csv
from budget_warehouse.export.layout import CSV_DIR, DOCUMENT_COLUMN, PARTITIONED_FACTS, slice_folder_name
from budget_warehouse.export.warehouse import ExportError, columns_of, literal, marts_of, relation
from budget_warehouse.export.workbook import Captions, Sheet, write_workbook

DEPARTMENT_TABLE = "dim_department"
SLICE_COLUMNS = ("department_key", "fiscal_year")  # a mart with both is sliced


def export_slice(warehouse: Path, folder: Path, department: str | None = None, year: int | None = None) -> list[Path]:
    """Write the rows of `department` (its name as in dim_department) and / or fiscal `year` of
    every mart holding department and year (the facts, whole, the budget lines and tie checks
    included) to `folder`, emptied first: `csv/<mart>.csv` (UTF-8 with BOM) and
    `budget_warehouse_<department>_<year>.xlsx`, a sheet per mart (rows beyond an Excel sheet
    continue on `<mart>_2`, …, as its 目录 sheet says). Returns the CSV files, then the workbook."""
    if department is None and year is None:
        raise ExportError("name a department (--department), a year (--year) or both")
    warehouse, folder = Path(warehouse).resolve(), Path(folder).resolve()
    with marts_of(warehouse) as (connection, marts):
        conditions = [] if year is None else [f"fiscal_year = {literal(int(year))}"]
        if department is not None:
            keys = connection.execute(
                f"select department_key from {relation(DEPARTMENT_TABLE)} where department_name = ? order by 1",
                [department],
            ).fetchall()
            if not keys:
                raise ExportError(f"no department named {department} in {warehouse} (see marts.{DEPARTMENT_TABLE})")
            conditions.append(f"department_key in ({', '.join(literal(key) for (key,) in keys)})")
        captions = Captions.read(connection)
        sheets = []
        for mart in (mart for mart in marts if set(SLICE_COLUMNS) <= set(columns_of(connection, mart))):
            rows = f"(select * from {relation(mart)} where {' and '.join(conditions)})"
            count = connection.execute(f"select count(*) from {rows}").fetchone()[0]
            if count:
                fact = PARTITIONED_FACTS.get(mart)
                order = f"{DOCUMENT_COLUMN}, {fact.key}" if fact else "all"
                sheets.append(Sheet(mart, mart, f"select * from {rows} order by {order}", count))
        name = slice_folder_name(department, year)
        if not sheets:
            raise ExportError(f"no rows of {name} in {warehouse}")
        shutil.rmtree(folder, ignore_errors=True)
        files = [write_csv(connection, sheet.query, folder / CSV_DIR / f"{sheet.mart}.csv") for sheet in sheets]
        contents = [
            (sheet.mart, captions.tables.get(sheet.mart, ""), sheet.rows, f"{sheet.place}；{CSV_DIR}/{sheet.mart}.csv")
            for sheet in sheets
        ]
        workbook = write_workbook(connection, folder / f"budget_warehouse_{name}.xlsx", sheets, contents, captions)
    return [*files, workbook]
