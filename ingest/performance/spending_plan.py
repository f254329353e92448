"""A project's 资金支出计划: the share of its budget planned to be spent by each milestone.

    资金支出计划(%)	3月底		6月底	10月底	12月底
        25%		50%	75%	100%

The row whose cell says 资金支出计划 prints the milestones after that cell; the row under it prints
the cumulative percentages in the same order. Blank cells between them are skipped: pages put
the milestones in merged cells of varying width.
"""

import re
from collections.abc import Sequence
from decimal import Decimal

from ingest.model import Issue
from ingest.performance.records import PlannedSpending
from ingest.text import compact, parse_amount

_LABEL = re.compile(r"资金支出计划")
_MONTH = re.compile(r"(\d{1,2})月")
_QUARTER = re.compile(r"第?([一二三四1-4])季度")
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_HALF_YEAR = re.compile(r"上半年")
_YEAR_END = re.compile(r"全年|年底|年末")


def read_spending_plans(rows: Sequence[tuple[int, Sequence[str]]]) -> tuple[list[PlannedSpending], list[Issue]]:
    """Every spending plan printed in `rows` (line number, cells), in printed order. A plan whose
    milestones and percentages do not pair one to one is not read, and reported."""
    plans: list[PlannedSpending] = []
    issues: list[Issue] = []
    for index, (line, cells) in enumerate(rows):
        label = next((column for column, cell in enumerate(cells) if _LABEL.search(compact(cell))), None)
        if label is None:
            continue
        milestones = [cell for cell in cells[label + 1 :] if cell]
        value_line, value_cells = rows[index + 1] if index + 1 < len(rows) else (line, ())
        percents = [cell for cell in value_cells[label + 1 :] if cell]
        if not milestones or len(milestones) != len(percents):
            issues.append(
                Issue(
                    line,
                    "warning",
                    f"资金支出计划: {len(milestones)} milestone(s) over "
                    f"{len(percents)} percentage(s) on the line below; not read",
                )
            )
            continue
        plans.extend(
            PlannedSpending(milestone, milestone_month(milestone), percent, percent_value(percent), line, value_line)
            for milestone, percent in zip(milestones, percents, strict=False)
        )
    return plans, issues


def milestone_month(milestone: str) -> int | None:
    """The month a milestone closes: 3月底 / 3 月底 → 3, 第二季度 → 6, 上半年 → 6, 全年 / 年底 → 12."""
    text = compact(milestone)
    if match := _MONTH.search(text):
        month = int(match.group(1))
        return month if 1 <= month <= 12 else None
    if match := _QUARTER.search(text):
        return 3 * _QUARTER_NUMBERS[match.group(1)]
    if _HALF_YEAR.search(text):
        return 6
    if _YEAR_END.search(text):
        return 12
    return None


def percent_value(text: str) -> Decimal | None:
    """25% / 25 / 12.5 % → the exact number of percent; None when the cell is no number."""
    amount = parse_amount(text.replace(" ", "").removesuffix("%").removesuffix("％"))
    return amount.value if amount else None
