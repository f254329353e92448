"""The pure functions of ingest/narrative on sentences quoted from the sample documents."""

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.narrative.amounts import find_amounts, find_percents
from ingest.narrative.changes import applies_to_each, compares_with_prior_year, stated_direction, verb_before
from ingest.narrative.figures import read_figures
from ingest.narrative.sentences import document_sentences, is_heading
from ingest.narrative.subjects import FUNCTION_SUBJECT, MONEY, UNCLASSIFIED, VEHICLES, resolve_subject

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def figures_of(text: str):
    return read_figures(document_sentences(text.split("\n")))


# --- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "value", "unit", "decimals"),
    [
        ("部门收入预算为10,650.53万元，比上年增加", "10650.53", "万元", 2),  # 泉州
        ("公用支出590.13万元，项目支出55897万元。", "55897", "万元", 0),  # 福州: the second amount
        ("共涉及财政拨款资金4,023.00 万元。", "4023.00", "万元", 2),
        ("预计全市包干基金总额 37.92 亿元，结余 1.8 亿元；", "1.8", "亿元", 1),  # 三明
    ],
)
def test_amounts_are_read_exactly_with_their_unit(printed, value, unit, decimals):
    amount = find_amounts(printed)[-1]
    assert (amount.value, amount.unit, amount.decimals) == (Decimal(value), unit, decimals)
    assert isinstance(amount.value, Decimal)


def test_percentages_and_years_are_not_amounts():
    text = "2024年预算安排17.00万元，比上年减少7.50万元，下降30.61%。"  # 泉州 公务接待费
    assert [a.value for a in find_amounts(text)] == [Decimal("17.00"), Decimal("7.50")]
    assert [p.value for p in find_percents(text)] == [Decimal("30.61")]


@pytest.mark.parametrize(
    "text",
    [
        "2024年泉州市医疗保障局共设置2个项目绩效目标，",  # a count of projects
        "2024 年，全市基本医保参保 252.36 万人，其中职工参保 46.20 万人",  # 万人 is people
        "截至2023年12月31日，",  # a date
        "单位价值100万元（含）以上设备0台（套）。",  # a threshold, not a figure
    ],
)
def test_counts_dates_people_and_thresholds_are_not_amounts(text):
    assert find_amounts(text) == []


def test_wan_without_yuan_is_not_an_amount():
    # 福州: 共40万 could be people or yuan; only 5万元 is read
    assert [a.printed for a in find_amounts("其中劳务派遣人员人均5万元，共40万。")] == ["5万元"]


def test_vehicles_are_counted_in_units_of_vehicles():
    [held, by_use] = find_amounts("本部门共有车辆2辆，其中机要通信用车1辆")  # 招远
    assert (held.value, held.unit, by_use.value) == (Decimal(2), "辆", Decimal(1))
    assert not held.is_money


# --- changes -----------------------------------------------------------------------------------


def test_change_verbs_and_comparisons():
    assert verb_before("，比上年减少") == "decrease"
    assert verb_before("，较上年决算数增加 ") == "increase"
    assert verb_before("，完成全年预算的") is None
    assert compares_with_prior_year("，较2023年预算增加")
    assert compares_with_prior_year("与上年决算数相比，各减少 ")
    assert not compares_with_prior_year("，其中：基本支出增加")
    assert applies_to_each("，与上年决算数相比，各减少 ")
    assert stated_direction("与上年下降，主要原因是") == "decrease"
    assert stated_direction("与上年相比支出持平") == "flat"


# --- subjects ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preceding", "code", "name"),
    [
        ("（八）2101501-行政运行 ", "2101501", "行政运行"),  # 泉州
        ("（一）2101501（行政运行）", "2101501", "行政运行"),  # 福州
        ("行政运行（2101501）", "2101501", "行政运行"),
        ("(九) 2101599-其他医疗保障管理事务支出支出 ", "2101599", "其他医疗保障管理事务支出支出"),  # 三明, as printed
    ],
)
def test_a_subject_code_and_its_name_make_the_subject(preceding, code, name):
    subject = resolve_subject(preceding, "二、一般公共预算拨款支出情况", MONEY)
    assert (subject.kind, subject.code, subject.text) == (FUNCTION_SUBJECT, code, name)


# `preceding` is what a sentence prints between the previous number (amount or percentage) and the amount.
@pytest.mark.parametrize(
    ("preceding", "section", "kind"),
    [
        ("2024年，我部门财政拨款“三公”经费预算安排", None, "three_public_total"),
        ("（其中：公务用车购置费为", None, "three_public_vehicle_purchase"),
        ("，公务用车运维费", None, "three_public_vehicle_operation"),
        ("）；公务用车购置及运维费", None, "three_public_vehicles"),
        ("2024 年度一般公共预算财政拨款基本支出 ", None, "general_budget_basic_expense"),
        ("2024年度一般公共预算拨款“三公”经费支出", None, "three_public_total"),
        ("，其中：人员支出", None, "personnel_costs"),
        ("和日常公用经费", None, "public_use_costs"),
        ("2024年泉州市医疗保障局政府采购预算总额", None, "procurement_total"),
        ("、政府采购服务预算", None, "procurement_services"),
        ("2024 年度本部门收入总计 ", None, "income_grand_total"),
        ("，支出总计 ", "二、财政拨款收入支出决算总体情况说明", "fiscal_grant_expense_total"),
        ("2024年度收入", None, "income_total"),
        ("2024年预算安排", "（二）公务接待费", "three_public_reception"),  # the heading names it
        (
            "招远市医疗保障局部门2024年项目支出全面实施绩效目标管理，涉及预算项目支出7个，预算资金",
            None,
            "performance_project_funds",
        ),
        ("拟对重特大疾病住院补助等 1 个项目开展部门重点绩效评价，涉及预算资金 ", None, "performance_evaluation_funds"),
        ("；临时聘用人员经费 ", None, UNCLASSIFIED),  # not 人员经费
        ("；用于医学、药学、检验方面专家筹建专家库所需费用支出", None, UNCLASSIFIED),  # not the total
    ],
)
def test_the_words_before_an_amount_name_its_subject(preceding, section, kind):
    assert resolve_subject(preceding, section, MONEY).kind == kind


def test_vehicle_counts_have_their_own_subjects():
    assert resolve_subject("截至2023年12月31日，本部门共有车辆", None, VEHICLES).kind == "vehicles_held"
    assert resolve_subject("，其中机要通信用车", None, VEHICLES).text == "机要通信用车"
    assert resolve_subject("2024年部门预算安排购置车辆", None, VEHICLES).kind == "vehicles_purchased"


# --- sentences ---------------------------------------------------------------------------------


def test_a_wrapped_amount_is_joined_and_keeps_the_line_it_is_printed_on():
    # 泉州 lines 381 / 383: the amount wraps before its unit
    [sentence] = document_sentences(["（十一）2101599-其他医疗保障管理事务支出 3,238.00", "万元。"])
    assert sentence.text == "（十一）2101599-其他医疗保障管理事务支出 3,238.00万元。"
    [figure] = read_figures((sentence,))
    assert (figure.amount, figure.source_line, figure.subject_code) == (Decimal("3238.00"), 1, "2101599")


def test_a_list_item_wrapped_before_its_amount_is_not_a_heading():
    assert not is_heading("(三) 2080505-机关事业单位基本养老保险缴费支出支出", "440.31 万元，较上年决算数增加")
    assert is_heading("三、机关运行经费情况", "机关运行经费指为保障行政单位…")
    assert is_heading("### **（二）公务接待费**")
    assert not is_heading("十、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人")


# --- figures -----------------------------------------------------------------------------------


def test_a_change_is_signed_from_its_verb_and_gives_the_prior_year():
    [figure] = figures_of("### **（二）公务接待费**\n2024年预算安排17.00万元，比上年减少7.50万元，下降30.61%。")
    assert (figure.subject_kind, figure.amount, figure.change_amount, figure.change_percent) == (
        "three_public_reception",
        Decimal("17.00"),
        Decimal("-7.50"),
        Decimal("-30.61"),
    )
    assert figure.amount - figure.change_amount == Decimal("24.50")


def test_guan_states_the_vehicles_as_zero_of_which_operation_two():
    # 固安: 公务用车购置及运维费0.00万元（其中：公务用车购置费为0.00万元，公务用车运维费2.00万元）
    figures = figures_of(
        "2024年，我部门财政拨款“三公”经费预算安排2.32万元，其中因公出国（境）费0.00万元；"
        "公务用车购置及运维费0.00万元（其中：公务用车购置费为0.00万元，公务用车运维费2.00万元）；"
        "公务接待费0.32万元。"
    )
    by_kind = {f.subject_kind: f for f in figures}
    assert by_kind["three_public_vehicles"].amount == Decimal("0.00")
    assert by_kind["three_public_vehicle_operation"].amount == Decimal("2.00")
    vehicles = by_kind["three_public_vehicles"].figure_seq
    assert by_kind["three_public_vehicle_operation"].parent_figure_seq == vehicles
    assert by_kind["three_public_reception"].parent_figure_seq == by_kind["three_public_total"].figure_seq


def test_each_gives_one_change_to_every_figure_before_it():
    # 三明: 收入总计 6210.66 万元，支出总计 6210.66 万元，与上年决算数相比，各减少 45.60 万元，下降 0.73%
    figures = figures_of(
        "2024 年度本部门收入总计 6210.66 万元，支出总计 6210.66 万元，与上年决算数相比，"
        "各减少 45.60 万元，下降 0.73%，主要是行政事业运行专项经费收入支出减少。"
    )
    assert [(f.subject_kind, f.change_amount, f.change_percent) for f in figures] == [
        ("income_grand_total", Decimal("-45.60"), Decimal("-0.73")),
        ("expense_grand_total", Decimal("-45.60"), Decimal("-0.73")),
    ]


def test_a_percentage_without_a_change_verb_is_not_a_change():
    # 三明: 完成全年预算的52.36% is an execution rate; 下降15.40% is the change
    [figure] = figures_of(
        "2024年度一般公共预算拨款“三公”经费支出39.27万元，完成全年预算的52.36%；较上年减少7.15万元，下降15.40%。"
    )
    assert (figure.change_amount, figure.change_percent) == (Decimal("-7.15"), Decimal("-15.40"))


def test_a_percentage_right_after_a_change_amount_takes_its_sign():
    [figure] = figures_of("2024 年度机关运行经费支出 177.08 万元，比上年减少 109.32 万元 38.17%。")  # 三明
    assert (figure.subject_kind, figure.change_percent) == ("operating_costs", Decimal("-38.17"))


def test_flat_is_a_change_of_zero_but_roughly_flat_only_a_direction():
    exact = figures_of("### （一）因公出国（境）经费\n2020年预算安排0万元。\n与上年持平，主要原因是：无安排。")  # 福州
    rough = figures_of("1. 因公出国（境）费0.00万元，与上年基本持平。")  # 招远
    assert (exact[0].change_direction, exact[0].change_amount) == ("flat", Decimal(0))
    assert (rough[0].change_direction, rough[0].change_amount) == ("flat", None)


def test_a_change_stated_on_its_own_is_a_figure_without_an_amount():
    figures = figures_of("2. 支出预算增加359.82万元，其中基本支出增加9.22万元，项目支出增加350.60万元。")  # 招远
    assert [(f.subject_kind, f.amount, f.change_amount) for f in figures] == [
        ("expense_total", None, Decimal("359.82")),
        ("basic_expense", None, Decimal("9.22")),
        ("project_expense", None, Decimal("350.60")),
    ]


def test_fuzhou_lists_the_parts_of_its_expenditure():
    figures = figures_of(
        "相应安排支出预算177881.12万元，比上年增加8025.96万元，其中：人员支出5040.99万元，"
        "对个人和家庭补助支出902.98万元，公用支出590.13万元，项目支出55897万元。"
    )
    whole, *parts = figures
    assert (whole.subject_kind, whole.amount, whole.change_amount) == (
        "expense_total",
        Decimal("177881.12"),
        Decimal("8025.96"),
    )
    assert {part.parent_figure_seq for part in parts} == {whole.figure_seq}
    assert sum(part.amount for part in parts) == Decimal("62431.10")


def test_a_semicolon_closes_a_nested_list():
    # 固安: 其中基本支出…，包括人员经费…和日常公用经费…；项目支出… (项目支出 is part of the whole again)
    total, basic, personnel, public, project = figures_of(
        "2024年支出预算6010.52万元，其中基本支出719.25万元，包括人员经费668.44万元和日常公用经费50.81万元；"
        "项目支出5291.27万元，主要为城乡居民医疗保险县级补助资金等项目。"
    )
    assert (personnel.parent_figure_seq, public.parent_figure_seq) == (basic.figure_seq, basic.figure_seq)
    assert (basic.parent_figure_seq, project.parent_figure_seq) == (total.figure_seq, total.figure_seq)


def test_a_list_opened_inside_brackets_closes_with_them():
    # 三明 line 637: the bracketed 其中 speaks of the students only; 269.28 is a part of 275.20 again
    whole, students, residents = figures_of(
        "我市共完成了 275.20 万元的市级补助,其中,补助 405 个大学生 5.92 万元(其中包含 20 人的特殊人群),"
        "补助三元区城乡居民 13.46 万人 269.28 万元,基本实现应补尽补。"
    )
    assert (students.parent_figure_seq, residents.parent_figure_seq) == (whole.figure_seq, whole.figure_seq)
    assert students.amount + residents.amount == whole.amount == Decimal("275.20")


# --- the seed the subjects are read from -------------------------------------------------------


def test_every_subject_pattern_compiles_and_names_a_known_subject():
    kinds = {row["subject_kind"] for row in csv.DictReader((SEEDS / "narrative_subjects.csv").open(encoding="utf-8"))}
    with (SEEDS / "narrative_subject_patterns.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(None not in row for row in rows)  # no row with more fields than the header
    for row in rows:
        re.compile(row["pattern"])
        assert row["subject_kind"] in kinds


def test_the_disclosure_weights_add_up_to_one_hundred():
    with (SEEDS / "disclosure_requirements.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sum(Decimal(row["weight"]) for row in rows) == 100
    assert sum(1 for row in rows if row["requirement_kind"] == "table") == 9
