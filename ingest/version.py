"""The version of the parser behind a raw layer: a fingerprint of everything that decides what a
document's raw rows hold. A warehouse landed by another version is parsed again from the text it
keeps, so an upgrade never leaves documents read by old rules beside documents read by new ones."""

import hashlib
from functools import lru_cache
from pathlib import Path

import ingest.parser  # noqa: F401  every module of the parser imported: each names the seeds it reads
from ingest.seeds import seeds_read

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def parser_version() -> str:
    """The package's sources (it holds only what turns a document file into raw rows) and the seeds it reads."""
    digest = hashlib.sha256()
    for path in [*sorted(PACKAGE.rglob("*.py")), *seeds_read()]:
        digest.update(str(path.relative_to(PACKAGE.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
