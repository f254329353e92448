"""A folder of documents → the raw layer: new documents parsed and landed, bad ones quarantined."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ingest.loading import LoadedDocument, document_id_of, load_document
from ingest.model import Issue
from ingest.warehouse import connect, loaded_document_ids, write_documents


@dataclass
class IngestSummary:
    documents_seen: int = 0
    loaded: int = 0
    quarantined: int = 0
    already_in_warehouse: int = 0
    duplicates_in_batch: int = 0
    tables_by_kind: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    cells: int = 0
    quarantine: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    warnings: list[tuple[str, Issue]] = field(default_factory=list)


def document_files(documents: Path) -> list[Path]:
    return sorted(path for path in documents.rglob("*") if path.is_file() and not path.name.startswith("."))


def ingest_directory(documents: Path, warehouse: Path,
                     on_document: Callable[[Path], None] | None = None) -> IngestSummary:
    """Land every document of `documents` not yet in `warehouse`; the same input twice changes nothing."""
    summary = IngestSummary()
    connection = connect(warehouse)
    try:
        known = loaded_document_ids(connection)
        batch: list[LoadedDocument] = []
        for path in document_files(documents):
            summary.documents_seen += 1
            document_id, _ = document_id_of(path.read_bytes())
            if document_id in known:
                summary.already_in_warehouse += 1
            elif any(d.document_id == document_id for d in batch):
                summary.duplicates_in_batch += 1
            else:
                batch.append(load_document(path))
            if on_document:
                on_document(path)
        write_documents(connection, batch, datetime.now().replace(microsecond=0))
    finally:
        connection.close()
    for document in batch:
        _count(summary, document)
    return summary


def _count(summary: IngestSummary, document: LoadedDocument) -> None:
    if document.error:
        summary.quarantined += 1
        where = f" (line {document.error.line_number})" if document.error.line_number else ""
        summary.quarantine.append((document.path.name, document.error.message + where))
        return
    summary.loaded += 1
    summary.warnings.extend((document.path.name, issue) for issue in document.issues)
    for table in document.parsed.tables if document.parsed else ():
        summary.tables_by_kind[table.statement_kind] += 1
        summary.rows += sum(1 for row in table.rows if row.row_role == "data")
        summary.cells += sum(len(row.cells) for row in table.rows if row.row_role == "data")
