"""Rebuilding after documents are added: the incremental models build only the new documents (and
those whose version flags changed), and the warehouse ends up as a full build of all of them; a
change to the project's models, macros or seeds makes the next build a full refresh."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.batch import ingest_directory
from ingest.build import FINGERPRINT_FILE, build_fingerprint, build_warehouse, dbt_artifacts, project_fingerprint
from tests.conftest import PROJECT_DIR, SAMPLES

INCREMENTAL_MODELS = ("intermediate.int_statement_rows__classified", "intermediate.int_budget_lines__measured",
                      "marts.fct_budget_line")
LAST_SAMPLE = "004_43a13e6a8c0a6925.txt"  # 固安县医疗保障局 2024 budget, added last


@pytest.fixture(scope="module")
def grown_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four samples built, then the fifth added and the warehouse built again."""
    folder = tmp_path_factory.mktemp("grown")
    documents = folder / "documents"
    documents.mkdir()
    for path in SAMPLES.iterdir():
        if path.name != LAST_SAMPLE:
            shutil.copy2(path, documents / path.name)
    warehouse = folder / "warehouse.duckdb"
    ingest_directory(documents, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    shutil.copy2(SAMPLES / LAST_SAMPLE, documents / LAST_SAMPLE)
    ingest_directory(documents, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    return warehouse


def test_an_incremental_build_equals_a_full_build(grown_warehouse, built_warehouse):
    full = built_warehouse
    with duckdb.connect() as connection:
        connection.execute(f"attach '{full}' as full_build (read_only)")
        connection.execute(f"attach '{grown_warehouse}' as grown (read_only)")
        for model in (*INCREMENTAL_MODELS, "marts.fct_tie_check"):
            rows = connection.execute(f"select count(*) from full_build.{model}").fetchone()[0]
            missing = connection.execute(
                f"select count(*) from (select * from full_build.{model} except all select * from grown.{model})"
            ).fetchone()[0]
            extra = connection.execute(
                f"select count(*) from (select * from grown.{model} except all select * from full_build.{model})"
            ).fetchone()[0]
            assert rows > 0 and (missing, extra) == (0, 0), model


def test_the_second_build_was_incremental(grown_warehouse):
    """The 固安 lines were added to the tables built before (dbt's last run deleted and inserted
    that document's rows), and the unit tests, which ran with the first build, did not run again."""
    target = dbt_artifacts(grown_warehouse) / "target"
    executed = (target / "run" / "budget_warehouse" / "models" / "marts" / "fct_budget_line.sql").read_text(
        encoding="utf-8")
    assert "delete from" in executed and "insert into" in executed
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    assert results and not any(result["unique_id"].startswith("unit_test.") for result in results)


def test_the_fingerprint_follows_the_models_macros_and_seeds(tmp_path):
    project = tmp_path / "project"
    for part in ("models", "macros", "seeds"):
        shutil.copytree(PROJECT_DIR / part, project / part)
    shutil.copy2(PROJECT_DIR / "dbt_project.yml", project / "dbt_project.yml")
    assert project_fingerprint(project) == project_fingerprint(PROJECT_DIR)
    seed = project / "seeds" / "measure_map.csv"
    seed.write_text(seed.read_text(encoding="utf-8") + "header,*,*,新表头,total,\n", encoding="utf-8")
    assert project_fingerprint(project) != project_fingerprint(PROJECT_DIR)


def test_a_build_records_the_fingerprint_of_the_project_it_built(grown_warehouse):
    marker = dbt_artifacts(grown_warehouse) / FINGERPRINT_FILE
    assert marker.read_text(encoding="utf-8") == build_fingerprint(grown_warehouse, PROJECT_DIR)
    assert marker.read_text(encoding="utf-8").startswith(project_fingerprint(PROJECT_DIR))


def test_the_fingerprint_follows_the_parser_of_the_raw_layer(grown_warehouse, tmp_path):
    """Documents parsed again by a new parser keep their ids: the next build must rebuild them all."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy2(grown_warehouse, copy)
    before = build_fingerprint(copy, PROJECT_DIR)
    with duckdb.connect(str(copy)) as connection:
        connection.execute("update raw.documents set parser_version = 'another parser'")
    assert build_fingerprint(copy, PROJECT_DIR) != before
