"""The findings report built from the sample marts: what its pages hold, how it is written again
when the warehouse changes, and the `report` command. (tests/test_report_browser.py opens it.)"""

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from budget_warehouse.cli import app
from budget_warehouse.report import build_report, queries, report_dir, write_report
from budget_warehouse.report.assemble import document_page, read_marts
from budget_warehouse.report.format import amount, signed
from budget_warehouse.report.model import DocumentPage
from tests.helpers import SAMPLE_FILES, SAMPLES


@pytest.fixture()
def warehouse(built_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the built sample warehouse (these tests change its marts)."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse, copy)
    return copy


@pytest.fixture(scope="module")
def pages(built_warehouse: Path) -> dict[str, DocumentPage]:
    """The sample documents' pages by the department that published them."""
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        rows = read_marts(connection)
    by_file = {summary.file_name: document_page(rows, summary) for summary in rows.report.documents}
    return {name: by_file[file] for name, file in SAMPLE_FILES.items()}


def _execute(warehouse: Path, sql: str) -> None:
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(sql)


def test_cited_lines_are_quoted_from_the_files_whatever_the_batch_of_texts(built_warehouse: Path):
    """The lines failing ties cite are the files' own lines, read one document at a time or all at
    once (the report reads the texts in batches so that their size never meets its memory limit)."""
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        one_at_a_time = queries.cited_lines(connection, batch=1)
        together = queries.cited_lines(connection, batch=1_000)
        files = dict(connection.execute("select document_id, file_name from raw.documents").fetchall())
    assert one_at_a_time == together
    assert {files[document_id] for document_id, _ in together} == {
        SAMPLE_FILES[name] for name in ("zhaoyuan", "fuzhou", "guan")
    }
    for (document_id, line), text in together.items():
        assert text == (SAMPLES / files[document_id]).read_text(encoding="utf-8").splitlines()[line - 1]


def test_amounts_are_written_as_printed_with_their_significant_digits():
    assert amount(Decimal("4643.470000")) == "4,643.47"
    assert amount(Decimal("0.000000")) == "0.00"
    assert amount(Decimal("0.015000")) == "0.015"
    assert amount(Decimal("-116353.000000")) == "-116,353.00"
    assert amount(None) == "—"
    assert signed(Decimal("68.210000")) == "+68.21"
    assert signed(Decimal("-2.000000")) == "-2.00"


def test_zhaoyuan_total_against_its_classes_is_one_finding_per_row_citing_both_sides(pages):
    """招远's 收入总表 合计 (line 113) fails against Σ 类 (lines 114, 122) in each of its three
    columns: one finding, three figures, the lines quoted as printed."""
    findings = [
        finding
        for finding in pages["zhaoyuan"].table_findings
        if finding.rule_id == "T_TABLE_TOTAL_EQ_SUM_TOP" and [line.line for line in finding.lhs_lines] == [113]
    ]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.relation_zh.startswith("合计 = Σ 类")
    assert finding.lhs_table == "收入总体情况表"
    assert finding.unit == "万元"
    assert {(figure.lhs, figure.rhs, figure.difference) for figure in finding.figures} == {
        (Decimal("4643.47"), Decimal("4575.26"), Decimal("68.21"))
    }
    assert len(finding.figures) == 3
    assert all(figure.tolerance == Decimal("0.015") and figure.term_count == 2 for figure in finding.figures)
    assert [line.line for line in finding.rhs_lines] == [114, 122]
    assert finding.lhs_lines[0].cells[3:5] == ["合 计", "4,643.47"]
    assert finding.rhs_lines[0].cells[:5] == ["208", "", "", "社会保障和就业支出", "232.61"]
    assert finding.rhs_lines[1].cells[:5] == ["210", "", "", "卫生健康支出", "4,342.65"]
    assert all(line.page is None for line in finding.lhs_lines + finding.rhs_lines)  # text renderings


def test_guan_vehicles_in_the_prose_contradict_the_three_public_table(pages):
    narrative = [
        finding
        for finding in pages["guan"].narrative_findings
        if finding.rule_id == "T_NARRATIVE_THREE_PUBLIC_EQ_TABLE"
    ]
    assert len(narrative) == 1
    (figure,) = narrative[0].figures
    assert (figure.lhs, figure.rhs, figure.difference) == (Decimal("0"), Decimal("2"), Decimal("-2"))
    assert [line.line for line in narrative[0].lhs_lines] == [431]
    assert "公务用车购置及运维费0.00万元" in narrative[0].lhs_lines[0].text
    assert [line.line for line in narrative[0].rhs_lines] == [377]
    assert narrative[0].rhs_lines[0].cells[1:3] == ["二、公务用车购置及运维费", "2.00"]
    assert not pages["guan"].table_findings or all(not f.is_narrative for f in pages["guan"].table_findings)


def test_quanzhou_and_sanming_have_no_failure(pages):
    for name in ("quanzhou", "sanming"):
        page = pages[name]
        assert page.summary.counts.failed == 0
        assert page.table_findings == page.narrative_findings == ()
        assert page.summary.status == "holds"
        assert page.summary.counts.checked == sum(tally.counts.checked for tally in page.tallies)


def test_charts_draw_the_documents_own_figures(pages):
    charts = {name: {chart.key: chart for chart in page.charts} for name, page in pages.items()}
    # 招远 prints its 类 rows; 泉州 prints only 项 rows: its 类 are their sums (Σ = its 合计 10,650.53).
    assert charts["zhaoyuan"]["classes"].rows == (
        ("208 社会保障和就业支出", "232.61"),
        ("210 卫生健康支出", "4,342.65"),
    )
    quanzhou = charts["quanzhou"]["classes"]
    assert quanzhou.rows == (
        ("208 社会保障和就业支出", "637.06"),
        ("210 卫生健康支出", "9,380.60"),
        ("221 住房保障支出", "632.87"),
    )
    assert "208、210、221" in quanzhou.note
    # 福州's 类 are summed over its sub-units' 项 rows and add up to its 合计 177,881.12.
    fuzhou = charts["fuzhou"]["classes"].rows
    assert sum(Decimal(value.replace(",", "")) for _, value in fuzhou) == Decimal("177881.12")
    assert charts["zhaoyuan"]["basic_project"].rows == (("基本支出", "831.20"), ("项目支出", "3,812.27"))
    # 三公: 招远's table prints 2023 beside 2024; 固安's prior year comes from the prose (2.32 − (−3.00)).
    assert charts["zhaoyuan"]["three_public"].rows == (
        ("“三公”经费合计", "7.06", "5.76"),
        ("公务用车购置及运行维护费", "6.00", "4.50"),
        ("公务接待费", "1.06", "1.26"),
    )
    assert charts["guan"]["three_public"].rows[0] == ("“三公”经费合计", "5.32", "2.32")
    assert '"amount":5.76' in charts["zhaoyuan"]["three_public"].spec_json


def test_disclosure_requirements_carry_their_evidence(pages):
    requirements = {requirement.requirement_id: requirement for requirement in pages["zhaoyuan"].requirements}
    assert len(requirements) == 14
    assert requirements["T09_STATE_CAPITAL_EXPENSE"].status_zh == "空表，附说明"
    assert requirements["T09_STATE_CAPITAL_EXPENSE"].evidence_line == 349
    assert requirements["E01_THREE_PUBLIC"].evidence_text.startswith("2024年通过一般公共预算财政拨款安排的“三公”经费")
    assert pages["fuzhou"].summary.completeness_score == Decimal("92.00")
    assert [r.status_zh for r in pages["fuzhou"].requirements if not r.is_met] == ["未公开"]


def test_write_report_writes_every_page_and_a_rerun_rewrites_none(warehouse: Path, tmp_path: Path):
    out = tmp_path / "report"
    first = build_report(warehouse, out)
    assert first.index == out / "index.html" == write_report(warehouse, out)
    documents = sorted(path.name for path in (out / "documents").iterdir())
    assert len(documents) == 5
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rules = connection.execute("select count(*) from reference.tie_rules").fetchone()[0]
    assert len(list((out / "rules").glob("T_*.html"))) == rules
    assert first.pages == 5 + rules
    assert (out / "assets" / "vendor" / "vega.min.js").is_file()
    assert (out / "assets" / "vendor" / "LICENSE-vega-lite").is_file()
    stamps = {path: path.stat().st_mtime_ns for path in (out / "documents").iterdir()}

    again = build_report(warehouse, out)
    assert (again.written, again.removed) == (0, 0)
    assert {path: path.stat().st_mtime_ns for path in (out / "documents").iterdir()} == stamps


def test_only_the_pages_of_what_changed_are_written_again(warehouse: Path, tmp_path: Path):
    out = tmp_path / "report"
    build_report(warehouse, out)
    quanzhou = "c967766e8cda23ef"
    # A rebuild that finds 泉州's 三公 total off by 1.00: its page and the rule's page change.
    _execute(
        warehouse,
        f"""update marts.fct_tie_check set status = 'fail', difference = 1, lhs = lhs + 1
        where document_id = '{quanzhou}' and rule_id = 'T_THREE_PUBLIC_TOTAL_EQ_SUM_CATEGORIES'""",
    )
    changed = build_report(warehouse, out)
    assert changed.written == 2
    page = (out / "documents" / f"{quanzhou}.html").read_text(encoding="utf-8")
    assert "T_THREE_PUBLIC_TOTAL_EQ_SUM_CATEGORIES" in page and "+1.00" in page
    rule_page = (out / "rules" / "T_THREE_PUBLIC_TOTAL_EQ_SUM_CATEGORIES.html").read_text(encoding="utf-8")
    assert f"documents/{quanzhou}.html" in rule_page

    # A document superseded by a newer version leaves the report; its page is removed.
    _execute(warehouse, f"update raw.documents set is_latest_version = false where document_id = '{quanzhou}'")
    removed = build_report(warehouse, out)
    assert removed.removed == 1
    assert not (out / "documents" / f"{quanzhou}.html").exists()
    assert quanzhou not in (out / "index.html").read_text(encoding="utf-8")


def test_a_line_is_cited_by_page_where_the_marts_give_one(warehouse: Path, tmp_path: Path):
    """PDF documents give their lines a page (`source_page`): the page is cited before the line."""
    _execute(
        warehouse,
        """update marts.fct_budget_line set source_page = 3
        where document_id = 'fa2eda4f0436252d' and source_line between 105 and 135""",
    )
    build_report(warehouse, tmp_path / "report")
    page = (tmp_path / "report" / "documents" / "fa2eda4f0436252d.html").read_text(encoding="utf-8")
    assert "第 3 页 第 113 行" in page
    assert "第 3 页 第 223 行" not in page and "第 223 行" in page


def test_report_command_writes_beside_the_warehouse_and_names_bad_input(warehouse: Path, tmp_path: Path):
    result = CliRunner().invoke(app, ["report", "--warehouse", str(warehouse)], terminal_width=400)
    assert result.exit_code == 0, result.output
    index = report_dir(warehouse) / "index.html"
    assert index == tmp_path / "warehouse_report" / "index.html"
    assert f"report: {index}" in result.output
    assert index.is_file()

    missing = CliRunner().invoke(app, ["report", "--warehouse", str(tmp_path / "none.duckdb")], terminal_width=400)
    assert missing.exit_code == 1
    assert missing.output.strip() == f"report failed: no warehouse at {tmp_path / 'none.duckdb'}"

    unbuilt = tmp_path / "unbuilt.duckdb"
    duckdb.connect(str(unbuilt)).close()
    result = CliRunner().invoke(app, ["report", "--warehouse", str(unbuilt), "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "has no marts: build the warehouse first" in result.output
    assert "Traceback" not in result.output

    # Marts of an older build that lack a table the report reads.
    _execute(warehouse, "drop table marts.fct_prior_year_value")
    result = CliRunner().invoke(app, ["report", "--warehouse", str(warehouse)], terminal_width=400)
    assert result.exit_code == 1
    assert result.output.startswith(f"report failed: cannot read the marts of {warehouse}")
    assert result.output.strip().endswith("build the warehouse again")


def test_pages_written_by_several_processes_are_those_one_process_writes(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    one = build_report(warehouse, tmp_path / "one")
    monkeypatch.setattr("budget_warehouse.report.write.PARALLEL_FROM", 1)
    monkeypatch.setattr("budget_warehouse.report.write.MAX_WORKERS", 2)
    monkeypatch.setattr("os.sched_getaffinity", lambda _: {0, 1})
    several = build_report(warehouse, tmp_path / "several")
    assert (several.pages, several.written) == (one.pages, one.written)
    for page in (tmp_path / "one").rglob("*.html"):
        assert (tmp_path / "several" / page.relative_to(tmp_path / "one")).read_bytes() == page.read_bytes()
    assert (tmp_path / "several" / "manifest.json").read_bytes() == (tmp_path / "one" / "manifest.json").read_bytes()
