"""One document file → the records the raw layer keeps of it (pure apart from reading the file)."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ingest.decoding import decode_document
from ingest.model import Issue, ParsedDocument
from ingest.parser import parse_document


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


def load_document(path: Path) -> LoadedDocument:
    content = path.read_bytes()
    document_id, sha = document_id_of(content)
    modified_at = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).replace(tzinfo=None)
    decoded = decode_document(content)
    base = dict(document_id=document_id, path=path, sha256=sha, size_bytes=len(content),
                encoding=decoded.encoding, text=decoded.text, modified_at=modified_at)
    if decoded.text is None:
        return LoadedDocument(**base, raw_bytes=content, parsed=None,
                              issues=(Issue(None, "error", decoded.error or "unreadable"),))
    try:
        parsed = parse_document(decoded.text)
    except Exception as error:  # a parser bug must quarantine one document, not stop the batch
        return LoadedDocument(**base, raw_bytes=None, parsed=None,
                              issues=(Issue(None, "error", f"parser failed: {type(error).__name__}: {error}"),))
    return LoadedDocument(**base, raw_bytes=None, parsed=parsed, issues=parsed.issues)
