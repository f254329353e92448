"""Write the report folder: pages of documents and rules, the index, the assets, and a manifest
that lets the next run rewrite only the pages whose content changed."""

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import duckdb

from budget_warehouse.report import queries
from budget_warehouse.report.assemble import MartRows, Report, document_page, read_marts
from budget_warehouse.report.index import FIRST_ROWS, index_json, index_rows
from budget_warehouse.report.model import PHASE_ZH, STATUS_ZH, TieCounts
from budget_warehouse.report.render import environment

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS_DIR = PACKAGE_DIR / "assets"
MANIFEST = "manifest.json"
INDEX = "index.html"
RULES_INDEX = "rules/index.html"
MAX_WORKERS = 4
MEMORY_LIMIT = "512MB"  # DuckDB's, while the marts are read (as for the checks)


class ReportError(RuntimeError):
    """The warehouse cannot be reported on (missing, not built, or held by another process)."""


@dataclass(frozen=True)
class ReportOutcome:
    index: Path
    pages: int  # document and rule pages in the report
    written: int  # pages written by this run (the others were kept: their content had not changed)
    removed: int  # pages of documents no longer in the warehouse


def report_dir(warehouse: Path) -> Path:
    """The report lives beside the warehouse, like its Data Docs: build/warehouse_report/."""
    warehouse = Path(warehouse).resolve()
    return warehouse.parent / f"{warehouse.stem}_report"


def build_report(warehouse: Path, out_dir: Path) -> ReportOutcome:
    warehouse, out_dir = Path(warehouse).resolve(), Path(out_dir).resolve()
    if not warehouse.is_file():
        raise ReportError(f"no warehouse at {warehouse}")
    try:
        connection = duckdb.connect(str(warehouse), read_only=True, config={"memory_limit": MEMORY_LIMIT})
    except duckdb.Error as error:
        raise ReportError(f"cannot open {warehouse}: {error}") from error
    try:
        if not queries.has_marts(connection):
            raise ReportError(f"{warehouse} has no marts: build the warehouse first")
        rows = read_marts(connection)
    except duckdb.Error as error:  # marts of an older build, without a table or column the report reads
        raise ReportError(f"cannot read the marts of {warehouse} ({error}): build the warehouse again") from error
    finally:
        connection.close()
    return _write(rows, out_dir)


class PageWriter:
    """Writes a page unless the manifest says the same content is already there."""

    def __init__(self, out_dir: Path, kept: dict[str, str]):
        self.out_dir = out_dir
        self.kept = kept
        self.env = environment()
        self.digests: dict[str, str] = {}
        self.written = 0

    def publish(self, path: str, template: str, content: object, **context) -> None:
        # The content's repr covers everything the page shows (frozen records of exact values).
        digest = hashlib.blake2b(repr(content).encode(), digest_size=16).hexdigest()
        self.digests[path] = digest
        if self.kept.get(path) == digest and (self.out_dir / path).is_file():
            return
        root = "../" * path.count("/")
        html = self.env.get_template(template).render(root=root, data_as_of=None, page=content, **context)
        _write_atomically(self.out_dir / path, html)
        self.written += 1


def _write(rows: MartRows, out_dir: Path) -> ReportOutcome:
    version = _version()
    previous = _read_manifest(out_dir)
    kept = previous.get("pages", {}) if previous.get("version") == version else {}
    _copy_assets(out_dir, refresh=previous.get("version") != version)
    report = rows.report
    digests, written = _write_document_pages(rows, out_dir, kept)
    writer = PageWriter(out_dir, kept)
    for rule in report.rules:
        writer.publish(rule.page, "rule.html.j2", rule)
    digests |= writer.digests
    written += writer.written
    env = writer.env
    _write_atomically(out_dir / RULES_INDEX, env.get_template("rules.html.j2").render(
        root="../", rules=report.rules, documents=len(report.documents), data_as_of=report.data_as_of))  # fmt: skip
    _write_atomically(out_dir / INDEX, env.get_template("index.html.j2").render(
        root="", data_as_of=report.data_as_of, **_index_context(report)))  # fmt: skip
    removed = previous.get("pages", {}).keys() - digests.keys()
    for path in removed:
        (out_dir / path).unlink(missing_ok=True)
    _write_atomically(out_dir / MANIFEST, json.dumps({"version": version, "pages": digests}, indent=0, sort_keys=True))
    return ReportOutcome(out_dir / INDEX, len(digests), written, len(removed))


def _index_context(report: Report) -> dict:
    documents = report.documents
    rows = index_rows(documents)
    return {
        "documents": documents,
        "rows": rows,
        "rows_json": index_json(rows),
        "first_rows": FIRST_ROWS,
        "quarantined": report.quarantined,
        "totals": sum((document.counts for document in documents), start=TieCounts()),
        "failing": sum(1 for document in documents if document.counts.failed),
        "provinces": sorted({document.province for document in documents if document.province}),
        "cities": sorted({document.city for document in documents if document.city}),
        "years": sorted({document.fiscal_year for document in documents if document.fiscal_year}, reverse=True),
        "phases": list(PHASE_ZH.items()),
        "statuses": list(STATUS_ZH.items()),
    }


# Rendering the document pages is most of the work: it is shared between processes forked after
# the marts were read (they inherit the rows; nothing is pickled but their digests).
PARALLEL_FROM = 200  # documents; below this, starting processes costs more than it saves
_shared: tuple[MartRows, Path, dict[str, str], int] | None = None


def _write_document_pages(rows: MartRows, out_dir: Path, kept: dict[str, str]) -> tuple[dict[str, str], int]:
    global _shared
    workers = min(len(os.sched_getaffinity(0)), MAX_WORKERS) if hasattr(os, "sched_getaffinity") else 1
    if workers < 2 or len(rows.report.documents) < PARALLEL_FROM or "fork" not in get_all_start_methods():
        return _write_share(rows, out_dir, kept, 0, 1)
    _shared = (rows, out_dir, kept, workers)
    try:
        with get_context("fork").Pool(workers) as pool:
            shares = pool.map(_write_shared, range(workers))
    finally:
        _shared = None
    digests: dict[str, str] = {}
    for share_digests, _ in shares:
        digests |= share_digests
    return digests, sum(written for _, written in shares)


def _write_shared(share: int) -> tuple[dict[str, str], int]:
    rows, out_dir, kept, workers = _shared
    return _write_share(rows, out_dir, kept, share, workers)


def _write_share(rows: MartRows, out_dir: Path, kept: dict[str, str], share: int, shares: int) -> tuple[dict, int]:
    writer = PageWriter(out_dir, kept)
    for summary in rows.report.documents[share::shares]:
        page = document_page(rows, summary)
        writer.publish(summary.page, "document.html.j2", page)
    return writer.digests, writer.written


def _version() -> str:
    """A fingerprint of what renders the pages (this package's code, templates and assets): when it
    changes, every page is written again."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_manifest(out_dir: Path) -> dict:
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _copy_assets(out_dir: Path, refresh: bool) -> None:
    for source in ASSETS_DIR.rglob("*"):
        if source.is_file():
            target = out_dir / "assets" / source.relative_to(ASSETS_DIR)
            if refresh or not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.name}.tmp")
                shutil.copyfile(source, temporary)
                os.replace(temporary, target)


def _write_atomically(path: Path, text: str) -> None:
    """A reader opening the page sees the old one or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
