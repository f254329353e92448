"""A folder of documents → the raw layer: new documents parsed and landed, bad ones quarantined."""

from collections import Counter
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
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


def ingest_directory(documents: Path, warehouse: Path, on_document: Callable[[Path], None] | None = None,
                     workers: int | None = None, chunk_size: int = 200) -> IngestSummary:
    """Land every document of `documents` not yet in `warehouse`; the same input twice changes nothing.

    New documents are parsed in parallel and written a chunk at a time, so memory stays bounded
    however large the folder; each chunk is one transaction.
    """
    summary = IngestSummary()
    connection = connect(warehouse)
    try:
        new = _new_documents(document_files(documents), loaded_document_ids(connection), summary, on_document)
        workers = workers or os.cpu_count() or 1
        with ProcessPoolExecutor(workers) if workers > 1 and len(new) > chunk_size // 10 else _Inline() as pool:
            for start in range(0, len(new), chunk_size):
                chunk = list(pool.map(load_document, new[start:start + chunk_size]))
                write_documents(connection, chunk, datetime.now().replace(microsecond=0))
                for document in chunk:
                    _count(summary, document)
                    if on_document:
                        on_document(document.path)
    finally:
        connection.close()
    return summary


def _new_documents(paths: list[Path], known: set[str], summary: IngestSummary,
                   on_document: Callable[[Path], None] | None) -> list[Path]:
    """Files whose content is not in the warehouse yet, each content once."""
    new: dict[str, Path] = {}
    for path in paths:
        summary.documents_seen += 1
        document_id, _ = document_id_of(path.read_bytes())
        if document_id in known:
            summary.already_in_warehouse += 1
        elif document_id in new:
            summary.duplicates_in_batch += 1
        else:
            new[document_id] = path
            continue
        if on_document:
            on_document(path)
    return list(new.values())


class _Inline:
    """A stand-in for a process pool when a batch is too small to be worth the processes."""

    def __enter__(self) -> "_Inline":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    @staticmethod
    def map(function: Callable, items: list) -> Iterator:
        return map(function, items)


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
