"""Data rows and amount cells of every layout in the sample corpus."""

from collections import Counter
from decimal import Decimal

import pytest

from ingest.layout import is_column_number_row
from ingest.tables import NON_FINANCIAL_KINDS
from ingest.text import clean_cell, parse_amount
from tests.helpers import table_of


def data_rows(table):
    return [row for row in table.rows if row.row_role == "data"]


def amounts_of(row) -> dict[str, Decimal | None]:
    return {cell.header_path: cell.amount.value if cell.amount else None for cell in row.cells}


def test_split_category_columns_are_completed_from_the_parent_rows(parsed):
    table = table_of(parsed["zhaoyuan"], "income")
    [row] = [row for row in data_rows(table) if row.source_line == 118]
    assert row.codes.printed == "05"
    assert (row.codes.subject_code, row.label) == ("2080505", "机关事业单位基本养老保险缴费支出")
    assert amounts_of(row)["合计"] == Decimal("76.14")
    codes = [row.codes.subject_code for row in data_rows(table)]
    assert codes[:5] == [None, "208", "20805", "2080501", "2080502"]


def test_side_by_side_groups_yield_a_row_per_group(parsed):
    table = table_of(parsed["sanming"], "general_budget_basic_expense")
    by_code = {row.codes.economic_code: row for row in data_rows(table)}
    assert amounts_of(by_code["30103"]) == {"人员经费/金额": Decimal("1427.33")}
    assert (by_code["30103"].label, by_code["30103"].group_header) == ("奖金", "人员经费")
    assert amounts_of(by_code["30217"]) == {"公用经费/金额": Decimal("18.26")}
    assert amounts_of(by_code["31001"]) == {"公用经费/金额": Decimal("0.00")}
    assert (by_code["31001"].source_line, by_code["31001"].column_group) == (318, 2)


def test_total_label_spanning_two_groups_keeps_its_amount(parsed):
    table = table_of(parsed["sanming"], "general_budget_basic_expense")
    totals = {row.label: row for row in data_rows(table) if row.label and row.label.endswith("合计")}
    assert [c.amount.value for c in totals["人员经费合计"].cells if c.amount] == [Decimal("4855.17")]
    assert [c.amount.value for c in totals["公用经费合计"].cells if c.amount] == [Decimal("177.08")]


def test_rows_carry_their_sub_unit(parsed):
    table = table_of(parsed["fuzhou"], "expense")
    [row] = [row for row in data_rows(table) if row.codes.subject_code == "2101202"]
    assert row.codes.sub_unit_code == "505003"
    amounts = amounts_of(row)
    assert amounts["项目支出"] == Decimal("162247.00")
    assert amounts["资金来源/一般公共预算拨款"] == Decimal("50400.00")
    assert amounts["资金来源/其他资金/小计"] == Decimal("111847.00")
    assert amounts["人员支出"] is None  # printed blank: null, not zero
    subtotals = [row for row in data_rows(table) if row.codes.sub_unit_code and not row.codes.subject_code]
    assert [row.codes.sub_unit_code for row in subtotals] == ["505001", "505003", "505004", "505005"]


def test_both_economic_classifications_on_one_row(parsed):
    table = table_of(parsed["zhaoyuan"], "general_budget_basic_expense")
    pairs = {(row.codes.economic_code, row.codes.government_economic_code): amounts_of(row) for row in data_rows(table)}
    assert pairs[("30101", "50101")]["基本支出预算/小计"] == Decimal("43.07")
    assert pairs[("30101", "50501")]["基本支出预算/小计"] == Decimal("162.62")
    assert pairs[("302", "505")]["基本支出预算/日常公用支出"] == Decimal("26.91")


def test_page_with_shifted_columns_is_put_back_under_its_headers(parsed):
    table = table_of(parsed["zhaoyuan"], "basic_expense")
    rows = {row.source_line: row for row in data_rows(table)}
    first_page, second_page = rows[360], rows[389]
    assert not first_page.realigned and second_page.realigned
    assert list(amounts_of(first_page)) == list(amounts_of(second_page))
    assert amounts_of(second_page)["合计"] == Decimal("13.15")
    assert amounts_of(second_page)["财政拨款/一般公共预算"] == Decimal("13.15")
    assert (second_page.codes.economic_code, second_page.codes.government_economic_code) == ("302", "502")


def test_two_sided_table_has_income_and_expense_rows(parsed):
    table = table_of(parsed["sanming"], "summary")
    rows = {(row.side, row.label): amounts_of(row) for row in data_rows(table)}
    assert rows[("income", "本年收入合计")] == {"收入/决算数": Decimal("6097.78")}
    assert rows[("expense", "本年支出合计")] == {"支出/决算数": Decimal("6201.62")}
    assert rows[("expense", "年末结转和结余")] == {"支出/决算数": Decimal("9.03")}
    assert rows[("income", "总计")] == {"收入/决算数": Decimal("6210.66")}
    assert rows[("expense", "总计")] == {"支出/决算数": Decimal("6210.66")}


def test_multi_level_header_paths(parsed):
    table = table_of(parsed["zhaoyuan"], "fiscal_grant_summary")
    [row] = [row for row in data_rows(table) if row.label == "本年支出合计"]
    assert amounts_of(row) == {
        "支出/预算数/总计": Decimal("4643.47"),
        "支出/预算数/一般公共预算": Decimal("4643.47"),
        "支出/预算数/政府性基金预算": None,
    }


@pytest.mark.parametrize("name", ["quanzhou", "zhaoyuan", "fuzhou", "sanming", "guan"])
def test_every_number_of_a_statement_row_is_landed_once(parsed, name):
    """The numbers printed on each data line are exactly its amount cells, codes and sequence numbers."""
    for table in parsed[name].tables:
        if table.statement_kind in NON_FINANCIAL_KINDS:
            continue
        lines: dict[int, list] = {}
        for row in data_rows(table):
            lines.setdefault(row.source_line, []).append(row)
        for line_number, rows in lines.items():
            printed = Counter(
                a.normalized
                for cell in rows[0].line_text.split("\t")
                if (a := parse_amount(cell.replace("<b>", "").replace("</b>", "").strip()))
            )
            landed = Counter(cell.amount.normalized for row in rows for cell in row.cells if cell.amount)
            sequences = {row.printed_sequence for row in rows if row.printed_sequence}  # shared by both sides
            codes = [code for row in rows for code in (row.codes.printed or "").split("|") if code]
            identifiers = Counter(a.normalized for text in [*codes, *sequences] if (a := parse_amount(text)))
            assert landed + identifiers == printed, f"{name} line {line_number}"


def test_every_cell_is_landed_exactly_once(raw):
    duplicates = raw.execute("""
        select document_id, source_line, column_index, count(*) from raw.statement_cells
        group by all having count(*) > 1
    """).fetchall()
    assert duplicates == []
    totals = raw.execute("""
        select d.department_name, count(c.amount), sum(c.amount)
        from raw.statement_cells c join raw.statement_tables t using (table_id) join raw.documents d
            on d.document_id = t.document_id
        join raw.statement_rows r using (row_id)
        where t.statement_kind = 'income' and r.row_role = 'data'
        group by 1
    """).fetchall()
    assert dict((name, (count, total)) for name, count, total in totals)["泉州市医疗保障局"] == (
        15 * 11,
        Decimal("42602.120000"),
    )  # 10,650.53 in 总计 and 一般公共预算, on 合计 and on the items


def test_every_number_printed_in_a_table_line_is_landed_once(raw):
    """Every tab-separated line after the table of contents: its numbers are exactly the amounts, codes and
    sequence numbers landed from it (repeated 栏次 rows of continued pages are headers, skipped)."""
    for document_id, name, text in raw.execute(
        "select document_id, file_name, full_text from raw.documents"
    ).fetchall():
        landed: dict[int, Counter] = {}
        for line, cell_text in raw.execute(
            "select source_line, cell_text from raw.statement_cells where document_id = ?", [document_id]
        ).fetchall():
            if amount := parse_amount(cell_text or ""):
                landed.setdefault(line, Counter())[amount.normalized] += 1
        for line, codes, sequences in raw.execute(
            """
                select source_line, string_agg(codes_printed, '|'), list(distinct printed_sequence)
                from raw.statement_rows where document_id = ? group by source_line""",
            [document_id],
        ).fetchall():
            texts = [*(codes or "").split("|"), *(s for s in sequences if s)]
            landed.setdefault(line, Counter()).update(a.normalized for t in texts if (a := parse_amount(t)))
        [first_table_line] = raw.execute(
            "select min(first_line) from raw.statement_tables where document_id = ?", [document_id]
        ).fetchone()
        assert first_table_line is not None
        lines = text.split("\n")
        checked = 0
        for number, line in enumerate(lines[first_table_line - 1 :], first_table_line):
            cells = [clean_cell(cell) for cell in line.split("\t")]
            if len(cells) < 2 or is_column_number_row(cells):
                continue
            printed = Counter(a.normalized for cell in cells if (a := parse_amount(cell)))
            assert landed.get(number, Counter()) == printed, f"{name} line {number}"
            checked += bool(printed)
        assert checked > 100, name
