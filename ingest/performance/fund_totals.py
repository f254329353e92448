"""The prose's statement of how many projects carry performance targets and the funds they involve.

    2024年泉州市医疗保障局共设置2个项目绩效目标，共涉及财政拨款资金4,023.00万元。
    …项目支出全面实施绩效目标管理，涉及预算项目支出7个，预算资金3812.27万元…
    …组织对 2024 年度 2 个项目实施单位自评，…涉及财政拨款资金共计 534.20 万元。

A sentence counts when it speaks of the projects' targets (绩效目标) or self-evaluation (自评); a 重点
绩效评价 of a few projects (`1 个项目开展部门重点绩效评价`) covers a subset and is not the total.
"""

import re

from ingest.performance.records import FundTotal
from ingest.text import clean_line, parse_amount

_SCOPE = re.compile(r"绩效目标|自评")
_COUNT = re.compile(r"(\d+)\s*个项目|项目支出\s*(\d+)\s*个")
_AMOUNT = re.compile(r"(?:涉及|预算)[^。；;]*?资金(?:共计|合计)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿元|万元|元)")


def read_fund_totals(lines: list[str]) -> tuple[FundTotal, ...]:
    """Every prose sentence stating a project count and its funds, with its line."""
    totals = []
    for number, line in enumerate(lines, 1):
        if "\t" in line:
            continue  # a table row
        for sentence in clean_line(line).split("。"):
            total = read_fund_total(sentence, number)
            if total:
                totals.append(total)
    return tuple(totals)


def read_fund_total(sentence: str, line: int) -> FundTotal | None:
    if not _SCOPE.search(sentence):
        return None
    count = _COUNT.search(sentence)
    if count is None:
        return None
    amount = _AMOUNT.search(sentence, count.end())
    value = parse_amount(amount.group(1)) if amount else None
    if amount is None or value is None:
        return None
    return FundTotal(
        line,
        int(count.group(1) or count.group(2)),
        amount.group(1),
        value.value,
        value.decimals,
        amount.group(2),
        sentence.strip(),
    )
