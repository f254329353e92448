"""The synthetic corpus (budget_warehouse.synthetic): generated documents land without quarantine, classify
and build through dbt; a fault-free document's totals in the marts are its model's; the faults of
the manifest are where it says. Generated, ingested and built once per session."""

import json
import re
from decimal import Decimal
from pathlib import Path
from random import Random

import duckdb
import pytest

from budget_warehouse.build import build_warehouse
from budget_warehouse.synthetic.corpus import DOCUMENTS_DIR, INDEX, generate_corpus, generate_document
from budget_warehouse.synthetic.detection import FailCheck, KindFigures, detection_report, evaluate_detection
from budget_warehouse.synthetic.draw import FAMILIES, draw_document
from budget_warehouse.synthetic.faults import FAULT_KINDS, inject_fault
from budget_warehouse.synthetic.printing import Line
from budget_warehouse.synthetic.reference import ORGANS, reference
from budget_warehouse.synthetic.render import render_document
from ingest.batch import IngestSummary, ingest_directory

PROJECT_DIR = Path(__file__).resolve().parent.parent
# 20 documents, half of them faulty: with this seed every layout family (the samples' three and the
# three unlike any sample), both phases, both units and every fault kind occur (asserted below), and
# 11 documents are fault-free.
COUNT, FAULT_RATE, SEED = 20, 0.5, 3
STANDARD_STATEMENTS = {
    "summary",
    "income",
    "expense",
    "fiscal_grant_summary",
    "general_budget_expense",
    "general_budget_basic_expense",
    "gov_fund_expense",
    "state_capital_expense",
    "three_public",
}
YUAN_PER_WAN = Decimal(10_000)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    generate_corpus(COUNT, out, fault_rate=FAULT_RATE, seed=SEED)
    return out


@pytest.fixture(scope="session")
def index(corpus: Path) -> dict[str, dict]:
    records = [json.loads(line) for line in (corpus / INDEX).open(encoding="utf-8")]
    return {record["file"]: record for record in records}


@pytest.fixture(scope="session")
def manifest(corpus: Path) -> list[dict]:
    return [json.loads(line) for line in (corpus / "manifest.jsonl").open(encoding="utf-8")]


@pytest.fixture(scope="session")
def landed(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestSummary]:
    warehouse = tmp_path_factory.mktemp("synthetic_warehouse") / "warehouse.duckdb"
    summary = ingest_directory(corpus / DOCUMENTS_DIR, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    return warehouse, summary


@pytest.fixture()
def db(landed: tuple[Path, IngestSummary]):
    connection = duckdb.connect(str(landed[0]), read_only=True)
    yield connection
    connection.close()


def test_the_corpus_covers_every_family_phase_unit_and_fault_kind(index, manifest):
    assert {record["family"] for record in index.values()} == set(FAMILIES)
    assert {record["phase"] for record in index.values()} == {"budget", "final"}
    assert {record["unit"] for record in index.values()} == {"万元", "元"}
    assert {fault["fault_kind"] for fault in manifest} == set(FAULT_KINDS)
    assert len(manifest) == sum(1 for record in index.values() if record["fault_kind"]) == 9


def test_the_same_seed_gives_the_same_documents_whatever_the_count(corpus, tmp_path):
    generate_corpus(3, tmp_path, fault_rate=FAULT_RATE, seed=SEED)
    for name in ("doc_000000.txt", "doc_000001.txt", "doc_000002.txt"):
        assert (tmp_path / DOCUMENTS_DIR / name).read_bytes() == (corpus / DOCUMENTS_DIR / name).read_bytes()
    assert generate_document(0, FAULT_RATE, SEED + 1).text != generate_document(0, FAULT_RATE, SEED).text


def test_department_names_are_places_of_the_seed_and_read_back_whole(db, index):
    for record in index.values():
        assert record["place"] in reference().places
        assert record["department"].removeprefix(record["place"]) in ORGANS
    landed = db.execute("select file_name, department_name, fiscal_year, phase from raw.documents").fetchall()
    assert {row[0]: row[1:] for row in landed} == {
        name: (record["department"], record["fiscal_year"], record["phase"]) for name, record in index.items()
    }


def test_every_generated_document_lands_without_quarantine_or_warning(landed, index):
    """The only warning: the no_blank_lines family prints its “三公” table without a unit, which is
    inferred from the document's other tables."""
    _, summary = landed
    assert (summary.loaded, summary.quarantined) == (COUNT, 0)
    inferred = "no unit printed for this table: {} inferred from the document's other tables"
    assert sorted((name, issue.message) for name, issue in summary.warnings) == sorted(
        (name, inferred.format(record["unit"]))
        for name, record in index.items()
        if record["family"] == "no_blank_lines"
    )


def test_every_table_is_classified_and_every_standard_statement_is_there(db):
    assert db.execute("select count(*) from raw.statement_tables where statement_kind = 'unknown'").fetchone() == (0,)
    per_document = db.execute(
        "select document_id, list(distinct statement_kind) from raw.statement_tables group by document_id"
    ).fetchall()
    assert len(per_document) == COUNT
    assert all(set(kinds) >= STANDARD_STATEMENTS for _, kinds in per_document)


def test_every_budget_line_has_a_measure(db):
    assert db.execute("select count(*) from marts.fct_budget_line where measure = 'unmapped'").fetchone() == (0,)


TOTAL_ROWS = """
    select f.statement, f.measure, list(distinct f.amount_yuan order by f.amount_yuan)
    from marts.fct_budget_line f
    join raw.documents d on d.document_id = f.document_id
    where d.file_name = ? and f.amount_yuan is not null
      and (f.line_label like '%合计' or f.line_label like '%总计'
           or (f.statement = 'three_public' and f.line_label is null))
    group by all
"""


def test_a_fault_free_documents_totals_in_the_marts_are_its_models(db, index):
    fault_free = [name for name, record in index.items() if record["fault_kind"] is None]
    assert len(fault_free) == 11
    for name in fault_free:
        record = index[name]
        model = {key: Decimal(value) * YUAN_PER_WAN for key, value in record["totals_wan_yuan"].items()}
        totals = {
            (statement, measure): amounts for statement, measure, amounts in db.execute(TOTAL_ROWS, [name]).fetchall()
        }
        assert totals[("expense", "total")] == [model["total"]], name
        assert totals[("expense", "basic")] == [model["basic"]], name
        assert totals[("expense", "project")] == [model["project"]], name
        assert totals[("income", "total")] == [model["total"]], name
        assert totals[("general_budget_expense", "total")] == [model["general_budget"]], name
        if record["family"] == "no_blank_lines":  # 人员经费 | 公用经费 side by side, each with its 合计
            assert totals[("general_budget_basic_expense", "personnel")] == [model["personnel"]], name
            assert totals[("general_budget_basic_expense", "public_use")] == [model["public_use"]], name
        else:
            assert totals[("general_budget_basic_expense", "total")] == [model["basic"]], name
        assert totals[("fiscal_grant_summary", "total")] == [model["general_budget"]], name
        assert totals[("three_public", "total")] == [model["three_public"]], name
        # 收支总表: 收入合计 = 支出合计 = the total; 总计 adds what is carried over (final accounts)
        assert totals[("summary", "total")] == [model["total"]], name
        if ("summary", "grand_total") in totals:
            assert totals[("summary", "grand_total")] == [model["total"] + model["carry_over"]], name


def test_each_fault_is_printed_on_the_line_the_manifest_gives(corpus, manifest):
    for fault in manifest:
        lines = (corpus / DOCUMENTS_DIR / fault["file"]).read_text(encoding="utf-8").split("\n")
        line = lines[fault["source_line"] - 1]
        clean = generate_document(fault["document_index"], 0.0, SEED).text
        assert clean != "\n".join(lines), fault
        kind, detail = fault["fault_kind"], fault["detail"]
        if kind in ("changed_amount", "narrative_figure"):
            assert detail.split(" → ")[1] in line, fault  # the new figure is printed there
        elif kind == "wrong_unit":
            assert "单位" in line and detail.split("unit printed ")[1].split(",")[0] in line, fault
        else:  # dropped_row, truncated_table: the line whose total no longer adds up
            assert line in clean.split("\n"), fault
            assert "\t" in line, fault


def test_a_wrong_unit_goes_only_to_a_table_printing_a_figure_other_than_zero():
    """0 元 = 0 万元: a wrong unit on a table of zeros changes nothing a check could see. Document
    18,566 of seed 0 prints its 一般公共预算财政拨款基本支出表 as one bold 合计 of 0.00."""
    lines = render_document(draw_document(18_566, 0))
    zeros = "general_budget_basic_expense"
    assert [line.text for line in lines if line.table == zeros and line.role == "total"] == [
        "<b>合计</b>\t\t<b>0.00</b>"
    ]
    chosen = {
        inject_fault(render_document(draw_document(18_566, 0)), "wrong_unit", Random(n)).statement for n in range(40)
    }
    assert zeros not in chosen
    assert {"income", "expense", "summary"} <= chosen
    only_zeros = [
        Line("单位：万元", table="income", role="unit"),
        Line("<b>合计</b>\t\t<b>0.00</b>\t", table="income", role="total", amount_from=2),
    ]
    assert inject_fault(only_zeros, "wrong_unit", Random(0)) is None


def test_every_injected_fault_is_found_by_a_failing_tie_check(landed, corpus):
    report = evaluate_detection(landed[0], corpus / "manifest.jsonl")
    assert report.missed == []
    assert {kind: (figures.injected, figures.detected) for kind, figures in report.per_kind.items()} == {
        "changed_amount": (4, 4),
        "dropped_row": (1, 1),
        "truncated_table": (2, 2),
        "narrative_figure": (1, 1),
        "wrong_unit": (1, 1),
    }


def test_no_tie_check_fails_on_a_fault_free_document(landed, corpus):
    report = evaluate_detection(landed[0], corpus / "manifest.jsonl")
    assert (report.fault_free_documents, report.fault_free_failures) == (11, 0)


def test_fault_free_documents_stating_several_scopes_of_one_quantity_get_no_fail(landed, corpus, index):
    # Final accounts state 年初预算 / 全年预算 / 决算 of the general budget and of each 项 in one sentence,
    # and the “三公” 预算 beside its 决算; numbered budgets state the prior year's 预算数 beside the year's.
    several = {name for name, record in index.items() if record["multi_scope"] and record["fault_kind"] is None}
    assert len(several) == 8
    report = evaluate_detection(landed[0], corpus / "manifest.jsonl")
    assert sum(figures.multi_scope_fault_free_documents for figures in report.per_family.values()) == 8
    assert {family: figures.multi_scope_fault_free_failures for family, figures in report.per_family.items()} == {
        family: 0 for family in FAMILIES
    }
    assert {
        family: (figures.faults.injected, figures.faults.detected) for family, figures in report.per_family.items()
    } == {
        "bracketed_codes": (2, 2),
        "headings": (0, 0),
        "names_only": (2, 2),
        "no_blank_lines": (3, 3),
        "numbered": (1, 1),
        "split_codes": (1, 1),
    }


ITEM_CHECKS = """
    select f.amount_scope, t.status, count(*)
    from marts.fct_tie_check t
    join marts.fct_narrative_figure f on f.figure_id = t.lhs_row_id
    where t.rule_id = 'T_NARRATIVE_SUBJECT_CODE_EQ_GENERAL_BUDGET_TABLE' and f.is_item_explanation and t.file_name = ?
    group by all order by all
"""


@pytest.mark.parametrize(
    ("file_name", "named_by", "budgets_printed"),
    [
        ("doc_000017.txt", "code", False),  # headings
        ("doc_000001.txt", "code", False),  # bracketed codes
        ("doc_000008.txt", "levels", False),  # numbered
        ("doc_000002.txt", "levels", False),  # names only: the table's 项 rows carry no code but （项）
        ("doc_000018.txt", "name", True),  # no blank lines: the table prints 年初预算数 | 全年预算数 | 决算数
    ],
)
def test_each_items_figures_are_compared_with_its_row_in_the_column_of_their_scope(
    db, file_name, named_by, budgets_printed
):
    # An item's 决算 passes against its row's 决算数; its 年初预算 and 全年预算 pass against the columns
    # of those scopes where the table prints them, and find no column of their scope where it does not.
    items = db.execute(
        "select count(distinct subject_code) from marts.fct_tie_check "
        "where rule_id = 'T_NARRATIVE_SUBJECT_CODE_EQ_GENERAL_BUDGET_TABLE' and file_name = ?",
        [file_name],
    ).fetchone()[0]
    assert items >= 4
    budgets = "pass" if budgets_printed else "not_applicable"
    assert db.execute(ITEM_CHECKS, [file_name]).fetchall() == [
        ("final", "pass", items),
        ("full_year_budget", budgets, items),
        ("initial_budget", budgets, items),
    ]
    marks = {"code": "-", "name": "（项）。", "levels": "（款）"}
    [text] = db.execute("select full_text from raw.documents where file_name = ?", [file_name]).fetchone()
    lines = text.split("\n")
    item_lines = db.execute(
        "select distinct source_line from marts.fct_narrative_figure where file_name = ? and is_item_explanation",
        [file_name],
    ).fetchall()
    # An item whose name another 项 of the document shares is named by its code in every style.
    by_code = re.compile(r"^（[一二三四五六七八九十]+）\d{7}-")
    styles = [marks[named_by] in lines[line - 1] or bool(by_code.match(lines[line - 1])) for (line,) in item_lines]
    assert all(styles)
    assert sum(marks[named_by] in lines[line - 1] for (line,) in item_lines) >= 4


def _check(file_name: str, lines: set[int], statements: set[str]) -> FailCheck:
    return FailCheck(file_name, "T_ANY", frozenset(statements), frozenset(lines))


def test_detection_matches_faults_by_line_or_for_a_unit_fault_by_statement():
    faults = [
        {"file": "a.txt", "fault_kind": "changed_amount", "statement": "expense", "source_line": 40},
        {"file": "b.txt", "fault_kind": "wrong_unit", "statement": "summary", "source_line": 12},
        {"file": "c.txt", "fault_kind": "dropped_row", "statement": "income", "source_line": 77},
    ]
    checks = [
        _check("a.txt", {39, 40}, {"expense"}),  # prints the changed row: found
        _check("a.txt", {90}, {"summary", "expense"}),  # involves its statement: explained, not locating
        _check("b.txt", {30, 55}, {"summary", "expense"}),  # a unit line is never printed: by statement
        _check("c.txt", {78}, {"income"}),  # the row under the 款 of the dropped row: not the 款 itself
        _check("d.txt", {5}, {"summary"}),  # a fault-free document: a false alarm
    ]
    families = {"a.txt": "headings", "b.txt": "numbered", "c.txt": "numbered", "d.txt": "numbered"}
    report = detection_report(faults, ["a.txt", "b.txt", "c.txt", "d.txt"], checks, families, {"d.txt"})
    assert report.per_kind["changed_amount"] == KindFigures(injected=1, detected=1, fail_checks=2, explained=2)
    assert report.per_kind["wrong_unit"] == KindFigures(injected=1, detected=1, fail_checks=1, explained=1)
    assert report.per_kind["dropped_row"] == KindFigures(injected=1, detected=0, fail_checks=1, explained=1)
    assert report.per_kind["truncated_table"].recall is None
    assert report.missed == [faults[2]]
    assert (report.fault_free_documents, report.fault_free_documents_failing, report.fault_free_failures) == (1, 1, 1)
    numbered = report.per_family["numbered"]
    assert (numbered.documents, numbered.faults.injected, numbered.faults.detected) == (3, 2, 1)
    assert (numbered.multi_scope_fault_free_documents, numbered.multi_scope_fault_free_failures) == (1, 1)
    assert report.per_family["headings"].faults.recall == 1.0
