"""The scope of a figure stated in prose: which quantity (年初预算 / 全年预算 / 决算 / 上年 …), which money
(一般公共预算 / 财政拨款 / all funds …) and whether it explains one 功能分类 项. Fixtures are written for
these tests in the kinds of wording 决算 and 预算 documents use, never copied from a document."""

from decimal import Decimal

import pytest

from ingest.narrative.figures import NarrativeFigure, read_figures
from ingest.narrative.items import Item, read_item
from ingest.narrative.scopes import names_only_a_scope, read_scope_words
from ingest.narrative.sentences import document_sentences


def figures_of(text: str) -> tuple[NarrativeFigure, ...]:
    return read_figures(document_sentences(text.split("\n")))


def scopes(figures) -> list[tuple]:
    return [(f.subject_kind, f.amount, f.amount_scope, f.funding_scope) for f in figures]


# --- the words before an amount ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "scope", "year", "funding"),
    [
        ("2023年度一般公共预算财政拨款支出年初预算为", "initial_budget", 2023, "general_budget"),
        ("，全年预算数为", "full_year_budget", None, None),
        ("，调整后预算为", "full_year_budget", None, None),  # the budget after the adjustments: 全年预算
        ("，调整预算数为", "adjusted_budget", None, None),  # the adjusted budget or the adjustment itself
        ("，支出决算为", "final", None, None),
        ("，实际支出", "final", None, None),
        ("“三公”经费财政拨款支出预算为", "budget", None, "fiscal_grant"),
        ("2025年预算安排", "budget", 2025, None),
        ("上年决算数为", "prior_year", None, None),  # 上年 makes it the prior year's, 决算 or not
        ("2023年支出决算为", "final", 2023, None),  # the year decides, in the warehouse
        ("政府性基金预算财政拨款支出", None, None, "gov_fund"),  # 预算 of a fund's name is no scope
        ("国有资本经营预算财政拨款收入", None, None, "state_capital"),
        ("本部门纳入部门预算管理的收入总计", None, None, None),
        ("上年结转结余", None, None, None),  # this year's income, not a prior-year figure
        ("物业费（参照上年）", None, None, None),  # a reference, not a prior-year figure
        ("非财政拨款收入", None, None, "non_fiscal"),
        ("全口径收入", None, None, "all_funds"),
    ],
)
def test_the_words_before_an_amount_give_its_scopes(clause, scope, year, funding):
    words = read_scope_words(clause)
    assert (words.amount_scope, words.scope_year, words.funding_scope) == (scope, year, funding)


def test_a_comparison_with_the_prior_year_is_no_prior_year_scope():
    assert read_scope_words("，比上年决算数").amount_scope == "final"  # the change's base words, not 上年
    assert read_scope_words("与上年相比，支出决算").amount_scope == "final"


@pytest.mark.parametrize(
    ("clause", "subject_text", "restates"),
    [
        ("，全年预算为", None, True),
        ("，支出决算为", None, False),  # 支出 names something when no subject was stated before
        ("，2025年年初预算数为", None, True),
        ("，支出决算为", "一般公共预算财政拨款支出年初预算", True),  # 支出 is the subject's own word
        ("，支出预算为", "收入预算", False),  # 支出 after 收入: another subject
        ("，支出总计", "收入总计", False),  # no scope word: another subject
        ("，基本支出决算为", "一般公共预算财政拨款支出", False),
    ],
)
def test_a_clause_naming_only_a_scope_restates_the_subject_before_it(clause, subject_text, restates):
    assert names_only_a_scope(clause, subject_text) is restates


# --- items -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "item"),
    [
        ("2、行政运行（项）。", Item(None, "行政运行", "行政运行")),
        (
            "（三）城乡社区支出（类）城乡社区管理事务（款）城管执法（项）",
            Item(None, "城管执法", "城乡社区支出/城乡社区管理事务/城管执法"),
        ),
        ("1. 2130104-事业运行：年初预算为", Item("2130104", "事业运行", "事业运行")),
        ("（一）2120101（行政运行）", Item("2120101", "行政运行", "行政运行")),
        ("(四) 机关服务（2010105）", Item("2010105", "机关服务", "机关服务")),
    ],
)
def test_an_item_is_named_by_its_level_marks_or_its_code(opening, item):
    assert read_item(opening) == item


@pytest.mark.parametrize("opening", ["三、一般公共预算财政拨款支出决算情况说明", "（二）公务接待费", "2、其他收入"])
def test_a_heading_or_item_naming_no_code_is_no_item(opening):
    assert read_item(opening) is None


# --- figures: several scopes of one quantity ---------------------------------------------------

# A 决算 document's explanation of its 一般公共预算 expenditure: the total in three scopes, then item by
# item with 年初预算 / 全年预算 / 决算 in one sentence, one item named by code, one by its 类 / 款 / 项.
FINAL_ACCOUNTS = """三、一般公共预算财政拨款支出决算情况说明
2023年度一般公共预算财政拨款支出年初预算为812.40万元，全年预算为845.10万元，支出决算为838.72万元，完成全年预算的99.2%。
1、城管执法（项）。年初预算为300.00万元，全年预算为322.50万元，支出决算为320.15万元，决算数小于全年预算数的主要原因是节约开支。
2、2130104-事业运行：年初预算为112.40万元，支出决算为118.57万元，比上年增加6.20万元。
（三）城乡社区支出（类）城乡社区管理事务（款）其他城乡社区管理事务支出（项）支出决算为400.00万元。
四、一般公共预算财政拨款基本支出决算情况说明
2023年度一般公共预算财政拨款基本支出236.80万元，其中：人员经费合计198.30万元，公用经费合计38.50万元。"""


def test_a_sentence_states_one_quantity_in_several_scopes():
    total_initial, total_full, total_final, *_ = figures_of(FINAL_ACCOUNTS)
    assert scopes([total_initial, total_full, total_final]) == [
        ("general_budget_expense", Decimal("812.40"), "initial_budget", "general_budget"),
        ("general_budget_expense", Decimal("845.10"), "full_year_budget", "general_budget"),
        ("general_budget_expense", Decimal("838.72"), "final", "general_budget"),
    ]
    assert {f.parent_figure_seq for f in (total_initial, total_full, total_final)} == {None}
    assert not any(f.is_item_explanation for f in (total_initial, total_full, total_final))


def test_an_item_by_item_explanation_is_the_items_in_every_scope():
    figures = figures_of(FINAL_ACCOUNTS)
    items = [f for f in figures if f.is_item_explanation]
    assert [(f.subject_kind, f.subject_code, f.subject_text, f.amount, f.amount_scope) for f in items] == [
        ("function_subject", None, "城管执法", Decimal("300.00"), "initial_budget"),
        ("function_subject", None, "城管执法", Decimal("322.50"), "full_year_budget"),
        ("function_subject", None, "城管执法", Decimal("320.15"), "final"),
        ("function_subject", "2130104", "事业运行", Decimal("112.40"), "initial_budget"),
        ("function_subject", "2130104", "事业运行", Decimal("118.57"), "final"),
        ("function_subject", None, "其他城乡社区管理事务支出", Decimal("400.00"), "final"),
    ]
    assert items[-1].item_path == "城乡社区支出/城乡社区管理事务/其他城乡社区管理事务支出"
    assert {f.funding_scope for f in items} == {"general_budget"}  # from the heading above the items
    assert items[4].change_amount == Decimal("6.20")  # the change is the 决算 figure's


def test_group_totals_are_the_groups_and_end_the_item_explanations():
    *_, basic, personnel, public_use = figures_of(FINAL_ACCOUNTS)
    assert [(f.subject_kind, f.amount, f.is_item_explanation) for f in (basic, personnel, public_use)] == [
        ("general_budget_basic_expense", Decimal("236.80"), False),
        ("personnel_costs", Decimal("198.30"), False),
        ("public_use_costs", Decimal("38.50"), False),
    ]
    assert personnel.parent_figure_seq == public_use.parent_figure_seq == basic.figure_seq


def test_the_three_public_budget_and_final_in_one_sentence():
    budget, final = figures_of(
        "六、“三公”经费支出决算情况说明\n"
        "2023年度“三公”经费财政拨款支出预算为24.00万元，支出决算为21.36万元，完成预算的89.0%，比上年减少2.14万元。"
    )
    assert scopes([budget, final]) == [
        ("three_public_total", Decimal("24.00"), "budget", "fiscal_grant"),
        ("three_public_total", Decimal("21.36"), "final", "fiscal_grant"),
    ]
    assert (budget.change_amount, final.change_amount) == (None, Decimal("-2.14"))


def test_a_prior_year_figure_and_a_year_before_the_amount_are_kept():
    income, prior, earlier = figures_of(
        "二、收入决算情况说明\n2023年度收入总计1,530.25万元。上年决算数为1,488.90万元。2022年支出决算为1,402.16万元。"
    )
    assert (income.amount_scope, income.scope_year) == ("unknown", 2023)  # the document's own: its phase says
    assert (prior.amount_scope, prior.amount) == ("prior_year", Decimal("1488.90"))
    assert (earlier.amount_scope, earlier.scope_year) == ("final", 2022)  # the warehouse makes it the prior year's


def test_the_money_a_total_covers_comes_from_its_words_its_heading_or_its_sentence():
    figures = figures_of(
        "一、收入支出决算总体情况说明\n"
        "2023年度收入总计1,530.25万元，支出总计1,530.25万元。\n"
        "二、财政拨款收入支出决算总体情况说明\n"
        "2023年度财政拨款收入总计1,204.60万元，支出总计1,204.60万元。\n"
        "本年度财政拨款收入1,190.00万元，支出1,190.00万元。"
    )
    assert [(f.subject_text, f.funding_scope) for f in figures] == [
        ("收入总计", "unknown"),  # all funds: no fund named, the 收支总表's
        ("支出总计", "unknown"),
        ("财政拨款收入总计", "fiscal_grant"),
        ("支出总计", "fiscal_grant"),  # the heading's
        ("本年度财政拨款收入", "fiscal_grant"),
        ("支出", "fiscal_grant"),  # the sentence's first figure's
    ]


def test_parts_have_their_wholes_scope_and_money():
    whole, basic, project = figures_of(
        "一般公共预算财政拨款支出决算为650.00万元，其中：基本支出420.00万元，项目支出230.00万元。"
    )
    assert {(f.amount_scope, f.funding_scope) for f in (basic, project)} == {("final", "general_budget")}
    assert basic.parent_figure_seq == project.parent_figure_seq == whole.figure_seq


def test_a_restatement_closes_the_parts_listed_before_it():
    initial, basic, project, final = figures_of(
        "一般公共预算财政拨款支出年初预算为650.00万元，其中基本支出420.00万元，项目支出230.00万元；支出决算为640.00万元。"
    )
    assert (final.subject_kind, final.amount_scope, final.parent_figure_seq) == (
        "general_budget_expense",
        "final",
        None,
    )
    assert basic.parent_figure_seq == project.parent_figure_seq == initial.figure_seq


def test_a_text_without_blank_lines_or_headings_keeps_the_scopes():
    # Every line runs on; the items follow each other with no blank line between them.
    text = (
        "2023年度一般公共预算财政拨款支出年初预算为100.00万元，支出决算为98.76万元。\n"
        "1、行政运行（项）。年初预算为60.00万元，支出决算为59.10万元。\n"
        "2、事业运行（项）。年初预算为40.00万元，支出决算为39.66万元。"
    )
    figures = figures_of(text)
    assert [(f.subject_text if f.is_item_explanation else None, f.amount_scope) for f in figures] == [
        (None, "initial_budget"),
        (None, "final"),
        ("行政运行", "initial_budget"),
        ("行政运行", "final"),
        ("事业运行", "initial_budget"),
        ("事业运行", "final"),
    ]
    assert [f.source_line for f in figures] == [1, 1, 2, 2, 3, 3]
