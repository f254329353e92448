"""Performance targets (绩效目标值) as printed in the sample documents parse to operator, exact value and unit."""

import re
from decimal import Decimal

import pytest

from ingest.performance.target import Target, normalize_unit, parse_target
from tests.helpers import SAMPLE_FILES, SAMPLES


@pytest.mark.parametrize(
    ("text", "operator", "value", "unit"),
    [
        ("≥30000人次", ">=", "30000", "人次"),
        ("≥30000 人次", ">=", "30000", "人次"),  # 泉州, 三明
        ("=100%", "=", "100", "%"),
        ("≤46869248元", "<=", "46869248", "元"),  # 固安
        ("≥95百分比", ">=", "95", "%"),
        ("≥ 90 %", ">=", "90", "%"),
        ("≥90 百分比", ">=", "90", "%"),  # 三明
        ("≤5元/年/人", "<=", "5", "元/年/人"),  # 招远
        ("≤5 元/年/人", "<=", "5", "元/年/人"),
        ("≤600 元/人/年", "<=", "600", "元/年/人"),  # 固安: the same rate as 招远's 元/年/人
        ("≥100 百分比", ">=", "100", "%"),
        ("≥419 人", ">=", "419", "人"),
        ("≤1300 万元", "<=", "1300", "万元"),  # 泉州
        ("≥200 万人次", ">=", "200", "万人次"),
        ("≤0次", "<=", "0", "次"),
        ("=0.00%", "=", "0.00", "%"),  # 招远
        ("≤863565.12 元", "<=", "863565.12", "元"),  # 固安
        ("=13 个", "=", "13", "个"),
        ("≥600 元", ">=", "600", "元"),
        ("≤9.37万元", "<=", "9.37", "万元"),
    ],
)
def test_operator_value_unit(text: str, operator: str, value: str, unit: str) -> None:
    target = parse_target(text)
    assert (target.operator, target.value, target.unit) == (operator, Decimal(value), unit)
    assert target.parse_status == "parsed" and not target.is_qualitative
    assert target.text == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("16人", "16", "人"),
        ("100%", "100", "%"),
        ("1年", "1", "年"),
        ("1 年", "1", "年"),
        ("419 人", "419", "人"),
    ],
)
def test_plain_value_is_a_point_target(text: str, value: str, unit: str) -> None:
    assert parse_target(text) == Target(text, "=", Decimal(value), unit, False, "parsed")


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        ("≧90%", ">="),
        ("大于等于90%", ">="),
        ("不低于90%", ">="),
        ("不少于90%", ">="),
        ("90%以上", ">="),
        ("≦5元", "<="),
        ("小于等于5元", "<="),
        ("不高于5元", "<="),
        ("不超过5元", "<="),
        ("5元以内", "<="),
        ("5元以下", "<="),
        ("＝100％", "="),
        ("等于100%", "="),
        (">1次", ">"),
        ("大于1次", ">"),
        ("高于1次", ">"),
        ("<1次", "<"),
        ("小于1次", "<"),
        ("低于1次", "<"),
        (">=1次", ">="),
        ("<=1次", "<="),
        ("≥90%以上", ">="),
    ],
)
def test_operator_spellings(text: str, operator: str) -> None:
    target = parse_target(text)
    assert target.parse_status == "parsed"
    assert target.operator == operator


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("≥30,000人次", "30000"),
        ("≥1,234,567.5元", "1234567.5"),
        ("≥100.人", "100"),
        ("≥-5%", "-5"),
        ("≥１００％", "100"),
    ],
)
def test_number_forms(text: str, value: str) -> None:
    assert parse_target(text).value == Decimal(value)


def test_value_is_exact() -> None:
    assert str(parse_target("≤863565.12 元").value) == "863565.12"
    assert str(parse_target("=0.00%").value) == "0.00"


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("=稳步增长定性", "稳步增长"),  # 三明
        ("=积极作用定性指标", "积极作用"),  # 三明
        ("显著", "显著"),  # 招远
        ("有所提高", "有所提高"),
        ("有所增长", "有所增长"),
        ("全覆盖", "全覆盖"),
        ("及时", "及时"),
        ("按规定时间及时发放", "按规定时间及时发放"),
        ("按规定时间及时 发放", "按规定时间及时发放"),  # 固安, wrapped in its cell
        ("按统一规定执行", "按统一规定执行"),
        ("县级以上全覆盖", "县级以上全覆盖"),  # a suffix operator inside wording is just a word
    ],
)
def test_qualitative(text: str, wording: str) -> None:
    assert parse_target(text) == Target(" ".join(text.split()), None, None, None, True, "qualitative", wording)


@pytest.mark.parametrize(
    ("symbol", "text", "unit", "operator", "value", "expected_unit"),
    [
        ("≥", "36", "万人", ">=", "36", "万人"),  # 固安 符号 | 值 | 单位
        ("≥", "5418", "人", ">=", "5418", "人"),
        ("=", "100", "%", "=", "100", "%"),
        ("大于等于", "580.00", "元/人", ">=", "580.00", "元/人"),  # 福州 方向 | 绩效目标值 | 计量单位
        ("大于等 于", "5500000.00", "人次", ">=", "5500000.00", "人次"),  # 福州, direction wrapped in its cell
        ("小于等于", "0.00", "起", "<=", "0.00", "起"),
        ("等于", "1", None, "=", "1", None),
        ("等于", "100", "", "=", "100", None),
    ],
)
def test_three_cells(
    symbol: str, text: str, unit: str | None, operator: str, value: str, expected_unit: str | None
) -> None:
    target = parse_target(text, symbol=symbol, unit=unit)
    assert (target.operator, target.value, target.unit, target.parse_status) == (
        operator,
        Decimal(value),
        expected_unit,
        "parsed",
    )
    assert str(target.value) == value


def test_marker_makes_numbers_part_of_the_wording() -> None:
    target = parse_target("达到95%", symbol="文字描述")
    assert (target.parse_status, target.value, target.value_text) == ("qualitative", None, "达到95%")


def test_three_cells_text_keeps_every_cell() -> None:
    assert parse_target("36", symbol="≥", unit="万人").text == "≥ 36 万人"


@pytest.mark.parametrize(("unit", "wording"), [("有所扩大", "有所扩大"), ("全覆盖", "全覆盖")])
def test_three_cells_word_description(unit: str, wording: str) -> None:
    target = parse_target("", symbol="文字描述", unit=unit)  # 固安: 符号 文字描述, 值 empty
    assert target == Target(f"文字描述 {unit}", None, None, None, True, "qualitative", wording)


@pytest.mark.parametrize(
    "text",
    [
        "≥",
        "大于",
        "≤ ",
        "以上",
        "≥%",
        "=百分比",
        "人次",
        "定性",
        "文字描述",
        "—",
        "-",  # no value printed
        "1..2",
        "≥1..2%",
        "≥1,2人",
        "30 000人",  # not one number
        "≥90%以下",
        "≥90斤",
        "≥90%左右",
        "达到90%",
        "90-100%",
        "≥90%≥",
        "优 (S≥90)",  # not the grammar
    ],
)
def test_malformed(text: str) -> None:
    assert parse_target(text) == Target(" ".join(text.split()), None, None, None, False, "malformed")


@pytest.mark.parametrize("text", [None, "", "   ", "\t\n"])
def test_empty(text: str | None) -> None:
    assert parse_target(text) == Target("", None, None, None, False, "empty")


def test_empty_three_cells() -> None:
    assert parse_target("", symbol=" ", unit=None).parse_status == "empty"


@pytest.mark.parametrize(
    "text",
    [
        "-",
        ".",
        ",",
        "/",
        "≥/",
        "%%",
        "≥≥90",
        "==",
        "0",
        "-0",
        "≥.5",
        "９９．５",
        "🙂",
        "\x00",
        "元/",
        "/人",
        "≥5元//人",
        "定性定性",
        "=定性",
        "≥90定性",
        "以上以上",
        "a" * 10_000,
        "1" * 500,
        "1,",
        ",1",
        "1,000,00",
        "−",
    ],
)
def test_never_raises_and_keeps_text(text: str) -> None:
    target = parse_target(text)
    assert target.text == " ".join(text.split())
    assert target.parse_status in {"parsed", "qualitative", "malformed", "empty"}
    assert (target.value is not None) == (target.parse_status == "parsed")


@pytest.mark.parametrize(
    ("unit", "normalized"),
    [
        ("%", "%"),
        ("％", "%"),
        ("百分比", "%"),
        ("元/人/年", "元/年/人"),
        ("元 / 人", "元/人"),
        ("万人次", "万人次"),
        (" 元/年/人 ", "元/年/人"),
        ("百分比/年", "%/年"),
    ],
)
def test_normalize_unit(unit: str, normalized: str) -> None:
    assert normalize_unit(unit) == normalized


# Cells of the samples that open with a comparison, plus 福州's direction cells. A cell holding only the
# comparison belongs to a three-cell layout: the value and unit follow in the next two cells.
_OPENING = ("≥", "≤", "=")
_DIRECTIONS = {"≥", "≤", "=", "大于等于", "小于等于", "等于"}
_PRINTED_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _corpus_targets() -> list:
    cases = []
    for name, file in SAMPLE_FILES.items():
        for line_number, line in enumerate((SAMPLES / file).read_text(encoding="utf-8").splitlines(), 1):
            cells = line.split("\t")
            for index, cell in enumerate(cells):
                if "".join(cell.split()) in _DIRECTIONS:
                    value, unit = ([*cells[index + 1 : index + 3], None, None])[:2]
                    case = (value, cell, unit)
                elif cell.strip().startswith(_OPENING):
                    case = (cell, None, None)
                else:
                    continue
                cases.append(pytest.param(*case, id=f"{name}:{line_number}:{' '.join(filter(None, case))}"))
    return cases


_CORPUS = _corpus_targets()


def test_corpus_scan_finds_targets() -> None:
    assert len(_CORPUS) > 150


@pytest.mark.parametrize(("text", "symbol", "unit"), _CORPUS)
def test_every_printed_target_in_the_samples_parses(text: str, symbol: str | None, unit: str | None) -> None:
    target = parse_target(text, symbol=symbol, unit=unit)
    assert target.parse_status in {"parsed", "qualitative"}
    printed = _PRINTED_NUMBER.search(text or "")
    if target.is_qualitative:
        assert printed is None and target.value is None and target.value_text
    else:
        assert printed is not None and target.value == Decimal(printed.group().replace(",", ""))
