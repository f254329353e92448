"""Reading the performance tables of the sample documents: every printed indicator row exactly once, in
its project, with the values the documents print; unreadable rows and tables land anyway and are reported."""

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingest.batch import ingest_directory
from ingest.model import ParsedDocument
from ingest.parser import parse_document
from tests.helpers import EXPECTED_INDICATORS, EXPECTED_PROJECTS, SAMPLE_FILES, SAMPLES


def indicator(document: ParsedDocument, project_name: str | None, level3: str):
    names = {p.project_seq: p.name for p in document.performance.projects}
    [found] = [
        i for i in document.performance.indicators if names[i.project_seq] == project_name and i.level3 == level3
    ]
    return found


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_indicator_row_once_in_its_project(parsed, name):
    reading = parsed[name].performance
    assert len(reading.indicators) == EXPECTED_INDICATORS[name]
    assert sum(count for *_, count in EXPECTED_PROJECTS[name]) == EXPECTED_INDICATORS[name]
    projects = []
    for project in reading.projects:
        lines = [i.source_line for i in reading.indicators if i.project_seq == project.project_seq]
        projects.append((project.scope, project.name, min(lines), max(lines), len(lines)))
    assert projects == EXPECTED_PROJECTS[name]
    lines = [i.source_line for i in reading.indicators]
    assert len(set(lines)) == len(lines)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_the_samples_read_without_performance_issues(parsed, name):
    assert [issue for issue in parsed[name].issues if "performance" in issue.message] == []


def test_quanzhou_outpatient_visits(parsed):
    found = indicator(parsed["quanzhou"], "特殊人群医疗费", "普通门诊就诊人次")
    assert (found.level1, found.level2, found.level1_carried, found.source_line) == ("产出指标", "数量指标", True, 444)
    assert (found.target.operator, found.target.value, found.target.unit, found.target.text) == (
        ">=",
        Decimal("30000"),
        "人次",
        "≥30000 人次",
    )


def test_zhaoyuan_long_term_care_subsidy_standard(parsed):
    found = indicator(parsed["zhaoyuan"], "职工长护险财政补贴2024年106万", "职工退休人员长护险财政补贴标准")
    assert (found.level1, found.level2, found.source_line) == ("成本指标", "经济成本", 538)
    assert (found.target.operator, found.target.value, found.target.unit) == ("<=", Decimal("5"), "元/年/人")


def test_zhaoyuan_worded_target(parsed):
    for project in ("职工长护险财政补贴", "职工长护险财政补贴2024年106万"):  # special fund (523) and project (545)
        found = indicator(parsed["zhaoyuan"], project, "减轻受助对象理疗护理负担")
        assert (found.target.is_qualitative, found.target.value_text, found.target.operator, found.target.value) == (
            True,
            "显著",
            None,
            None,
        )
        assert found.target.parse_status == "qualitative"


def test_fuzhou_department_subsidy_standard(parsed):
    found = indicator(parsed["fuzhou"], None, "居民医保人均财政补助标准")
    assert (found.level1, found.level2, found.direction, found.source_line) == ("产出指标", "成本指标", "正向", 506)
    assert (found.target.operator, found.target.value, found.target.unit) == (">=", Decimal("580.00"), "元/人")
    assert str(found.target.value) == "580.00"
    assert (
        found.description == "完成市政府下达城乡基本医疗保险参保扩面任务，参保达到应保尽保，保障城乡居民享受医疗待遇。"
    )


def test_fuzhou_disputes_are_a_reverse_indicator(parsed):
    found = indicator(parsed["fuzhou"], "高技能人才和综合型企业高管财政补助", "因补贴未及时发放引起的纠纷")
    assert (found.direction, found.target.operator, found.target.value, found.target.unit, found.source_line) == (
        "反向",
        "<=",
        Decimal("0.00"),
        "起",
        566,
    )
    # The same indicator closing the table prints no 计量单位 (line 580): none is invented.
    last = indicator(parsed["fuzhou"], "市属困难企业在职职工参加医保补助", "因补贴未及时发放引起的纠纷")
    assert (last.direction, last.target.operator, last.target.value, last.target.unit) == (
        "反向",
        "<=",
        Decimal("0.00"),
        None,
    )


def test_fuzhou_project_attributes_wrapped_over_two_lines(parsed):
    [project] = [p for p in parsed["fuzhou"].performance.projects if p.name == "市属困难企业在职职工参加医保补助"]
    assert (project.sub_unit_code, project.sub_unit_name, project.budget_amount, project.budget_unit) == (
        "505003",
        "福州市医疗保险管理中心",
        Decimal("38"),
        "万元",
    )
    assert project.goal == "根据闽人社【2009】60及榕劳社保【2010】38号文件精神，保障困难企业在职员工享受医疗补助。"


def test_fuzhou_projects_cover_their_runs_of_rows(parsed):
    # A project's block runs from its first line (the table's first, for the first project) to the line
    # before the row naming the next project.
    assert [(p.first_line, p.last_line) for p in parsed["fuzhou"].performance.projects] == [
        (503, 522),
        (532, 544),
        (545, 551),
        (552, 558),
        (559, 566),
        (567, 572),
        (573, 580),
    ]


def test_guan_project_cost(parsed):
    [project] = [p for p in parsed["guan"].performance.projects if p.name == "城乡居民医疗保险县级补助资金"]
    assert (project.code, project.budget_amount, project.budget_unit, project.budget_line) == (
        "13102224P00000112121X",
        Decimal("4686.92"),
        "万元",
        527,
    )
    found = indicator(parsed["guan"], "城乡居民医疗保险县级补助资金", "项目成本")
    assert (found.target.operator, found.target.value, found.target.unit) == ("<=", Decimal("46869248"), "元")


def test_guan_symbol_value_unit_cells(parsed):
    found = indicator(parsed["guan"], None, "城乡居民医疗保险参保人数")
    assert (found.target.text, found.target.operator, found.target.value, found.target.unit) == (
        "≥ 36 万人",
        ">=",
        Decimal("36"),
        "万人",
    )
    assert (found.scoring_rule, found.basis) == ("总分值100分，参保人数每下降总人数的1%，扣除1分", "实际参保人数")
    worded = indicator(parsed["guan"], None, "救助保障人群覆盖面")
    assert (worded.target.text, worded.target.is_qualitative, worded.target.value_text) == (
        "文字描述 有所扩大",
        True,
        "有所扩大",
    )


def test_guan_rate_per_person_and_year_takes_the_canonical_unit(parsed):
    found = indicator(parsed["guan"], "脱贫人口（建档立卡贫困人员）个人缴费县级补助资金", "人均补助标准")
    assert (found.source_line, found.target.text, found.target.operator, found.target.value, found.target.unit) == (
        692,
        "≤266元/人/年",
        "<=",
        Decimal("266"),
        "元/年/人",
    )


def test_sanming_self_evaluation(parsed):
    found = indicator(parsed["sanming"], "2024 年城乡居民基本医疗保险市级补助资金", "居民参保人数")
    assert (found.target.operator, found.target.value, found.target.unit) == (">=", Decimal("130000"), "人")
    assert (found.actual_text, found.actual_value, found.weight, found.score) == (
        "139327",
        Decimal("139327"),
        Decimal("10"),
        Decimal("10"),
    )
    [project] = [p for p in parsed["sanming"].performance.projects if p.project_seq == found.project_seq]
    assert (project.scope, project.budget_amount, project.budget_line) == ("special_fund", Decimal("275.20"), 570)


def test_sanming_report_restates_every_indicator(parsed):
    statements = parsed["sanming"].performance.report_statements
    assert len(statements) == 14  # 7 statements under each of the two reports (lines 647-677, 719-749)
    first = statements[0]
    assert (first.source_line, first.project_name, first.level3, first.target_value, first.actual_value) == (
        647,
        "2024 年城乡居民基本医疗保险市级补助资金",
        "居民参保人数",
        Decimal("130000"),
        Decimal("139327"),
    )


@pytest.mark.parametrize(
    ("name", "line", "count", "amount"),
    [
        ("quanzhou", 427, 2, "4023.00"),
        ("zhaoyuan", 500, 7, "3812.27"),
        ("fuzhou", 491, 40, "53071"),
        ("sanming", 511, 2, "534.20"),
    ],
)
def test_fund_totals_of_the_prose(parsed, name, line, count, amount):
    [total] = parsed[name].performance.fund_totals
    assert (total.source_line, total.project_count, total.amount, total.unit) == (line, count, Decimal(amount), "万元")


def test_guan_states_no_fund_total(parsed):
    assert parsed["guan"].performance.fund_totals == ()


def test_guan_prints_a_spending_plan_in_each_of_its_ten_project_tables(parsed):
    reading = parsed["guan"].performance
    names = {p.project_seq: p.name for p in reading.projects}
    plans: dict[str, list[tuple]] = {}
    for m in reading.spending_plan:
        plans.setdefault(names[m.project_seq], []).append(
            (m.milestone_seq, m.planned.milestone, m.planned.month, m.planned.cumulative_percent)
        )
    assert list(plans) == [project for scope, project, *_ in EXPECTED_PROJECTS["guan"] if scope == "project"]
    # 城乡医疗救助县级配套 (lines 547-548) prints three milestones, every other project four
    assert plans["城乡医疗救助县级配套"] == [
        (1, "3月底", 3, Decimal("25")),
        (2, "6月底", 6, Decimal("50")),
        (3, "10月底", 10, Decimal("75")),
    ]
    for project, plan in plans.items():
        if project != "城乡医疗救助县级配套":
            assert [(month, value) for _, _, month, value in plan] == [
                (3, Decimal("25")),
                (6, Decimal("50")),
                (10, Decimal("75")),
                (12, Decimal("100")),
            ], project
    assert [
        (m.planned.milestone_line, m.planned.source_line) for m in reading.spending_plan if m.milestone_seq == 1
    ] == [
        (529, 530),
        (547, 548),
        (565, 566),
        (583, 584),
        (611, 612),
        (629, 630),
        (649, 650),
        (667, 668),
        (685, 686),
        (703, 704),
    ]


@pytest.mark.parametrize("name", ["quanzhou", "zhaoyuan", "fuzhou", "sanming"])
def test_the_other_samples_print_no_spending_plan(parsed, name):
    assert parsed[name].performance.spending_plan == ()


def altered(name: str, changes: dict[int, tuple[str, str]]) -> str:
    """A sample document with some printed cells changed (line → (printed, replacement))."""
    lines = (SAMPLES / SAMPLE_FILES[name]).read_text(encoding="utf-8").split("\n")
    for number, (printed, replacement) in changes.items():
        assert printed in lines[number - 1]
        lines[number - 1] = lines[number - 1].replace(printed, replacement, 1)
    return "\n".join(lines)


def test_malformed_and_empty_targets_land_as_printed():
    document = parse_document(altered("guan", {533: ("≥360000人", "≥"), 534: ("100%", "大于"), 535: ("1年", "")}))
    rows = {i.source_line: i for i in document.performance.indicators}
    assert [
        (rows[n].level3, rows[n].target.text, rows[n].target.parse_status, rows[n].target.value)
        for n in (533, 534, 535)
    ] == [
        ("人数", "≥", "malformed", None),
        ("资金发放合格率", "大于", "malformed", None),
        ("工作时效", "", "empty", None),
    ]
    assert len(document.performance.indicators) == EXPECTED_INDICATORS["guan"]


def test_malformed_and_empty_targets_land_in_the_raw_layer(tmp_path: Path):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "guan.txt").write_text(
        altered("guan", {533: ("≥360000人", "≥"), 534: ("100%", "大于"), 535: ("1年", "")}), encoding="utf-8"
    )
    warehouse = tmp_path / "w.duckdb"
    ingest_directory(documents, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select source_line, level3, target_text, target_parse_status, target_operator, target_value "
            "from raw.performance_indicators where source_line between 533 and 535 order by source_line"
        ).fetchall()
        assert rows == [
            (533, "人数", "≥", "malformed", None, None),
            (534, "资金发放合格率", "大于", "malformed", None, None),
            (535, "工作时效", "", "empty", None, None),
        ]
        assert connection.execute("select count(*) from raw.performance_indicators").fetchone() == (
            EXPECTED_INDICATORS["guan"],
        )


def test_empty_target_without_result_columns_is_kept_and_reported():
    document = parse_document(altered("quanzhou", {443: ("≥100%", "")}))
    row = next(i for i in document.performance.indicators if i.source_line == 443)
    assert (row.level1, row.level2, row.level3, row.target.parse_status) == (
        "产出指标",
        "时效指标",
        "资金到位率",
        "empty",
    )
    assert [i.severity for i in document.issues if i.line_number == 443] == ["warning"]


def test_row_without_its_anchor_cell_is_read_at_the_header_and_reported():
    document = parse_document(altered("fuzhou", {543: ("正向指标", "")}))
    row = next(i for i in document.performance.indicators if i.source_line == 543)
    assert (row.level3, row.direction, row.target.operator, row.target.value, row.target.unit) == (
        "受益人数",
        None,
        ">=",
        Decimal("700.00"),
        "人",
    )
    [issue] = [i for i in document.issues if i.line_number == 543]
    assert "header" in issue.message


def test_unreadable_table_lands_its_rows_and_an_issue(tmp_path: Path):
    documents = tmp_path / "documents"
    documents.mkdir()
    # 固安's first project table loses its indicator header: nothing says where the targets are.
    (documents / "guan.txt").write_text(
        altered("guan", {532: ("一级指标\t二级指标\t三级指标", "甲\t乙\t丙")}), encoding="utf-8"
    )
    warehouse = tmp_path / "w.duckdb"
    ingest_directory(documents, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        issues = connection.execute(
            "select file_name, line_number, severity, message from raw.ingest_issues where message like '%performance%'"
        ).fetchall()
        assert issues == [
            (
                "guan.txt",
                526,
                "warning",
                "performance table '1、城乡居民医疗保险县级补助资金绩效目标表': no indicator rows could be read",
            )
        ]
        landed_rows = connection.execute(
            "select count(*) from raw.statement_rows r join raw.statement_tables t using (table_id) "
            "where t.first_line = 526 and r.source_line between 533 and 538"
        ).fetchone()
        assert landed_rows == (6,)
        indicators = connection.execute("select count(*) from raw.performance_indicators").fetchone()
        assert indicators == (EXPECTED_INDICATORS["guan"] - 6,)
        project = connection.execute(
            "select project_name, project_code, budget_amount from raw.performance_projects "
            "where project_code = '13102224P00000112121X'"
        ).fetchone()
        assert project == ("城乡居民医疗保险县级补助资金", "13102224P00000112121X", Decimal("4686.92"))
