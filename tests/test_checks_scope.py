"""Checks scoped to what changed: a run validates the tie checks of the documents built since the
last validated run and keeps the results of the others, reporting per rule the whole warehouse;
everything is validated the first time, after a full rebuild and on request (`check --full`)."""

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from budget_warehouse.build import FINGERPRINT_TABLE, build_warehouse
from budget_warehouse.checks.frames import load_rule_checks
from budget_warehouse.checks.run import CheckReport, data_docs_dir, run_checks
from budget_warehouse.checks.scope import VALIDATED, plan_scope
from budget_warehouse.checks.suite import load_rules
from budget_warehouse.cli import app
from budget_warehouse.pipeline.exit_codes import ExitCode
from ingest.batch import ingest_directory
from tests.helpers import PROJECT_DIR, SAMPLE_FILES, SAMPLES, query, samples_but

ADDED = SAMPLE_FILES["guan"]  # 固安's prose contradicts its tables: it fails T_NARRATIVE_PARTS_EQ_TOTAL
ADDED_FAILING_RULE = "T_NARRATIVE_PARTS_EQ_TOTAL"


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CheckReport, CheckReport]:
    """Four samples built and checked, then 固安 added, built and checked again:
    (the warehouse, the first check, the second)."""
    folder = tmp_path_factory.mktemp("grown_checks")
    documents = samples_but(ADDED, folder)
    warehouse = folder / "warehouse.duckdb"
    ingest_directory(documents, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    first = run_checks(warehouse)
    shutil.copy2(SAMPLES / ADDED, documents / ADDED)
    ingest_directory(documents, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    return warehouse, first, run_checks(warehouse)


def _copy(warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    return copy


def _whole_warehouse_counts(warehouse: Path) -> dict[str, tuple[int, int]]:
    rows = query(
        warehouse,
        """
        select r.rule_id, count(t.status) filter (where t.status <> 'not_applicable'),
               count(t.status) filter (where t.status = 'fail')
        from reference.tie_rules r left join marts.fct_tie_check t on r.rule_id = t.rule_id
        group by r.rule_id
        """,
    )
    return {rule_id: (compared, failed) for rule_id, compared, failed in rows}


def _counts(report: CheckReport) -> dict[str, tuple[int, int]]:
    return {o.check.rule.rule_id: (o.element_count, o.unexpected_count) for o in report.outcomes}


def _recorded(warehouse: Path, file_names: list[str]) -> set[tuple]:
    return set(
        query(
            warehouse,
            f"""
            select d.file_name, v.rule_id, v.digest, v.checks, v.compared, v.failed
            from {VALIDATED} v inner join raw.documents d on v.document_id = d.document_id
            where d.file_name in ({", ".join(f"'{name}'" for name in file_names)})
            """,
        )
    )


def test_the_first_run_validates_every_document(grown):
    _, first, _ = grown
    assert first.scope is not None
    assert (first.scope.full, first.scope.documents_validated, first.scope.documents_kept) == (True, 4, 0)


def test_a_new_document_with_a_failing_tie_is_validated_and_reported_with_the_whole_warehouse(grown, tmp_path):
    warehouse, first, second = grown
    assert second.scope is not None
    assert (second.scope.full, second.scope.documents_validated, second.scope.documents_kept) == (False, 1, 4)
    # Per rule, the figures are those of the whole warehouse, as a full validation finds them.
    whole = _whole_warehouse_counts(warehouse)
    assert _counts(second) == whole
    assert _counts(run_checks(_copy(warehouse, tmp_path), full=True)) == whole
    assert second.blocking_failures == []
    # 固安's failing tie, new in this run, is reported with its rule, and so are the kept
    # documents' failures (福州's prose fails the same rule).
    narrative = next(o for o in second.outcomes if o.check.rule.rule_id == ADDED_FAILING_RULE)
    before = next(o for o in first.outcomes if o.check.rule.rule_id == ADDED_FAILING_RULE)
    assert narrative.unexpected_count > before.unexpected_count
    assert ADDED in narrative.unexpected_examples
    assert SAMPLE_FILES["fuzhou"] in narrative.unexpected_examples
    assert ADDED_FAILING_RULE in {o.check.rule.rule_id for o in second.reported_failures}
    guan = next(document for document in second.documents if document.file_name == ADDED)
    assert guan.failed > 0
    # The Data Docs say so for the whole warehouse, and list the new failing checks.
    (page,) = (data_docs_dir(warehouse) / "validations" / "budget_warehouse" / "ties" / ADDED_FAILING_RULE).rglob(
        "*.html"
    )
    text = page.read_text(encoding="utf-8")
    compared, failed = whole[ADDED_FAILING_RULE]
    assert f"{compared - failed} of {compared} checks held, {failed} failed" in text
    assert ADDED in text
    rows = query(
        warehouse,
        f"select distinct documents_validated, documents_kept, element_count, unexpected_count "
        f"from marts.validation_result where run_id = '{second.run_id}' and rule_id = '{ADDED_FAILING_RULE}'",
    )
    assert rows == [(1, 4, compared, failed)]


def test_the_unchanged_documents_results_are_kept(grown):
    warehouse, _, _ = grown
    kept = [name for name in SAMPLE_FILES.values() if name != ADDED]
    recorded = _recorded(warehouse, kept)
    assert {name for name, *_ in recorded} == set(kept)
    # The record of the four documents is the one written by the first run: a third run keeps it
    # and validates nothing.
    third = run_checks(warehouse)
    assert third.scope is not None
    assert (third.scope.documents_validated, third.scope.documents_kept) == (0, 5)
    assert _recorded(warehouse, kept) == recorded
    assert _counts(third) == _whole_warehouse_counts(warehouse)


def test_a_kept_document_whose_checks_change_is_validated_again_and_a_contradicting_status_blocks(grown, tmp_path):
    warehouse = _copy(grown[0], tmp_path)
    zhaoyuan = SAMPLE_FILES["zhaoyuan"]
    (passing,) = query(
        warehouse,
        f"select min(tie_check_id) from marts.fct_tie_check "
        f"where file_name = '{zhaoyuan}' and rule_id = 'T_SECTION_EQ_SUM_ITEMS' and status = 'pass'",
    )[0]
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"update marts.fct_tie_check set status = 'fail' where tie_check_id = '{passing}'")
    report = run_checks(warehouse)
    assert report.scope is not None
    assert (report.scope.documents_validated, report.scope.documents_kept) == (1, 4)
    assert {o.check.rule.rule_id: o.status_disagreements for o in report.blocking_failures} == {
        "T_SECTION_EQ_SUM_ITEMS": (passing,)
    }
    # Nothing of a blocked run is kept: the next run validates the document again.
    again = run_checks(warehouse)
    assert again.scope is not None
    assert again.scope.documents_validated == 1
    assert [o.check.rule.rule_id for o in again.blocking_failures] == ["T_SECTION_EQ_SUM_ITEMS"]


def test_a_rebuild_of_other_logic_validates_everything(grown, tmp_path):
    warehouse = _copy(grown[0], tmp_path)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"update {FINGERPRINT_TABLE} set fingerprint = 'another project'")
    report = run_checks(warehouse)
    assert report.scope is not None
    assert (report.scope.full, report.scope.documents_validated, report.scope.documents_kept) == (True, 5, 0)
    assert _counts(report) == _whole_warehouse_counts(warehouse)


def test_check_full_validates_every_document(grown, tmp_path):
    warehouse = _copy(grown[0], tmp_path)
    result = CliRunner().invoke(app, ["check", "--warehouse", str(warehouse), "--full"], terminal_width=200)
    assert result.exit_code == ExitCode.PUBLISHED, result.output
    assert "results kept" not in result.output
    rows = query(
        warehouse,
        "select distinct documents_validated, documents_kept from marts.validation_result "
        "where run_at = (select max(run_at) from marts.validation_result)",
    )
    assert rows == [(5, 0)]
    result = CliRunner().invoke(app, ["check", "--warehouse", str(warehouse)], terminal_width=200)
    assert result.exit_code == ExitCode.PUBLISHED, result.output
    assert "tie checks validated for the 0 documents that changed; results kept for 5" in result.output


def test_kept_failing_checks_the_results_do_not_show_are_counted_not_validated_again(grown, tmp_path, monkeypatch):
    # One failing check listed per rule: the kept documents' other failures are counted from the record.
    monkeypatch.setattr("budget_warehouse.checks.scope.DOCS_ROWS", 1)
    monkeypatch.setattr("budget_warehouse.checks.scope.EXAMPLES", 0)
    warehouse = _copy(grown[0], tmp_path)
    report = run_checks(warehouse)
    assert report.scope is not None
    assert report.scope.documents_kept == 5
    assert _counts(report) == _whole_warehouse_counts(warehouse)
    class_sections = next(o for o in report.outcomes if o.check.rule.rule_id == "T_CLASS_EQ_SUM_SECTIONS")
    assert class_sections.unexpected_count > 1
    # The one validated again: 招远's largest difference of the rule.
    assert class_sections.unexpected_examples.count(SAMPLE_FILES["zhaoyuan"]) == 1


def test_a_scoped_run_reads_the_changed_documents_checks_and_the_kept_failures_shown(grown, tmp_path):
    """The checks of a scoped run are read from the mart in one pass, then rule by rule: the frames
    hold every check of the document not kept and, of the kept ones, only the failing checks shown."""
    warehouse = _copy(grown[0], tmp_path)
    with duckdb.connect(str(warehouse)) as connection:
        # 固安's record dropped: the run validates it again, as a changed document.
        connection.execute(
            f"delete from {VALIDATED} where document_id in "
            f"(select document_id from raw.documents where file_name = '{ADDED}')"
        )
        scope = plan_scope(connection, full=False)
        read = {
            rule.rule_id: set(load_rule_checks(connection, rule.rule_id, full=False)["tie_check_id"])
            for rule in load_rules(connection)
        }
        shown = set(connection.execute("select tie_check_id from tie_check_kept_failures_shown").fetchall())
    assert (scope.full, scope.documents_validated, scope.documents_kept) == (False, 1, 4)
    added = query(
        warehouse,
        f"select t.rule_id, t.tie_check_id from marts.fct_tie_check t inner join raw.documents d "
        f"on t.document_id = d.document_id where d.file_name = '{ADDED}'",
    )
    failing_kept = query(
        warehouse,
        f"select t.rule_id, t.tie_check_id from marts.fct_tie_check t inner join raw.documents d "
        f"on t.document_id = d.document_id where d.file_name <> '{ADDED}' and t.status = 'fail'",
    )
    assert added and failing_kept
    expected: dict[str, set[str]] = {rule_id: set() for rule_id in read}
    for rule_id, tie_check_id in added:
        expected[rule_id].add(tie_check_id)
    for rule_id, tie_check_id in failing_kept:
        if (tie_check_id,) in shown:
            expected[rule_id].add(tie_check_id)
    assert read == expected
    assert shown
