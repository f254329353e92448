"""Great Expectations over the marts built from the sample corpus: structural expectations block,
tie failures of the source documents are reported, every run is recorded."""

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from budget_warehouse.build import WarehouseBuildError, dbt_artifacts, run_dbt
from budget_warehouse.checks.run import data_docs_dir, run_checks
from budget_warehouse.checks.suite import CHECKS
from budget_warehouse.cli import app
from budget_warehouse.pipeline.exit_codes import ExitCode
from tests.helpers import PROJECT_DIR, SAMPLE_FILES

# A mart column named like a dimension's key refers to that dimension.
DIMENSION_KEYS = {
    "department_key": "dim_department",
    "fiscal_year": "dim_year",
    "stated_in_fiscal_year": "dim_year",
    "statement": "dim_statement",
    "counterpart_statement": "dim_statement",
    "statement_kind": "dim_statement",
    "measure": "dim_measure",
    "subject_code": "dim_subject_code",
    "economic_code": "dim_subject_code",
    "government_economic_code": "dim_subject_code",
    "project_key": "dim_project",
}
# fct_prior_year_value.fiscal_year is the year before its document's: no document of the warehouse
# need be about it.
NOT_A_REFERENCE = {("fct_prior_year_value", "fiscal_year")}


@pytest.fixture()
def warehouse(built_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the built sample warehouse: checks write marts.validation_result."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse, copy)
    return copy


@pytest.fixture(scope="module")
def manifest(built_warehouse: Path) -> dict:
    """dbt's manifest of the sample build: every data test with its model, column and severity."""
    return json.loads((dbt_artifacts(built_warehouse) / "target" / "manifest.json").read_text(encoding="utf-8"))


def _execute(warehouse: Path, sql: str) -> None:
    connection = duckdb.connect(str(warehouse))
    try:
        connection.execute(sql)
    finally:
        connection.close()


def _dbt_tests(manifest: dict) -> list[dict]:
    return [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]


def _generic_tests(manifest: dict) -> set[tuple[str, str | None, str, str]]:
    """(model, column, test, severity) of every generic data test of the project."""
    return {
        (
            node["attached_node"].split(".")[-1],
            node.get("column_name"),
            node["test_metadata"]["name"],
            node["config"]["severity"].lower(),
        )
        for node in _dbt_tests(manifest)
        if node.get("test_metadata") and node.get("attached_node")
    }


def test_the_sample_marts_meet_every_structural_expectation(warehouse):
    report = run_checks(warehouse)
    assert report.blocking_failures == []
    assert len(report.outcomes) == len(CHECKS)
    assert report.data_docs == data_docs_dir(warehouse) / "index.html"
    assert report.data_docs.is_file()


def test_tie_failures_of_the_documents_are_reported_not_blocking(warehouse):
    report = run_checks(warehouse)
    reported = {outcome.check.where: outcome for outcome in report.reported_failures}
    # 招远's 收入/支出/一般公共预算 tables are cut short in the source: their 合计 ties fail.
    assert ("severity", "error") in reported
    # Each severity's expectation counts the failing ties of that severity only.
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        failing = dict(
            connection.execute(
                "select severity, count(*) from marts.fct_tie_check where status = 'fail' group by severity"
            ).fetchall()
        )
    for (_, severity), outcome in reported.items():
        assert outcome.unexpected_count == failing[severity]
    zhaoyuan = next(document for document in report.documents if document.file_name == SAMPLE_FILES["zhaoyuan"])
    assert zhaoyuan.failed > 0
    assert zhaoyuan.largest_failures
    largest = zhaoyuan.largest_failures[0]
    assert abs(largest.difference) >= abs(zhaoyuan.largest_failures[-1].difference)
    assert largest.source_lines
    for document in report.documents:
        assert document.checks == document.passed + document.rounding + document.failed + document.not_applicable
        assert document.checks > 0


def test_every_run_is_recorded_per_expectation(warehouse):
    first = run_checks(warehouse)
    second = run_checks(warehouse)
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = connection.execute("""
            select run_id, count(*), count(case when success then 1 end), min(suite_version)
            from marts.validation_result group by run_id
        """).fetchall()
        failed = connection.execute(
            "select frame, expectation, is_blocking, unexpected_count from marts.validation_result "
            "where run_id = ? and not success",
            [first.run_id],
        ).fetchall()
    finally:
        connection.close()
    recorded = {run_id: (count, met) for run_id, count, met, _ in rows}
    assert set(recorded) == {first.run_id, second.run_id}
    assert recorded[first.run_id] == (len(CHECKS), len(CHECKS) - len(first.reported_failures))
    assert all(
        not blocking and frame == "fct_tie_check" and unexpected > 0 for frame, _, blocking, unexpected in failed
    )


def test_a_broken_key_fails_the_check_command_with_a_clear_message(warehouse):
    _execute(warehouse, "insert into marts.dim_department select * from marts.dim_department limit 1")
    result = CliRunner().invoke(app, ["check", "--warehouse", str(warehouse)], terminal_width=200)
    assert result.exit_code == ExitCode.CHECK_FAILED  # nothing published
    assert "blocking expectation(s) failed" in result.output
    assert "dim_department: ExpectColumnValuesToBeUnique(department_key): 2 of 6 rows unexpected" in result.output


def test_a_tie_failure_of_a_document_does_not_fail_the_check_command(warehouse):
    # 招远's tables cut short in the source fail their ties: reported, the command still succeeds.
    result = CliRunner().invoke(app, ["check", "--warehouse", str(warehouse)], terminal_width=200)
    assert result.exit_code == 0, result.output
    zhaoyuan = SAMPLE_FILES["zhaoyuan"]
    assert f"fail {zhaoyuan} T_CLASS_EQ_SUM_SECTIONS income 210 total: 4342.650000 vs 1743.080000" in result.output
    assert " reported, 0 blocking failed)" in result.output
    assert "blocking expectation(s) failed" not in result.output


def test_a_duplicated_key_of_any_mart_is_blocking(warehouse):
    _execute(
        warehouse,
        """
        insert into marts.fct_disclosure_completeness select * from marts.fct_disclosure_completeness limit 1;
        insert into marts.fct_performance_indicator select * from marts.fct_performance_indicator limit 1;
    """,
    )
    report = run_checks(warehouse)
    failed = {
        (outcome.check.frame, outcome.check.expectation, outcome.check.column) for outcome in report.blocking_failures
    }
    assert failed == {
        ("fct_disclosure_completeness", "ExpectCompoundColumnsToBeUnique", "document_id, requirement_id"),
        ("fct_performance_indicator", "ExpectColumnValuesToBeUnique", "performance_indicator_id"),
    }


def test_a_raw_cell_missing_from_the_facts_is_blocking(warehouse):
    _execute(
        warehouse,
        """
        delete from marts.fct_budget_line
        where budget_line_id = (select min(budget_line_id) from marts.fct_budget_line where amount is not null)
    """,
    )
    report = run_checks(warehouse)
    failed = {(outcome.check.frame, outcome.check.column) for outcome in report.blocking_failures}
    assert failed == {("raw_cell_reconciliation", "raw_cells"), ("raw_cell_reconciliation", "raw_amount_sum")}


def test_a_missing_mart_is_a_blocking_failure_named_in_the_message(warehouse):
    _execute(warehouse, "drop table marts.dim_year")
    report = run_checks(warehouse)
    messages = {outcome.describe for outcome in report.blocking_failures}
    assert "dim_year: ExpectColumnValuesToBeUnique(fiscal_year): marts.dim_year is missing" in messages


def test_check_refuses_a_missing_warehouse(tmp_path):
    result = CliRunner().invoke(app, ["check", "--warehouse", str(tmp_path / "none.duckdb")], terminal_width=200)
    assert result.exit_code == ExitCode.USAGE
    assert "no warehouse at" in result.output


def test_dbt_owns_every_structural_check_with_one_severity(manifest):
    tests = _generic_tests(manifest)
    # every reference from a mart to a dimension is a relationships test
    marts = [
        node for node in manifest["nodes"].values() if node["resource_type"] == "model" and node["schema"] == "marts"
    ]
    relationships = {
        (model, column, node["test_metadata"]["kwargs"]["to"])
        for node in _dbt_tests(manifest)
        if (node.get("test_metadata") or {}).get("name") == "relationships"
        for model, column in [(node["attached_node"].split(".")[-1], node["column_name"])]
    }
    for mart in marts:
        for column in mart["columns"]:
            dimension = DIMENSION_KEYS.get(column)
            if dimension and dimension != mart["name"] and (mart["name"], column) not in NOT_A_REFERENCE:
                assert (mart["name"], column, f"ref('{dimension}')") in relationships, (mart["name"], column)
    # one severity per check: no column carries the same test twice
    kinds = [(model, column, test) for model, column, test, _ in tests if test != "relationships"]
    assert len(kinds) == len(set(kinds))
    # a table printing no unit is an ingest warning: its null source_unit warns, never blocks
    assert ("fct_budget_line", "source_unit", "not_null", "warn") in tests
    (reconciliation,) = [
        node for node in _dbt_tests(manifest) if node["name"] == "assert_raw_amount_cells_reconcile_with_budget_lines"
    ]
    assert reconciliation["config"]["severity"].lower() == "error"
    assert "model.budget_warehouse.fct_budget_line" in reconciliation["depends_on"]["nodes"]
    assert "model.budget_warehouse.stg_raw__statement_cells" in reconciliation["depends_on"]["nodes"]


def test_the_dbt_tests_block_a_broken_structure_and_warn_on_a_table_without_a_unit(warehouse):
    _execute(
        warehouse,
        """
        delete from marts.fct_budget_line
        where budget_line_id = (select min(budget_line_id) from marts.fct_budget_line where amount is not null);
        insert into marts.dim_department select * from marts.dim_department limit 1;
        update marts.fct_disclosure_completeness set statement_kind = 'no_such_statement'
        where requirement_id = (select min(requirement_id) from marts.fct_disclosure_completeness
                                where statement_kind is not null);
        update marts.fct_budget_line set source_unit = null
        where table_id = (select min(table_id) from marts.fct_budget_line);
    """,
    )
    selected = [
        "assert_raw_amount_cells_reconcile_with_budget_lines",
        "dim_department",
        "fct_disclosure_completeness",
        "fct_budget_line,test_name:not_null",
    ]
    with pytest.raises(WarehouseBuildError) as failure:
        run_dbt(warehouse, PROJECT_DIR, "test", "--select", *selected)
    failed = set(re.findall(r"test\.budget_warehouse\.(\w+?)(?:\.\w+)?: fail", str(failure.value)))
    assert failed == {
        "assert_raw_amount_cells_reconcile_with_budget_lines",
        "unique_dim_department_department_key",
        "relationships_fct_disclosure_completeness_statement_kind__statement__ref_dim_statement_",
    }
