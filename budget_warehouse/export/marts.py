"""Every mart of a warehouse → an export folder; a rerun rewrites only the files whose rows changed."""

import hashlib
from collections.abc import Callable
from pathlib import Path

import duckdb

from budget_warehouse.export.files import write_csv, write_parquet, write_partitions
from budget_warehouse.export.fingerprints import Fingerprint, Manifest, carry_over, combined, fingerprints
from budget_warehouse.export.layout import (
    CSV_DIR,
    DOCUMENT_COLUMN,
    DOCUMENT_PREFIX_DIGITS,
    EXCEL_MAX_ROWS,
    EXTRACTS,
    MANIFEST_NAME,
    PARQUET_DIR,
    PARTITIONED_FACTS,
    WIDE_SHEETS,
    WORKBOOK_NAME,
    Extract,
    PartitionedFact,
    WideSheet,
)
from budget_warehouse.export.warehouse import literal, marts_of, relation
from budget_warehouse.export.workbook import Captions, Sheet, write_workbook

PARTITION_KEY = "export_partition"  # `2024/3`: the file a row goes to
PART_PREFIX = "part-"


def export_marts(warehouse: Path, export_dir: Path, previous: Path | None = None) -> list[Path]:
    """Write every table of schema `marts` of `warehouse` to `export_dir`:

    * `parquet/<mart>.parquet` for the dimensions and other whole marts, and for the facts with
      rows per document (layout.PARTITIONED_FACTS) a folder per year,
      `parquet/fct_budget_line/fiscal_year=2024/part-3f.parquet` (a file per first two hex digits
      of the document id); types kept (amounts stay exact DECIMAL), rows in a fixed order;
    * `csv/<mart>.csv` for the marts a person opens whole (all but the facts with thousands of rows
      a department: their CSV is a slice's, `export_slice`), and `csv/tie_failures.csv`: UTF-8 with
      a byte-order mark (so Excel reads the Chinese text), column names as in the warehouse;
    * `budget_warehouse.xlsx`: a 目录 sheet saying where each table is, a sheet per dimension,
      per-document mart and the tie failures, headed by the Chinese caption of each column (a mart
      of layout.WIDE_SHEETS as a row per document and a column per requirement), and a 说明 sheet
      describing every column;
    * `manifest.json`: the rows each file holds (count and checksum), from one scan of each mart.

    A file whose rows are those the manifest of the previous export records is not written again:
    it is left in place, or, when `previous` names the previous export folder and `export_dir` is
    a new one, hard-linked from there. Files of `export_dir` that the export no longer makes are
    removed. Returns the paths of the export, Parquet files first, then CSV files, then the workbook.
    """
    warehouse = Path(warehouse).resolve()
    export_dir = Path(export_dir).resolve()
    source = Path(previous).resolve() if previous is not None else export_dir
    earlier = Manifest.read(source, MANIFEST_NAME)
    if source == export_dir:  # files are replaced in place: an export cut short must not vouch for them
        (export_dir / MANIFEST_NAME).unlink(missing_ok=True)
    with marts_of(warehouse) as (connection, marts):
        export = _Export(connection, earlier, Manifest(export_dir))
        captions = Captions.read(connection)
        parquet, csv, contents, sheets, extracted = [], [], [], [], []
        for mart in marts:
            fact = PARTITIONED_FACTS.get(mart)
            extracts = [extract for extract in EXTRACTS if extract.mart == mart]
            groups = (fact.partition_column, f"left({DOCUMENT_COLUMN}, {DOCUMENT_PREFIX_DIGITS})") if fact else ()
            found = fingerprints(connection, relation(mart), groups, tuple(extract.condition for extract in extracts))
            order = f"{DOCUMENT_COLUMN}, {fact.key}" if fact else "all"
            query = f"select * from {relation(mart)} order by {order}"
            if fact:
                parquet += export.partitioned(mart, fact, found.groups)
            else:
                parquet.append(export.file(f"{PARQUET_DIR}/{mart}.parquet", found.whole, query, write_parquet))
            if fact is None or fact.csv:
                csv.append(export.file(f"{CSV_DIR}/{mart}.csv", found.whole, query, write_csv))
            wide = WIDE_SHEETS.get(mart)
            sheet = _wide_sheet(connection, mart, wide) if wide else Sheet(mart, mart, query, found.whole.rows)
            in_workbook = (fact is None or fact.csv) and len(sheet.titles) == 1
            sheets += [(sheet, found.whole)] if in_workbook else []
            place = _place(mart, fact, sheet, in_workbook, found.whole.rows)
            if wide and in_workbook:
                place = _wide_place(mart, wide, sheet, captions)
            contents.append((mart, (captions.tables.get(mart) or ""), found.whole.rows, place))
            for extract in extracts:
                path, sheet = export.extract(extract, found.subsets[extract.condition], order)
                csv.append(path)
                in_workbook = len(sheet.titles) == 1
                sheets += [(sheet, found.subsets[extract.condition])] if in_workbook else []
                place = _extract_place(extract, sheet, in_workbook)
                extracted.append((extract.name, _extract_caption(extract, captions), sheet.rows, place))
        contents += extracted
        workbook = export.workbook(contents, sheets, captions)
    export.remove_stale()
    export.manifest.write(MANIFEST_NAME)
    return [*parquet, *csv, workbook]


class _Export:
    """One export: each file written, or carried over from the previous export when its rows are
    those the previous manifest records."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, earlier: Manifest, manifest: Manifest) -> None:
        self.connection = connection
        self.earlier = earlier
        self.manifest = manifest
        self.folder = manifest.folder

    def file(
        self,
        relative: str,
        fingerprint: Fingerprint,
        query: str,
        write: Callable[[duckdb.DuckDBPyConnection, str, Path], Path],
    ) -> Path:
        target = self.folder / relative
        unchanged = self.earlier.unchanged(relative, fingerprint)
        if unchanged is None:
            write(self.connection, query, target)
        else:
            carry_over(unchanged, target)
        self.manifest.record(relative, fingerprint)
        return target

    def partitioned(self, mart: str, fact: PartitionedFact, groups: dict[tuple, Fingerprint]) -> list[Path]:
        """The files of a partitioned fact, a file per group (partition value, document id prefix)
        of `groups`, the changed ones written in one pass over their rows."""
        relatives = {
            group: f"{PARQUET_DIR}/{mart}/{fact.partition_column}={_value(group[0])}/{PART_PREFIX}{group[1]}.parquet"
            for group in groups
        }
        changed = []
        for group, fingerprint in groups.items():
            unchanged = self.earlier.unchanged(relatives[group], fingerprint)
            if unchanged is None:
                changed.append(group)
            else:
                carry_over(unchanged, self.folder / relatives[group])
        if changed:
            key = f"{_value_sql(fact.partition_column)} || '/' || left({DOCUMENT_COLUMN}, {DOCUMENT_PREFIX_DIGITS})"
            names = {f"{_value(value)}/{prefix}": (value, prefix) for value, prefix in changed}
            selected = ", ".join(literal(name) for name in names)
            # the prefixes first: a cheap test that leaves the key to a few documents' rows
            prefixes = ", ".join(sorted({literal(prefix) for _, prefix in changed}))
            prefix = f"left({DOCUMENT_COLUMN}, {DOCUMENT_PREFIX_DIGITS})"
            where = "" if len(changed) == len(groups) else f"where {prefix} in ({prefixes}) and {key} in ({selected})"
            query = (
                f"select *, {key} as {PARTITION_KEY} from {relation(mart)} {where} "
                f"order by {PARTITION_KEY}, {DOCUMENT_COLUMN}, {fact.key}"
            )
            targets = {name: self.folder / relatives[group] for name, group in names.items()}
            write_partitions(self.connection, query, PARTITION_KEY, targets)
        for group, fingerprint in groups.items():
            self.manifest.record(relatives[group], fingerprint)
        return [self.folder / relatives[group] for group in sorted(groups, key=lambda group: relatives[group])]

    def extract(self, extract: Extract, fingerprint: Fingerprint, order: str) -> tuple[Path, Sheet]:
        query = f"select * from {relation(extract.mart)} where {extract.condition} order by {order}"
        path = self.file(f"{CSV_DIR}/{extract.name}.csv", fingerprint, query, write_csv)
        return path, Sheet(extract.name, extract.mart, query, fingerprint.rows)

    def workbook(self, contents: list[tuple], sheets: list[tuple[Sheet, Fingerprint]], captions: Captions) -> Path:
        described = [_described(contents), _described(captions.notes)]
        fingerprint = combined(described + [fingerprint for _, fingerprint in sheets])
        return self.file(
            WORKBOOK_NAME,
            fingerprint,
            "",
            lambda connection, _, path: write_workbook(connection, path, [s for s, _ in sheets], contents, captions),
        )

    def remove_stale(self) -> None:
        """Remove what an earlier export left in this folder and this one did not make."""
        kept = {self.folder / relative for relative in self.manifest.entries}
        for folder in (self.folder / PARQUET_DIR, self.folder / CSV_DIR):
            for path in sorted(folder.rglob("*"), reverse=True):  # files before their folders
                if path.is_dir():
                    if not any(path.iterdir()):
                        path.rmdir()
                elif path not in kept:
                    path.unlink()


def _value(value: object) -> str:
    """A partition value as its folder names it (`fiscal_year=2024`, `fiscal_year=NULL`)."""
    return "NULL" if value is None else str(value)


def _value_sql(column: str) -> str:
    return f"coalesce(cast({column} as varchar), 'NULL')"


def _described(rows: list[tuple]) -> Fingerprint:
    return Fingerprint(len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())


def _wide_sheet(connection: duckdb.DuckDBPyConnection, mart: str, wide: WideSheet) -> Sheet:
    """The sheet of `mart` as a row per document and a column per value of `wide.pivot`, in the
    values' order, headed by their `wide.heading` (with the value where two share a heading)."""
    pivots = connection.execute(
        f"select {wide.pivot}, coalesce(min({wide.heading}), {wide.pivot}) from {relation(mart)} group by 1 order by 1"
    ).fetchall()
    headings = [heading for _, heading in pivots]
    cells = ", ".join(
        f"max({wide.value}) filter (where {wide.pivot} = {literal(value)}) as "
        + _identifier(heading if headings.count(heading) == 1 else f"{heading}（{value}）")
        for value, heading in pivots
    )
    kept = ", ".join(wide.kept)
    query = f"select {kept}{', ' + cells if cells else ''} from {relation(mart)} group by {kept} order by all"
    rows = connection.execute(f"select count(*) from (select 1 from {relation(mart)} group by {kept})").fetchone()[0]
    return Sheet(mart, mart, query, rows)


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _wide_place(mart: str, wide: WideSheet, sheet: Sheet, captions: Captions) -> str:
    def caption(column: str) -> str:
        return captions.columns.get((mart, column), column)

    return (
        f"{sheet.place}（每个文档一行，每项{caption(wide.heading)}一列，列中为{caption(wide.value)}）；"
        f"每项{caption(wide.heading)}一行、全部列：{_files(mart, PARTITIONED_FACTS.get(mart))}"
    )


def _place(mart: str, fact: PartitionedFact | None, sheet: Sheet, in_workbook: bool, rows: int) -> str:
    files = _files(mart, fact)
    if in_workbook:
        return f"{sheet.place}；{files}"
    if fact is not None and rows == 0:
        return f"{PARQUET_DIR}/{mart}/（无行，无文件）"
    if fact is not None and not fact.csv:
        return (
            f"{files}（按 {fact.partition_column} 分区，不放入工作簿）；某部门、某年度的全部行（CSV 与工作簿）："
            "budget-warehouse export --department 部门名称 --year 年度"
        )
    return f"{files}（{rows:,} 行，超过 Excel 一张工作表的 {EXCEL_MAX_ROWS - 1:,} 行，不放入工作簿）"


def _files(mart: str, fact: PartitionedFact | None) -> str:
    if fact is None:
        return f"{CSV_DIR}/{mart}.csv，{PARQUET_DIR}/{mart}.parquet"
    parquet = f"{PARQUET_DIR}/{mart}/{fact.partition_column}=…/{PART_PREFIX}*.parquet"
    return f"{CSV_DIR}/{mart}.csv，{parquet}" if fact.csv else parquet


def _extract_place(extract: Extract, sheet: Sheet, in_workbook: bool) -> str:
    rows = f"{extract.mart} 中 {extract.condition} 的行"
    if in_workbook:
        return f"{sheet.place}；{CSV_DIR}/{extract.name}.csv（{rows}）"
    return (
        f"{CSV_DIR}/{extract.name}.csv（{rows}；{sheet.rows:,} 行，超过 Excel 一张工作表的 {EXCEL_MAX_ROWS - 1:,} 行）"
    )


def _extract_caption(extract: Extract, captions: Captions) -> str:
    return f"{captions.tables.get(extract.mart, extract.mart)}（{extract.condition}）"
