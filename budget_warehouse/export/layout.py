"""What goes where in an export folder, and why: the marts by how a reader opens them."""

from dataclasses import dataclass

MARTS_SCHEMA = "marts"
CAPTIONS_TABLE = "metadata.column_captions"  # compiled by dbt from the marts' .yml (caption_zh meta)

PARQUET_DIR = "parquet"
CSV_DIR = "csv"
WORKBOOK_NAME = "budget_warehouse.xlsx"
MANIFEST_NAME = "manifest.json"  # what each file holds (export.fingerprints): a rerun rewrites what changed
EXCEL_MAX_ROWS = 1_048_576  # rows of an Excel sheet, the header row included


@dataclass(frozen=True)
class PartitionedFact:
    """A fact with rows per document (per printed cell, per check, per item of the prose or of a
    table, per disclosure requirement): thousands to millions of rows at province scale.

    In Parquet, a Hive folder per `partition_column` value (`fiscal_year=2024/`: BI tools and
    DuckDB read only the years a query asks for), split inside it into a file per first two hex
    digits of the document id (`part-3f.parquet`, 256 a year): documents added to a year rewrite only
    their files, each a 256th of the year's rows, so that a rerun's cost follows the documents it
    adds, not the warehouse's size. `key` orders a document's rows, so that the same rows make the
    same bytes. `csv`: also a CSV file of all its rows, for a fact a person opens whole in Excel (a
    few rows a document); the others have their rows in CSV a department or a year at a time
    (`export_slice`), as no one opens millions of rows in Excel."""

    partition_column: str
    key: str
    csv: bool = False


DOCUMENT_COLUMN = "document_id"  # the first 16 hex digits of the document's sha256: evenly spread
DOCUMENT_PREFIX_DIGITS = 2  # of the document id, naming the file of a partition its rows go to
PARTITIONED_FACTS = {
    "fct_budget_line": PartitionedFact("fiscal_year", "budget_line_id"),
    "fct_tie_check": PartitionedFact("fiscal_year", "tie_check_id"),
    "fct_narrative_figure": PartitionedFact("fiscal_year", "figure_id"),
    "fct_performance_indicator": PartitionedFact("fiscal_year", "performance_indicator_id"),
    "fct_prior_year_value": PartitionedFact("fiscal_year", "prior_year_value_id"),
    "fct_project_spending_plan": PartitionedFact("fiscal_year", "spending_milestone_id"),
    "fct_disclosure_completeness": PartitionedFact("fiscal_year", "requirement_id", csv=True),
}


@dataclass(frozen=True)
class WideSheet:
    """A mart with a row per document and requirement, on the workbook as a row per document and a
    column per requirement (`pivot` value, headed by its `heading`) holding its `value`: the form a
    reader scans across, a fraction of the cells. The long form, every column, stays in its CSV and
    Parquet files."""

    kept: tuple[str, ...]  # the document's columns: the same on each of its rows
    pivot: str
    heading: str
    value: str


WIDE_SHEETS = {
    "fct_disclosure_completeness": WideSheet(
        kept=(
            "document_id",
            "department_key",
            "fiscal_year",
            "phase",
            "is_latest_version",
            "file_name",
            "completeness_score",
            "document_points",
            "document_possible_points",
            "has_all_standard_tables",
        ),
        pivot="requirement_id",
        heading="caption_zh",
        value="status",
    ),
}


@dataclass(frozen=True)
class Extract:
    """The rows of a partitioned fact a person reads in Excel, as a CSV file and a sheet of their own."""

    name: str
    mart: str
    condition: str  # SQL over the mart's columns


EXTRACTS = (Extract("tie_failures", "fct_tie_check", "status = 'fail'"),)


def slice_folder_name(department: str | None, year: int | None) -> str:
    """`泉州市医疗保障局_2024`, `泉州市医疗保障局`, `2024`: the folder of a slice export."""
    return "_".join(str(part).replace("/", "_") for part in (department, year) if part is not None)
