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
    documents_table = pa.Table.from_pylist([_document_record(d, ingested_at) for d in documents],
                                           schema=_DOCUMENT_SCHEMA)
    return {"documents": documents_table, **{
        name: _table(name, records(documents), columns) for name, (records, columns) in _RELATIONS.items()}}


_DOCUMENT_SCHEMA = pa.schema([
    ("document_id", pa.string()), ("file_name", pa.string()), ("file_path", pa.string()), ("sha256", pa.string()),
    ("size_bytes", pa.int64()), ("encoding", pa.string()), ("full_text", pa.string()), ("raw_bytes", pa.binary()),
    ("title", pa.string()), ("department_name", pa.string()), ("fiscal_year", pa.int32()), ("phase", pa.string()),
    ("department_code", pa.string()), ("line_count", pa.int32()), ("status", pa.string()),
    ("quarantine_reason", pa.string()), ("quarantine_line", pa.int32()), ("file_modified_at", pa.timestamp("us")),
    ("ingested_at", pa.timestamp("us")), ("parser_version", pa.string()),
])
_TABLE_COLUMNS = ("table_id", "document_id", "table_seq", "title", "title_line", "statement_kind", "unit",
                  "unit_line", "first_line", "last_line", "page_count", "header_rows", "row_count", "note",
                  "note_line")
_ROW_COLUMNS = ("row_id", "table_id", "document_id", "row_seq", "row_role", "source_line", "column_group", "side",
                "group_header", "printed_sequence", "label", "label_extra", "subject_code", "economic_code",
                "government_economic_code", "sub_unit_code", "codes_printed", "realigned", "line_text")
_CELL_COLUMNS = ("row_id", "table_id", "document_id", "source_line", "column_index", "header_path", "cell_text",
                 "amount", "decimals")
_PERFORMANCE_PROJECT_COLUMNS = ("performance_project_id", "document_id", "table_id", "project_seq", "scope",
                                "project_name", "name_source", "project_code", "sub_unit_code", "sub_unit_name",
                                "budget_text", "budget_amount", "budget_decimals", "budget_unit", "budget_line",
                                "goal", "first_line", "last_line")
_PERFORMANCE_INDICATOR_COLUMNS = ("performance_indicator_id", "performance_project_id", "document_id", "table_id",
                                  "indicator_seq", "source_line", "level1", "level2", "level3", "level1_carried",
                                  "level2_carried", "description", "scoring_rule", "basis", "direction",
                                  "target_text", "target_operator", "target_value", "target_unit",
                                  "target_is_qualitative", "target_wording", "target_parse_status", "actual_text",
                                  "actual_value", "weight_text", "weight", "score_text", "score", "deviation_reason",
                                  "column_shift", "line_text")
_SPENDING_PLAN_COLUMNS = ("spending_milestone_id", "performance_project_id", "document_id", "table_id",
                          "milestone_seq", "milestone", "month", "percent_text", "cumulative_percent", "milestone_line",
                          "source_line")
_NARRATIVE_FIGURE_COLUMNS = ("figure_id", "document_id", "figure_seq", "section", "section_line", "subject_kind",
                             "subject_code", "subject_text", "amount", "unit", "decimals", "printed_amount", "change_amount",
                             "change_unit", "change_direction", "change_percent", "printed_change",
                             "parent_figure_seq", "sentence", "source_line")
_FUND_TOTAL_COLUMNS = ("document_id", "source_line", "project_count", "amount_text", "amount", "decimals", "unit",
                       "sentence")
_REPORT_STATEMENT_COLUMNS = ("document_id", "source_line", "title_line", "project_name", "level1", "level2", "level3",
                             "unit_text", "target_text", "target_value", "actual_text", "actual_value", "weight",
                             "score")
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
    return pa.table({column: pa.array(values, _EXACT) if column in exact else values
                     for column, values in zip(columns, map(list, zip(*records)))})


def _document_record(document: LoadedDocument, ingested_at: datetime) -> dict:
    metadata = document.parsed.metadata if document.parsed else None
    error = document.error
    return {
        "document_id": document.document_id, "file_name": document.path.name, "file_path": str(document.path),
        "sha256": document.sha256, "size_bytes": document.size_bytes, "encoding": document.encoding,
        "full_text": document.text, "raw_bytes": document.raw_bytes,
        "title": metadata.title if metadata else None,
        "department_name": metadata.department_name if metadata else None,
        "fiscal_year": metadata.fiscal_year if metadata else None,
        "phase": metadata.phase if metadata else None,
        "department_code": metadata.department_code if metadata else None,
        "line_count": document.text.count("\n") + 1 if document.text is not None else None,
        "status": document.status,
        "quarantine_reason": error.message if error else None,
        "quarantine_line": error.line_number if error else None,
        "file_modified_at": document.modified_at, "ingested_at": document.ingested_at or ingested_at,
        "parser_version": parser_version(),
    }


def _landed(documents: list[LoadedDocument]) -> Iterable[LoadedDocument]:
    return (d for d in documents if d.status == "loaded" and d.parsed is not None)


def _toc_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [(d.document_id, e.line_number, e.title, e.statement_kind) for d in _landed(documents)
            for e in d.parsed.toc]


def _table_id(document: LoadedDocument, table_seq: int) -> str:
    return f"{document.document_id}-{table_seq:03d}"


def _table_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (_table_id(d, seq), d.document_id, seq, t.title, t.title_line, t.statement_kind, t.unit, t.unit_line,
         t.first_line, t.last_line, t.page_count, t.header_rows, len(t.rows), t.note, t.note_line)
        for d in _landed(documents) for seq, t in enumerate(d.parsed.tables, 1)
    ]


def _landed_rows(documents: list[LoadedDocument]) -> Iterable[tuple[LoadedDocument, str, str, int, StatementRow]]:
    """Every row of every landed table, with its document, table id, row id and sequence."""
    for d in _landed(documents):
        for seq, t in enumerate(d.parsed.tables, 1):
            table_id = _table_id(d, seq)
            for row_seq, r in enumerate(t.rows, 1):
                yield d, table_id, f"{table_id}-{row_seq:04d}", row_seq, r


def _row_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (row_id, table_id, d.document_id, row_seq, r.row_role, r.source_line, r.column_group, r.side,
         r.group_header, r.printed_sequence, r.label, r.label_extra, r.codes.subject_code, r.codes.economic_code,
         r.codes.government_economic_code, r.codes.sub_unit_code, r.codes.printed, r.realigned, r.line_text)
        for d, table_id, row_id, row_seq, r in _landed_rows(documents)
    ]


def _cell_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (row_id, table_id, d.document_id, r.source_line, c.column_index, c.header_path, c.text,
         c.amount.value if c.amount else None, c.amount.decimals if c.amount else None)
        for d, table_id, row_id, _, r in _landed_rows(documents) for c in r.cells
    ]


def _performance_project_id(document: LoadedDocument, project_seq: int) -> str:
    return f"{document.document_id}-P{project_seq:03d}"


def _performance_project_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (_performance_project_id(d, p.project_seq), d.document_id, _table_id(d, p.table_seq), p.project_seq, p.scope,
         p.name, p.name_source, p.code, p.sub_unit_code, p.sub_unit_name, p.budget_text,
         (p.budget_amount), p.budget_decimals, p.budget_unit, p.budget_line, p.goal, p.first_line,
         p.last_line)
        for d in _landed(documents) for p in d.parsed.performance.projects
    ]


def _performance_indicator_records(documents: list[LoadedDocument]) -> list[tuple]:
    records = []
    for d in _landed(documents):
        tables = {p.project_seq: _table_id(d, p.table_seq) for p in d.parsed.performance.projects}
        for i in d.parsed.performance.indicators:
            project_id = _performance_project_id(d, i.project_seq)
            t = i.target
            records.append((
                f"{project_id}-{i.indicator_seq:03d}", project_id, d.document_id, tables[i.project_seq],
                i.indicator_seq, i.source_line, i.level1, i.level2, i.level3, i.level1_carried, i.level2_carried,
                i.description, i.scoring_rule, i.basis, i.direction, t.text, t.operator, (t.value),
                t.unit, t.is_qualitative, t.value_text, t.parse_status, i.actual_text, (i.actual_value),
                i.weight_text, (i.weight), i.score_text, (i.score), i.deviation_reason,
                i.column_shift, i.line_text,
            ))
    return records


def _spending_plan_records(documents: list[LoadedDocument]) -> list[tuple]:
    records = []
    for d in _landed(documents):
        tables = {p.project_seq: _table_id(d, p.table_seq) for p in d.parsed.performance.projects}
        for m in d.parsed.performance.spending_plan:
            project_id = _performance_project_id(d, m.project_seq)
            p = m.planned
            records.append((f"{project_id}-S{m.milestone_seq:02d}", project_id, d.document_id, tables[m.project_seq],
                            m.milestone_seq, p.milestone, p.month, p.percent_text, (p.cumulative_percent),
                            p.milestone_line, p.source_line))
    return records


def _fund_total_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [(d.document_id, f.source_line, f.project_count, f.amount_text, (f.amount), f.decimals, f.unit,
             f.sentence) for d in _landed(documents) for f in d.parsed.performance.fund_totals]


def _narrative_figure_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (f"{d.document_id}-N{f.figure_seq:04d}", d.document_id, f.figure_seq, f.section, f.section_line,
         f.subject_kind, f.subject_code, f.subject_text, (f.amount), f.unit, f.decimals,
         f.printed_amount, (f.change_amount), f.change_unit, f.change_direction,
         (f.change_percent),
         f.printed_change, f.parent_figure_seq, f.sentence, f.source_line)
        for d in _landed(documents) for f in d.parsed.narrative
    ]


def _report_statement_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [
        (d.document_id, s.source_line, s.title_line, s.project_name, s.level1, s.level2, s.level3, s.unit_text,
         s.target_text, (s.target_value), s.actual_text, (s.actual_value),
         (s.weight), (s.score))
        for d in _landed(documents) for s in d.parsed.performance.report_statements
    ]


def _issue_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [(d.document_id, d.path.name, i.line_number, i.severity, i.message) for d in documents for i in d.issues]


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
