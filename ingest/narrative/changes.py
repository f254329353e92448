"""How prose states a change against the prior year: `比上年增加1,176.42万元，增长12.42%`,
`较上年决算数减少 4.89 万元，下降 2.17%`, `与上年持平`, `各减少 45.60 万元`. Signs come from the verb."""

import re
from decimal import Decimal

INCREASE, DECREASE, FLAT = "increase", "decrease", "flat"

# 比上年 / 较上年决算数 / 与上年相比 / 比2019年 / 较2023年预算 / 同比
_COMPARISON = re.compile(r"(?:比|较|与)\s*(?:上年|上一年|去年|\d{4}\s*年)|同比|上年同期")
_VERBS = {
    "增加": INCREASE,
    "增长": INCREASE,
    "提高": INCREASE,
    "上升": INCREASE,
    "减少": DECREASE,
    "下降": DECREASE,
    "降低": DECREASE,
}
_VERB = "|".join(_VERBS)
_VERB_AT_END = re.compile(rf"({_VERB})了?\s*$")
_EACH = re.compile(rf"各\s*(?:{_VERB})")
_FLAT = re.compile(r"(基本)?持平")
_DIRECTION_WORD = re.compile(rf"{_VERB}|持平")


def compares_with_prior_year(text: str) -> bool:
    return bool(_COMPARISON.search(text))


def verb_before(text: str) -> str | None:
    """The direction of a change verb that `text` ends with (the amount or percentage follows it)."""
    match = _VERB_AT_END.search(text)
    return _VERBS[match.group(1)] if match else None


def printed_verb_before(text: str) -> str:
    """The change verb `text` ends with, as printed (`减少`); '' when there is none."""
    match = _VERB_AT_END.search(text)
    return match.group(1) if match else ""


def strip_comparisons(text: str) -> str:
    """`text` without its comparisons with the prior year (`比上年`, `较2023年`, `同比`)."""
    return _COMPARISON.sub("", text)


def strip_change_words(text: str) -> str:
    """`text` without the comparison and the verb, leaving what changed: `基本支出增加` → `基本支出`."""
    return _COMPARISON.sub("", _VERB_AT_END.sub("", text))


def applies_to_each(text: str) -> bool:
    """`收入总计 …，支出总计 …，与上年相比，各减少 45.60 万元`: one change for every figure before it."""
    return bool(_EACH.search(text))


def flat_statement(text: str) -> tuple[bool, bool] | None:
    """(is flat, is exact) when `text` says 持平: `与上年持平` is exact, `基本持平` only roughly."""
    match = _FLAT.search(text)
    return (True, match.group(1) is None) if match else None


def stated_direction(text: str) -> str | None:
    """The direction of a comparison stated without an amount: `与上年下降`, `与上年相比支出持平`."""
    comparison = _COMPARISON.search(text)
    if not comparison:
        return None
    word = _DIRECTION_WORD.search(text, comparison.end())
    if not word:
        return None
    return FLAT if word.group(0) == "持平" else _VERBS[word.group(0)]


def signed(value: Decimal, direction: str) -> Decimal:
    return -value if direction == DECREASE else value


def direction_of(change: Decimal) -> str:
    return INCREASE if change > 0 else DECREASE if change < 0 else FLAT
