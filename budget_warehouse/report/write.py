"""Write the report folder: pages of documents and rules, the index, the assets, and a manifest
that lets the next run rewrite only the pages whose content changed."""

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from budget_warehouse.report import queries
from budget_warehouse.report.assemble import read_report
from budget_warehouse.report.model import PHASE_ZH, STATUS_ZH, TieCounts
from budget_warehouse.report.render import environment

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS_DIR = PACKAGE_DIR / "assets"
MANIFEST = "manifest.json"
INDEX = "index.html"
RULES_INDEX = "rules/index.html"


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
        connection = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:
        raise ReportError(f"cannot open {warehouse}: {error}") from error
    try:
        if not queries.has_marts(connection):
            raise ReportError(f"{warehouse} has no marts: build the warehouse first")
        return _write(connection, out_dir)
    finally:
        connection.close()


def _write(connection: duckdb.DuckDBPyConnection, out_dir: Path) -> ReportOutcome:
    version = _version()
    previous = _read_manifest(out_dir)
    kept_hashes = previous.get("pages", {}) if previous.get("version") == version else {}
    pages: dict[str, str] = {}
    written = 0
    env = environment()

    def publish(path: str, template: str, content_key: str, **context) -> None:
        nonlocal written
        digest = hashlib.blake2b(content_key.encode(), digest_size=16).hexdigest()
        pages[path] = digest
        if kept_hashes.get(path) == digest and (out_dir / path).is_file():
            return
        root = "../" * path.count("/")
        _write_atomically(out_dir / path, env.get_template(template).render(root=root, data_as_of=None, **context))
        written += 1

    _copy_assets(out_dir, refresh=previous.get("version") != version)
    report, document_pages = read_report(connection)
    for page in document_pages:
        publish(page.summary.page, "document.html.j2", repr(page), page=page)
    for rule in report.rules:
        publish(rule.page, "rule.html.j2", repr(rule), page=rule)
    index_context = {
        "documents": report.documents,
        "quarantined": report.quarantined,
        "totals": sum((document.counts for document in report.documents), start=TieCounts()),
        "failing": sum(1 for document in report.documents if document.counts.failed),
        "provinces": sorted({d.province for d in report.documents if d.province}),
        "cities": sorted({d.city for d in report.documents if d.city}),
        "years": sorted({d.fiscal_year for d in report.documents if d.fiscal_year}, reverse=True),
        "phases": [(value, label) for value, label in PHASE_ZH.items()],
        "statuses": list(STATUS_ZH.items()),
    }
    _write_atomically(out_dir / RULES_INDEX, env.get_template("rules.html.j2").render(
        root="../", rules=report.rules, documents=len(report.documents), data_as_of=report.data_as_of))  # fmt: skip
    _write_atomically(out_dir / INDEX, env.get_template("index.html.j2").render(
        root="", data_as_of=report.data_as_of, **index_context))  # fmt: skip
    removed = 0
    for path in previous.get("pages", {}).keys() - pages.keys():
        (out_dir / path).unlink(missing_ok=True)
        removed += 1
    _write_atomically(out_dir / MANIFEST, json.dumps({"version": version, "pages": pages}, indent=0))
    return ReportOutcome(out_dir / INDEX, len(pages), written, removed)


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
