"""One quality gate over the marts built from the sample corpus: dbt's data tests own the structure,
Great Expectations the ties between totals (one expectation per registry rule, computed from the
figures); documents' tie failures are reported, a status the figures contradict blocks, every run is
recorded and shown in the Data Docs."""

import gc
import json
import re
import shutil
import weakref
from decimal import Decimal
from html import unescape
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from budget_warehouse import cli
from budget_warehouse.build import WarehouseBuildError, dbt_artifacts, run_dbt
from budget_warehouse.checks.expectations import sides_agree
from budget_warehouse.checks.frames import load_rule_checks
from budget_warehouse.checks.run import data_docs_dir, run_checks
from budget_warehouse.checks.suite import load_rules, tie_checks
from budget_warehouse.checks.validate import validate
from budget_warehouse.cli import app
from budget_warehouse.pipeline.exit_codes import ExitCode
from tests.helpers import PROJECT_DIR, SAMPLE_FILES, query

# Great Expectations' structural expectations and the dbt tests that check the same.
STRUCTURAL_EXPECTATIONS = {
    "ExpectColumnValuesToBeUnique": {"unique"},
    "ExpectColumnValuesToNotBeNull": {"not_null"},
    "ExpectColumnValuesToBeInSet": {"accepted_values", "relationships"},
    "ExpectCompoundColumnsToBeUnique": {"unique_combination_of_columns"},
    "ExpectColumnPairValuesToBeEqual": {"relationships"},
}
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


def _copy(built_warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse, copy)
    return copy


@pytest.fixture()
def warehouse(built_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the built sample warehouse: checks write marts.validation_result."""
    return _copy(built_warehouse, tmp_path)


@pytest.fixture(scope="module")
def checked(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the sample warehouse and the report of one check run on it."""
    warehouse = _copy(built_warehouse, tmp_path_factory.mktemp("checked"))
    return warehouse, run_checks(warehouse)


@pytest.fixture(scope="module")
def manifest(built_warehouse: Path) -> dict:
    """dbt's manifest of the sample build: every data test with its model, column and severity."""
    return json.loads((dbt_artifacts(built_warehouse) / "target" / "manifest.json").read_text(encoding="utf-8"))


def _execute(warehouse: Path, sql: str) -> None:
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(sql)


def _dbt_tests(manifest: dict) -> list[dict]:
    return [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]


def _generic_tests(manifest: dict) -> set[tuple[str, str | None, str, str]]:
    """(model, column, test, severity) of every generic data test of the project; a model's
    columns_not_null counts as a not_null test of each of its columns."""
    return {
        (node["attached_node"].split(".")[-1], column, test, node["config"]["severity"].lower())
        for node in _dbt_tests(manifest)
        if node.get("test_metadata") and node.get("attached_node")
        for column, test in _columns_tested(node)
    }


def _columns_tested(node: dict) -> list[tuple[str | None, str]]:
    metadata = node["test_metadata"]
    if metadata["name"] == "columns_not_null":
        return [(column, "not_null") for column in metadata["kwargs"]["column_names"]]
    return [(node.get("column_name"), metadata["name"])]


def _registry(warehouse: Path) -> dict[str, tuple[str, str]]:
    return {
        rule_id: (relation_zh, severity)
        for rule_id, relation_zh, severity in query(
            warehouse, "select rule_id, relation_zh, severity from reference.tie_rules"
        )
    }


def _text(html_file: Path) -> str:
    text = re.sub(r"<(script|style).*?</\1>", " ", html_file.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", text)))


def test_sides_agree_within_the_tolerance_in_exact_decimals():
    sides = {
        # exactly at the tolerance (as floats, 100.015 - 100 is 0.015000000000000568 > 0.015),
        # beyond it by one unit of the last digit, a total beyond float precision, a missing side
        "lhs": ["100.015000", "100.015001", "123456789012345.015000", "1.000000", "5.000000"],
        "rhs": ["100.000000", "100.000000", "123456789012345.000000", "1.000000", None],
        "tolerance": ["0.015000", "0.015000", "0.015000", "0.000000", "0.015000"],
    }
    expected = [True, False, True, True, False]
    for kind in (pa.decimal128(24, 6), pa.string()):  # decimals, and their exact text as the checks are loaded
        frame = {
            name: pd.Series(
                pa.array([Decimal(v) if v and kind != pa.string() else v for v in values], kind),
                dtype=pd.ArrowDtype(kind),
            )
            for name, values in sides.items()
        }
        assert sides_agree(frame["lhs"], frame["rhs"], frame["tolerance"]).tolist() == expected
    floats = {name: pd.Series([float(v) if v else None for v in values]) for name, values in sides.items()}
    with pytest.raises(TypeError, match="exact decimals or their text"):
        sides_agree(floats["lhs"], floats["rhs"], floats["tolerance"])


def test_each_registry_rule_has_its_own_expectation_with_the_registry_severity(checked):
    warehouse, report = checked
    registry = _registry(warehouse)
    assert sorted(outcome.check.rule.rule_id for outcome in report.outcomes) == sorted(registry)
    for outcome in report.outcomes:
        relation_zh, severity = registry[outcome.check.rule.rule_id]
        assert (outcome.check.rule.relation_zh, outcome.check.rule.severity) == (relation_zh, severity)
        assert outcome.check.meta["relation_zh"] == relation_zh
        assert outcome.check.arguments["expectation_severity"] == {"error": "critical", "warn": "warning"}[severity]
    assert report.blocking_failures == []


def test_each_rule_counts_what_its_checks_say_and_failures_are_reported_not_blocking(checked):
    warehouse, report = checked
    counts = {
        rule_id: (compared, failed)
        for rule_id, compared, failed in query(
            warehouse,
            """
            select r.rule_id, count(t.status) filter (where t.status <> 'not_applicable'),
                   count(t.status) filter (where t.status = 'fail')
            from reference.tie_rules r left join marts.fct_tie_check t on r.rule_id = t.rule_id
            group by r.rule_id
            """,
        )
    }
    # Great Expectations computes each verdict from the figures: it agrees with the status check by check.
    for outcome in report.outcomes:
        assert (outcome.element_count, outcome.unexpected_count) == counts[outcome.check.rule.rule_id]
        assert outcome.status_disagreements == ()
    failing_rules = {rule_id for rule_id, (_, failed) in counts.items() if failed}
    # 招远's tables cut short in the source fail 类 = Σ 款; 福州's and 固安's prose contradicts their tables.
    assert {
        "T_CLASS_EQ_SUM_SECTIONS",
        "T_NARRATIVE_PARTS_EQ_TOTAL",
        "T_NARRATIVE_THREE_PUBLIC_EQ_TABLE",
    } <= failing_rules
    assert {outcome.check.rule.rule_id for outcome in report.reported_failures} == failing_rules
    class_sections = next(o for o in report.outcomes if o.check.rule.rule_id == "T_CLASS_EQ_SUM_SECTIONS")
    assert f"{SAMPLE_FILES['zhaoyuan']} income 210 total: 4342.650000 vs 1743.080000 (lines 122 / 123,127)" in (
        class_sections.unexpected_examples
    )

    zhaoyuan = next(document for document in report.documents if document.file_name == SAMPLE_FILES["zhaoyuan"])
    assert zhaoyuan.failed > 0
    assert zhaoyuan.largest_failures
    largest = zhaoyuan.largest_failures[0]
    assert abs(largest.difference) >= abs(zhaoyuan.largest_failures[-1].difference)
    assert largest.source_lines
    for document in report.documents:
        assert document.checks == document.passed + document.rounding + document.failed + document.not_applicable
        assert document.checks > 0


def test_a_command_prints_the_worst_documents_only_and_says_how_many_more(checked, monkeypatch):
    """At province scale a row per document would fill a scheduled run's mail: the command lists
    the documents with the most failing checks and counts the others (here 2 of the 5 samples)."""
    _, report = checked
    monkeypatch.setattr(cli, "LISTED_DOCUMENTS", 2)
    with cli.console.capture() as captured:
        cli._print_check_report(report, report.data_docs)
    output = captured.get()
    worst = sorted(report.documents, key=lambda document: (-document.failed, document.file_name))
    assert worst[0].failed >= worst[1].failed > 0
    listed = [document.file_name for document in report.documents if document.file_name in output]
    assert sorted(listed) == sorted(document.file_name for document in worst[:2])
    failing_unlisted = sum(1 for document in worst[2:] if document.failed)
    assert f"… and 3 more documents ({failing_unlisted} of them with failing checks)" in output
    assert f"fail {worst[0].file_name} {worst[0].largest_failures[0].rule_id}" in output
    assert not any(f"fail {document.file_name} " in output for document in worst[2:])


def test_the_data_docs_show_each_rule_with_its_checks_held_and_the_failing_ones_with_their_source_lines(checked):
    warehouse, report = checked
    assert report.data_docs == data_docs_dir(warehouse) / "index.html"
    assert report.data_docs.is_file()
    pages = data_docs_dir(warehouse) / "validations" / "budget_warehouse" / "ties"
    for outcome in report.outcomes:
        rule = outcome.check.rule
        (page,) = (pages / rule.rule_id).rglob("*.html")
        text = _text(page)
        assert f"{rule.rule_id} {rule.relation_zh} (severity {rule.severity})" in text
        held = outcome.element_count - outcome.unexpected_count
        assert f"{held} of {outcome.element_count} checks held, {outcome.unexpected_count} failed" in text
    (page,) = (pages / "T_CLASS_EQ_SUM_SECTIONS").rglob("*.html")
    # document, place, lhs, rhs, difference, tolerance, lhs and rhs source lines of a failing check
    assert (
        f"{SAMPLE_FILES['zhaoyuan']} income 210 total 4342.650000 1743.080000 2599.570000 0.015000 122 123,127"
        in _text(page)
    )


def test_the_rules_are_validated_one_frame_at_a_time_with_the_same_results(warehouse, tmp_path):
    """One data source serves every rule: the frame of a rule validated must be let go before the
    next one is loaded (the checks of a large corpus are never held all at once), and the
    results are those of the check command."""
    with duckdb.connect(str(warehouse)) as connection:
        checks = list(tie_checks(load_rules(connection)))
        frames: list[weakref.ref] = []
        held: list[int] = []

        def load(check):
            gc.collect()
            held.append(sum(frame() is not None for frame in frames))
            frame = load_rule_checks(connection, check.rule.rule_id)
            frames.append(weakref.ref(frame))
            return frame

        outcomes = validate(checks, load, "", tmp_path / "docs")
    assert held == [0] * len(checks)
    assert len(checks) == len(_registry(warehouse)) > 1
    report = run_checks(warehouse)
    assert [
        (outcome.check.rule.rule_id, outcome.held, outcome.element_count, outcome.unexpected_count)
        for outcome in outcomes
    ] == [
        (outcome.check.rule.rule_id, outcome.held, outcome.element_count, outcome.unexpected_count)
        for outcome in report.outcomes
    ]
    by_rule = {outcome.check.rule.rule_id: outcome for outcome in outcomes}
    assert by_rule["T_CLASS_EQ_SUM_SECTIONS"].unexpected_count > 0
    assert (tmp_path / "docs" / "index.html").is_file()


def test_a_status_the_figures_contradict_is_blocking(warehouse):
    # A pass turned fail, a fail turned rounding, and a figure changed under a pass: Great
    # Expectations reads the figures, so each check's verdict now contradicts its status.
    pass_to_fail, fail_to_rounding, changed_figure = (
        query(
            warehouse, f"select min(tie_check_id) from marts.fct_tie_check where rule_id = '{rule}' and status = '{s}'"
        )[0][0]
        for rule, s in [
            ("T_SECTION_EQ_SUM_ITEMS", "pass"),
            ("T_CLASS_EQ_SUM_SECTIONS", "fail"),
            ("T_ROW_TOTAL_EQ_BASIC_PLUS_PROJECT", "pass"),
        ]
    )
    _execute(
        warehouse,
        f"""
        update marts.fct_tie_check set status = 'fail' where tie_check_id = '{pass_to_fail}';
        update marts.fct_tie_check set status = 'rounding' where tie_check_id = '{fail_to_rounding}';
        update marts.fct_tie_check set lhs = lhs + 1 where tie_check_id = '{changed_figure}';
    """,
    )
    report = run_checks(warehouse)
    assert {outcome.check.rule.rule_id: outcome.status_disagreements for outcome in report.blocking_failures} == {
        "T_SECTION_EQ_SUM_ITEMS": (pass_to_fail,),
        "T_CLASS_EQ_SUM_SECTIONS": (fail_to_rounding,),
        "T_ROW_TOTAL_EQ_BASIC_PLUS_PROJECT": (changed_figure,),
    }
    result = CliRunner().invoke(app, ["check", "--warehouse", str(warehouse)], terminal_width=200)
    assert result.exit_code == ExitCode.CHECK_FAILED  # nothing published
    assert "3 blocking expectation(s) failed" in result.output
    assert (
        "fct_tie_check: ExpectTieSidesToAgreeWithinTolerance(T_SECTION_EQ_SUM_ITEMS): status disagrees with the "
        f"figures for 1 check(s), tie_check_id {pass_to_fail}"
    ) in result.output


def test_every_run_is_recorded_per_rule(warehouse):
    first = run_checks(warehouse)
    second = run_checks(warehouse)
    rules = len(_registry(warehouse))
    rows = query(
        warehouse,
        """
        select run_id, count(*), count(distinct rule_id), count(case when success then 1 end),
               count(case when is_blocking then 1 end), min(suite_version)
        from marts.validation_result group by run_id
        """,
    )
    recorded = {run_id: counts for run_id, *counts, _ in rows}
    met = rules - len(first.reported_failures)
    assert recorded == {first.run_id: [rules, rules, met, 0], second.run_id: [rules, rules, met, 0]}
    failed = query(
        warehouse,
        f"select rule_id, unexpected_count, unexpected_examples from marts.validation_result "
        f"where run_id = '{first.run_id}' and not success",
    )
    assert {rule_id for rule_id, _, _ in failed} == {o.check.rule.rule_id for o in first.reported_failures}
    assert all(unexpected > 0 and examples for _, unexpected, examples in failed)


def test_a_tie_failure_of_a_document_does_not_fail_the_check_command(warehouse):
    # 招远's tables cut short in the source fail their ties: reported, the command still succeeds.
    result = CliRunner().invoke(app, ["check", "--warehouse", str(warehouse)], terminal_width=200)
    assert result.exit_code == 0, result.output
    zhaoyuan = SAMPLE_FILES["zhaoyuan"]
    assert f"fail {zhaoyuan} T_CLASS_EQ_SUM_SECTIONS income 210 total: 4342.650000 vs 1743.080000" in result.output
    assert " reported, 0 blocking failed)" in result.output
    assert "blocking expectation(s) failed" not in result.output


def test_a_missing_tie_mart_is_a_blocking_failure_named_in_the_message(warehouse):
    _execute(warehouse, "drop table marts.fct_tie_check")
    report = run_checks(warehouse)
    assert len(report.blocking_failures) == len(_registry(warehouse))
    assert (
        "fct_tie_check: ExpectTieSidesToAgreeWithinTolerance(T_CLASS_EQ_SUM_SECTIONS): marts.fct_tie_check is missing"
        in {outcome.describe for outcome in report.blocking_failures}
    )


def test_check_refuses_a_missing_warehouse_or_one_never_built(raw_warehouse, tmp_path):
    result = CliRunner().invoke(app, ["check", "--warehouse", str(tmp_path / "none.duckdb")], terminal_width=200)
    assert result.exit_code == ExitCode.USAGE
    assert "no warehouse at" in result.output
    unbuilt = tmp_path / "unbuilt.duckdb"
    shutil.copy(raw_warehouse, unbuilt)
    result = CliRunner().invoke(app, ["check", "--warehouse", str(unbuilt)], terminal_width=200)
    assert result.exit_code == ExitCode.INCOMPLETE  # nothing published
    assert "the marts were never built: run `budget-warehouse build` (or run)" in result.output


def test_a_warehouse_named_after_one_of_its_schemas_is_refused(raw_warehouse, tmp_path):
    # DuckDB names the database after its file: `raw.documents` would be ambiguous in raw.duckdb.
    named_raw = tmp_path / "raw.duckdb"
    shutil.copy(raw_warehouse, named_raw)
    result = CliRunner().invoke(app, ["check", "--warehouse", str(named_raw)], terminal_width=300)
    assert result.exit_code == ExitCode.USAGE
    assert f"{named_raw}: a warehouse cannot be named after one of its schemas" in result.output
    assert "Traceback" not in result.output


def test_no_great_expectations_expectation_repeats_a_dbt_test(checked, manifest):
    _, report = checked
    tested = {(model, column, test) for model, column, test, _ in _generic_tests(manifest)}
    for outcome in report.outcomes:
        check = outcome.check
        for column in check.column.split(", "):
            kinds = STRUCTURAL_EXPECTATIONS.get(check.expectation, set())
            assert not {(check.frame, column, kind) for kind in kinds} & tested, (check.frame, column)
            # no dbt test reads the tie's sides: the ties are Great Expectations' alone
            assert not any(model == check.frame and tested_column == column for model, tested_column, _ in tested)


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
        "fct_budget_line,test_name:columns_not_null",
    ]
    with pytest.raises(WarehouseBuildError) as failure:
        run_dbt(warehouse, PROJECT_DIR, "test", "--select", *selected)
    failed = set(re.findall(r"test\.budget_warehouse\.(\w+?)(?:\.\w+)?: fail", str(failure.value)))
    assert failed == {
        "assert_raw_amount_cells_reconcile_with_budget_lines",
        "unique_dim_department_department_key",
        "relationships_fct_disclosure_completeness_statement_kind__statement__ref_dim_statement_",
    }
