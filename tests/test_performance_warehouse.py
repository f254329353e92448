"""marts.fct_performance_indicator, marts.dim_project and the performance tie rules on the sample corpus."""

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.helpers import EXPECTED_INDICATORS, EXPECTED_PROJECTS

DEPARTMENTS = {
    "quanzhou": "泉州市医疗保障局",
    "zhaoyuan": "招远市医疗保障局",
    "fuzhou": "福州市医疗保障局",
    "sanming": "三明市医疗保障局",
    "guan": "固安县医疗保障局",
}


@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path) -> Path:
    return built_warehouse


@pytest.fixture()
def db(warehouse: Path):
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


INDICATOR = """
    select f.level1_indicator, f.level2_indicator, f.target_operator, f.target_value, f.target_unit, f.target_text,
           f.is_qualitative, f.target_wording, f.direction, f.actual_value, f.actual_text, f.weight, f.score,
           f.project_code, f.project_budget, f.project_budget_unit, f.scope, f.fiscal_year, f.phase, f.source_line
    from marts.fct_performance_indicator f
    inner join marts.dim_department d on f.department_key = d.department_key
    where d.department_name = ? and f.project_name is not distinct from ? and f.level3_indicator = ?
"""


def one(db, department: str, project: str | None, level3: str) -> dict:
    cursor = db.execute(INDICATOR, [department, project, level3])
    rows = cursor.fetchall()
    assert len(rows) == 1
    return dict(zip([column[0] for column in cursor.description], rows[0], strict=False))


def test_quanzhou_outpatient_visits(db):
    row = one(db, "泉州市医疗保障局", "特殊人群医疗费", "普通门诊就诊人次")
    assert (row["target_operator"], row["target_value"], row["target_unit"]) == (">=", Decimal("30000"), "人次")
    assert (row["scope"], row["fiscal_year"], row["phase"], row["source_line"]) == ("project", 2024, "budget", 444)
    assert (row["project_budget"], row["project_budget_unit"]) == (Decimal("1300.00"), "万元")


def test_zhaoyuan_long_term_care_subsidy_standard(db):
    row = one(db, "招远市医疗保障局", "职工长护险财政补贴2024年106万", "职工退休人员长护险财政补贴标准")
    assert (row["level1_indicator"], row["level2_indicator"]) == ("成本指标", "经济成本")
    assert (row["target_operator"], row["target_value"], row["target_unit"]) == ("<=", Decimal("5"), "元/年/人")


def test_fuzhou_department_subsidy_standard(db):
    row = one(db, "福州市医疗保障局", None, "居民医保人均财政补助标准")
    assert (row["scope"], row["target_operator"], row["target_value"], row["target_unit"], row["direction"]) == (
        "department",
        ">=",
        Decimal("580.00"),
        "元/人",
        "正向",
    )


def test_fuzhou_disputes_reverse_indicator(db):
    row = one(db, "福州市医疗保障局", "高技能人才和综合型企业高管财政补助", "因补贴未及时发放引起的纠纷")
    assert (row["target_operator"], row["target_value"], row["target_unit"], row["direction"]) == (
        "<=",
        Decimal("0"),
        "起",
        "反向",
    )


def test_guan_project_cost(db):
    row = one(db, "固安县医疗保障局", "城乡居民医疗保险县级补助资金", "项目成本")
    assert (row["project_code"], row["project_budget"], row["project_budget_unit"]) == (
        "13102224P00000112121X",
        Decimal("4686.92"),
        "万元",
    )
    assert (row["target_operator"], row["target_value"], row["target_unit"]) == ("<=", Decimal("46869248"), "元")


def test_sanming_result_weight_and_score(db):
    row = one(db, "三明市医疗保障局", "2024 年城乡居民基本医疗保险市级补助资金", "居民参保人数")
    assert (row["target_operator"], row["target_value"], row["target_unit"]) == (">=", Decimal("130000"), "人")
    assert (row["actual_value"], row["weight"], row["score"], row["phase"]) == (
        Decimal("139327"),
        Decimal("10"),
        Decimal("10"),
        "final",
    )


def test_zhaoyuan_worded_target(db):
    row = one(db, "招远市医疗保障局", "职工长护险财政补贴2024年106万", "减轻受助对象理疗护理负担")
    assert (
        row["target_text"],
        row["is_qualitative"],
        row["target_wording"],
        row["target_operator"],
        row["target_value"],
    ) == ("显著", True, "显著", None, None)


def test_rates_per_person_and_year_share_one_unit(db):
    rows = db.execute("""
        select d.department_name, f.target_unit, count(*),
               sum(case when f.target_text like '%元/人/年' then 1 else 0 end)
        from marts.fct_performance_indicator f
        inner join marts.dim_department d on f.department_key = d.department_key
        where f.target_unit like '%/%/%'
        group by d.department_name, f.target_unit
        order by d.department_name
    """).fetchall()
    # 固安 prints 元/人/年, 招远 元/年/人: one unit, the text as printed
    assert rows == [("固安县医疗保障局", "元/年/人", 3, 3), ("招远市医疗保障局", "元/年/人", 9, 0)]


@pytest.mark.parametrize("name", list(EXPECTED_PROJECTS))
def test_indicator_counts_per_document_and_project(db, name):
    rows = db.execute(
        """
        select p.scope, p.project_name, count(f.performance_indicator_id), min(f.source_line), max(f.source_line)
        from marts.dim_project p
        inner join marts.dim_department d on p.department_key = d.department_key
        left join marts.fct_performance_indicator f on f.project_key = p.project_key
        where d.department_name = ?
        group by p.scope, p.project_name, p.project_seq
        order by p.project_seq
    """,
        [DEPARTMENTS[name]],
    ).fetchall()
    assert rows == [
        (scope, project, count, first, last) for scope, project, first, last, count in EXPECTED_PROJECTS[name]
    ]
    assert sum(count for _, _, count, _, _ in rows) == EXPECTED_INDICATORS[name]


def test_every_indicator_once(db):
    assert db.execute(
        "select count(*), count(distinct performance_indicator_id) from marts.fct_performance_indicator"
    ).fetchone() == (233, 233)
    assert db.execute("select count(*) from raw.performance_indicators").fetchone() == (233,)


def test_zhaoyuan_projects_join_their_project_list_lines(db):
    rows = db.execute("""
        select p.project_name, p.budget_amount, p.listed_project_name, p.listed_amount, p.list_match_method,
               p.listed_source_line
        from marts.dim_project p
        inner join marts.dim_department d on p.department_key = d.department_key
        where d.department_name = '招远市医疗保障局' and p.scope = 'project'
        order by p.project_seq
    """).fetchall()
    assert len(rows) == 7
    assert all(row[2] == row[0] and row[4] == "name" for row in rows if row[0] != "DRG试点经费项目2024年16万")
    # The list prints the DRG project as DRG试点工作经费项目2024年16万: matched as the closest name.
    drg = next(row for row in rows if row[0] == "DRG试点经费项目2024年16万")
    assert drg == (
        "DRG试点经费项目2024年16万",
        Decimal("10.00"),
        "DRG试点工作经费项目2024年16万",
        Decimal("10.00"),
        "similar_name",
        431,
    )
    assert [row[5] for row in rows] == [426, 427, 428, 429, 430, 431, 432]


def test_projects_of_documents_without_a_project_list_are_unmatched(db):
    assert db.execute("""
        select count(*) from marts.dim_project p
        inner join marts.dim_department d on p.department_key = d.department_key
        where d.department_name <> '招远市医疗保障局' and p.list_match_method is not null
    """).fetchone() == (0,)


TIES = """
    select d.department_name, t.line_label, t.lhs, t.rhs, t.term_count, t.status, t.not_applicable_reason,
           t.lhs_source_lines, t.rhs_source_lines
    from marts.fct_tie_check t
    inner join marts.dim_department d on t.department_key = d.department_key
    where t.rule_id = ?
    order by d.department_name, t.lhs_source_lines
"""


def test_project_budget_ties_with_the_project_list(db):
    rows = db.execute(TIES, ["T_PERFORMANCE_BUDGET_EQ_PROJECT_LIST"]).fetchall()
    zhaoyuan = [row for row in rows if row[0] == "招远市医疗保障局"]
    assert [(row[1], row[2], row[3], row[5], row[7], row[8]) for row in zhaoyuan] == [
        ("职工长护险财政补贴2024年106万", Decimal("106.00"), Decimal("106.00"), "pass", "533", "426"),
        (
            "特殊群体医疗保险个人缴费部分财政补助2024年587.2万",
            Decimal("587.20"),
            Decimal("587.20"),
            "pass",
            "553",
            "427",
        ),
        ("特殊人群医疗统筹金及管理经费2024年1999.7万", Decimal("1999.70"), Decimal("1999.70"), "pass", "571", "428"),
        ("特殊群体一站式医疗救助2024年950万", Decimal("950.00"), Decimal("950.00"), "pass", "594", "429"),
        ("重特大疾病医疗补助2024年150万", Decimal("150.00"), Decimal("150.00"), "pass", "611", "430"),
        ("DRG试点经费项目2024年16万", Decimal("10.00"), Decimal("10.00"), "pass", "629", "431"),
        ("业务经费2024年9.37万", Decimal("9.37"), Decimal("9.37"), "pass", "646", "432"),
    ]
    others = {(row[5], row[6]) for row in rows if row[0] != "招远市医疗保障局"}
    assert others == {("not_applicable", "rhs missing: the document prints no project list (项目支出表)")}
    # 泉州 2 + 福州 6 + 固安 10 projects; 三明 prints special funds only
    assert len(rows) - len(zhaoyuan) == 18


def test_stated_funds_tie_with_the_project_budgets(db):
    rows = db.execute(TIES, ["T_PERFORMANCE_FUNDS_EQ_SUM_PROJECT_BUDGETS"]).fetchall()
    assert [(row[0], row[1], row[2], row[3], row[4], row[5], row[7]) for row in rows] == [
        ("三明市医疗保障局", "2个项目", Decimal("534.20"), Decimal("534.20"), 2, "pass", "511"),
        # 固安 prints ten project tables (Σ 预算数 5291.27万元) but no 涉及资金 sentence
        ("固安县医疗保障局", None, None, Decimal("5291.27"), 10, "not_applicable", None),
        ("招远市医疗保障局", "7个项目", Decimal("3812.27"), Decimal("3812.27"), 7, "pass", "500"),
        ("泉州市医疗保障局", "2个项目", Decimal("4023.00"), Decimal("4023.00"), 2, "pass", "427"),
        # The prose counts 40 项目绩效目标 and 53071万元; the table prints six projects of 169424万元: the
        # funds of 40 projects are no sum of six, so neither pass nor fail.
        ("福州市医疗保障局", "40个项目", Decimal("53071"), Decimal("169424"), 6, "not_applicable", "491"),
    ]
    quanzhou = next(row for row in rows if row[0] == "泉州市医疗保障局")
    assert quanzhou[8] == "435,452"
    guan = next(row for row in rows if row[0] == "固安县医疗保障局")
    assert guan[6] == "lhs missing: the prose states no funds for the projects with performance targets"
    fuzhou = next(row for row in rows if row[0] == "福州市医疗保障局")
    assert fuzhou[6] == "lhs not comparable: the prose counts 40 projects, the document prints 6"


def test_stated_project_count_ties_with_the_printed_projects(db):
    rows = db.execute(TIES, ["T_PERFORMANCE_PROJECT_COUNT_EQ_PRINTED"]).fetchall()
    assert [(row[0], row[1], row[2], row[3], row[5], row[7]) for row in rows] == [
        ("三明市医疗保障局", "2个项目", Decimal("2"), Decimal("2"), "pass", "511"),
        ("固安县医疗保障局", None, None, Decimal("10"), "not_applicable", None),
        ("招远市医疗保障局", "7个项目", Decimal("7"), Decimal("7"), "pass", "500"),
        ("泉州市医疗保障局", "2个项目", Decimal("2"), Decimal("2"), "pass", "427"),
        # 共设置40个项目绩效目标 (line 491); the 财政支出项目绩效目标表 prints six projects
        ("福州市医疗保障局", "40个项目", Decimal("40"), Decimal("6"), "fail", "491"),
    ]
    fuzhou = db.execute("""
        select t.difference, t.tolerance, t.source_unit, t.severity, t.rhs_source_lines
        from marts.fct_tie_check t
        inner join marts.dim_department d on t.department_key = d.department_key
        where t.rule_id = 'T_PERFORMANCE_PROJECT_COUNT_EQ_PRINTED' and d.department_name = '福州市医疗保障局'
    """).fetchone()
    assert fuzhou == (Decimal("34"), Decimal("0"), "个", "warn", "532,545,552,559,567,573")
    quanzhou = next(row for row in rows if row[0] == "泉州市医疗保障局")
    assert quanzhou[8] == "435,452"


SPENDING_PLAN = """
    select p.project_name, s.milestone_seq, s.milestone, s.milestone_month, s.cumulative_percent, s.period_percent,
           s.percent_text, s.cumulative_amount, s.milestone_source_line, s.source_line
    from marts.fct_project_spending_plan s
    inner join marts.dim_project p on s.project_key = p.project_key
    inner join marts.dim_department d on s.department_key = d.department_key
    where d.department_name = '固安县医疗保障局'
"""


def test_guan_health_insurance_subsidy_spending_plan(db):
    rows = db.execute(
        SPENDING_PLAN + " and p.project_code = '13102224P00000112121X' order by s.milestone_seq"
    ).fetchall()
    # 预算数 4686.92万元; 资金支出计划(%) 3月底 25%, 6月底 50%, 10月底 75%, 12月底 100% (lines 529-530)
    assert rows == [
        (
            "城乡居民医疗保险县级补助资金",
            1,
            "3月底",
            3,
            Decimal("25"),
            Decimal("25"),
            "25%",
            Decimal("1171.73"),
            529,
            530,
        ),
        (
            "城乡居民医疗保险县级补助资金",
            2,
            "6月底",
            6,
            Decimal("50"),
            Decimal("25"),
            "50%",
            Decimal("2343.46"),
            529,
            530,
        ),
        (
            "城乡居民医疗保险县级补助资金",
            3,
            "10月底",
            10,
            Decimal("75"),
            Decimal("25"),
            "75%",
            Decimal("3515.19"),
            529,
            530,
        ),
        (
            "城乡居民医疗保险县级补助资金",
            4,
            "12月底",
            12,
            Decimal("100"),
            Decimal("25"),
            "100%",
            Decimal("4686.92"),
            529,
            530,
        ),
    ]


def test_each_guan_project_has_its_spending_plan(db):
    plans = db.execute("""
        select p.project_name, count(s.spending_milestone_id), max(s.cumulative_percent), min(s.source_line)
        from marts.dim_project p
        inner join marts.dim_department d on p.department_key = d.department_key
        left join marts.fct_project_spending_plan s on s.project_key = p.project_key
        where d.department_name = '固安县医疗保障局' and p.scope = 'project'
        group by p.project_name, p.project_seq
        order by p.project_seq
    """).fetchall()
    projects = [project for scope, project, *_ in EXPECTED_PROJECTS["guan"] if scope == "project"]
    assert [name for name, *_ in plans] == projects
    # 城乡医疗救助县级配套 prints 3月底 25%, 6月底 50%, 10月底 75% and no 12月底
    assert [(count, top) for _, count, top, _ in plans] == [
        (3, Decimal("75")) if name == "城乡医疗救助县级配套" else (4, Decimal("100")) for name in projects
    ]
    assert [line for *_, line in plans] == [530, 548, 566, 584, 612, 630, 650, 668, 686, 704]
    assert db.execute("select count(*) from marts.fct_project_spending_plan").fetchone() == (39,)
    assert db.execute("select count(*) from raw.performance_spending_plan").fetchone() == (39,)


def test_share_of_guan_project_budgets_planned_by_june(db):
    # The analyst's question: each project's latest milestone up to June, its planned amount summed.
    planned = db.execute("""
        with by_june as (
            select s.*, row_number() over (partition by s.project_key order by s.milestone_month desc) as latest
            from marts.fct_project_spending_plan s
            inner join marts.dim_department d on s.department_key = d.department_key
            where d.department_name = '固安县医疗保障局' and s.milestone_month <= 6
        )
        select count(*), min(cumulative_percent), max(cumulative_percent), sum(cumulative_amount), sum(project_budget)
        from by_june where latest = 1
    """).fetchone()
    assert planned == (10, Decimal("50"), Decimal("50"), Decimal("2645.635"), Decimal("5291.27"))


def test_sanming_report_agrees_with_its_tables(db):
    rows = db.execute("""
        select count(*), count(report_source_line), sum(case when is_report_consistent then 1 else 0 end)
        from marts.fct_performance_indicator f
        inner join marts.dim_department d on f.department_key = d.department_key
        where d.department_name = '三明市医疗保障局'
    """).fetchone()
    assert rows == (14, 14, 14)


def test_sanming_targets_met(db):
    rows = db.execute("""
        select level3_indicator, is_target_met from marts.fct_performance_indicator
        where phase = 'final' and is_target_met is not null order by source_line
    """).fetchall()
    # 12 numeric targets, all met; the two worded ones (稳步增长, 积极作用) are not judged
    assert len(rows) == 12 and all(met for _, met in rows)
    assert db.execute(
        "select count(*) from marts.fct_performance_indicator where phase = 'budget' and is_target_met is not null"
    ).fetchone() == (0,)
