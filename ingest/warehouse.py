"""Writes loaded documents to the DuckDB raw layer, set-based, one transaction per batch."""

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ingest.loading import LoadedDocument
from ingest.model import StatementRow
from ingest.schema import RAW_DDL
from ingest.version import parser_version


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(warehouse))
    for statement in RAW_DDL:
        connection.execute(statement)
    return connection


def loaded_document_ids(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in connection.execute("select document_id from raw.documents").fetchall()}


def write_relations(connection: duckdb.DuckDBPyConnection, batches: list[dict[str, pa.Table]]) -> None:
    """Insert batches of relations (see `relations`, built where the documents were parsed) in one
    transaction, and mark versions."""
    connection.execute("begin transaction")
    try:
        for batch in batches:
            for name, table in batch.items():
                if table.num_rows:
                    connection.register("incoming", table)
                    connection.execute(f"insert into raw.{name} by name select * from incoming")
                    connection.unregister("incoming")
        _mark_versions(connection)
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise


def _mark_versions(connection: duckdb.DuckDBPyConnection) -> None:
    """Two texts of one department, year and phase are versions: the most recently modified file is newest."""
    connection.execute("""
        update raw.documents as d set version_rank = v.version_rank, is_latest_version = v.version_rank = 1
        from (
            select document_id, row_number() over (
                partition by department_name, fiscal_year, phase
                order by file_modified_at desc, ingested_at desc, document_id
            ) as version_rank
            from raw.documents where status = 'loaded'
        ) as v
        where d.document_id = v.document_id
    """)


def relations(documents: list[LoadedDocument], ingested_at: datetime) -> dict[str, pa.Table]:
    """The raw-layer rows of `documents`, one Arrow table per raw table."""
    documents_table = pa.Table.from_pylist(
        [_document_record(d, ingested_at) for d in documents], schema=_DOCUMENT_SCHEMA
    )
    return {
        "documents": documents_table,
        **{name: _table(name, records(documents), columns) for name, (records, columns) in _RELATIONS.items()},
    }


_DOCUMENT_SCHEMA = pa.schema(
    [
        ("document_id", pa.string()),
        ("file_name", pa.string()),
        ("file_path", pa.string()),
        ("sha256", pa.string()),
        ("size_bytes", pa.int64()),
        ("encoding", pa.string()),
        ("full_text", pa.string()),
        ("raw_bytes", pa.binary()),
        ("title", pa.string()),
        ("department_name", pa.string()),
        ("fiscal_year", pa.int32()),
        ("phase", pa.string()),
        ("department_code", pa.string()),
        ("line_count", pa.int32()),
        ("status", pa.string()),
        ("quarantine_reason", pa.string()),
        ("quarantine_line", pa.int32()),
        ("file_modified_at", pa.timestamp("us")),
        ("ingested_at", pa.timestamp("us")),
        ("parser_version", pa.string()),
    ]
)
_TABLE_COLUMNS = (
    "table_id",
    "document_id",
    "table_seq",
    "title",
    "title_line",
    "statement_kind",
    "unit",
    "unit_line",
    "first_line",
    "last_line",
    "page_count",
    "header_rows",
    "row_count",
    "note",
    "note_line",
)
_ROW_COLUMNS = (
    "row_id",
    "table_id",
    "document_id",
    "row_seq",
    "row_role",
    "source_line",
    "column_group",
    "side",
    "group_header",
    "printed_sequence",
    "label",
    "label_extra",
    "subject_code",
    "economic_code",
    "government_economic_code",
    "sub_unit_code",
    "codes_printed",
    "realigned",
    "line_text",
)
_CELL_COLUMNS = (
    "row_id",
    "table_id",
    "document_id",
    "source_line",
    "column_index",
    "header_path",
    "cell_text",
    "amount",
    "decimals",
)
_PERFORMANCE_PROJECT_COLUMNS = (
    "performance_project_id",
    "document_id",
    "table_id",
    "project_seq",
    "scope",
    "project_name",
    "name_source",
    "project_code",
    "sub_unit_code",
    "sub_unit_name",
    "budget_text",
    "budget_amount",
    "budget_decimals",
    "budget_unit",
    "budget_line",
    "goal",
    "first_line",
    "last_line",
)
_PERFORMANCE_INDICATOR_COLUMNS = (
    "performance_indicator_id",
    "performance_project_id",
    "document_id",
    "table_id",
    "indicator_seq",
    "source_line",
    "level1",
    "level2",
    "level3",
    "level1_carried",
    "level2_carried",
    "description",
    "scoring_rule",
    "basis",
    "direction",
    "target_text",
    "target_operator",
    "target_value",
    "target_unit",
    "target_is_qualitative",
    "target_wording",
    "target_parse_status",
    "actual_text",
    "actual_value",
    "weight_text",
    "weight",
    "score_text",
    "score",
    "deviation_reason",
    "column_shift",
    "line_text",
)
_SPENDING_PLAN_COLUMNS = (
    "spending_milestone_id",
    "performance_project_id",
    "document_id",
    "table_id",
    "milestone_seq",
    "milestone",
    "month",
    "percent_text",
    "cumulative_percent",
    "milestone_line",
    "source_line",
)
_NARRATIVE_FIGURE_COLUMNS = (
    "figure_id",
    "document_id",
    "figure_seq",
    "section",
    "section_line",
    "subject_kind",
    "subject_code",
    "subject_text",
    "amount",
    "unit",
    "decimals",
    "printed_amount",
    "change_amount",
    "change_unit",
    "change_direction",
    "change_percent",
    "printed_change",
    "parent_figure_seq",
    "sentence",
    "source_line",
)
_FUND_TOTAL_COLUMNS = (
    "document_id",
    "source_line",
    "project_count",
    "amount_text",
    "amount",
    "decimals",
    "unit",
    "sentence",
)
_REPORT_STATEMENT_COLUMNS = (
    "document_id",
    "source_line",
    "title_line",
    "project_name",
    "level1",
    "level2",
    "level3",
    "unit_text",
    "target_text",
    "target_value",
    "actual_text",
    "actual_value",
    "weight",
    "score",
)
# Exact decimals, as DECIMAL(24, 6) Arrow columns built in the workers (a fixed scale: never a float).
_EXACT = pa.decimal128(24, 6)
_DECIMAL_COLUMNS = {
    "statement_cells": ("amount",),
    "performance_projects": ("budget_amount",),
    "performance_indicators": ("target_value", "actual_value", "weight", "score"),
    "performance_spending_plan": ("cumulative_percent",),
    "performance_fund_totals": ("amount",),
    "performance_report_statements": ("target_value", "actual_value", "weight", "score"),
    "narrative_figures": ("amount", "change_amount", "change_percent"),
}


def _table(name: str, records: list[tuple], columns: tuple[str, ...]) -> pa.Table:
    if not records:
        return pa.table({column: pa.array([], pa.string()) for column in columns})
    exact = _DECIMAL_COLUMNS.get(name, ())
    # Column by column: a dict per row (from_pylist) takes half as long again.
    return pa.table(
        {
            column: pa.array(values, _EXACT) if column in exact else values
            for column, values in zip(columns, map(list, zip(*records, strict=False)), strict=False)
        }
    )


def _document_record(document: LoadedDocument, ingested_at: datetime) -> dict:
    metadata = document.parsed.metadata if document.parsed else None
    error = document.error
    return {
        "document_id": document.document_id,
        "file_name": document.path.name,
        "file_path": str(document.path),
        "sha256": document.sha256,
        "size_bytes": document.size_bytes,
        "encoding": document.encoding,
        "full_text": document.text,
        "raw_bytes": document.raw_bytes,
        "title": metadata.title if metadata else None,
        "department_name": metadata.department_name if metadata else None,
        "fiscal_year": metadata.fiscal_year if metadata else None,
        "phase": metadata.phase if metadata else None,
        "department_code": metadata.department_code if metadata else None,
        "line_count": document.text.count("\n") + 1 if document.text is not None else None,
        "status": document.status,
        "quarantine_reason": error.message if error else None,
        "quarantine_line": error.line_number if error else None,
        "file_modified_at": document.modified_at,
        "ingested_at": document.ingested_at or ingested_at,
        "parser_version": parser_version(),
    }


def _landed(documents: list[LoadedDocument]) -> Iterable[LoadedDocument]:
    return (document for document in documents if document.status == "loaded" and document.parsed is not None)


def _toc_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (document.document_id, entry.line_number, entry.title, entry.statement_kind)
        for document in _landed(documents)
        for entry in document.parsed.toc
    ]


def _table_id(document: LoadedDocument, table_seq: int) -> str:
    return f"{document.document_id}-{table_seq:03d}"


def _table_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (
            _table_id(document, seq),
            document.document_id,
            seq,
            table.title,
            table.title_line,
            table.statement_kind,
            table.unit,
            table.unit_line,
            table.first_line,
            table.last_line,
            table.page_count,
            table.header_rows,
            len(table.rows),
            table.note,
            table.note_line,
        )
        for document in _landed(documents)
        for seq, table in enumerate(document.parsed.tables, 1)
    ]


def _landed_rows(documents: list[LoadedDocument]) -> Iterable[tuple[LoadedDocument, str, str, int, StatementRow]]:
    """Every row of every landed table, with its document, table id, row id and sequence."""
    for document in _landed(documents):
        for seq, table in enumerate(document.parsed.tables, 1):
            table_id = _table_id(document, seq)
            for row_seq, row in enumerate(table.rows, 1):
                yield document, table_id, f"{table_id}-{row_seq:04d}", row_seq, row


def _row_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (
            row_id,
            table_id,
            document.document_id,
            row_seq,
            row.row_role,
            row.source_line,
            row.column_group,
            row.side,
            row.group_header,
            row.printed_sequence,
            row.label,
            row.label_extra,
            row.codes.subject_code,
            row.codes.economic_code,
            row.codes.government_economic_code,
            row.codes.sub_unit_code,
            row.codes.printed,
            row.realigned,
            row.line_text,
        )
        for document, table_id, row_id, row_seq, row in _landed_rows(documents)
    ]


def _cell_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (
            row_id,
            table_id,
            document.document_id,
            row.source_line,
            cell.column_index,
            cell.header_path,
            cell.text,
            cell.amount.value if cell.amount else None,
            cell.amount.decimals if cell.amount else None,
        )
        for document, table_id, row_id, _, row in _landed_rows(documents)
        for cell in row.cells
    ]


def _performance_project_id(document: LoadedDocument, project_seq: int) -> str:
    return f"{document.document_id}-P{project_seq:03d}"


def _project_table_ids(document: LoadedDocument) -> dict[int, str]:
    """The table id of each performance project of the document, by project sequence."""
    return {
        project.project_seq: _table_id(document, project.table_seq) for project in document.parsed.performance.projects
    }


def _performance_project_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (
            _performance_project_id(document, project.project_seq),
            document.document_id,
            _table_id(document, project.table_seq),
            project.project_seq,
            project.scope,
            project.name,
            project.name_source,
            project.code,
            project.sub_unit_code,
            project.sub_unit_name,
            project.budget_text,
            project.budget_amount,
            project.budget_decimals,
            project.budget_unit,
            project.budget_line,
            project.goal,
            project.first_line,
            project.last_line,
        )
        for document in _landed(documents)
        for project in document.parsed.performance.projects
    ]


def _performance_indicator_records(documents: list[LoadedDocument]) -> list[tuple]:
    records = []
    for document in _landed(documents):
        table_ids = _project_table_ids(document)
        for indicator in document.parsed.performance.indicators:
            project_id = _performance_project_id(document, indicator.project_seq)
            target = indicator.target
            records.append(
                (
                    f"{project_id}-{indicator.indicator_seq:03d}",
                    project_id,
                    document.document_id,
                    table_ids[indicator.project_seq],
                    indicator.indicator_seq,
                    indicator.source_line,
                    indicator.level1,
                    indicator.level2,
                    indicator.level3,
                    indicator.level1_carried,
                    indicator.level2_carried,
                    indicator.description,
                    indicator.scoring_rule,
                    indicator.basis,
                    indicator.direction,
                    target.text,
                    target.operator,
                    target.value,
                    target.unit,
                    target.is_qualitative,
                    target.value_text,
                    target.parse_status,
                    indicator.actual_text,
                    indicator.actual_value,
                    indicator.weight_text,
                    indicator.weight,
                    indicator.score_text,
                    indicator.score,
                    indicator.deviation_reason,
                    indicator.column_shift,
                    indicator.line_text,
                )
            )
    return records


def _spending_plan_records(documents: list[LoadedDocument]) -> list[tuple]:
    records = []
    for document in _landed(documents):
        table_ids = _project_table_ids(document)
        for milestone in document.parsed.performance.spending_plan:
            project_id = _performance_project_id(document, milestone.project_seq)
            planned = milestone.planned
            records.append(
                (
                    f"{project_id}-S{milestone.milestone_seq:02d}",
                    project_id,
                    document.document_id,
                    table_ids[milestone.project_seq],
                    milestone.milestone_seq,
                    planned.milestone,
                    planned.month,
                    planned.percent_text,
                    planned.cumulative_percent,
                    planned.milestone_line,
                    planned.source_line,
                )
            )
    return records


def _fund_total_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (
            document.document_id,
            total.source_line,
            total.project_count,
            total.amount_text,
            total.amount,
            total.decimals,
            total.unit,
            total.sentence,
        )
        for document in _landed(documents)
        for total in document.parsed.performance.fund_totals
    ]


def _narrative_figure_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (
            f"{document.document_id}-N{figure.figure_seq:04d}",
            document.document_id,
            figure.figure_seq,
            figure.section,
            figure.section_line,
            figure.subject_kind,
            figure.subject_code,
            figure.subject_text,
            figure.amount,
            figure.unit,
            figure.decimals,
            figure.printed_amount,
            figure.change_amount,
            figure.change_unit,
            figure.change_direction,
            figure.change_percent,
            figure.printed_change,
            figure.parent_figure_seq,
            figure.sentence,
            figure.source_line,
        )
        for document in _landed(documents)
        for figure in document.parsed.narrative
    ]


def _report_statement_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (
            document.document_id,
            statement.source_line,
            statement.title_line,
            statement.project_name,
            statement.level1,
            statement.level2,
            statement.level3,
            statement.unit_text,
            statement.target_text,
            statement.target_value,
            statement.actual_text,
            statement.actual_value,
            statement.weight,
            statement.score,
        )
        for document in _landed(documents)
        for statement in document.parsed.performance.report_statements
    ]


def _issue_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (document.document_id, document.path.name, issue.line_number, issue.severity, issue.message)
        for document in documents
        for issue in document.issues
    ]


# The raw tables besides raw.documents: the records of a batch of documents, and their columns.
_RELATIONS: dict[str, tuple[Callable[[list[LoadedDocument]], list[tuple]], tuple[str, ...]]] = {
    "document_toc": (_toc_records, ("document_id", "line_number", "entry_title", "statement_kind")),
    "statement_tables": (_table_records, _TABLE_COLUMNS),
    "statement_rows": (_row_records, _ROW_COLUMNS),
    "statement_cells": (_cell_records, _CELL_COLUMNS),
    "ingest_issues": (_issue_records, ("document_id", "file_name", "line_number", "severity", "message")),
    "performance_projects": (_performance_project_records, _PERFORMANCE_PROJECT_COLUMNS),
    "performance_indicators": (_performance_indicator_records, _PERFORMANCE_INDICATOR_COLUMNS),
    "performance_spending_plan": (_spending_plan_records, _SPENDING_PLAN_COLUMNS),
    "performance_fund_totals": (_fund_total_records, _FUND_TOTAL_COLUMNS),
    "performance_report_statements": (_report_statement_records, _REPORT_STATEMENT_COLUMNS),
    "narrative_figures": (_narrative_figure_records, _NARRATIVE_FIGURE_COLUMNS),
}
