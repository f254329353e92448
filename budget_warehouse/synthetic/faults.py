"""Faults injected into a rendered document, the kinds of error real disclosures carry.

Each fault edits the printed lines in place and says where it is: the statement and the line
whose printed figure no longer agrees with the rest (numbered once the text is assembled)."""

import random
import re
from dataclasses import dataclass

from budget_warehouse.synthetic.printing import Line, format_amount, parse_printed

FAULT_KINDS = ("changed_amount", "dropped_row", "truncated_table", "narrative_figure", "wrong_unit")
# Tables whose rows add up by code (类 = Σ 款 = Σ 项, 合计 = Σ 类).
CODED_TABLES = frozenset(
    {"income", "expense", "general_budget_expense", "general_budget_economic", "general_budget_basic_expense"}
)
# Tables another table or the narrative states a total of, so a wrong unit shows.
UNIT_CHECKED_TABLES = frozenset({"summary", *CODED_TABLES, "fiscal_grant_summary"})
_CODED_ROLES = frozenset({"class", "group", "item"})
_MINIMUM = 100  # a fault moves a figure by at least 1.00 of its unit: far beyond rounding
_AMOUNT = re.compile(r"^\d[\d,]*\.\d{2}$")  # a printed figure (not `—`, a blank, a bold total, a name)
_MARKUP = re.compile(r"<[^>]+>")  # the bold of a total row (`<b>0.00</b>`)


@dataclass(frozen=True)
class Fault:
    kind: str
    statement: str
    line: Line  # the line to report: its number is known once the text is assembled
    detail: str


def inject_fault(lines: list[Line], kind: str, rng: random.Random) -> Fault | None:
    """Inject one fault of `kind` into `lines` (edited in place); None when the document offers no
    place for it."""
    return _INJECTORS[kind](lines, rng)


def _change_amount(lines: list[Line], rng: random.Random) -> Fault | None:
    candidates = [
        (line, cell)
        for line in lines
        if line.table in CODED_TABLES and line.role in _CODED_ROLES
        for cell in _amount_cells(line)
        if _value(line, cell) >= _MINIMUM
    ]
    if not candidates:
        return None
    line, cell = rng.choice(candidates)
    cells = line.text.split("\t")
    old = cells[cell]
    value = parse_printed(old)
    delta = max(_MINIMUM, int(value * rng.uniform(0.01, 0.3)))
    new = format_amount(value + delta if rng.random() < 0.5 or delta > value else value - delta, "," in old)
    cells[cell] = new
    line.text = "\t".join(cells)
    return Fault("changed_amount", line.table or "", line, f"{line.key} cell {cell + 1}: {old} → {new}")


def _drop_row(lines: list[Line], rng: random.Random) -> Fault | None:
    candidates = [
        line
        for line in lines
        if line.table in CODED_TABLES
        and line.role == "item"
        and _siblings(lines, line) >= 2
        and _first_value(line) >= _MINIMUM
    ]
    if not candidates:
        return None
    line = rng.choice(candidates)
    parent = _find(lines, line.table, line.parent)
    lines.remove(line)
    return Fault("dropped_row", line.table or "", parent, f"row {line.key} dropped: {_printed(line)}")


def _truncate_table(lines: list[Line], rng: random.Random) -> Fault | None:
    """Cut a coded table short, as when a page is lost: from a row in its last top-level block to
    its end (continued-page headers and the note included)."""
    tables = sorted({line.table for line in lines if line.table in CODED_TABLES and line.role in _CODED_ROLES})
    options = []
    for table in tables:
        rows = [line for line in lines if line.table == table and line.role in _CODED_ROLES]
        starts = [index for index, line in enumerate(rows) if line.parent == "total"]
        if len(starts) >= 2:
            block = rows[starts[-1] :]
            options += [
                (table, line)
                for position, line in enumerate(block)
                if _first_value(line) >= _MINIMUM and (position == 0 or _keeps_a_sibling(block, position))
            ]
    if not options:
        return None
    table, first = rng.choice(options)
    aggregate = _find(lines, table, first.parent)
    cut = lines.index(first)
    removed = [line for line in lines[cut:] if line.table == table]
    for line in removed:
        lines.remove(line)
    data_rows = sum(1 for line in removed if line.role in _CODED_ROLES)
    return Fault("truncated_table", table, aggregate, f"last {data_rows} rows lost from {first.key} on")


def _misstate_narrative(lines: list[Line], rng: random.Random) -> Fault | None:
    candidates = [(line, figure) for line in lines if line.role == "narrative" for figure in line.figures]
    if not candidates:
        return None
    line, (start, end, subject) = rng.choice(candidates)
    old = line.text[start:end]
    value = parse_printed(old)
    delta = max(_MINIMUM, int(value * rng.uniform(0.01, 0.3)))
    new = format_amount(value + delta, "," in old)
    line.text = line.text[:start] + new + line.text[end:]
    line.figures = [
        (s, e, name) if e <= start else (s + len(new) - len(old), e + len(new) - len(old), name)
        for s, e, name in line.figures
        if (s, e) != (start, end)
    ] + [(start, start + len(new), subject)]
    return Fault("narrative_figure", "narrative", line, f"{subject}: {old} → {new}")


def _misprint_unit(lines: list[Line], rng: random.Random) -> Fault | None:
    tables = sorted(
        {
            line.table
            for line in lines
            if line.role == "unit"
            and line.table in UNIT_CHECKED_TABLES
            and any(other.table == line.table and other.role == "total" for other in lines)
            and any(other.table == line.table and _prints_a_figure_other_than_zero(other) for other in lines)
        }
    )
    if not tables:
        return None
    table = rng.choice(tables)
    units = [line for line in lines if line.table == table and line.role == "unit"]
    old = "万元" if "万元" in units[0].text else "元"
    new = "元" if old == "万元" else "万元"
    for line in units:
        line.text = line.text.replace(old, new)
    return Fault("wrong_unit", table, units[0], f"unit printed {new}, amounts are in {old}")


_INJECTORS = {
    "changed_amount": _change_amount,
    "dropped_row": _drop_row,
    "truncated_table": _truncate_table,
    "narrative_figure": _misstate_narrative,
    "wrong_unit": _misprint_unit,
}


def _prints_a_figure_other_than_zero(line: Line) -> bool:
    """A wrong unit changes nothing a table prints as zero (0 元 = 0 万元): no check could see it."""
    if line.amount_from is None:
        return False
    cells = (_MARKUP.sub("", cell).strip() for cell in line.text.split("\t")[line.amount_from :])
    return any(_AMOUNT.match(cell) and parse_printed(cell) != 0 for cell in cells)


def _amount_cells(line: Line) -> list[int]:
    cells = line.text.split("\t")
    start = line.amount_from or 0
    return [index for index in range(start, len(cells)) if _AMOUNT.match(cells[index])]


def _value(line: Line, cell: int) -> int:
    return parse_printed(line.text.split("\t")[cell])


def _first_value(line: Line) -> int:
    cells = _amount_cells(line)
    return _value(line, cells[0]) if cells else 0


def _siblings(lines: list[Line], line: Line) -> int:
    return sum(
        1 for other in lines if other.table == line.table and other.parent == line.parent and other.role == line.role
    )


def _keeps_a_sibling(block: list[Line], position: int) -> bool:
    """A cut from `position` on leaves the row's parent one of its children: cutting all of a 款's
    项 would leave the 款 reading as a detail line, and no rule compares the codes listed in
    different tables, so nothing could show the loss."""
    line = block[position]
    return any(other.parent == line.parent and other.role == line.role for other in block[:position])


def _find(lines: list[Line], table: str | None, key: str | None) -> Line:
    return next(line for line in lines if line.table == table and line.key == key and line.role != "header")


def _printed(line: Line) -> str:
    return " | ".join(cell for cell in line.text.split("\t") if cell)
