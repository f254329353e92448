"""What a published generation says of itself (`metadata.publication`), and what a run would add to it."""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from budget_warehouse.build import build_fingerprint, recorded_fingerprint
from budget_warehouse.catalog import has_table
from budget_warehouse.pipeline.errors import UserError, explain
from budget_warehouse.pipeline.exit_codes import ExitCode
from ingest.batch import document_files
from ingest.kept import KEPT_SCHEMA
from ingest.loading import document_id_of
from ingest.version import parser_version

PUBLICATION_TABLE = "metadata.publication"
EXPORT_MARKER = ".generation.json"  # in an export folder: the run whose generation it was written from


@dataclass(frozen=True)
class Publication:
    run_id: str
    command: str
    published_at: datetime
    documents_loaded: int
    documents_quarantined: int

    def describe(self) -> str:
        return (
            f"run {self.run_id}, published {self.published_at:%Y-%m-%d %H:%M:%S}, "
            f"{self.documents_loaded} documents loaded, {self.documents_quarantined} quarantined"
        )


def write_publication(connection: duckdb.DuckDBPyConnection, run_id: str, command: str) -> Publication:
    """Record in the generation about to be published which run published it and what it holds."""
    schema = PUBLICATION_TABLE.split(".")[0]
    connection.execute(f"create schema if not exists {schema}")
    connection.execute(f"""
        create or replace table {PUBLICATION_TABLE} (
            run_id varchar, command varchar, published_at timestamp,
            documents_loaded integer, documents_quarantined integer
        )
    """)
    loaded, quarantined = connection.execute(
        "select count(*) filter (where status = 'loaded'), count(*) filter (where status = 'quarantined') "
        "from raw.documents"
    ).fetchone()
    publication = Publication(run_id, command, datetime.now().replace(microsecond=0), loaded, quarantined)
    connection.execute(
        f"insert into {PUBLICATION_TABLE} values (?, ?, ?, ?, ?)",
        [run_id, command, publication.published_at, loaded, quarantined],
    )
    return publication


def read_publication(warehouse: Path) -> Publication | None:
    """The publication record of the warehouse at `warehouse`; None when there is no warehouse or it
    was not published by a run (a warehouse from before). Raises UserError for a damaged file or one
    held open for writing by another process."""
    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            return _publication(connection)
    except duckdb.Error as error:
        explained = explain(error)
        if explained:
            raise explained from error
        raise


def _publication(connection: duckdb.DuckDBPyConnection) -> Publication | None:
    if not has_table(connection, PUBLICATION_TABLE):
        return None
    row = connection.execute(f"select * from {PUBLICATION_TABLE}").fetchone()
    return Publication(*row) if row else None


@dataclass(frozen=True)
class Pending:
    """What a run on a documents folder would change in the published warehouse."""

    documents_seen: int
    new_documents: int
    reparse: bool  # landed by another parser version, or a re-parse left unfinished
    rebuild: bool  # the project or the parser changed since the marts were built
    unpublished: bool  # no publication record (no warehouse yet, or one from before runs published)

    @property
    def anything(self) -> bool:
        return bool(self.new_documents or self.reparse or self.rebuild or self.unpublished)


def pending_work(warehouse: Path, documents: Path, project_dir: Path) -> Pending:
    """Compare the documents folder and the project with the published warehouse (read-only: a run
    with nothing new copies nothing). A warehouse held open for writing by another process cannot be
    read: then everything is taken as pending."""
    files = document_files(documents)
    everything = Pending(len(files), len(files), True, True, True)
    if not warehouse.exists():
        return everything
    try:
        publication = read_publication(warehouse)
    except UserError as error:
        if error.code != ExitCode.LOCKED:
            raise
        return everything
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        if not _has_raw_layer(connection):
            return everything
        known = {row[0] for row in connection.execute("select document_id from raw.documents").fetchall()}
        versions = {
            row[0] for row in connection.execute("select distinct parser_version from raw.documents").fetchall()
        }
        kept = connection.execute(
            "select count(*) from information_schema.schemata where schema_name = ?", [KEPT_SCHEMA]
        ).fetchone()[0]
    new = {document_id_of(path.read_bytes())[0] for path in files} - known
    reparse = bool(kept) or bool(versions - {parser_version()})
    rebuild = recorded_fingerprint(warehouse) != build_fingerprint(warehouse, project_dir)
    return Pending(len(files), len(new), reparse, rebuild, publication is None)


def _has_raw_layer(connection: duckdb.DuckDBPyConnection) -> bool:
    """raw.documents with its parser_version (a raw layer from before versions is parsed again)."""
    return (
        connection.execute(
            "select count(*) from information_schema.columns where table_schema = 'raw' "
            "and table_name = 'documents' and column_name = 'parser_version'"
        ).fetchone()[0]
        > 0
    )


def exports_are_of(export_dir: Path, publication: Publication) -> bool:
    """Whether `export_dir` holds the exports of the published generation."""
    marker = export_dir / EXPORT_MARKER
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("run_id") == publication.run_id
    except (OSError, ValueError):
        return False


def write_export_marker(export_dir: Path, run_id: str, warehouse: Path) -> None:
    (export_dir / EXPORT_MARKER).write_text(
        json.dumps({"run_id": run_id, "warehouse": str(warehouse)}, ensure_ascii=False), encoding="utf-8"
    )
