"""Documents parsed again when the parser changed.

A raw layer landed by another parser version (ingest.version) is set aside: what the warehouse keeps
of each document (its text, file path and times) goes to the schema `raw_kept`, the raw layer is
dropped and created anew (its DDL may have changed too), and the kept documents are parsed again
from their text, so no document is lost even when its file is gone. An interrupted re-parse resumes
on the next ingest: `raw_kept` is dropped only once every document in it has landed again.
"""

from collections.abc import Iterator
from pathlib import Path

import duckdb

from ingest.loading import DocumentSource
from ingest.schema import RAW_DDL
from ingest.version import parser_version

KEPT_SCHEMA = "raw_kept"
_KEPT_COLUMNS = (
    "document_id",
    "file_path",
    "sha256",
    "size_bytes",
    "file_modified_at",
    "ingested_at",
    "encoding",
    "full_text",
    "raw_bytes",
)


def set_aside_stale_documents(connection: duckdb.DuckDBPyConnection) -> None:
    """When the raw layer holds documents read by another parser version, keep them in `raw_kept` and
    start the raw layer afresh (one transaction)."""
    if not _landed_by_another_parser(connection):
        return
    columns = ", ".join(_KEPT_COLUMNS)
    connection.execute("begin transaction")
    try:
        connection.execute(f"create schema if not exists {KEPT_SCHEMA}")
        connection.execute(
            f"create table if not exists {KEPT_SCHEMA}.documents as select {columns} from raw.documents where false"
        )
        connection.execute(f"""
            insert into {KEPT_SCHEMA}.documents select {columns} from raw.documents
            where document_id not in (select document_id from {KEPT_SCHEMA}.documents)
        """)
        connection.execute("drop schema raw cascade")
        for statement in RAW_DDL:
            connection.execute(statement)
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise


def documents_to_parse_again(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Ids of the kept documents not landed again yet, in a stable order."""
    if not _kept_schema_exists(connection):
        return []
    rows = connection.execute(f"""
        select document_id from {KEPT_SCHEMA}.documents
        where document_id not in (select document_id from raw.documents)
        order by document_id
    """).fetchall()
    return [document_id for (document_id,) in rows]


def kept_documents(connection: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[DocumentSource]:
    rows = connection.execute(
        f"select {', '.join(_KEPT_COLUMNS)} from {KEPT_SCHEMA}.documents where document_id in "
        f"(select unnest(?)) order by document_id",
        [document_ids],
    ).fetchall()
    return [
        DocumentSource(
            document_id, Path(file_path), sha256, size_bytes, modified_at, ingested_at, encoding, text, raw_bytes
        )
        for document_id, file_path, sha256, size_bytes, modified_at, ingested_at, encoding, text, raw_bytes in rows
    ]


def batches_of_kept(
    connection: duckdb.DuckDBPyConnection, document_ids: list[str], size: int
) -> Iterator[list[DocumentSource]]:
    """The kept documents, read `size` at a time (the texts of a large warehouse are never all in memory)."""
    for start in range(0, len(document_ids), size):
        yield kept_documents(connection, document_ids[start : start + size])


def drop_kept_when_done(connection: duckdb.DuckDBPyConnection) -> None:
    if _kept_schema_exists(connection) and not documents_to_parse_again(connection):
        connection.execute(f"drop schema {KEPT_SCHEMA} cascade")


def _landed_by_another_parser(connection: duckdb.DuckDBPyConnection) -> bool:
    has_version = connection.execute("""
        select count(*) from information_schema.columns
        where table_schema = 'raw' and table_name = 'documents' and column_name = 'parser_version'
    """).fetchone()[0]
    if not has_version:  # a raw layer from before versions were recorded
        return connection.execute("select count(*) from raw.documents").fetchone()[0] > 0
    stale = connection.execute(
        "select count(*) from raw.documents where parser_version <> ?", [parser_version()]
    ).fetchone()[0]
    return stale > 0


def _kept_schema_exists(connection: duckdb.DuckDBPyConnection) -> bool:
    return (
        connection.execute(
            "select count(*) from information_schema.schemata where schema_name = ?", [KEPT_SCHEMA]
        ).fetchone()[0]
        > 0
    )
