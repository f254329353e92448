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
    ITEM_FACTS,
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

    * `parquet/<mart>.parquet`, and for the large facts (layout.PARTITIONED_FACTS) a folder per
      year, `parquet/fct_budget_line/fiscal_year=2024/part-3f.parquet` (a file per first two hex
      digits of the document id); types kept (amounts stay exact DECIMAL), rows in a fixed order;
    * `csv/<mart>.csv` for every mart but the large facts, and `csv/tie_failures.csv`: UTF-8 with
      a byte-order mark (so Excel reads the Chinese text), column names as in the warehouse;
    * `budget_warehouse.xlsx`: a 目录 sheet saying where each table is, a sheet per dimension,
      per-document mart and the tie failures, headed by the Chinese caption of each column (a mart
      of layout.WIDE_SHEETS as a row per document and a column per requirement), and a 说明 sheet
      describing every column;
    * `manifest.json`: the rows each file holds (count and checksum).

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
        parquet, csv, contents, sheets = [], [], [], []
        for mart in marts:
            if mart in PARTITIONED_FACTS:
                files, rows = export.partitioned(mart, PARTITIONED_FACTS[mart])
                parquet += files
                contents.append((mart, (captions.tables.get(mart) or ""), rows, _partitioned_place(mart)))
                continue
            fingerprint = export.fingerprint(relation(mart))
            query = f"select * from {relation(mart)} order by all"
            parquet.append(export.file(f"{PARQUET_DIR}/{mart}.parquet", fingerprint, query, write_parquet))
            csv.append(export.file(f"{CSV_DIR}/{mart}.csv", fingerprint, query, write_csv))
            wide = WIDE_SHEETS.get(mart)
            sheet = _wide_sheet(connection, mart, wide) if wide else Sheet(mart, mart, query, fingerprint.rows)
            in_workbook = mart not in ITEM_FACTS and len(sheet.titles) == 1
            sheets += [(sheet, fingerprint)] if in_workbook else []
            place = _place(mart, sheet, in_workbook, fingerprint.rows)
            if wide and in_workbook:
                place = _wide_place(mart, wide, sheet, captions)
            contents.append((mart, (captions.tables.get(mart) or ""), fingerprint.rows, place))
        for extract in (extract for extract in EXTRACTS if extract.mart in marts):
            path, sheet, fingerprint = export.extract(extract)
            csv.append(path)
            in_workbook = len(sheet.titles) == 1
            sheets += [(sheet, fingerprint)] if in_workbook else []
            place = _extract_place(extract, sheet, in_workbook)
            contents.append((extract.name, _extract_caption(extract, captions), sheet.rows, place))
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

    def fingerprint(self, relation_sql: str) -> Fingerprint:
        return fingerprints(self.connection, relation_sql)[()]

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

    def partitioned(self, mart: str, fact: PartitionedFact) -> tuple[list[Path], int]:
        """The files of a partitioned fact (written in one pass over the rows of the files that
        changed) and its rows."""
        key = f"coalesce(cast({fact.partition_column} as varchar), 'NULL') || '/' || left({DOCUMENT_COLUMN}, {DOCUMENT_PREFIX_DIGITS})"
        groups = {
            group: fingerprint
            for (group,), fingerprint in fingerprints(self.connection, relation(mart), (key,)).items()
        }
        relatives = {}
        for group in groups:
            value, prefix = group.split("/")
            relatives[group] = f"{PARQUET_DIR}/{mart}/{fact.partition_column}={value}/{PART_PREFIX}{prefix}.parquet"
        changed = []
        for group, fingerprint in groups.items():
            unchanged = self.earlier.unchanged(relatives[group], fingerprint)
            if unchanged is None:
                changed.append(group)
            else:
                carry_over(unchanged, self.folder / relatives[group])
        if changed:
            selected = ", ".join(literal(group) for group in changed)
            where = "" if len(changed) == len(groups) else f"where {key} in ({selected})"
            query = (
                f"select *, {key} as {PARTITION_KEY} from {relation(mart)} {where} "
                f"order by {PARTITION_KEY}, {DOCUMENT_COLUMN}, {fact.key}"
            )
            write_partitions(
                self.connection, query, PARTITION_KEY, {group: self.folder / relatives[group] for group in changed}
            )
        for group, fingerprint in groups.items():
            self.manifest.record(relatives[group], fingerprint)
        return [self.folder / relatives[group] for group in sorted(groups)], sum(fp.rows for fp in groups.values())

    def extract(self, extract: Extract) -> tuple[Path, Sheet, Fingerprint]:
        rows = f"(select * from {relation(extract.mart)} where {extract.condition})"
        fingerprint = self.fingerprint(rows)
        query = f"select * from {rows} order by all"
        path = self.file(f"{CSV_DIR}/{extract.name}.csv", fingerprint, query, write_csv)
        return path, Sheet(extract.name, extract.mart, query, fingerprint.rows), fingerprint

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
        f"每项{caption(wide.heading)}一行、全部列：{CSV_DIR}/{mart}.csv，{PARQUET_DIR}/{mart}.parquet"
    )


def _place(mart: str, sheet: Sheet, in_workbook: bool, rows: int) -> str:
    files = f"{CSV_DIR}/{mart}.csv，{PARQUET_DIR}/{mart}.parquet"
    if in_workbook:
        return f"{sheet.place}；{files}"
    if mart in ITEM_FACTS:
        return f"{files}（每个文档数十行，不放入工作簿）"
    return f"{files}（{rows:,} 行，超过 Excel 一张工作表的 {EXCEL_MAX_ROWS - 1:,} 行，不放入工作簿）"


def _partitioned_place(mart: str) -> str:
    fact = PARTITIONED_FACTS[mart]
    return (
        f"{PARQUET_DIR}/{mart}/{fact.partition_column}=…/{PART_PREFIX}*.parquet（Parquet，按 {fact.partition_column} "
        "分区，不放入工作簿）；某部门、某年度的全部行：budget-warehouse export --department 部门名称 --year 年度"
    )


def _extract_place(extract: Extract, sheet: Sheet, in_workbook: bool) -> str:
    rows = f"{extract.mart} 中 {extract.condition} 的行"
    if in_workbook:
        return f"{sheet.place}；{CSV_DIR}/{extract.name}.csv（{rows}）"
    return (
        f"{CSV_DIR}/{extract.name}.csv（{rows}；{sheet.rows:,} 行，超过 Excel 一张工作表的 {EXCEL_MAX_ROWS - 1:,} 行）"
    )


def _extract_caption(extract: Extract, captions: Captions) -> str:
    return f"{captions.tables.get(extract.mart, extract.mart)}（{extract.condition}）"
