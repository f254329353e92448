"""The version of the parser behind a raw layer: a fingerprint of everything that decides what a
document's raw rows hold. A warehouse landed by another version is parsed again from the text it
keeps, so an upgrade never leaves documents read by old rules beside documents read by new ones."""

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Parts of the package that do not shape the raw rows: the command line, batching, dbt, exports,
# checks and the synthetic corpus.
_NOT_PARSING = frozenset({"cli.py", "batch.py", "build.py", "export.py", "checks", "synthetic"})
# Seeds the parser reads at run time.
_PARSER_SEEDS = ("statement_title_patterns.csv", "narrative_subject_patterns.csv")


@lru_cache(maxsize=1)
def parser_version() -> str:
    sources = sorted(path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] not in _NOT_PARSING)
    seeds = [PACKAGE.parent / "seeds" / name for name in _PARSER_SEEDS]
    digest = hashlib.sha256()
    for path in [*sources, *seeds]:
        digest.update(str(path.relative_to(PACKAGE.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
