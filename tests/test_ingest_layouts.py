"""Layouts beyond the samples' (tests/fixtures/layouts, written for these tests): covers, titles with
numbers, years, departments and units on their line, text with no blank lines at all, units as
printed anywhere or inferred, amounts as printed, codes in every form, 决算 columns and
side-by-side 人员经费 / 公用经费 groups in another order. Each asserts what an analyst reads off the
page: department, year, phase, table kinds, codes and amounts."""

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.build import build_warehouse
from ingest.batch import ingest_directory
from ingest.metadata import read_metadata
from ingest.model import ParsedDocument, StatementTable
from ingest.parser import parse_document
from ingest.statement_kinds import classify_title, is_statement_title
from ingest.text import is_no_figure, parse_amount
from tests.helpers import PROJECT_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "layouts"
STREET_OFFICE = "street_office_final_no_blank_lines.txt"
DISTRICT = "district_budget_labelled_cover.txt"
BUREAU = "bureau_final_indented_names.txt"


def parse(name: str, text: str | None = None) -> ParsedDocument:
    return parse_document(text if text is not None else (FIXTURES / name).read_text(encoding="utf-8"), name)


def table(document: ParsedDocument, kind: str) -> StatementTable:
    return next(table for table in document.tables if table.statement_kind == kind)


def amounts(table: StatementTable, label: str) -> dict[str, Decimal | None]:
    """The amounts of the data row with `label`, by header path (None for no figure)."""
    row = next(row for row in table.rows if row.row_role == "data" and row.label == label)
    return {cell.header_path: cell.amount.value if cell.amount else None for cell in row.cells}


def codes(table: StatementTable) -> dict[str, str | None]:
    return {
        row.label: row.codes.subject_code or row.codes.economic_code
        for row in table.rows
        if row.row_role == "data" and row.label
    }


# --- metadata from any cover ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cover", "department", "year", "phase", "sources"),
    [
        # the year on a line of its own, the name broken over two lines
        (
            ["福州市鼓楼区鼓东街道", "办事处", "年度部门决算", "2024"],
            "福州市鼓楼区鼓东街道办事处",
            2024,
            "final",
            ("cover", "cover", "cover"),
        ),
        (["莆田市城厢区民政局", "2024 年度部门决算"], "莆田市城厢区民政局", 2024, "final", ("cover", "cover", "cover")),
        # the place on the cover, the department in a labelled field, with or without its place
        (
            ["厦门市思明区2026年区级部门预算", "预算主管部门：教育局"],
            "厦门市思明区教育局",
            2026,
            "budget",
            ("cover_label", "cover", "cover"),
        ),
        (
            ["厦门市思明区2026年区级部门预算", "预算主管部门：思明区教育局"],
            "厦门市思明区教育局",
            2026,
            "budget",
            ("cover_label", "cover", "cover"),
        ),
        (
            ["2025年部门预算", "编制单位：南平市建阳区财政局"],
            "南平市建阳区财政局",
            2025,
            "budget",
            ("cover_label", "cover", "cover"),
        ),
        (
            ["部门名称：漳州市龙文区司法局", "二〇二三年度部门决算"],
            "漳州市龙文区司法局",
            2023,
            "final",
            ("cover_label", "cover", "cover"),
        ),
    ],
)
def test_department_year_and_phase_are_read_from_any_cover(cover, department, year, phase, sources):
    metadata = read_metadata([*cover, "目录", "一、收支总表"])
    assert (metadata.department_name, metadata.fiscal_year, metadata.phase) == (department, year, phase)
    assert (metadata.department_source, metadata.fiscal_year_source, metadata.phase_source) == sources


def test_a_district_cover_is_not_read_as_a_department():
    """`XX市XX区2026年区级部门预算`: 区级部门 is no organ; with no labelled field the department comes from
    the tables' running headers."""
    lines = ["宁德市蕉城区2026年区级部门预算", "目录", "一、部门收支总表", "", "一、部门收支总表"]
    lines += ["编制部门：宁德市蕉城区水利局 单位：万元", "项目\t预算数", "合计\t10.00"]
    metadata = read_metadata(lines, contents={3})
    assert (metadata.department_name, metadata.department_source) == ("宁德市蕉城区水利局", "table_header")
    assert (metadata.fiscal_year, metadata.phase) == (2026, "budget")


def test_the_file_name_is_the_last_resort():
    lines = ["部门信息公开", "", "单位：万元", "项目\t金额", "合计\t1.00"]
    metadata = read_metadata(lines, "三明市沙县区审计局2022年部门决算.txt")
    assert (metadata.department_name, metadata.fiscal_year, metadata.phase) == ("三明市沙县区审计局", 2022, "final")
    assert (metadata.department_source, metadata.fiscal_year_source, metadata.phase_source) == ("file_name",) * 3


def test_a_year_no_source_gives_quarantines_the_document_with_that_reason():
    document = parse_document("部门信息公开\n\n收支总表\n单位：万元\n项目\t金额\n合计\t1.00\n", "unnamed.txt")
    errors = [issue.message for issue in document.issues if issue.severity == "error"]
    assert "cannot read the fiscal year from the document" in errors


# --- tables found from what the document says ------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("表1 收入支出决算总表", "summary"),
        ("附表1-2 2026年部门支出总表 单位：万元", "expense"),
        ("1. 部门收支总表 金额单位：万元", "summary"),
        ("表一一般公共预算财政拨款支出决算表", "general_budget_expense"),
        ("福州市鼓楼区教育局2026年部门收支总表", "summary"),
        ("2024 年度一般公共预算“三公”经费支出预算表", "three_public"),
        ("收入支出决算总表 编制部门：XX局 单位：元", "summary"),
        ("政府采购预算表（单位：万元）", "procurement"),
    ],
)
def test_a_title_may_carry_a_number_a_year_the_department_or_the_unit(title, kind):
    assert is_statement_title(title)
    assert classify_title(title) == kind


def test_a_title_directly_followed_by_its_department_and_unit_lines_is_found():
    text = "\n".join(
        [
            "2024年度三明市医疗保障局部门决算",
            "收入支出决算总表",
            "单位：万元",
            "收入\t\t支出\t",
            "项目\t决算数\t项目\t决算数",
            "一、一般公共预算财政拨款收入\t10.00\t一、卫生健康支出\t10.00",
            "收入支出决算总表",  # the next page: title, department and unit, no blank line
            "编制部门：三明市医疗保障局 单位：万元",
            "收入\t\t支出\t",
            "项目\t决算数\t项目\t决算数",
            "本年收入合计\t10.00\t本年支出合计\t10.00",
        ]
    )
    document = parse_document(text)
    assert [(t.title, t.statement_kind, t.unit, t.unit_line, t.page_count) for t in document.tables] == [
        ("收入支出决算总表", "summary", "万元", 3, 2)
    ]


def test_a_document_without_blank_lines_reads_as_with_them():
    """The same text with no blank line at all, and with a blank line after every line, gives the same
    tables, kinds, units, codes and amounts."""
    for name in (STREET_OFFICE, DISTRICT, BUREAU):
        lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
        dense = "\n".join(line for line in lines if line.strip())
        spaced = "\n\n".join(line for line in lines if line.strip())
        readings = []
        for text in (dense, spaced):
            document = parse(name, text)
            readings.append(
                [
                    (
                        t.statement_kind,
                        t.unit,
                        [(r.codes, [c.amount for c in r.cells]) for r in t.rows if r.row_role == "data"],
                    )
                    for t in document.tables
                ]
            )
        assert readings[0] == readings[1], name
        assert all(kind != "unknown" for kind, _, _ in readings[0]), name


def test_an_untitled_table_takes_its_place_in_the_contents():
    text = "\n".join(
        [
            "2024年南平市建阳区财政局部门预算",
            "目录",
            "一、收支预算总表",
            "二、支出预算总表",
            "三、一般公共预算支出表",
            "",
            "一、收支预算总表",
            "单位：万元",
            "收入\t预算数\t支出\t预算数",
            "一、一般公共预算拨款收入\t5.00\t一、卫生健康支出\t5.00",
            "",
            "单位：万元",  # the 支出预算总表, its title lost
            "科目编码\t科目名称\t合计\t基本支出\t项目支出",
            "210\t卫生健康支出\t5.00\t5.00\t",
            "",
            "三、一般公共预算支出表",
            "单位：万元",
            "科目编码\t科目名称\t合计",
            "210\t卫生健康支出\t5.00",
        ]
    )
    document = parse_document(text)
    assert [(t.statement_kind, t.kind_source) for t in document.tables] == [
        ("summary", "title"),
        ("expense", "contents"),
        ("general_budget_expense", "title"),
    ]
    assert codes(document.tables[1]) == {"卫生健康支出": "210"}
    assert any("printed without a title" in issue.message for issue in document.issues)


def test_a_table_the_contents_do_not_name_is_reported():
    text = "\n".join(
        [
            "2024年南平市建阳区财政局部门预算",
            "目录",
            "一、收支预算总表",
            "",
            "一、收支预算总表",
            "单位：万元",
            "收入\t预算数\t支出\t预算数",
            "一、一般公共预算拨款收入\t5.00\t一、卫生健康支出\t5.00",
            "",
            "二、政府采购预算表",
            "单位：万元",
            "项目\t金额",
            "合计\t3.00",
        ]
    )
    warnings = [issue.message for issue in parse_document(text).issues]
    assert "table '二、政府采购预算表' (procurement) is not named in the table of contents" in warnings


# --- the fixtures, figure by figure ------------------------------------------------------------


def test_a_street_office_final_account_printed_without_blank_lines():
    document = parse(STREET_OFFICE)
    metadata = document.metadata
    assert (metadata.department_name, metadata.fiscal_year, metadata.phase) == (
        "福州市鼓楼区鼓东街道办事处",
        2024,
        "final",
    )
    assert [(t.statement_kind, t.unit, t.unit_source) for t in document.tables] == [
        ("summary", "元", "printed"),
        ("expense", "元", "printed"),
        ("general_budget_expense", "元", "printed"),
        ("three_public", "元", "inferred"),  # printed without a unit: the document's tables are in 元
    ]
    summary, expense, general, three = document.tables
    assert amounts(summary, "本年收入合计") == {"金额": Decimal("13345678.00")}
    # codes printed in the name's cell: [2101501]行政运行
    assert codes(expense) == {
        "合计": None,
        "社会保障和就业支出": "208",
        "行政事业单位养老支出": "20805",
        "机关事业单位基本养老保险缴费支出": "2080505",
        "卫生健康支出": "210",
        "医疗保障管理事务": "21015",
        "行政运行": "2101501",
        "一般行政管理事务": "2101502",
    }
    # —, - and / are no figure
    assert amounts(expense, "行政运行") == {
        "合计": Decimal("7000000.00"),
        "基本支出": Decimal("7000000.00"),
        "项目支出": None,
    }
    assert amounts(expense, "机关事业单位基本养老保险缴费支出")["项目支出"] is None
    # 年初预算 / 调整预算 / 全年预算 beside the 决算数, a negative adjustment printed in brackets
    assert amounts(general, "一般行政管理事务") == {
        "年初预算数": Decimal("3001200.00"),
        "调整预算数": Decimal("-1200.00"),
        "全年预算数": Decimal("3000000.00"),
        "决算数/合计": Decimal("3000000.00"),
        "决算数/基本支出": None,
        "决算数/项目支出": Decimal("3000000.00"),
    }
    assert amounts(three, "3.公务接待费") == {"全年预算数": Decimal("20000.00"), "决算数": Decimal("14345.60")}
    assert not [issue for issue in document.issues if "table of contents" in issue.message]


def test_a_district_budget_with_a_labelled_cover_and_names_only():
    document = parse(DISTRICT)
    metadata = document.metadata
    assert (metadata.department_name, metadata.fiscal_year, metadata.phase) == ("厦门市思明区教育局", 2026, "budget")
    assert metadata.department_source == "cover_label"
    assert [(t.title, t.statement_kind, t.unit, t.unit_source) for t in document.tables] == [
        ("1. 部门收支总表", "summary", "万元", "printed"),
        ("附表1-2 2026年部门支出总表", "expense", "万元", "printed"),
        ("3. 一般公共预算支出表", "general_budget_expense", "万元", "inferred"),  # like the other tables
    ]
    summary, expense, general = document.tables
    # full-width digits, a space inside a number
    assert amounts(summary, "一、一般公共预算拨款收入") == {"预算数": Decimal("1200.00")}
    assert amounts(summary, "一、教育支出") == {"预算数": Decimal("1200.00")}
    for names_only in (expense, general):
        assert codes(names_only) == {
            "合计": None,
            "卫生健康支出（类）": "210",
            "医疗保障管理事务（款）": "21015",
            "行政运行（项）": "2101501",
            "一般行政管理事务（项）": "2101502",
        }
        assert all(r.codes.from_name for r in names_only.rows if r.row_role == "data" and r.label != "合计")
    assert amounts(general, "行政运行（项）") == {
        "合计": Decimal("800.00"),
        "基本支出": Decimal("800.00"),
        "项目支出": None,
    }
    assert "no unit printed for this table: 万元 inferred from the document's other tables" in [
        issue.message for issue in document.issues
    ]


def test_where_the_other_tables_disagree_the_prose_gives_the_unit():
    """Tables in 元 and in 万元: the table printing no unit is in the unit in which its 合计 is the
    figure the prose states (1,234,567.00 元 = 123.46 万元)."""
    text = "\n".join(
        [
            "2024年南平市建阳区财政局部门决算",
            "",
            "收入支出决算总表",
            "单位：万元",
            "收入\t决算数\t支出\t决算数",
            "一、一般公共预算财政拨款收入\t123.46\t一、卫生健康支出\t123.46",
            "",
            "一般公共预算财政拨款“三公”经费支出决算表",
            "单位：元",
            "项目\t决算数",
            "合计\t5,000.00",
            "",
            "一般公共预算财政拨款支出决算表",
            "科目编码\t科目名称\t决算数",
            "\t合计\t1,234,567.00",
            "210\t卫生健康支出\t1,234,567.00",
            "",
            "二、一般公共预算财政拨款支出决算情况",
            "2024年度一般公共预算财政拨款支出123.46万元。",
        ]
    )
    document = parse_document(text)
    assert [(t.statement_kind, t.unit, t.unit_source) for t in document.tables] == [
        ("summary", "万元", "printed"),
        ("three_public", "元", "printed"),
        ("general_budget_expense", "元", "inferred"),
    ]
    assert "no unit printed for this table: 元 inferred from the figures the prose states" in [
        issue.message for issue in document.issues
    ]


def test_a_bureau_final_account_with_indented_names_and_groups_in_another_order():
    document = parse(BUREAU)
    metadata = document.metadata
    assert (metadata.department_name, metadata.fiscal_year, metadata.phase) == ("莆田市城厢区医疗保障局", 2023, "final")
    assert (metadata.department_source, metadata.fiscal_year_source) == ("table_header", "cover")
    general = table(document, "general_budget_expense")
    assert general.unit == "千元"
    # names only, their level given by indentation
    assert codes(general) == {
        "合计": None,
        "卫生健康支出": "210",
        "医疗保障管理事务": "21015",
        "行政运行": "2101501",
        "一般行政管理事务": "2101502",
        "住房保障支出": "221",
        "住房改革支出": "22102",
        "住房公积金": "2210201",
    }
    assert amounts(general, "住房公积金") == {"决算数": Decimal("1000")}
    # three side-by-side groups, 公用经费 first, the group totals on one row
    basic = table(document, "general_budget_basic_expense")
    assert [
        (r.column_group, r.group_header, r.codes.economic_code) for r in basic.rows if r.label == "商品和服务支出"
    ] == [(0, "公用经费", "302")]
    assert [(r.column_group, r.group_header) for r in basic.rows if r.label == "对个人和家庭的补助"] == [
        (2, "人员经费")
    ]
    totals = {
        r.label: [c.amount.value for c in r.cells if c.amount] for r in basic.rows if r.label and "合计" in r.label
    }
    assert totals == {"公用经费合计": [Decimal("500")], "人员经费合计": [Decimal("3500")]}
    assert amounts(basic, "退休费") == {"人员经费/决算数": Decimal("500")}


def test_a_unit_no_evidence_establishes_is_a_warning_on_its_table():
    text = "2024年南平市建阳区财政局部门预算\n\n收支预算总表\n\n收入\t预算数\t支出\t预算数\n一、一般公共预算拨款收入\t5.00\t一、卫生健康支出\t5.00\n"
    document = parse_document(text)
    assert [(t.statement_kind, t.unit, t.unit_source) for t in document.tables] == [("summary", None, None)]
    assert [(i.severity, i.message) for i in document.issues] == [
        ("warning", "no unit (万元/元) printed for this table, and none can be inferred")
    ]


# --- amounts as printed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "value", "decimals"),
    [
        ("1,234,567", Decimal("1234567"), 0),
        ("-12.00", Decimal("-12.00"), 2),
        ("(12.00)", Decimal("-12.00"), 2),
        ("（1,200.50）", Decimal("-1200.50"), 2),
        ("１２３.４５", Decimal("123.45"), 2),
        ("1 234.56", Decimal("1234.56"), 2),
        ("－5.00", Decimal("-5.00"), 2),
    ],
)
def test_amounts_as_printed(printed, value, decimals):
    amount = parse_amount(printed)
    assert amount is not None
    assert (amount.value, amount.decimals) == (value, decimals)


@pytest.mark.parametrize("printed", ["—", "-", "/", "", "(1)", "——"])
def test_no_figure(printed):
    assert parse_amount(printed) is None
    assert is_no_figure(printed) == (printed not in ("", "(1)"))


# --- through the warehouse ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layouts") / "warehouse.duckdb"
    summary = ingest_directory(FIXTURES, path)
    assert (summary.loaded, summary.quarantined) == (3, 0)
    build_warehouse(path, PROJECT_DIR)
    return path


def test_the_layouts_reach_the_marts_in_yuan_with_their_sources(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as db:
        lines = db.execute(
            """
            select d.file_name, f.statement, f.subject_code, f.subject_code_source, f.measure, f.source_unit,
                   f.amount, f.amount_yuan
            from marts.fct_budget_line f join raw.documents d using (document_id)
            where f.subject_code in ('2101501', '2210201') and f.statement in ('general_budget_expense', 'expense')
            order by all
            """
        ).fetchall()
        sources = db.execute(
            "select file_name, department_source, fiscal_year_source, phase_source from raw.documents order by 1"
        ).fetchall()
        units = db.execute(
            "select statement_kind, unit, unit_source from raw.statement_tables where unit_source = 'inferred' order by 1"
        ).fetchall()
        unmapped = db.execute("select count(*) from marts.fct_budget_line where measure = 'unmapped'").fetchone()
    assert (
        BUREAU,
        "general_budget_expense",
        "2210201",
        "row_name",
        "total",
        "千元",
        Decimal("1000"),
        Decimal("1000000"),
    ) in lines
    street = [line for line in lines if line[0] == STREET_OFFICE and line[1] == "general_budget_expense"]
    assert {line[4]: line[7] for line in street if line[7] is not None} == {
        "initial_budget": Decimal("7000000"),
        "full_year_budget": Decimal("7000000"),
        "total": Decimal("7000000"),
        "basic": Decimal("7000000"),
    }
    assert (DISTRICT, "expense", "2101501", "row_name", "total", "万元", Decimal("800"), Decimal("8000000")) in lines
    assert sources == [
        (BUREAU, "table_header", "cover", "cover"),
        (DISTRICT, "cover_label", "cover", "cover"),
        (STREET_OFFICE, "cover", "cover", "cover"),
    ]
    assert units == [("general_budget_expense", "万元", "inferred"), ("three_public", "元", "inferred")]
    assert unmapped == (0,)


def test_side_by_side_groups_with_the_name_before_the_code():
    text = "\n".join(
        [
            "2024年度莆田市城厢区民政局部门决算",
            "",
            "一般公共预算财政拨款基本支出决算表",
            "单位：万元",
            "人员经费\t\t\t公用经费\t\t",
            "科目名称\t科目编码\t决算数\t科目名称\t科目编码\t决算数",
            "工资福利支出\t301\t30.00\t商品和服务支出\t302\t5.00",
            "基本工资\t30101\t30.00\t办公费\t30201\t5.00",
            "人员经费合计\t\t30.00\t公用经费合计\t\t5.00",
        ]
    )
    basic = table(parse_document(text), "general_budget_basic_expense")
    assert [
        (r.group_header, r.label, r.codes.economic_code, [c.amount.value for c in r.cells if c.amount])
        for r in basic.rows
        if r.row_role == "data"
    ] == [
        ("人员经费", "工资福利支出", "301", [Decimal("30.00")]),
        ("公用经费", "商品和服务支出", "302", [Decimal("5.00")]),
        ("人员经费", "基本工资", "30101", [Decimal("30.00")]),
        ("公用经费", "办公费", "30201", [Decimal("5.00")]),
        ("人员经费", "人员经费合计", None, [Decimal("30.00")]),
        ("公用经费", "公用经费合计", None, [Decimal("5.00")]),
    ]


def test_where_the_prose_does_not_tell_most_of_the_other_tables_give_the_unit():
    """Three tables in 元, one (misprinted) in 万元, and a “三公” table of zeros printed without a unit:
    it takes 元, as most of the document's tables."""
    lines = ["2025年南平市建阳区财政局部门预算", ""]
    for title, unit in (
        ("收入总表", "元"),
        ("支出总表", "元"),
        ("一般公共预算支出表", "元"),
        ("财政拨款收支总表", "万元"),
    ):
        lines += [title, f"单位：{unit}", "科目编码\t科目名称\t合计", "210\t卫生健康支出\t5,000.00", ""]
    lines += ["一般公共预算“三公”经费支出表", "项目\t预算数", "合计\t0.00", "公务接待费\t0.00"]
    document = parse_document("\n".join(lines))
    assert [(t.unit, t.unit_source) for t in document.tables if t.statement_kind == "three_public"] == [
        ("元", "inferred")
    ]
