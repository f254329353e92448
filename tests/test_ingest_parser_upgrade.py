"""A warehouse landed by another parser version is parsed again from the text it keeps: after an
upgrade no document is left read by old rules, none is lost (its file may be gone), and an
interrupted re-parse resumes."""

import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.batch import ingest_directory
from ingest.kept import KEPT_SCHEMA, set_aside_stale_documents
from ingest.version import parser_version
from ingest.warehouse import connect
from tests.helpers import SAMPLE_FILES, SAMPLES, query

GUAN = SAMPLES / SAMPLE_FILES["guan"]
QUANZHOU = SAMPLES / SAMPLE_FILES["quanzhou"]


@pytest.fixture()
def landed(tmp_path: Path) -> tuple[Path, Path]:
    """固安 landed, as an older parser would have left it: another version, no narrative figures."""
    documents = tmp_path / "documents"
    documents.mkdir()
    shutil.copy2(GUAN, documents / GUAN.name)
    warehouse = tmp_path / "w.duckdb"
    ingest_directory(documents, warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("update raw.documents set parser_version = 'an older parser'")
        connection.execute("delete from raw.narrative_figures")
    return documents, warehouse


def raw_snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every raw table, in full."""
    tables = [
        name
        for (name,) in query(
            warehouse, "select table_name from information_schema.tables where table_schema = 'raw' order by 1"
        )
    ]
    return {table: query(warehouse, f"select * from raw.{table} order by all") for table in tables}


def fresh_snapshot(tmp_path: Path, *files: Path) -> dict[str, list[tuple]]:
    documents = tmp_path / "fresh"
    documents.mkdir()
    for file in files:
        shutil.copy2(file, documents / file.name)
    warehouse = tmp_path / "fresh.duckdb"
    ingest_directory(documents, warehouse)
    return raw_snapshot(warehouse)


def without_times(snapshot: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    # raw.documents' file_path and ingested_at say where and when it was landed, not what was read.
    return {**snapshot, "documents": [row[:2] + row[3:-2] + row[-1:] for row in snapshot["documents"]]}


def test_a_document_read_by_another_parser_is_parsed_again_though_its_file_is_gone(landed, tmp_path):
    documents, warehouse = landed
    first_landed = query(warehouse, "select file_path, ingested_at from raw.documents")
    (documents / GUAN.name).unlink()
    shutil.copy2(QUANZHOU, documents / QUANZHOU.name)

    summary = ingest_directory(documents, warehouse)

    assert (summary.parsed_again, summary.loaded, summary.already_in_warehouse) == (1, 1, 0)
    assert query(warehouse, "select distinct parser_version from raw.documents") == [(parser_version(),)]
    # The figures the older parser did not read are there, as a fresh ingest of both documents has them.
    assert (
        query(
            warehouse,
            "select count(*) from raw.narrative_figures f join raw.documents d using (document_id) "
            f"where d.file_name = '{GUAN.name}'",
        )[0][0]
        > 0
    )
    assert without_times(raw_snapshot(warehouse)) == without_times(fresh_snapshot(tmp_path, GUAN, QUANZHOU))
    # Where and when the document was first landed is kept.
    assert (
        query(warehouse, f"select file_path, ingested_at from raw.documents where file_name = '{GUAN.name}'")
        == first_landed
    )
    assert query(
        warehouse, f"select count(*) from information_schema.schemata where schema_name = '{KEPT_SCHEMA}'"
    ) == [(0,)]


def test_a_file_in_the_folder_that_is_also_kept_lands_once(landed):
    documents, warehouse = landed
    summary = ingest_directory(documents, warehouse)
    assert (summary.parsed_again, summary.loaded, summary.already_in_warehouse) == (1, 0, 1)
    assert query(warehouse, "select count(*), max(parser_version) from raw.documents") == [(1, parser_version())]


def test_a_raw_layer_from_before_parser_versions_is_parsed_again(landed):
    documents, warehouse = landed
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("alter table raw.documents drop column parser_version")
    summary = ingest_directory(documents, warehouse)
    assert summary.parsed_again == 1
    assert query(warehouse, "select parser_version from raw.documents") == [(parser_version(),)]


def test_an_interrupted_re_parse_resumes_on_the_next_ingest(landed, tmp_path):
    _, warehouse = landed
    connection = connect(warehouse)
    set_aside_stale_documents(connection)  # the run stops here: raw layer emptied, the document kept
    connection.close()
    assert query(warehouse, "select count(*) from raw.documents") == [(0,)]
    assert query(warehouse, f"select count(*) from {KEPT_SCHEMA}.documents") == [(1,)]

    empty = tmp_path / "empty"
    empty.mkdir()
    summary = ingest_directory(empty, warehouse)
    assert summary.parsed_again == 1
    assert query(warehouse, "select file_name, status from raw.documents") == [(GUAN.name, "loaded")]


def test_the_same_parser_twice_parses_nothing_again(landed, tmp_path):
    documents, warehouse = landed
    ingest_directory(documents, warehouse)
    before = raw_snapshot(warehouse)
    summary = ingest_directory(documents, warehouse)
    assert summary.parsed_again == 0
    assert raw_snapshot(warehouse) == before
