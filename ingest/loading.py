"""One document file, or a document the warehouse keeps, → the records the raw layer holds of it
(pure apart from reading the file). A PDF (told by its `%PDF-` signature, whatever its name) is read
into text by ingest.pdf; any other file is decoded as a text rendering."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ingest.decoding import Decoded, decode_document
from ingest.model import Issue, ParsedDocument
from ingest.parser import parse_document
from ingest.pdf.reader import is_pdf, read_pdf


@dataclass(frozen=True)
class LoadedDocument:
    document_id: str
    path: Path
    sha256: str
    size_bytes: int
    encoding: str | None
    text: str | None
    raw_bytes: bytes | None
    modified_at: datetime
    ingested_at: datetime | None  # when first landed, for a document parsed again; else None (landed now)
    parsed: ParsedDocument | None
    issues: tuple[Issue, ...]

    @property
    def error(self) -> Issue | None:
        return next((issue for issue in self.issues if issue.severity == "error"), None)

    @property
    def status(self) -> str:
        return "quarantined" if self.error else "loaded"


def document_id_of(content: bytes) -> tuple[str, str]:
    sha = hashlib.sha256(content).hexdigest()
    return sha[:16], sha


@dataclass(frozen=True)
class DocumentSource:
    """A document's identity and provenance, read from its file or from what the warehouse keeps of
    it (enough to parse it again without the file)."""

    document_id: str
    path: Path
    sha256: str
    size_bytes: int
    modified_at: datetime
    ingested_at: datetime | None = None  # set for a document the warehouse already holds
    encoding: str | None = None
    text: str | None = None
    raw_bytes: bytes | None = None


def load_document(path: Path) -> LoadedDocument:
    content = path.read_bytes()
    document_id, sha = document_id_of(content)
    modified_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(tzinfo=None)
    source = DocumentSource(document_id, path, sha, len(content), modified_at)
    return _load(source, *read_content(content), content)


def reload_document(source: DocumentSource) -> LoadedDocument:
    """A document parsed again from the text the warehouse keeps (its file may be gone)."""
    if source.text is not None:
        return _load(source, Decoded(source.text, source.encoding, None), (), None)
    content = source.raw_bytes or b""
    return _load(source, *read_content(content), content)


def read_content(content: bytes) -> tuple[Decoded, tuple[Issue, ...]]:
    """The text the parser reads, or why there is none, and what reading lost on the way (a PDF's
    unreadable or scanned pages)."""
    if not is_pdf(content):
        return decode_document(content), ()
    try:
        reading = read_pdf(content)
    except Exception as error:  # a reader bug must quarantine one document, not stop the batch
        return Decoded(None, None, f"PDF reader failed: {type(error).__name__}: {error}"), ()
    lost = tuple(Issue(None, "warning", message) for _, message in reading.warnings)
    return Decoded(reading.text, "pdf" if reading.text is not None else None, reading.error), lost


def _load(
    source: DocumentSource, decoded: Decoded, read_issues: tuple[Issue, ...], content: bytes | None
) -> LoadedDocument:
    base = dict(
        document_id=source.document_id,
        path=source.path,
        sha256=source.sha256,
        size_bytes=source.size_bytes,
        encoding=decoded.encoding,
        text=decoded.text,
        modified_at=source.modified_at,
        ingested_at=source.ingested_at,
    )
    if decoded.text is None:
        return LoadedDocument(
            **base,
            raw_bytes=content,
            parsed=None,
            issues=(Issue(None, "error", decoded.error or "unreadable"), *read_issues),
        )
    try:
        parsed = parse_document(decoded.text, source.path.name)
    except Exception as error:  # a parser bug must quarantine one document, not stop the batch
        return LoadedDocument(
            **base,
            raw_bytes=None,
            parsed=None,
            issues=(Issue(None, "error", f"parser failed: {type(error).__name__}: {error}"),),
        )
    return LoadedDocument(**base, raw_bytes=None, parsed=parsed, issues=(*parsed.issues, *read_issues))
