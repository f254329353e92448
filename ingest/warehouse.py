"""Writes loaded documents to the DuckDB raw layer, set-based, one transaction per batch."""

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ingest.loading import LoadedDocument
from ingest.model import StatementRow
from ingest.schema import RAW_DDL


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(warehouse))
    for statement in RAW_DDL:
        connection.execute(statement)
    return connection


def loaded_document_ids(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in connection.execute("select document_id from raw.documents").fetchall()}


def write_documents(connection: duckdb.DuckDBPyConnection, documents: list[LoadedDocument],
                    ingested_at: datetime) -> None:
    relations = _relations(documents, ingested_at)
    connection.execute("begin transaction")
    try:
        for name, table in relations.items():
            connection.register("incoming", table)
            connection.execute(f"insert into raw.{name} by name select {_select(name)} from incoming")
            connection.unregister("incoming")
        _mark_versions(connection)
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise


def _select(name: str) -> str:
    if name == "statement_cells":
        return "* exclude (amount_text), cast(amount_text as decimal(24, 6)) as amount"
    return "*"


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


def _relations(documents: list[LoadedDocument], ingested_at: datetime) -> dict[str, pa.Table]:
    return {
        "documents": pa.Table.from_pylist([_document_record(d, ingested_at) for d in documents],
                                          schema=_DOCUMENT_SCHEMA),
        "document_toc": _table(_toc_records(documents), ("document_id", "line_number", "entry_title",
                                                         "statement_kind")),
        "statement_tables": _table(_table_records(documents), _TABLE_COLUMNS),
        "statement_rows": _table(_row_records(documents), _ROW_COLUMNS),
        "statement_cells": _table(_cell_records(documents), _CELL_COLUMNS),
        "ingest_issues": _table(_issue_records(documents), ("document_id", "file_name", "line_number", "severity",
                                                            "message")),
    }


_DOCUMENT_SCHEMA = pa.schema([
    ("document_id", pa.string()), ("file_name", pa.string()), ("file_path", pa.string()), ("sha256", pa.string()),
    ("size_bytes", pa.int64()), ("encoding", pa.string()), ("full_text", pa.string()), ("raw_bytes", pa.binary()),
    ("title", pa.string()), ("department_name", pa.string()), ("fiscal_year", pa.int32()), ("phase", pa.string()),
    ("department_code", pa.string()), ("line_count", pa.int32()), ("status", pa.string()),
    ("quarantine_reason", pa.string()), ("quarantine_line", pa.int32()), ("file_modified_at", pa.timestamp("us")),
    ("ingested_at", pa.timestamp("us")),
])
_TABLE_COLUMNS = ("table_id", "document_id", "table_seq", "title", "title_line", "statement_kind", "unit",
                  "unit_line", "first_line", "last_line", "page_count", "header_rows", "row_count", "note",
                  "note_line")
_ROW_COLUMNS = ("row_id", "table_id", "document_id", "row_seq", "row_role", "source_line", "column_group", "side",
                "group_header", "printed_sequence", "label", "label_extra", "subject_code", "economic_code",
                "government_economic_code", "sub_unit_code", "codes_printed", "realigned", "line_text")
_CELL_COLUMNS = ("row_id", "table_id", "document_id", "source_line", "column_index", "header_path", "cell_text",
                 "amount_text", "decimals")


def _table(records: list[tuple], columns: tuple[str, ...]) -> pa.Table:
    return pa.Table.from_pylist([dict(zip(columns, record)) for record in records]) if records else \
        pa.table({column: pa.array([], pa.string()) for column in columns})


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
        "file_modified_at": document.modified_at, "ingested_at": ingested_at,
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
         c.amount.normalized if c.amount else None, c.amount.decimals if c.amount else None)
        for d, table_id, row_id, _, r in _landed_rows(documents) for c in r.cells
    ]


def _issue_records(documents: list[LoadedDocument]) -> list[tuple]:
    return [(d.document_id, d.path.name, i.line_number, i.severity, i.message) for d in documents for i in d.issues]
