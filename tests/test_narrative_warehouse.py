"""Narrative figures, prior-year values, narrative ↔ table ties and disclosure completeness on the
sample corpus (built once per session: the built_warehouse fixture)."""

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

QUANZHOU, ZHAOYUAN, FUZHOU, SANMING, GUAN = (
    "泉州市医疗保障局",
    "招远市医疗保障局",
    "福州市医疗保障局",
    "三明市医疗保障局",
    "固安县医疗保障局",
)


@pytest.fixture(scope="module")
def db(built_warehouse: Path):
    connection = duckdb.connect(str(built_warehouse), read_only=True)
    yield connection
    connection.close()


def _rows(db, sql: str, *parameters) -> list[dict]:
    cursor = db.execute(sql, list(parameters))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]


def _department(name: str) -> str:
    return f"department_key = (select department_key from marts.dim_department where department_name = '{name}')"


# --- item 1: the figures -----------------------------------------------------------------------


def test_raw_layer_keeps_every_figure_with_its_sentence_and_line(raw):
    rows = raw.execute("""
        select f.subject_kind, f.amount, f.unit, f.printed_amount, f.source_line, f.sentence
        from raw.narrative_figures f join raw.documents d using (document_id)
        where d.file_name = '000_1e74d09e60971ecb.txt' and f.subject_code = '2101501'
    """).fetchall()
    assert rows == [
        ("function_subject", Decimal("2535.54"), "万元", "2,535.54 万元", 375, "（八）2101501-行政运行 2,535.54 万元。")
    ]
    text = (
        (Path(__file__).resolve().parent.parent / "documents" / "samples" / "000_1e74d09e60971ecb.txt")
        .read_text(encoding="utf-8")
        .split("\n")
    )
    assert "2,535.54" in text[375 - 1]


def test_figures_of_every_subject_family_are_read(db):
    rows = _rows(
        db,
        f"""
        select subject_kind, subject_text, amount, source_unit, amount_yuan, source_line
        from marts.fct_narrative_figure where {_department(QUANZHOU)}
    """,
    )
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["subject_kind"], []).append(row)
    assert [r["amount"] for r in by_kind["income_total"]] == [Decimal("10650.53")]
    assert [r["amount"] for r in by_kind["operating_costs"]] == [Decimal("438.49")]
    assert [(r["subject_text"], r["amount"]) for r in by_kind["procurement_goods"]] == [
        ("政府采购货物预算", Decimal("81.63"))
    ]
    assert [r["amount"] for r in by_kind["performance_project_funds"]] == [Decimal("4023.00")]
    assert [(r["amount"], r["source_unit"], r["amount_yuan"]) for r in by_kind["vehicles_held"]] == [
        (Decimal("0"), "辆", None)
    ]
    assert [r["amount_yuan"] for r in by_kind["three_public_reception"]] == [Decimal("170000")]
    assert {"personnel_costs", "public_use_costs", "function_subject", "three_public_vehicles"} <= set(by_kind)


def test_large_units_are_exact(db):
    [row] = _rows(
        db,
        f"""
        select amount, source_unit, amount_yuan from marts.fct_narrative_figure
        where {_department(SANMING)} and printed_amount = '1.8 亿元'
    """,
    )
    assert (row["amount"], row["source_unit"], row["amount_yuan"]) == (Decimal("1.8"), "亿元", Decimal("180000000"))


# --- item 2: prior-year values -----------------------------------------------------------------


def test_quanzhou_2024_reception_prior_year_value_is_queryable(db):
    [row] = _rows(
        db,
        f"""
        select fiscal_year, stated_in_fiscal_year, amount, amount_yuan, current_amount, change_amount,
               is_derived_from_narrative, figure_id
        from marts.fct_prior_year_value
        where {_department(QUANZHOU)} and subject_kind = 'three_public_reception'
    """,
    )
    assert (row["fiscal_year"], row["stated_in_fiscal_year"]) == (2023, 2024)
    assert (row["current_amount"], row["change_amount"], row["amount"]) == (
        Decimal("17.00"),
        Decimal("-7.50"),
        Decimal("24.50"),
    )
    assert row["amount_yuan"] == Decimal("245000")
    assert row["is_derived_from_narrative"] is True
    [figure] = _rows(
        db,
        "select prior_year_amount, is_prior_year_derived from marts.fct_narrative_figure where figure_id = ?",
        row["figure_id"],
    )
    assert (figure["prior_year_amount"], figure["is_prior_year_derived"]) == (Decimal("24.50"), True)


def test_prior_year_values_printed_in_a_table_sit_beside_the_derived_ones(db):
    # 招远 prints its 2023 “三公” budget; the prose's 5.76 比上年减少1.30 derives the same 7.06
    rows = _rows(
        db,
        f"""
        select amount, is_derived_from_narrative from marts.fct_prior_year_value
        where {_department(ZHAOYUAN)} and subject_kind = 'three_public_total' order by is_derived_from_narrative
    """,
    )
    assert [(r["amount"], r["is_derived_from_narrative"]) for r in rows] == [
        (Decimal("7.060000"), False),
        (Decimal("7.060000"), True),
    ]


def test_no_prior_year_value_without_a_stated_change_amount(db):
    # 福州: 公务接待费 …7.5万元。…与上年下降 states a direction only
    [figure] = _rows(
        db,
        f"""
        select change_direction, is_prior_year_derived, prior_year_amount from marts.fct_narrative_figure
        where {_department(FUZHOU)} and subject_kind = 'three_public_reception'
    """,
    )
    assert (figure["change_direction"], figure["is_prior_year_derived"], figure["prior_year_amount"]) == (
        "decrease",
        False,
        None,
    )


def test_a_figure_stated_as_the_prior_years_is_kept_as_such(db):
    # 固安: 上年末固定资产金额102.89万元 is the prior year's, never compared with the year's tables
    [row] = _rows(
        db,
        f"""
        select fiscal_year, stated_in_fiscal_year, amount, value_source, is_derived_from_narrative
        from marts.fct_prior_year_value where {_department(GUAN)} and subject_kind = 'fixed_assets'
    """,
    )
    assert row == {
        "fiscal_year": 2023,
        "stated_in_fiscal_year": 2024,
        "amount": Decimal("102.89"),
        "value_source": "narrative_stated",
        "is_derived_from_narrative": False,
    }


def test_the_samples_figures_are_compared_as_their_documents_own_quantity(db):
    # No sample states 年初预算 beside 决算: the budgets' figures are their 年初预算 (预算 or no word),
    # 三明's final accounts' their 决算, and every compared figure is checked (none not_applicable).
    rows = db.execute("""
        select f.phase, f.amount_scope, f.amount_scope_stated, count(*)
        from marts.fct_narrative_figure f
        join marts.fct_tie_check t on t.lhs_row_id = f.figure_id
        where t.rule_group = 'narrative' and t.rule_id <> 'T_NARRATIVE_PARTS_EQ_TOTAL'
        group by all order by all
    """).fetchall()
    assert {(phase, scope, stated) for phase, scope, stated, _ in rows} == {
        ("budget", "initial_budget", "budget"),
        ("budget", "initial_budget", "unknown"),
        ("final", "final", "unknown"),
    }
    # 福州's 四、财政拨款预算基本支出情况 names 财政拨款; its 财政拨款收支总表 shows all of it 一般公共预算, so its
    # 人员经费 4138.01 is compared with the 一般公共预算 basic-expense table, and still contradicts it
    assert _tie(db, FUZHOU, "T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE", lhs_source_lines="465")["status"] == "fail"
    [funding] = db.execute(
        f"select funding_scope from marts.fct_narrative_figure where {_department(FUZHOU)} and source_line = 465"
    ).fetchone()
    assert funding == "fiscal_grant"


# --- item 3: narrative ↔ table ties ------------------------------------------------------------


def _tie(db, department: str, rule_id: str, **where) -> dict:
    conditions = " and ".join(f"{column} = ?" for column in where)
    [row] = _rows(
        db,
        f"""
        select rule_group, lhs, rhs, term_count, tolerance, status, lhs_source_lines, rhs_source_lines
        from marts.fct_tie_check
        where {_department(department)} and rule_id = ? and {conditions}
    """,
        rule_id,
        *where.values(),
    )
    assert row["rule_group"] == "narrative"
    return row


def test_guan_vehicles_narrative_contradicts_the_three_public_table(db):
    row = _tie(db, GUAN, "T_NARRATIVE_THREE_PUBLIC_EQ_TABLE", measure="vehicles")
    assert (row["lhs"], row["rhs"], row["status"]) == (Decimal("0.00"), Decimal("2.00"), "fail")
    operation = _tie(db, GUAN, "T_NARRATIVE_THREE_PUBLIC_EQ_TABLE", measure="vehicle_operation")
    assert (operation["lhs"], operation["rhs"], operation["status"]) == (Decimal("2.00"), Decimal("2.00"), "pass")


def test_sanming_personnel_is_a_cent_off_the_basic_table(db):
    row = _tie(db, SANMING, "T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE", line_label="人员支出")
    assert (row["lhs"], row["rhs"], row["tolerance"], row["status"]) == (
        Decimal("4855.16"),
        Decimal("4855.17"),
        Decimal("0.01"),
        "rounding",
    )


def test_quanzhou_administration_code_matches_its_table(db):
    row = _tie(db, QUANZHOU, "T_NARRATIVE_SUBJECT_CODE_EQ_GENERAL_BUDGET_TABLE", subject_code="2101501")
    assert (row["lhs"], row["rhs"], row["status"], row["lhs_source_lines"]) == (
        Decimal("2535.54"),
        Decimal("2535.54"),
        "pass",
        "375",
    )


def test_fuzhou_expenditure_parts_do_not_add_up(db):
    row = _tie(db, FUZHOU, "T_NARRATIVE_PARTS_EQ_TOTAL", line_label="相应安排支出预算")
    assert (row["lhs"], row["rhs"], row["term_count"], row["status"]) == (
        Decimal("177881.12"),
        Decimal("62431.10"),
        4,
        "fail",
    )


def test_a_zero_stated_for_a_table_published_empty_passes(db):
    # 福州 prints its 政府性基金 table with no row, only its note (line 250); 三明 prints 0.00 throughout
    # and no total row, its note on line 387. Both state 政府性基金支出 0 in the prose.
    fuzhou = _tie(db, FUZHOU, "T_NARRATIVE_TOTAL_EQ_TABLE", counterpart_statement="gov_fund_expense")
    sanming = _tie(db, SANMING, "T_NARRATIVE_TOTAL_EQ_TABLE", counterpart_statement="gov_fund_expense")
    assert [
        (row["lhs"], row["rhs"], row["term_count"], row["status"], row["lhs_source_lines"], row["rhs_source_lines"])
        for row in (fuzhou, sanming)
    ] == [
        (Decimal("0"), Decimal("0"), 0, "pass", "459", "250"),
        (Decimal("0.00"), Decimal("0"), 0, "pass", "477", "387"),
    ]


def test_every_narrative_failure_of_the_samples_is_a_contradiction_of_the_document(db):
    failures = db.execute("""
        select substr(file_name, 1, 3), rule_id, line_label, lhs, rhs, lhs_source_lines, rhs_source_lines
        from marts.fct_tie_check where rule_group = 'narrative' and status = 'fail'
        order by 1, 2, lhs_row_id
    """).fetchall()
    assert failures == [
        # 福州: the 其中 list of income omits the 上级补助收入 116,353.00 of its 收支总表 (line 108)
        (
            "002",
            "T_NARRATIVE_PARTS_EQ_TOTAL",
            "福州市医疗保障局收入预算",
            Decimal("177881.12"),
            Decimal("61528.12"),
            "415",
            "415",
        ),
        # 福州: 人员支出 already includes 对个人和家庭补助, and 项目支出 55897 is the 财政拨款 part of 172,250.00
        (
            "002",
            "T_NARRATIVE_PARTS_EQ_TOTAL",
            "相应安排支出预算",
            Decimal("177881.12"),
            Decimal("62431.10"),
            "415",
            "415",
        ),
        # 福州: the prose follows the 收支总表's 人员经费 5,040.99 / 公用支出 590.13; the basic-expense table's
        # 经济分类 give 301 + 303 = 5,203.79 and 302 = 427.33
        (
            "002",
            "T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE",
            "人员支出",
            Decimal("5040.99"),
            Decimal("5203.79"),
            "415",
            "285,328",
        ),
        (
            "002",
            "T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE",
            "公用支出",
            Decimal("590.13"),
            Decimal("427.33"),
            "415",
            "299,340,345,359,376,379,386,389",
        ),
        (
            "002",
            "T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE",
            "人员经费",
            Decimal("4138.01"),
            Decimal("5203.79"),
            "465",
            "285,328",
        ),
        (
            "002",
            "T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE",
            "公用经费",
            Decimal("590.13"),
            Decimal("427.33"),
            "467",
            "299,340,345,359,376,379,386,389",
        ),
        ("002", "T_NARRATIVE_TOTAL_EQ_TABLE", "项目支出", Decimal("55897.00"), Decimal("172250.00"), "415", "150"),
        # 福州: 财政拨款基本支出5040.99万元 against the basic-expense table's 合计 5,631.12
        ("002", "T_NARRATIVE_TOTAL_EQ_TABLE", "财政拨款基本支出", Decimal("5040.99"), Decimal("5631.12"), "463", "284"),
        # 固安: 公务用车购置及运维费0.00万元（其中：…公务用车运维费2.00万元）, and so 2.32 ≠ 0.00 + 0.00 + 0.32
        (
            "004",
            "T_NARRATIVE_PARTS_EQ_TOTAL",
            "我部门财政拨款“三公”经费预算安排",
            Decimal("2.32"),
            Decimal("0.32"),
            "431",
            "431",
        ),
        ("004", "T_NARRATIVE_PARTS_EQ_TOTAL", "公务用车购置及运维费", Decimal("0.00"), Decimal("2.00"), "431", "431"),
        (
            "004",
            "T_NARRATIVE_THREE_PUBLIC_EQ_TABLE",
            "公务用车购置及运维费",
            Decimal("0.00"),
            Decimal("2.00"),
            "431",
            "377",
        ),
    ]
    not_applicable = db.execute(
        "select count(*) from marts.fct_tie_check where rule_group = 'narrative' and status = 'not_applicable'"
    ).fetchone()
    assert not_applicable == (0,)


def test_narrative_rules_are_in_the_registry(db):
    rules = {
        rule
        for (rule,) in db.execute("select rule_id from reference.tie_rules where rule_group = 'narrative'").fetchall()
    }
    checked = {
        rule
        for (rule,) in db.execute(
            "select distinct rule_id from marts.fct_tie_check where rule_group = 'narrative'"
        ).fetchall()
    }
    assert (
        rules
        == checked
        == {
            "T_NARRATIVE_TOTAL_EQ_SUMMARY",
            "T_NARRATIVE_TOTAL_EQ_TABLE",
            "T_NARRATIVE_SUBJECT_CODE_EQ_GENERAL_BUDGET_TABLE",
            "T_NARRATIVE_THREE_PUBLIC_EQ_TABLE",
            "T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE",
            "T_NARRATIVE_PARTS_EQ_TOTAL",
        }
    )


# --- item 4: disclosure completeness -----------------------------------------------------------


def _completeness(db, department: str) -> dict[str, dict]:
    rows = _rows(
        db,
        f"""
        select requirement_id, status, evidence_text, evidence_line, points, completeness_score,
               has_all_standard_tables, is_listed_in_toc
        from marts.fct_disclosure_completeness where {_department(department)}
    """,
    )
    return {row["requirement_id"]: row for row in rows}


def test_fuzhou_2020_has_no_state_capital_table(db):
    fuzhou = _completeness(db, FUZHOU)
    assert fuzhou["T09_STATE_CAPITAL_EXPENSE"]["status"] == "missing"
    assert fuzhou["T09_STATE_CAPITAL_EXPENSE"]["points"] == 0
    assert fuzhou["T08_GOV_FUND_EXPENSE"]["status"] == "present_empty_with_note"
    assert fuzhou["T01_SUMMARY"]["has_all_standard_tables"] is False
    assert fuzhou["T01_SUMMARY"]["completeness_score"] == Decimal("92.00")


def test_zhaoyuan_gov_fund_table_is_present_empty_with_its_note(db):
    row = _completeness(db, ZHAOYUAN)["T08_GOV_FUND_EXPENSE"]
    assert row["status"] == "present_empty_with_note"
    assert (row["evidence_text"], row["evidence_line"]) == ("（注：2024年没有使用政府性基金预算拨款安排的支出。）", 338)


def test_quanzhou_is_complete_for_the_standard_tables(db):
    quanzhou = _completeness(db, QUANZHOU)
    tables = {key: row for key, row in quanzhou.items() if key.startswith("T")}
    assert len(tables) == 9
    assert {
        row["status"] for key, row in tables.items() if key not in ("T08_GOV_FUND_EXPENSE", "T09_STATE_CAPITAL_EXPENSE")
    } == {"present"}
    assert tables["T08_GOV_FUND_EXPENSE"]["status"] == "present_empty_with_note"
    assert tables["T09_STATE_CAPITAL_EXPENSE"]["status"] == "present_empty_with_note"
    assert all(row["has_all_standard_tables"] for row in quanzhou.values())
    assert quanzhou["T01_SUMMARY"]["completeness_score"] == Decimal("100.00")


def test_explanations_are_found_in_the_prose_or_their_tables(db):
    guan = _completeness(db, GUAN)
    assert guan["E01_THREE_PUBLIC"]["evidence_line"] == 431  # 固安's 三公 sentence
    assert guan["E03_PROCUREMENT"]["evidence_text"] == "部门政府采购预算"  # no figure in prose: its table
    sanming = _completeness(db, SANMING)
    assert {key: row["status"] for key, row in sanming.items() if key.startswith("E")} == {
        "E01_THREE_PUBLIC": "present",
        "E02_OPERATING_COSTS": "present",
        "E03_PROCUREMENT": "present",
        "E04_STATE_ASSETS": "present",
        "E05_PERFORMANCE": "present",
    }
