"""Great Expectations over the marts built from the sample corpus: structural expectations block,
tie failures of the source documents are reported, every run is recorded."""

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from budget_warehouse.checks.run import data_docs_dir, run_checks
from budget_warehouse.checks.suite import CHECKS
from budget_warehouse.cli import app
from budget_warehouse.pipeline.exit_codes import ExitCode
from tests.helpers import SAMPLE_FILES


@pytest.fixture()
def warehouse(built_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the built sample warehouse: checks write marts.validation_result."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse, copy)
    return copy


def _execute(warehouse: Path, sql: str) -> None:
    connection = duckdb.connect(str(warehouse))
    try:
        connection.execute(sql)
    finally:
        connection.close()


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
