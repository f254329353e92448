"""Nothing incomplete is published: what a new generation must hold before it replaces the published one.

- No document of the published generation is lost: every document its raw layer held, or its
  per-document models had built, is still in the raw layer (a document a new parser can no longer
  read stays there, quarantined with its reason).
- No re-parse after a parser upgrade is left unfinished (documents still set aside in raw_kept).
- Every loaded document is built by every per-document (incremental) model, with its current
  version flags: the record each model keeps (metadata.incremental_documents_built) says so, also
  for a document that yields no row in it. Models built in full are complete by construction.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from budget_warehouse.catalog import has_table
from ingest.kept import KEPT_SCHEMA

DOCUMENTS_BUILT = "metadata.incremental_documents_built"
EXAMPLES = 3


@dataclass(frozen=True)
class DocumentSet:
    """The documents a generation holds: in its raw layer, and built by its per-document models."""

    raw: frozenset[str]
    built: frozenset[str]
    loaded: int
    quarantined: int

    @property
    def all(self) -> frozenset[str]:
        return self.raw | self.built


def documents_of(warehouse: Path) -> DocumentSet:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return _documents(connection)


def problems(warehouse: Path, published: DocumentSet, per_document_models: list[str] | None) -> list[str]:
    """Why the generation in `warehouse` must not replace `published` (empty when it may). With
    `per_document_models` None the marts are not checked (a raw layer landed without a build)."""
    found = []
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        now = _documents(connection)
        if _has_schema(connection, KEPT_SCHEMA):
            (kept,) = connection.execute(f"""
                select count(*) from {KEPT_SCHEMA}.documents
                where document_id not in (select document_id from raw.documents)
            """).fetchone()
            if kept:
                found.append(
                    f"the re-parse after a parser upgrade did not finish: {kept} documents are still set aside in "
                    f"{KEPT_SCHEMA}; run `budget-warehouse run` (or ingest) to finish it"
                )
        lost = sorted(published.all - now.raw)
        if lost:
            found.append(
                f"{len(lost)} of the {len(published.all)} documents of the published warehouse are missing from the "
                f"new raw layer, and no cause is recorded (e.g. {', '.join(lost[:EXAMPLES])})"
            )
        if per_document_models is not None:
            found.extend(_unbuilt(connection, per_document_models))
    return found


def incremental_models(artifacts: Path) -> list[str]:
    """The per-document models of the project, from the manifest of the last dbt build."""
    manifest = json.loads((artifacts / "target" / "manifest.json").read_text(encoding="utf-8"))
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("materialized") == "incremental"
    )


def _unbuilt(connection: duckdb.DuckDBPyConnection, models: list[str]) -> list[str]:
    if not has_table(connection, DOCUMENTS_BUILT):
        return ["the marts were never built: run `budget-warehouse build` (or run)"]
    rows = connection.execute(
        f"""
        select model.name, count(*), list(documents.file_name order by documents.file_name)[1:{EXAMPLES}]
        from (select unnest(?) as name) as model
        cross join raw.documents as documents
        left join {DOCUMENTS_BUILT} as built
            on built.model_name = model.name
            and built.document_id = documents.document_id
            and built.is_latest_version = documents.is_latest_version
            and built.version_rank = documents.version_rank
        where documents.status = 'loaded' and built.document_id is null
        group by model.name
        order by model.name
        """,
        [models],
    ).fetchall()
    return [
        f"{count} loaded documents are not built into {model} (e.g. {', '.join(examples)}): "
        "run `budget-warehouse build`"
        for model, count, examples in rows
    ]


def _documents(connection: duckdb.DuckDBPyConnection) -> DocumentSet:
    raw: list[tuple[str, str]] = []
    if has_table(connection, "raw.documents"):
        raw = connection.execute("select document_id, status from raw.documents").fetchall()
    built: list[tuple[str]] = []
    if has_table(connection, DOCUMENTS_BUILT):
        built = connection.execute(f"select distinct document_id from {DOCUMENTS_BUILT}").fetchall()
    return DocumentSet(
        raw=frozenset(document_id for document_id, _ in raw),
        built=frozenset(document_id for (document_id,) in built),
        loaded=sum(status == "loaded" for _, status in raw),
        quarantined=sum(status == "quarantined" for _, status in raw),
    )


def _has_schema(connection: duckdb.DuckDBPyConnection, schema: str) -> bool:
    return (
        connection.execute(
            "select count(*) from information_schema.schemata where schema_name = ?", [schema]
        ).fetchone()[0]
        > 0
    )
