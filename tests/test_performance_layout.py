"""The pure layout functions of ingest/performance on small literal rows taken from the sample documents."""

from decimal import Decimal

import pytest

from ingest.performance.attributes import key_field, printed_unit, read_attribute_columns, read_key_values
from ingest.performance.columns import is_header_companion, is_indicator_header, read_layout, role_of
from ingest.performance.fund_totals import read_fund_total
from ingest.performance.indicator_rows import read_indicator_row
from ingest.performance.report import read_report_statements
from ingest.performance.spending_plan import milestone_month, percent_value, read_spending_plans
from ingest.performance.target import is_comparison, looks_like_target
from ingest.text import split_cells

# Header lines as printed (tab-separated), by document.
QUANZHOU_HEADER = "绩效目标指标\t一级指标\t二级指标\t三级指标\t目标值"
ZHAOYUAN_HEADER = "\t一级指标\t二级指标\t三级指标\t指标值"
FUZHOU_DEPARTMENT_HEADER = "一级指标\t二级指标\t三级指标\t指标明细说明\t指标性质\t方向\t绩效目标值\t计量单位"
FUZHOU_PROJECT_HEADER = (
    "单位编码\t单位名称\t项目名称\t2020年预算安排资金\t项目总体绩效目标\t项目年度绩效目标\t\t\t\t\t\t\t\n"
    "\t\t\t\t\t一级指标\t二级指标\t三级指标\t指标明细说明\t指标性质\t方向\t绩效目标值\t计量单位"
)
GUAN_DEPARTMENT_HEADER = (
    "一级指标\t二级指标\t三级指标\t绩效指标描述\t评（扣）分标准\t指标值\t\t\t指标值确定依据\n"
    "\t\t\t\t\t符号\t值\t单位（文字描述）\t"
)
GUAN_PROJECT_HEADER = "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\t"
SANMING_HEADER = (
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t指标分值\t自评得分\t偏差原因分析及改进措施"
)


def layout_of(header: str):
    layout = read_layout([split_cells(line) for line in header.split("\n")])
    assert layout is not None
    return layout


def read(line: str, header: str, may_drift: bool = True):
    return read_indicator_row(split_cells(line), line.split("\t"), layout_of(header), may_drift)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("一级指标", "level1"),
        ("三级指标", "level3"),
        ("绩效目标指 标", "section"),
        ("年度绩效指标", "section"),
        ("目标值", "target"),
        ("指标值", "target"),
        ("年度指标值", "target"),
        ("绩效目标值", "target"),
        ("值", "target"),
        ("指标值确定依据", "basis"),
        ("符号", "comparator"),
        ("方向", "comparator"),
        ("指标性质", "nature"),
        ("计量单位", "unit"),
        ("单位（文字描述）", "unit"),
        ("单位编码", "sub_unit_code"),
        ("单位名称", "sub_unit_name"),
        ("实际完成值", "actual"),
        ("指标分值", "weight"),
        ("自评得分", "score"),
        ("偏差原因分析及改进措施", "deviation"),
        ("指标明细说明", "description"),
        ("绩效指标描述", "description"),
        ("评（扣）分标准", "scoring_rule"),
        ("2020年预算安排资金", "budget"),
        ("项目总体绩效目标", "goal"),
        ("项目年度绩效目标", None),
        ("产出指标", None),
    ],
)
def test_header_words_name_roles(text, role):
    assert role_of(text) == role


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥", True),
        ("大于等 于", True),
        ("等于", True),
        ("文字描述", True),
        ("≥ 36", False),
        ("36", False),
        ("", False),
        ("正向指标", False),
    ],
)
def test_comparison_cells(text, expected):
    assert is_comparison(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥30000 人次", True),
        ("=100%", True),
        ("100%", True),
        ("139327", True),
        ("=稳步增长定性", True),
        ("≥", True),
        ("大于", True),
        ("显著", False),
        ("居民参保人数", False),
        ("DRG试点项目总成本控制数", False),
        ("对泉政文（2010）31 号中符合条件的医疗服务对象住院医疗费补助比例", False),
        ("", False),
    ],
)
def test_cells_that_read_as_targets(text, expected):
    assert looks_like_target(text) is expected


def test_a_performance_row_shorter_than_its_header_reads_the_cells_it_prints():
    # 福州's project layout; the row stops after its 三级指标: no anchor cell, so it is read at the
    # header's columns, past its end (a mutant of the sample raised IndexError here).
    cells = ["", "", "", "", "", "产出指标", "数量指标", "参保人数"]
    printed = read_indicator_row(cells, cells, layout_of(FUZHOU_PROJECT_HEADER))
    assert printed.levels == ("产出指标", "数量指标", "参保人数")
    assert (printed.values, printed.unanchored) == ({}, True)


def test_fuzhou_project_header_puts_project_columns_before_the_levels():
    layout = layout_of(FUZHOU_PROJECT_HEADER)
    assert layout.columns == (
        ("sub_unit_code", 0),
        ("sub_unit_name", 1),
        ("project_name", 2),
        ("budget", 3),
        ("goal", 4),
        ("level1", 5),
        ("level2", 6),
        ("level3", 7),
        ("description", 8),
        ("nature", 9),
        ("comparator", 10),
        ("target", 11),
        ("unit", 12),
    )
    assert (layout.anchor_role, layout.anchor_column, layout.attribute_end) == ("nature", 9, 5)
    assert layout.inner_roles() == ("description",)
    assert layout.trailing_roles() == (("nature", 0), ("comparator", 1), ("target", 2), ("unit", 3))


def test_guan_symbol_value_unit_cells_under_one_header():
    layout = layout_of(GUAN_DEPARTMENT_HEADER)
    assert (layout.column("comparator"), layout.column("target"), layout.column("unit"), layout.column("basis")) == (
        5,
        6,
        7,
        8,
    )
    assert layout.anchor_role == "comparator"
    assert layout.inner_roles() == ("description", "scoring_rule")


def test_header_line_and_its_companions():
    above, core = (split_cells(line) for line in FUZHOU_PROJECT_HEADER.split("\n"))
    assert is_indicator_header(core) and not is_indicator_header(above)
    assert is_header_companion(above)
    assert is_header_companion(split_cells(GUAN_DEPARTMENT_HEADER.split("\n")[1]))
    # 三明's 项目资金 line names columns but holds figures; 招远's first indicator row names one section label.
    assert not is_header_companion(split_cells("\t年度资金总额\t275.20\t275.20\t275.20\t10\t100.00\t10\t"))
    assert not is_header_companion(
        split_cells("绩效指标\t成本指标\t经济成本\t职工退休人员长护险财政补贴标准\t≤5元/年/人")
    )


def test_level_names_pack_right_to_left_from_the_target():
    # 泉州 line 461: printed one column right of its header, 一级指标 blank (carried down by the reader).
    row = read("\t\t数量指标\t\t二级及以上公立医院医保服务站覆 盖率\t=100%", QUANZHOU_HEADER)
    assert row.levels == (None, "数量指标", "二级及以上公立医院医保服务站覆盖率")
    assert (row.values["target"], row.shift, row.unanchored) == ("=100%", 1, False)


def test_row_printed_a_column_left_keeps_its_levels():
    row = read("满意度指标\t服务对象满意度指标\t患者满意度\t≥90%\t", ZHAOYUAN_HEADER)  # 招远 line 525
    assert row.levels == ("满意度指标", "服务对象满意度指标", "患者满意度")
    assert (row.values["target"], row.shift) == ("≥90%", -1)


def test_repeated_section_label_is_not_a_level():
    row = read("绩效指标\t成本指标\t经济成本\t职工退休人员长护险财政补贴标准\t≤5元/年/人", ZHAOYUAN_HEADER)  # 招远 538
    assert row.levels == ("成本指标", "经济成本", "职工退休人员长护险财政补贴标准")
    assert row.extra_labels == ()


def test_worded_target_closes_its_row():
    row = read("\t效益指标\t社会效益指标\t减轻受助对象理疗护理负担\t显著", ZHAOYUAN_HEADER)  # 招远 545
    assert row.levels == ("效益指标", "社会效益指标", "减轻受助对象理疗护理负担")
    assert row.values["target"] == "显著" and not row.unanchored


def test_empty_target_cell_is_read_at_the_header_column():
    row = read("\t产出指标\t时效指标\t资金到位率\t", QUANZHOU_HEADER)
    assert row.levels == ("产出指标", "时效指标", "资金到位率")
    assert "target" not in row.values and row.unanchored


def test_fuzhou_description_and_direction_around_the_nature_anchor():
    # 福州 line 541: the 指标明细说明 is printed between the 三级指标 and 指标性质.
    row = read(
        "\t\t\t\t\t效益指标\t社会效益 指标\t医保报销及时率\t没有超期件,全 部按时办结视 为100%\t正向指标\t大于等 于\t100.00\t%",
        FUZHOU_PROJECT_HEADER,
    )
    assert row.levels == ("效益指标", "社会效益指标", "医保报销及时率")
    assert row.direction == "正向"
    assert row.values == {
        "description": "没有超期件,全部按时办结视为100%",
        "comparator": "大于等于",
        "target": "100.00",
        "unit": "%",
    }


def test_fuzhou_project_row_that_lost_its_empty_description_cell():
    # 福州 line 552: a project row one cell short; its project columns stay in place.
    line = (
        "505003\t福州市医疗保险管理中心\t城乡居民医疗救助\t6856\t根据榕财社[2017]77号文件精神,规范管理和使用城乡医疗救助基金"
        "\t产出指标\t时效指标\t目标完成率\t正向指标\t等于\t100\t%"
    )
    row = read(line, FUZHOU_PROJECT_HEADER, may_drift=False)
    assert row.levels == ("产出指标", "时效指标", "目标完成率")
    assert (row.shift, row.level_start) == (-1, 5)
    assert "description" not in row.values and row.values["target"] == "100"


def test_fuzhou_row_drifting_a_column_left_takes_its_level_from_the_project_columns():
    row = read(
        "\t\t\t\t效益指标\t社会效益指标\t城乡居民医保覆盖城区\t\t正向指标\t等于\t12\t个", FUZHOU_PROJECT_HEADER
    )  # 551
    assert row.levels == ("效益指标", "社会效益指标", "城乡居民医保覆盖城区")
    assert (row.shift, row.level_start) == (-1, 4)


def test_short_row_whose_inner_slot_holds_a_name_has_no_description():
    row = read("\t\t\t\t\t\t\t补助金发放率\t正向指标\t大于等于\t100.00\t%", FUZHOU_PROJECT_HEADER)  # 福州 555
    assert row.levels == (None, None, "补助金发放率")
    assert "description" not in row.values


def test_level2_name_run_into_the_level3_cell_is_split():
    row = read(
        "\t\t\t\t\t\t效益指标\t社会效益指标 补助（补贴）标准同比增长率\t\t正向指标\t大于等于\t100.00\t%",
        FUZHOU_PROJECT_HEADER,
    )  # 福州 558
    assert row.levels == ("效益指标", "社会效益指标", "补助（补贴）标准同比增长率")


def test_reverse_indicator():
    row = read(
        "\t\t\t\t\t效益指标\t社会效益指标\t因补贴未及时发放引起的纠纷\t\t反向指标\t小于等于\t0.00\t起",
        FUZHOU_PROJECT_HEADER,
    )  # 福州 566
    assert (row.direction, row.values["comparator"], row.values["target"], row.values["unit"]) == (
        "反向",
        "小于等于",
        "0.00",
        "起",
    )


def test_guan_comparison_anchor_with_inner_and_trailing_cells():
    line = (
        "效益指标\t社会效益指标\t救助保障人群覆盖面\t救助保障的人群覆盖面\t总分值100分，每未完成1%，扣除1分\t文字描述\t\t有所扩大"
        "\t相关文件政策"
    )  # 固安 514
    row = read(line, GUAN_DEPARTMENT_HEADER)
    assert row.levels == ("效益指标", "社会效益指标", "救助保障人群覆盖面")
    assert row.values == {
        "description": "救助保障的人群覆盖面",
        "scoring_rule": "总分值100分，每未完成1%，扣除1分",
        "comparator": "文字描述",
        "unit": "有所扩大",
        "basis": "相关文件政策",
    }


def test_guan_worded_target_in_place_before_its_basis():
    row = read("\t时效指标\t经费保障及时性\t及时保障各项日常办公需要\t及时\t固医保字[2019]20号\t", GUAN_PROJECT_HEADER)
    assert row.levels == (None, "时效指标", "经费保障及时性")
    assert (row.values["target"], row.values["basis"], row.unanchored) == ("及时", "固医保字[2019]20号", False)


def test_sanming_result_cells_follow_a_shifted_target():
    row = read(
        "满意度指标\t服务对象满意度指标\t参保对象满意度\t≥100 百分比\t100\t10\t10\t\t", SANMING_HEADER
    )  # 三明 583
    assert row.levels == ("满意度指标", "服务对象满意度指标", "参保对象满意度")
    assert row.values == {"target": "≥100 百分比", "actual": "100", "weight": "10", "score": "10"}
    assert row.shift == -1


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("项目名称", "project_name"),
        ("专项名称", "fund_name"),
        ("专项资金名称", "fund_name"),
        ("部门(单位)名称", "department_name"),
        ("部门（单位）名称", "department_name"),
        ("项目编码", "project_code"),
        ("资金总额：", "budget"),
        ("资金总额:", "budget"),
        ("年度预算资金总额:", "budget"),
        ("年度预算资金 (万元)", "budget"),
        ("预算数", "budget"),
        ("年度资金总额", "budget"),
        ("项目实施期目标", "goal"),
        ("年度总体绩效 目标", "goal"),
        ("绩效目标", "goal"),
        ("实施单位", "sub_unit_name"),
        ("年初预算数", None),
        ("其中：当年财政拨款：", None),
        ("项目资金 (万元)", None),
        ("主管部门", None),
    ],
)
def test_attribute_keys(cell, field):
    assert key_field(cell) == field


def test_key_value_lines():
    # 固安 526/527, 招远 533, 泉州 435
    assert [
        (a.field, a.text)
        for a in read_key_values(
            split_cells("项目编码\t13102224P00000112121X\t\t项目名称\t城乡居民医疗保险县级补助资金\t\t"), 526, [], []
        )
    ] == [("project_code", "13102224P00000112121X"), ("project_name", "城乡居民医疗保险县级补助资金")]
    assert [
        (a.field, a.text)
        for a in read_key_values(
            split_cells("预算规模及资金用途\t预算数\t4686.92\t其中：财政资金\t4686.92\t其他资金\t"), 527, [], []
        )
    ] == [("budget", "4686.92")]
    assert [
        (a.field, a.text)
        for a in read_key_values(split_cells("项目资金 (万元)\t年度预算资金总额:\t106.00\t\t"), 533, [], [])
    ] == [("budget", "106.00")]
    assert printed_unit(split_cells("专项资金情况（万元）\t资金总额：\t1300.00\t\t")) == "万元"


def test_budget_under_its_column_header_and_goal_under_its_sub_header():
    above = split_cells("项目资金(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率 (%)\t得分\t")
    line = split_cells("\t年度资金总额\t275.20\t275.20\t275.20\t10\t100.00\t10\t")  # 三明 570
    [budget] = read_key_values(line, 570, above, [])
    assert (budget.field, budget.text, budget.line) == ("budget", "275.20", 570)
    goal_line = split_cells("年度总体目标\t预期目标\t\t\t实际完成情况\t\t\t\t")  # 三明 574, its texts on 575
    below = split_cells("\t1、完善我市基本医疗保障服务体系。\t\t\t2024 年，…完成全年绩效目标。\t\t\t\t")
    [goal] = read_key_values(goal_line, 574, [], below)
    assert (goal.field, goal.text) == ("goal", "1、完善我市基本医疗保障服务体系。")


def test_wrapped_attribute_texts_drift_left_past_the_budget_column():
    roles = {0: "sub_unit_code", 1: "sub_unit_name", 2: "project_name", 3: "budget", 4: "goal"}
    # 福州 line 575: the rest of 福州市医疗保险管|理中心, 市属困难企业在职职工|参加医保补助 and of the goal.
    cells = split_cells("\t理中心\t参加医保补 助\t【2010】38号文件精 神，保障困难企业在 职员工享受医疗补 助。")
    assert read_attribute_columns(cells, roles) == {
        "sub_unit_name": "理中心",
        "project_name": "参加医保补助",
        "goal": "【2010】38号文件精神，保障困难企业在职员工享受医疗补助。",
    }
    assert (
        read_attribute_columns(split_cells("505003\t福州市医疗保险管理中心\t城乡居民医疗救助\t6856\t根据…"), roles)[
            "budget"
        ]
        == "6856"
    )


@pytest.mark.parametrize(
    ("sentence", "count", "amount", "decimals", "unit"),
    [
        ("2024年泉州市医疗保障局共设置2个项目绩效目标，共涉及财政拨款资金4,023.00万元", 2, "4023.00", 2, "万元"),
        (
            "招远市医疗保障局部门2024年项目支出全面实施绩效目标管理，涉及预算项目支出7个，预算资金3812.27万元，其中财政拨款3812.27万元",
            7,
            "3812.27",
            2,
            "万元",
        ),
        ("2. 2020年福州市医疗保障局共设置40个项目绩效目标，涉及资金53071万元", 40, "53071", 0, "万元"),
        (
            "根据预算绩效管理要求，本部门组织对 2024 年度 2 个项目实施单位自评，分别是城镇居民基本医疗保险、两区医疗救助等项目，"
            "涉及财政拨款资金共计 534.20 万元",
            2,
            "534.20",
            2,
            "万元",
        ),
    ],
)
def test_fund_total_sentences(sentence, count, amount, decimals, unit):
    total = read_fund_total(sentence, 1)
    assert total is not None
    assert (total.project_count, total.amount, total.decimals, total.unit) == (count, Decimal(amount), decimals, unit)
    assert str(total.amount) == amount


@pytest.mark.parametrize(
    "sentence",
    [
        "重特大疾病住院补助等 1 个项目开展部门重点绩效评价，涉及预算资金 150 万元，其中财政拨款 150 万元",  # a subset (招远)
        "对 2 个项目实施部门评价，分别是城镇居民基本医疗保险、两区医疗救助等项目，涉及财政拨款资金共计 534.20 万元",  # 三明
        "1. 2020年福州市医疗保障局设置部门整体绩效目标的资金177881.12万元",  # the department, no project count
    ],
)
def test_sentences_that_state_no_project_funds(sentence):
    assert read_fund_total(sentence, 1) is None


def test_report_statements_take_the_project_and_levels_from_the_headings():
    lines = [
        "# 2024 年度市级预算项目绩效自评报告",
        "",
        "(2024 年城乡医疗救助市级补助资金)",
        "",
        "### (一) 产出指标",
        "",
        "#### 1、数量指标",
        "",
        "1) 医疗救助人次(人次)，目标值30000，完成值36401，分值10，得分10。",
        "",
        "### (三) 效益指标",
        "",
        "#### 1、经济效益指标",
        "",
        "1) 发挥系统作用(定性指标), 目标值积极作用, 完成值积极作用, 分值 15, 得分 15。",
    ]
    first, second = read_report_statements(lines)
    assert (first.source_line, first.title_line, first.project_name, first.level1, first.level2, first.level3) == (
        9,
        1,
        "2024 年城乡医疗救助市级补助资金",
        "产出指标",
        "数量指标",
        "医疗救助人次",
    )
    assert (first.unit_text, first.target_value, first.actual_value, first.weight, first.score) == (
        "人次",
        Decimal("30000"),
        Decimal("36401"),
        Decimal("10"),
        Decimal("10"),
    )
    assert (second.level1, second.level2, second.target_text, second.target_value, second.actual_text) == (
        "效益指标",
        "经济效益指标",
        "积极作用",
        None,
        "积极作用",
    )


def test_statements_outside_a_report_are_not_read():
    assert read_report_statements(["1) 居民参保人数(人),目标值130000,完成值139327,分值10,得分10。"]) == ()


# 固安's 资金支出计划 rows as printed: milestones beside the label, percentages on the line below.
GUAN_PLAN = "资金支出计划(%)\t3月底\t\t6月底\t10月底\t12月底\t\n\t25%\t\t50%\t75%\t100%\t"  # lines 529-530
GUAN_THREE_MILESTONE_PLAN = "资金支出计划（%）\t3月底\t\t6月底\t\t10月底\t\n\t25%\t\t50%\t\t75%\t"  # 547-548
GUAN_SPACED_PLAN = "资金支出计划 (%)\t3 月底\t\t6 月底\t10 月底\t12 月底\t\n\t25%\t\t50%\t75%\t100%\t"  # 649-650
GUAN_BUDGET_ROWS = "预算规模及资金用途\t预算数\t190.82\t其中：财政资金\t190.82\t其他资金\t\n\t用于低保特困人员医疗费补助。\t\t\t\t\t"  # 545-546


def plan_rows(text: str, first_line: int) -> list[tuple[int, list[str]]]:
    return [(first_line + offset, split_cells(line)) for offset, line in enumerate(text.split("\n"))]


def planned(text: str, first_line: int) -> list[tuple]:
    plans, issues = read_spending_plans(plan_rows(text, first_line))
    assert issues == []
    return [
        (p.milestone, p.month, p.percent_text, p.cumulative_percent, p.milestone_line, p.source_line) for p in plans
    ]


def test_guan_spending_plan_pairs_each_milestone_with_the_percentage_below():
    assert planned(GUAN_PLAN, 529) == [
        ("3月底", 3, "25%", Decimal("25"), 529, 530),
        ("6月底", 6, "50%", Decimal("50"), 529, 530),
        ("10月底", 10, "75%", Decimal("75"), 529, 530),
        ("12月底", 12, "100%", Decimal("100"), 529, 530),
    ]


def test_guan_plan_of_three_milestones_skips_the_blank_cells_between_them():
    # 城乡医疗救助县级配套 prints no 12月底: the plan stops at 10月底 75%, as printed.
    assert [(m, month, value) for m, month, _, value, _, _ in planned(GUAN_THREE_MILESTONE_PLAN, 547)] == [
        ("3月底", 3, Decimal("25")),
        ("6月底", 6, Decimal("50")),
        ("10月底", 10, Decimal("75")),
    ]


def test_guan_milestones_printed_with_a_space_keep_their_text():
    assert [(m, month) for m, month, *_ in planned(GUAN_SPACED_PLAN, 649)] == [
        ("3 月底", 3),
        ("6 月底", 6),
        ("10 月底", 10),
        ("12 月底", 12),
    ]


def test_a_plan_is_read_only_at_its_label():
    # 固安 lines 545-548: the budget and its use above the plan are no milestones
    plans, issues = read_spending_plans(plan_rows(GUAN_BUDGET_ROWS + "\n" + GUAN_THREE_MILESTONE_PLAN, 545))
    assert issues == []
    assert [(p.milestone, p.milestone_line, p.source_line) for p in plans] == [
        ("3月底", 547, 548),
        ("6月底", 547, 548),
        ("10月底", 547, 548),
    ]


def test_milestones_and_percentages_that_do_not_pair_are_reported_not_read():
    plans, issues = read_spending_plans(
        plan_rows("资金支出计划(%)\t3月底\t\t6月底\t10月底\t12月底\t\n\t25%\t\t50%\t75%\t", 529)
    )
    assert plans == []
    assert [(i.line_number, i.severity, i.message) for i in issues] == [
        (529, "warning", "资金支出计划: 4 milestone(s) over 3 percentage(s) on the line below; not read")
    ]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("3月底", 3),
        ("3 月底", 3),
        ("12月底", 12),
        ("第一季度", 3),
        ("二季度", 6),
        ("第4季度", 12),
        ("上半年", 6),
        ("全年", 12),
        ("年底", 12),
        ("13月底", None),
        ("执行中", None),
    ],
)
def test_milestone_months(text, month):
    assert milestone_month(text) == month


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("25%", Decimal("25")),
        ("100%", Decimal("100")),
        ("12.5 %", Decimal("12.5")),
        ("75％", Decimal("75")),
        ("60", Decimal("60")),
        ("—", None),
        ("", None),
    ],
)
def test_percent_values(text, value):
    assert percent_value(text) == value
