"""Rebuilding after documents are added: the incremental models build only the documents they have
not built yet (and those whose version flags changed), and the warehouse ends up as a full build of
all of them; a change to the project's models, macros or seeds makes the next build a full refresh."""

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from budget_warehouse import build
from budget_warehouse.build import (
    SCOPED_TESTS_VARS,
    WarehouseBuildError,
    build_fingerprint,
    build_warehouse,
    dbt_artifacts,
    project_fingerprint,
    recorded_fingerprint,
    run_dbt,
)
from ingest.batch import ingest_directory
from tests.helpers import PROJECT_DIR, SAMPLE_FILES, SAMPLES, samples_but

TIE_INPUTS = tuple(
    f"intermediate.{path.stem}"
    for path in sorted((PROJECT_DIR / "models" / "intermediate" / "ties" / "inputs").glob("*.sql"))
    if path.stem != "int_tie__measure_ancestors"
)
# Views, created by a full build only; fct_tie_check reads them for the documents it builds.
TIE_RULE_VIEWS = tuple(
    f"intermediate.{path.stem}"
    for path in sorted((PROJECT_DIR / "models" / "intermediate" / "ties" / "rules").glob("*.sql"))
)
INCREMENTAL_MODELS = (
    "intermediate.int_statement_rows__classified",
    "intermediate.int_budget_lines__measured",
    "intermediate.int_narrative_figures__measured",
    "intermediate.int_subject_codes__printed",
    "intermediate.int_disclosure__tables",
    *TIE_INPUTS,
    "marts.fct_budget_line",
    "marts.fct_narrative_figure",
    "marts.fct_tie_check",
)
DOCUMENTS_BUILT = "metadata.incremental_documents_built"
LAST_SAMPLE = SAMPLE_FILES["guan"]  # 固安县医疗保障局 2024 budget, added last
REISSUED_SAMPLE = SAMPLE_FILES["quanzhou"]  # 泉州市医疗保障局 2024 budget, built first, then reissued
# The reissue prints 2535.64 for the 合计 of 2101501 行政运行 in its first table, whose sources add up to 2535.54.
REISSUED_LINE = ("2101501\t行政运行\t2535.54\t2535.54", "2101501\t行政运行\t2535.64\t2535.54")


@pytest.fixture(scope="module")
def grown_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four samples built, then the fifth added and the warehouse built again."""
    folder = tmp_path_factory.mktemp("grown")
    documents = samples_but(LAST_SAMPLE, folder)
    warehouse = folder / "warehouse.duckdb"
    ingest_directory(documents, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    shutil.copy2(SAMPLES / LAST_SAMPLE, documents / LAST_SAMPLE)
    ingest_directory(documents, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    return warehouse


@pytest.fixture(scope="module")
def reissued_warehouses(grown_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A second version of 泉州's budget (one figure changed, a newer file) landed in a copy of the
    grown warehouse: (that copy built incrementally, the same raw layer built in full)."""
    incremental = _copy_warehouse(grown_warehouse, tmp_path_factory.mktemp("reissued_incremental"))
    reissue = tmp_path_factory.mktemp("reissue") / "quanzhou-reissued.txt"
    text = (SAMPLES / REISSUED_SAMPLE).read_text(encoding="utf-8")
    assert REISSUED_LINE[0] in text
    reissue.write_text(text.replace(*REISSUED_LINE, 1), encoding="utf-8")
    original_time = (SAMPLES / REISSUED_SAMPLE).stat().st_mtime
    os.utime(reissue, (original_time + 86_400, original_time + 86_400))
    ingest_directory(reissue.parent, incremental)
    full = tmp_path_factory.mktemp("reissued_full") / "warehouse.duckdb"
    shutil.copy2(incremental, full)
    build_warehouse(incremental, PROJECT_DIR)
    build_warehouse(full, PROJECT_DIR, full_refresh=True)
    return incremental, full


def test_a_batch_too_large_to_name_computes_every_document_and_keeps_the_new_ones(reissued_warehouses, tmp_path):
    """Above tie_rule_documents_listed_at_most documents (here 0) the rule views compute every
    document and fct_tie_check keeps those it builds: the same checks as a full build."""
    incremental, full = reissued_warehouses
    warehouse = _copy_warehouse(incremental, tmp_path)
    with duckdb.connect(str(warehouse)) as connection:  # forget what fct_tie_check built for the reissue
        reissued = [
            row[0]
            for row in connection.execute(
                "select document_id from intermediate.int_documents__loaded where file_name like 'quanzhou-reissued%'"
            ).fetchall()
        ]
        assert len(reissued) == 1
        connection.execute(
            f"delete from {DOCUMENTS_BUILT} where model_name = 'fct_tie_check' and document_id = ?", reissued
        )
        connection.execute("delete from marts.fct_tie_check where document_id = ?", reissued)
    run_dbt(
        warehouse,
        PROJECT_DIR,
        "build",
        "--select",
        "fct_tie_check",
        "--exclude-resource-type",
        "unit_test",
        "--vars",
        "{tie_rule_documents_listed_at_most: 0}",
    )
    rows, missing, extra = _differences(full, warehouse, "marts.fct_tie_check")
    assert rows > 0 and (missing, extra) == (0, 0)


def _copy_warehouse(warehouse: Path, folder: Path) -> Path:
    """The warehouse (with the fingerprint of its last build) and its dbt artifacts copied into `folder`."""
    copy = folder / warehouse.name
    shutil.copy2(warehouse, copy)
    shutil.copytree(dbt_artifacts(warehouse), dbt_artifacts(copy))
    return copy


def _differences(left: Path, right: Path, model: str) -> tuple[int, int, int]:
    """(rows in `left`, rows of `left` not in `right`, rows of `right` not in `left`), duplicates counted."""
    if model in TIE_RULE_VIEWS:  # a view names its file's catalog: each file is read on its own
        left_rows, right_rows = (_rows(warehouse, model) for warehouse in (left, right))
        return left_rows.total(), (left_rows - right_rows).total(), (right_rows - left_rows).total()
    with duckdb.connect() as connection:
        connection.execute(f"attach '{left}' as left_build (read_only)")
        connection.execute(f"attach '{right}' as right_build (read_only)")
        rows = connection.execute(f"select count(*) from left_build.{model}").fetchone()[0]
        missing, extra = (
            connection.execute(
                f"select count(*) from (select * from {first}.{model} except all select * from {second}.{model})"
            ).fetchone()[0]
            for first, second in (("left_build", "right_build"), ("right_build", "left_build"))
        )
    return rows, missing, extra


def _rows(warehouse: Path, relation: str) -> Counter:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return Counter(connection.execute(f"select * from {relation}").fetchall())


def _run_results(warehouse: Path) -> list[dict]:
    target = dbt_artifacts(warehouse) / "target"
    return json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]


def test_the_incremental_models_are_the_per_document_models_of_the_project(grown_warehouse):
    manifest = json.loads((dbt_artifacts(grown_warehouse) / "target" / "manifest.json").read_text(encoding="utf-8"))
    incremental = {
        f"{node['schema']}.{node['name']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }
    assert incremental == set(INCREMENTAL_MODELS)


@pytest.mark.parametrize("model", INCREMENTAL_MODELS + TIE_RULE_VIEWS)
def test_an_incremental_build_equals_a_full_build(grown_warehouse, built_warehouse, model):
    rows, missing, extra = _differences(built_warehouse, grown_warehouse, model)
    assert rows > 0 and (missing, extra) == (0, 0)


def test_the_second_build_was_incremental(grown_warehouse):
    """Every incremental model deleted and inserted rows of the tables built before, reading only the
    documents it had not built (the 固安 budget)."""
    results = _run_results(grown_warehouse)
    assert results
    run = dbt_artifacts(grown_warehouse) / "target" / "run" / "budget_warehouse" / "models"
    compiled = {
        result["unique_id"].split(".")[-1]: result["compiled_code"]
        for result in results
        if result["unique_id"].startswith("model.")
    }
    for model in INCREMENTAL_MODELS:
        name = model.split(".")[1]
        executed = next(run.rglob(f"{name}.sql")).read_text(encoding="utf-8")
        assert "delete from" in executed and "insert into" in executed, model
        if name != "fct_tie_check":  # its documents reach the rule views in a variable (its pre-hook)
            assert f"where built.model_name = '{name}'" in compiled[name], model
    assert not {f"intermediate.{name}" for name in compiled} & set(TIE_RULE_VIEWS)
    with duckdb.connect(str(grown_warehouse), read_only=True) as connection:
        built = connection.execute(f"""
            select count(distinct built.model_name), count(*), count(distinct built.document_id)
            from {DOCUMENTS_BUILT} as built
            inner join intermediate.int_documents__loaded as documents
                on built.document_id = documents.document_id
                and built.is_latest_version = documents.is_latest_version
                and built.version_rank = documents.version_rank
        """).fetchone()
    assert built == (len(INCREMENTAL_MODELS), len(INCREMENTAL_MODELS) * 5, 5)


def test_an_incremental_build_runs_the_models_tests_but_not_the_unchanged_seeds_tests(grown_warehouse):
    manifest = json.loads((dbt_artifacts(grown_warehouse) / "target" / "manifest.json").read_text(encoding="utf-8"))
    folders = Counter(
        manifest["nodes"][result["unique_id"]]["original_file_path"].split("/")[0]
        for result in _run_results(grown_warehouse)
        if result["unique_id"].startswith("test.")
    )
    tests = [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]
    declared = Counter(node["original_file_path"].split("/")[0] for node in tests)
    # none of the seeds' tests (which the project has) ran, every test of the models did but those
    # that read a seed too (a relationships test to a reference list): excluded with the seeds
    reading_a_seed = sum(
        1
        for node in tests
        if node["original_file_path"].startswith("models/")
        and any(parent.startswith("seed.") for parent in node["depends_on"]["nodes"])
    )
    assert declared["seeds"] > 0 and "seeds" not in folders, folders
    assert folders["models"] == declared["models"] - reading_a_seed > 0, (folders, declared, reading_a_seed)


@pytest.mark.parametrize("model", INCREMENTAL_MODELS)
def test_a_reissued_document_built_incrementally_equals_a_full_build(reissued_warehouses, model):
    incremental, full = reissued_warehouses
    rows, missing, extra = _differences(full, incremental, model)
    assert rows > 0 and (missing, extra) == (0, 0)


def test_a_reissue_moves_the_latest_version_flag_of_the_tie_checks_already_built(reissued_warehouses, grown_warehouse):
    incremental, _ = reissued_warehouses
    with duckdb.connect(str(incremental), read_only=True) as connection:
        versions = connection.execute("""
            select documents.file_name, documents.version_rank, checks.is_latest_version, count(*),
                count(*) filter (where checks.rule_id = 'T_ROW_TOTAL_EQ_SUM_SOURCES' and checks.status = 'fail')
            from marts.fct_tie_check as checks
            inner join intermediate.int_documents__loaded as documents
                on checks.document_id = documents.document_id
            where documents.department_name = '泉州市医疗保障局'
            group by all
            order by 2
        """).fetchall()
    with duckdb.connect(str(grown_warehouse), read_only=True) as connection:
        before = connection.execute(
            """
            select count(*) from marts.fct_tie_check
            where file_name = ? and is_latest_version
        """,
            [REISSUED_SAMPLE],
        ).fetchone()[0]
    assert versions == [("quanzhou-reissued.txt", 1, True, before, 1), (REISSUED_SAMPLE, 2, False, before, 0)]


def test_the_fingerprint_follows_the_models_macros_and_seeds(tmp_path):
    project = tmp_path / "project"
    for part in ("models", "macros", "seeds"):
        shutil.copytree(PROJECT_DIR / part, project / part)
    shutil.copy2(PROJECT_DIR / "dbt_project.yml", project / "dbt_project.yml")
    assert project_fingerprint(project) == project_fingerprint(PROJECT_DIR)
    seed = project / "seeds" / "measure_map.csv"
    seed.write_text(seed.read_text(encoding="utf-8") + "header,*,*,新表头,total,\n", encoding="utf-8")
    assert project_fingerprint(project) != project_fingerprint(PROJECT_DIR)


def test_a_build_records_the_fingerprint_of_the_project_it_built_in_the_warehouse(grown_warehouse, tmp_path):
    recorded = recorded_fingerprint(grown_warehouse)
    assert recorded == build_fingerprint(grown_warehouse, PROJECT_DIR)
    assert recorded.startswith(project_fingerprint(PROJECT_DIR))
    # A copy of the file alone carries it: a new generation builds incrementally.
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy2(grown_warehouse, copy)
    assert recorded_fingerprint(copy) == recorded


def test_the_fingerprint_follows_the_parser_of_the_raw_layer(grown_warehouse, tmp_path):
    """Documents parsed again by a new parser keep their ids: the next build must rebuild them all."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy2(grown_warehouse, copy)
    before = build_fingerprint(copy, PROJECT_DIR)
    with duckdb.connect(str(copy)) as connection:
        connection.execute("update raw.documents set parser_version = 'another parser'")
    assert build_fingerprint(copy, PROJECT_DIR) != before


def test_an_incremental_build_tests_the_rows_of_its_documents_against_the_whole_warehouse(grown_warehouse, tmp_path):
    """Faults planted in fct_budget_line after the fifth sample was added: the scoped tests (those of
    an incremental build) find the ones in the new document's rows, including a key that collides
    with an earlier document's row, and pass over a fault in an earlier document's rows, which the
    full checks (a full refresh, --full-checks) find too."""
    warehouse = _copy_warehouse(grown_warehouse, tmp_path)
    with duckdb.connect(str(warehouse)) as connection:
        added, earlier = (
            connection.execute(
                f"select document_id from raw.documents where file_name {operator} ? order by document_id limit 1",
                [LAST_SAMPLE],
            ).fetchone()[0]
            for operator in ("=", "<>")
        )
        latest = connection.execute(
            f"select document_id from {DOCUMENTS_BUILT} where model_name = 'fct_budget_line' "
            f"and built_at = (select max(built_at) from {DOCUMENTS_BUILT} where model_name = 'fct_budget_line')"
        ).fetchall()
        assert latest == [(added,)]
        earlier_line = connection.execute(
            "select min(budget_line_id) from marts.fct_budget_line where document_id = ?", [earlier]
        ).fetchone()[0]
        # The added document: one line takes an earlier document's key, another one an unknown statement.
        connection.execute(
            "update marts.fct_budget_line set budget_line_id = ? where budget_line_id = "
            "(select min(budget_line_id) from marts.fct_budget_line where document_id = ?)",
            [earlier_line, added],
        )
        connection.execute(
            "update marts.fct_budget_line set statement = 'no_such_statement', source_line = null where budget_line_id = "
            "(select max(budget_line_id) from marts.fct_budget_line where document_id = ?)",
            [added],
        )
        # An earlier document: a line without a table.
        connection.execute(
            "update marts.fct_budget_line set table_id = null where budget_line_id = "
            "(select max(budget_line_id) from marts.fct_budget_line where document_id = ?)",
            [earlier],
        )

    scoped = _failed_tests(warehouse, "--vars", SCOPED_TESTS_VARS)
    assert scoped == {
        ("unique", "budget_line_id"),
        ("accepted_values", "statement"),
        ("relationships", "statement"),
        ("columns_not_null", "source_line"),
    }
    assert _failed_tests(warehouse) == scoped | {("columns_not_null", "table_id")}


def _failed_tests(warehouse: Path, *options: str) -> set[tuple[str, str]]:
    """The generic data tests of fct_budget_line that fail on `warehouse`: (test, column)."""
    with pytest.raises(WarehouseBuildError) as failed:
        run_dbt(warehouse, PROJECT_DIR, "test", "--select", "fct_budget_line,test_type:generic", *options)
    target = dbt_artifacts(warehouse) / "target"
    nodes = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    failed_tests = [nodes[result["unique_id"]] for result in results if result["status"] == "fail"]
    assert str(failed.value).count(": fail") == len(failed_tests)
    return {(test["test_metadata"]["name"], column) for test in failed_tests for column in _columns(test, failed.value)}


def _columns(test: dict, failure: WarehouseBuildError) -> list[str]:
    """The column a failing test is about; a columns_not_null names them in its rows, which the message shows."""
    if test["test_metadata"]["name"] != "columns_not_null":
        return [test["column_name"]]
    (rows,) = re.findall(re.escape(test["unique_id"]) + r": fail (.*?) \(Got", str(failure))
    return re.findall(r"column_name=(\w+)", rows)


@pytest.mark.parametrize(("full_checks", "scoped"), [(False, True), (True, False)])
def test_an_incremental_build_scopes_its_data_tests_unless_full_checks_are_asked(
    grown_warehouse, tmp_path, monkeypatch, full_checks, scoped
):
    commands = []
    monkeypatch.setattr(build, "run_dbt", lambda warehouse, project_dir, *arguments, **_: commands.append(arguments))
    build.build_warehouse(_copy_warehouse(grown_warehouse, tmp_path), PROJECT_DIR, full_checks=full_checks)
    [arguments] = commands  # the same project: no seed, one incremental build
    assert arguments[0] == "build" and "--full-refresh" not in arguments
    assert (SCOPED_TESTS_VARS in arguments) is scoped


def test_a_full_build_passes_the_vars_of_the_incremental_builds_so_that_dbt_parses_the_project_once(
    grown_warehouse, tmp_path, monkeypatch
):
    """dbt parses the whole project again when the vars differ from its last invocation's: the
    nightly builds after a full one must not pay that (a full refresh tests every row anyway)."""
    commands = []
    monkeypatch.setattr(build, "run_dbt", lambda warehouse, project_dir, *arguments, **_: commands.append(arguments))
    build.build_warehouse(_copy_warehouse(grown_warehouse, tmp_path), PROJECT_DIR, full_refresh=True)
    (tmp_path / "again").mkdir()
    build.build_warehouse(_copy_warehouse(grown_warehouse, tmp_path / "again"), PROJECT_DIR)
    seed, full, incremental = commands
    assert seed[0] == "seed" and "--full-refresh" in full and "--full-refresh" not in incremental
    assert {_vars(arguments) for arguments in commands} == {SCOPED_TESTS_VARS}


def _vars(arguments: tuple[str, ...]) -> str | None:
    return arguments[arguments.index("--vars") + 1] if "--vars" in arguments else None
