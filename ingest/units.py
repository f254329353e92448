"""The unit of a table printed without one: the unit its document uses for that kind of table.

Evidence, in order: tables of the same kind that print a unit (continued or repeated tables); the
other tables of the document, when they all print the same unit; the prose, when it states one of
the table's printed amounts (a table whose 合计 reads 1234567.00 and a sentence saying 123.46万元 is
in 元); most of the other tables, where they disagree and the prose does not tell. The unit is then recorded as `inferred`, with a warning naming the evidence; a unit
that no evidence establishes stays unknown, with a warning on that table: its amounts land as
printed and no 元 figure is made up.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from ingest.model import Issue, StatementTable
from ingest.narrative.figures import NarrativeFigure

INFERRED = "inferred"
YUAN_FACTORS = {"元": Decimal(1), "千元": Decimal(1_000), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
_NON_FINANCIAL = frozenset({"performance", "unit_composition", "asset", "unknown"})


def infer_units(
    tables: tuple[StatementTable, ...], figures: Iterable[NarrativeFigure]
) -> tuple[tuple[StatementTable, ...], list[Issue]]:
    printed = [table for table in tables if table.unit]
    stated = [(figure.amount, figure.unit) for figure in figures if figure.amount and figure.unit in YUAN_FACTORS]
    issues: list[Issue] = []
    result = []
    for table in tables:
        if table.unit or table.statement_kind in _NON_FINANCIAL:
            result.append(table)
            continue
        unit, evidence = _infer(table, printed, stated)
        if unit:
            table = replace(table, unit=unit, unit_source=INFERRED)
            issues.append(
                Issue(table.first_line, "warning", f"no unit printed for this table: {unit} inferred from {evidence}")
            )
        else:
            issues.append(
                Issue(table.first_line, "warning", "no unit (万元/元) printed for this table, and none can be inferred")
            )
        result.append(table)
    return tuple(result), issues


def _infer(
    table: StatementTable, printed: list[StatementTable], stated: list[tuple[Decimal, str]]
) -> tuple[str | None, str | None]:
    same_kind = {other.unit for other in printed if other.statement_kind == table.statement_kind}
    if len(same_kind) == 1:
        return same_kind.pop(), "the other tables of its kind"
    others = {other.unit for other in printed if other.statement_kind not in _NON_FINANCIAL}
    if len(others) == 1:
        return others.pop(), "the document's other tables"
    unit = _unit_matching_prose(table, stated, others or set(YUAN_FACTORS))
    if unit:
        return unit, "the figures the prose states"
    counts = Counter(other.unit for other in printed if other.statement_kind not in _NON_FINANCIAL).most_common(2)
    if len(counts) == 2 and counts[0][1] >= 2 * counts[1][1]:
        return counts[0][0], "most of the document's other tables"
    return None, None


def _unit_matching_prose(table: StatementTable, stated: list[tuple[Decimal, str]], units: set[str]) -> str | None:
    """The unit, among those the document prints, in which more of the table's larger amounts equal
    amounts the prose states (each in its own unit, within the rounding of the coarser of the two)
    than in any other; None when no unit or several do."""
    amounts = sorted(
        {cell.amount for row in table.rows if row.row_role == "data" for cell in row.cells if cell.amount},
        key=lambda amount: -amount.value,
    )[:20]
    matches = {unit: 0 for unit in units}
    for unit in units:
        factor = YUAN_FACTORS[unit]
        for amount in amounts:
            in_yuan = amount.value * factor
            if in_yuan <= 0:
                continue
            for value, stated_unit in stated:
                stated_yuan = value.copy_abs() * YUAN_FACTORS[stated_unit]
                tolerance = max(
                    factor * Decimal(10) ** -amount.decimals / 2,
                    YUAN_FACTORS[stated_unit] * Decimal(10) ** value.as_tuple().exponent / 2,
                )
                if stated_yuan >= 100 and abs(in_yuan - stated_yuan) <= tolerance:
                    matches[unit] += 1
    ranked = sorted(matches.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]
