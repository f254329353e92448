"""Which quantity of its subject a figure stated in prose is, from the words printed right before it.

Two scopes, read by a small grammar of words, never by a document's phrasing:
* the amount's scope: 年初预算 (initial_budget), 全年预算 / 调整后预算 (full_year_budget: the budget
  after the year's adjustments), 调整预算 (adjusted_budget: the adjusted budget or the adjustment,
  as the document uses the word), 预算 said without which (budget), 决算 / 实际支出 (final), 上年 (prior_year), or
  unknown when the words name none (the document's own quantity: its phase decides, in the warehouse).
  The scope word nearest the amount governs (`一般公共预算财政拨款支出年初预算为` → initial_budget); a
  prior-year word anywhere in the clause makes the figure the prior year's (`上年决算数为`), except in a
  comparison (`比上年`), which is a change, and in 上年结转 / 上年结余, which are this year's income. Names
  of funds that contain 预算 (一般公共预算, 政府性基金预算, 部门预算 …) are not scope words. A year printed
  in the clause (`2023年决算数`) is kept: the warehouse compares it with the document's year.
* the funding scope: 一般公共预算(财政拨款) (general_budget), 政府性基金 (gov_fund), 国有资本经营
  (state_capital), 非财政拨款 (non_fiscal), 财政拨款 (fiscal_grant), all funds when the words say so
  (全部资金, 全口径 …), else unknown. The words nearest the amount govern.
"""

import re
from dataclasses import dataclass

from ingest.narrative.changes import strip_comparisons

INITIAL_BUDGET = "initial_budget"
ADJUSTED_BUDGET = "adjusted_budget"
FULL_YEAR_BUDGET = "full_year_budget"
BUDGET = "budget"
FINAL = "final"
PRIOR_YEAR = "prior_year"
UNKNOWN = "unknown"

GENERAL_BUDGET = "general_budget"
GOV_FUND = "gov_fund"
STATE_CAPITAL = "state_capital"
NON_FISCAL = "non_fiscal"
FISCAL_GRANT = "fiscal_grant"
ALL_FUNDS = "all_funds"

# Alternatives in order: at one position the first that matches wins (非财政拨款 before 财政拨款).
_FUNDING = re.compile(
    r"(?P<general_budget>一般公共预算(?:财政)?(?:拨款)?)"
    r"|(?P<gov_fund>政府性基金(?:预算)?(?:财政)?(?:拨款)?|基金预算(?:财政)?(?:拨款)?)"
    r"|(?P<state_capital>国有资本经营预算(?:财政)?(?:拨款)?)"
    r"|(?P<non_fiscal>非财政拨款)"
    r"|(?P<fiscal_grant>财政拨款)"
    r"|(?P<all_funds>全部资金|所有资金|各项资金|全口径)"
)
# Words with 预算 / 决算 in them that say what a document or an office is, not which quantity.
_NOT_SCOPE = re.compile(r"部门预决算|财政预决算|预决算|部门预算|部门决算|预算单位|决算单位|预算绩效|预算管理|预算编制")
_PRIOR_YEAR = re.compile(r"(?<!参照|按照|比照)上一?年度?(?!结转|结余)|去年|前一年")
_SCOPE = re.compile(
    r"(?P<initial_budget>年初预算)"
    r"|(?P<full_year_budget>全年预算|调整后的?预算|预算调整后)"
    r"|(?P<adjusted_budget>调整预算|预算调整)"
    r"|(?P<final>决算|实际支出|实际完成|实际执行|执行数)"
    r"|(?P<budget>预算)"
)
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
# What a clause may say besides its scope and still name no quantity of its own (`支出决算为`,
# `全年预算数为`, `2024年度年初预算安排`).
_FILLER = re.compile(
    r"[，,；;：:、。]|(?:19|20)\d{2}\s*年度?|本年度?|年度|安排|数|为|是|达到?|共计?|合计|总额|金额|约|的|了|\s"
)


@dataclass(frozen=True)
class ScopeWords:
    """What a clause says of the quantity the amount after it is."""

    amount_scope: str | None  # one of the scopes above; None when the clause names none
    scope_year: int | None  # a year printed in the clause
    funding_scope: str | None  # None when the clause names no fund


def read_scope_words(clause: str) -> ScopeWords:
    """The scope words of `clause`, the words printed right before an amount."""
    funding = None
    for match in _FUNDING.finditer(clause):
        funding = match.lastgroup
    plain = _NOT_SCOPE.sub("", _FUNDING.sub("", strip_comparisons(clause)))
    years = _YEAR.findall(plain)
    scope = None
    if _PRIOR_YEAR.search(plain):
        scope = PRIOR_YEAR
    else:
        for match in _SCOPE.finditer(plain):
            scope = match.lastgroup
    return ScopeWords(scope, int(years[-1]) if years else None, funding)


def funding_of(text: str | None) -> str | None:
    """The fund a heading or clause names (its last fund word), None when it names none."""
    funding = None
    for match in _FUNDING.finditer(text or ""):
        funding = match.lastgroup
    return funding


def names_only_a_scope(clause: str, subject_text: str | None = None) -> bool:
    """`clause` names a scope and nothing else (`支出决算为`, `全年预算为`), or nothing else than words of
    `subject_text`, the subject stated before it (`支出` after `一般公共预算财政拨款支出年初预算为…`): the
    figure after it is another quantity of that same subject."""
    plain = _NOT_SCOPE.sub("", _FUNDING.sub("", strip_comparisons(clause)))
    if not (_SCOPE.search(plain) or _PRIOR_YEAR.search(plain)):
        return False
    rest = _FILLER.sub("", _PRIOR_YEAR.sub("", _SCOPE.sub("", plain)))
    return not rest or bool(subject_text and rest in subject_text)
