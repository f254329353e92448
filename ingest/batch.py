"""A folder of documents → the raw layer: new documents parsed and landed, bad ones quarantined, and
the documents of a raw layer landed by another parser version parsed again (ingest.kept).

Every path under the folder is accounted for in the summary: landed, quarantined (with its reason),
already in the warehouse, a duplicate of another file, or skipped unread with its reason (ingest.files:
unreadable, dangling link, too large …). A file that cannot be read never stops the batch."""

import gc
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from pathlib import Path

import pyarrow as pa

from ingest.files import SkippedPath, list_documents, unreadable_reason
from ingest.kept import batches_of_kept, documents_to_parse_again, drop_kept_when_done, set_aside_stale_documents
from ingest.lifetime import end_with_parent
from ingest.loading import DocumentSource, LoadedDocument, document_id_of, load_document, reload_document
from ingest.model import Issue
from ingest.warehouse import connect, loaded_document_ids, relations, write_relations

# Documents a worker parses per task: large enough to amortize sending the rows back, small
# enough to keep both cores busy to the end.
BATCH_SIZE = 20
# DuckDB keeps table blocks it has read cached up to 80 % of RAM by default, so an ingest's memory
# would grow with the warehouse; bounded here. Fewer checkpoints: by default a chunk's commit
# checkpoints each time, a fifth of the writing time.
INGEST_SETTINGS = ("set memory_limit = '512MB'", "set checkpoint_threshold = '256MB'")


@dataclass
class IngestSummary:
    documents_seen: int = 0  # every path under the folder: the sum of the five counts below
    loaded: int = 0
    quarantined: int = 0
    already_in_warehouse: int = 0
    parsed_again: int = 0  # documents the warehouse held, parsed again by a new parser version
    duplicates_in_batch: int = 0
    skipped: list[SkippedPath] = field(default_factory=list)  # not read: unreadable, dangling link, too large …
    tables_by_kind: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    cells: int = 0
    quarantine: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    warnings: list[tuple[str, Issue]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file name, file of the same content)


@dataclass(frozen=True)
class DocumentOutcome:
    """What the summary needs of one parsed document: small, so workers send it back cheaply."""

    path: Path
    error: Issue | None
    warnings: tuple[Issue, ...]
    tables_by_kind: Counter[str]
    rows: int
    cells: int
    parsed_again: bool
    unreadable: str | None = None  # the file could not be read when its worker came to it: why


@dataclass(frozen=True)
class ParsedBatch:
    relations: dict[str, pa.Table]  # the raw-layer rows of the batch, built by the worker
    outcomes: list[DocumentOutcome]


def document_files(documents: Path) -> list[Path]:
    """The files of `documents` to read (the other paths are reported by ingest_directory)."""
    return list_documents(documents).files


def ingest_directory(
    documents: Path,
    warehouse: Path,
    on_document: Callable[[Path], None] | None = None,
    workers: int | None = None,
    chunk_size: int = 200,
    max_file_bytes: int | None = None,
) -> IngestSummary:
    """Land every document of `documents` not yet in `warehouse`; the same input twice changes nothing.

    New documents are parsed in parallel, each worker turning its batch into Arrow tables; the main
    process writes them `chunk_size` documents per transaction while the workers parse on. Only a
    few batches are in flight at a time, so memory stays bounded however large the folder. When the
    warehouse was landed by another parser version, its documents are parsed again first, from the
    text it keeps. Files over `max_file_bytes` (default: ingest.files.max_file_bytes()) are refused.
    """
    summary = IngestSummary()
    connection = connect(warehouse)
    for setting in INGEST_SETTINGS:
        connection.execute(setting)
    try:
        set_aside_stale_documents(connection)
        again = documents_to_parse_again(connection)
        known = loaded_document_ids(connection) | set(again)
        listing = list_documents(documents, max_file_bytes)
        summary.documents_seen += len(listing.skipped)
        summary.skipped.extend(listing.skipped)
        new = _new_documents(listing.files, known, summary, on_document)
        ingested_at = datetime.now().replace(microsecond=0)
        # Lazily: kept texts are read from the warehouse only as their batch is handed to a worker.
        tasks = chain(
            ((reparse_batch, batch) for batch in batches_of_kept(connection, again, BATCH_SIZE)),
            ((parse_batch, new[start : start + BATCH_SIZE]) for start in range(0, len(new), BATCH_SIZE)),
        )
        task_count = -(-len(again) // BATCH_SIZE) - (-len(new) // BATCH_SIZE)
        workers = workers or os.cpu_count() or 1
        pool: ProcessPoolExecutor | _Inline = _Inline()
        if workers > 1 and task_count > 1:
            pool = ProcessPoolExecutor(workers, initializer=end_with_parent, initargs=(os.getpid(),))
        with pool:
            parsed = _parsed_in_order(pool, tasks, ingested_at, in_flight=2 * workers)
            for chunk in _chunks(parsed, chunk_size):
                write_relations(connection, [batch.relations for batch in chunk])
                for outcome in (outcome for batch in chunk for outcome in batch.outcomes):
                    _count(summary, outcome)
                    if on_document and not outcome.parsed_again:
                        on_document(outcome.path)
        drop_kept_when_done(connection)
    finally:
        connection.close()
    return summary


def parse_batch(paths: list[Path], ingested_at: datetime) -> ParsedBatch:
    """Load, parse and flatten a batch of document files (runs in a worker process). A file that
    cannot be read any more (removed, permissions changed since it was listed) is reported, not landed."""
    unreadable: list[DocumentOutcome] = []
    with _no_cycle_collection():
        batch = _flattened(list(_loaded_documents(paths, unreadable)), ingested_at, parsed_again=False)
    return ParsedBatch(batch.relations, [*batch.outcomes, *unreadable])


def _loaded_documents(paths: list[Path], unreadable: list[DocumentOutcome]) -> Iterator[LoadedDocument]:
    for path in paths:
        try:
            yield load_document(path)
        except OSError as error:
            unreadable.append(DocumentOutcome(path, None, (), Counter(), 0, 0, False, unreadable_reason(error)))


def reparse_batch(sources: list[DocumentSource], ingested_at: datetime) -> ParsedBatch:
    """Parse again, and flatten, documents the warehouse keeps (runs in a worker process)."""
    with _no_cycle_collection():
        return _flattened([reload_document(source) for source in sources], ingested_at, parsed_again=True)


def _flattened(loaded: list[LoadedDocument], ingested_at: datetime, parsed_again: bool) -> ParsedBatch:
    return ParsedBatch(relations(loaded, ingested_at), [_outcome(document, parsed_again) for document in loaded])


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Parsing a batch allocates hundreds of thousands of objects, and the cycle collector would
    walk them all again and again (a tenth of the parse time) to find no garbage: a batch makes
    almost no reference cycles. It is paused for the batch, which bounds what it leaves behind.
    The parsed documents are let go inside the block: the collection that follows it then walks the
    batch's results only."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


Task = tuple[Callable[[list, datetime], ParsedBatch], list]


def _parsed_in_order(
    pool: "ProcessPoolExecutor | _Inline", tasks: Iterable[Task], ingested_at: datetime, in_flight: int
) -> Iterator[ParsedBatch]:
    """Parsed batches in task order, with at most `in_flight` submitted ahead of the consumer."""
    pending: deque[Future[ParsedBatch]] = deque()
    for function, batch in tasks:
        pending.append(pool.submit(function, batch, ingested_at))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _chunks(parsed: Iterable[ParsedBatch], chunk_size: int) -> Iterator[list[ParsedBatch]]:
    """Parsed batches grouped into write chunks of at least `chunk_size` documents (the last may be smaller)."""
    chunk: list[ParsedBatch] = []
    for batch in parsed:
        chunk.append(batch)
        if sum(len(b.outcomes) for b in chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _new_documents(
    paths: list[Path], known: set[str], summary: IngestSummary, on_document: Callable[[Path], None] | None
) -> list[Path]:
    """Files whose content is not in the warehouse yet, each content once."""
    new: dict[str, Path] = {}
    for path in paths:
        summary.documents_seen += 1
        try:
            document_id, _ = document_id_of(path.read_bytes())
        except OSError as error:  # permission denied, gone since listed: reported, the batch goes on
            summary.skipped.append(SkippedPath(path, unreadable_reason(error)))
        else:
            if document_id not in known and document_id not in new:
                new[document_id] = path
                continue
            if document_id in known:
                summary.already_in_warehouse += 1
            else:
                summary.duplicates_in_batch += 1
                summary.duplicates.append((path.name, new[document_id].name))
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
    def submit(function: Callable[..., ParsedBatch], *arguments: object) -> Future[ParsedBatch]:
        future: Future[ParsedBatch] = Future()
        future.set_result(function(*arguments))
        return future


def _outcome(document: LoadedDocument, parsed_again: bool) -> DocumentOutcome:
    tables = document.parsed.tables if document.parsed and not document.error else ()
    data_rows = [row for table in tables for row in table.rows if row.row_role == "data"]
    return DocumentOutcome(
        path=document.path,
        error=document.error,
        warnings=tuple(issue for issue in document.issues if issue.severity != "error"),
        tables_by_kind=Counter(table.statement_kind for table in tables),
        rows=len(data_rows),
        cells=sum(len(row.cells) for row in data_rows),
        parsed_again=parsed_again,
    )


def _count(summary: IngestSummary, outcome: DocumentOutcome) -> None:
    if outcome.parsed_again:  # not new to the warehouse: counted apart from what this folder brought
        summary.parsed_again += 1
        return
    if outcome.unreadable:
        summary.skipped.append(SkippedPath(outcome.path, outcome.unreadable))
        return
    if outcome.error:
        summary.quarantined += 1
        where = f" (line {outcome.error.line_number})" if outcome.error.line_number else ""
        summary.quarantine.append((outcome.path.name, outcome.error.message + where))
        return
    summary.loaded += 1
    summary.warnings.extend((outcome.path.name, issue) for issue in outcome.warnings)
    summary.tables_by_kind.update(outcome.tables_by_kind)
    summary.rows += outcome.rows
    summary.cells += outcome.cells
