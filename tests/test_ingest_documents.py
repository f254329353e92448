"""Document metadata and the tables each sample document lands."""

from decimal import Decimal

import pytest

from ingest.parser import parse_document
from tests.helpers import SAMPLE_FILES, SAMPLES, table_of


@pytest.mark.parametrize(
    ("name", "department", "year", "phase", "code"),
    [
        ("quanzhou", "泉州市医疗保障局", 2024, "budget", "445"),
        ("zhaoyuan", "招远市医疗保障局", 2024, "budget", None),
        ("fuzhou", "福州市医疗保障局", 2020, "budget", None),
        ("sanming", "三明市医疗保障局", 2024, "final", None),
        ("guan", "固安县医疗保障局", 2024, "budget", "362"),
    ],
)
def test_metadata(parsed, name, department, year, phase, code):
    metadata = parsed[name].metadata
    assert (metadata.department_name, metadata.fiscal_year, metadata.phase, metadata.department_code) == (
        department,
        year,
        phase,
        code,
    )


def test_all_samples_load(raw):
    rows = raw.execute("select department_name, status, is_latest_version from raw.documents").fetchall()
    assert sorted(rows) == sorted(
        (name, "loaded", True)
        for name in ["三明市医疗保障局", "固安县医疗保障局", "招远市医疗保障局", "福州市医疗保障局", "泉州市医疗保障局"]
    )
    texts = raw.execute("select count(*) from raw.documents where full_text is not null and length(full_text) > 10000")
    assert texts.fetchone() == (5,)


@pytest.mark.parametrize(
    ("name", "entries"), [("quanzhou", 10), ("zhaoyuan", 12), ("fuzhou", 9), ("sanming", 9), ("guan", 9)]
)
def test_every_table_in_the_table_of_contents_is_found(parsed, name, entries):
    """Each statement table the contents name is a table of its own (one table per entry, in order)."""
    document = parsed[name]
    assert len(document.toc) == entries
    tables = iter(document.tables)
    for entry in document.toc:
        assert entry.statement_kind != "unknown", entry.title
        assert any(table.statement_kind == entry.statement_kind for table in tables), entry.title
    assert [issue for issue in document.issues if "table of contents" in issue.message] == []


def test_raw_toc_entries_each_have_a_landed_table(raw):
    missing = raw.execute("""
        with toc as (
            select document_id, statement_kind, count(*) as entries from raw.document_toc group by all
        ), tables as (
            select document_id, statement_kind, count(*) as tables from raw.statement_tables group by all
        )
        select toc.document_id, toc.statement_kind from toc left join tables using (document_id, statement_kind)
        where coalesce(tables.tables, 0) < toc.entries
    """).fetchall()
    assert missing == []
    assert raw.execute("select count(*) from raw.document_toc").fetchone() == (49,)
    assert raw.execute("select count(*) from raw.statement_tables where statement_kind = 'unknown'").fetchone() == (0,)


def test_toc_kinds_of_zhaoyuan(parsed):
    assert [entry.statement_kind for entry in parsed["zhaoyuan"].toc] == [
        "summary",
        "income",
        "expense",
        "fiscal_grant_summary",
        "general_budget_expense",
        "general_budget_basic_expense",
        "three_public",
        "gov_fund_expense",
        "state_capital_expense",
        "basic_expense",
        "project_expense",
        "procurement",
    ]


@pytest.mark.parametrize(
    ("name", "note_words"),
    [
        ("zhaoyuan", "没有使用政府性基金预算拨款安排的支出"),
        ("guan", "无政府基金预算财政拨款预算"),
        ("fuzhou", "没有使用 政府性基金拨款支出"),
    ],
)
def test_empty_government_fund_table_is_found_with_its_note(parsed, name, note_words):
    table = table_of(parsed[name], "gov_fund_expense")
    assert [row for row in table.rows if row.row_role == "data"] == []
    assert note_words in table.note


def test_a_numbered_note_keeps_its_items_after_a_blank_line(parsed):
    table = table_of(parsed["sanming"], "state_capital_expense")
    assert (table.note_line, table.note) == (
        406,
        "注：1. 本表反映部门本年度国有资本经营预算财政拨款支出情况。\n"
        "2. 本部门2024年度没有使用国有资本经营预算财政拨款安排的支出。",
    )


def test_quanzhou_government_fund_table_keeps_its_zero_row_and_note(parsed):
    table = table_of(parsed["quanzhou"], "gov_fund_expense")
    [total] = [row for row in table.rows if row.row_role == "data"]
    assert total.label == "合计"
    assert [cell.amount.normalized for cell in total.cells] == ["0.00", "0.00", "0.00"]
    assert table.note.startswith("备注：本部门 2024 年没有使用政府性基金预算拨款")


def test_table_continued_after_a_page_break_is_one_table(parsed):
    income = table_of(parsed["guan"], "income")
    data = [row for row in income.rows if row.row_role == "data"]
    assert income.page_count == 2
    assert [row.printed_sequence for row in data] == [str(n) for n in range(1, 23)]
    assert (data[12].source_line, data[12].codes.subject_code) == (120, "21013")
    assert income.first_line == 95 and income.last_line == 129


def test_page_continued_without_its_header_is_the_same_table():
    lines = (SAMPLES / SAMPLE_FILES["guan"]).read_text(encoding="utf-8").split("\n")
    assert lines[116].startswith("序号\t功能分类科目") and lines[118].startswith("栏次")
    lines[116:119] = ["", "", ""]  # 固安's 收入总表, page 2: the repeated header dropped, line numbers kept
    income = table_of(parse_document("\n".join(lines)), "income")
    data = [row for row in income.rows if row.row_role == "data"]
    assert (income.page_count, income.last_line) == (2, 129)
    assert [row.printed_sequence for row in data] == [str(n) for n in range(1, 23)]
    [row] = [row for row in data if row.codes.subject_code == "2101399"]
    assert {cell.header_path: cell.amount.value for cell in row.cells if cell.amount}["合计"] == Decimal("250.00")


def test_zhaoyuan_repeated_title_continues_the_fiscal_grant_table(parsed):
    table = table_of(parsed["zhaoyuan"], "fiscal_grant_summary")
    assert table.page_count == 2
    labels = [row.label for row in table.rows if row.row_role == "data" and row.side == "income"]
    assert labels[-2:] == ["上年结转", "收入总计"]


@pytest.mark.parametrize(
    ("name", "kind", "unit", "unit_line"),
    [
        ("fuzhou", "income", "万元", 118),  # 单位：万 / 元(保留 / 两位小 / 数) wrapped over four lines
        ("fuzhou", "general_budget_expense", "万元", 206),
        ("sanming", "gov_fund_expense", "万元", 377),  # under `公开 08 表` (376), no blank line between
        ("guan", "asset", "万元", 739),  # printed in the header: 价值（金额单位：万元）
    ],
)
def test_unit_per_table(parsed, name, kind, unit, unit_line):
    table = table_of(parsed[name], kind)
    assert (table.unit, table.unit_line) == (unit, unit_line)


def test_title_variants_map_to_one_kind(parsed):
    titles = {name: table_of(document, "summary").title for name, document in parsed.items()}
    assert titles == {
        "quanzhou": "2024 年度收支预算总表",
        "zhaoyuan": "收支总体情况表",
        "fuzhou": "部门收支预算总表",
        "sanming": "收入支出决算总表",
        "guan": "部门预算收支总表",
    }
