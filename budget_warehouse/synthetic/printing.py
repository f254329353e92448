"""Printed lines with what they show, and amounts printed the way a layout family prints them.

Every rendered line remembers which statement it belongs to and what it is (title, unit, header,
合计, 类 / 款 / 项 row, narrative figure…), so faults can be injected at a known place and their
source line reported after the text is assembled."""

from dataclasses import dataclass, field
from decimal import Decimal

YUAN_PER_WAN = 10_000


@dataclass(eq=False)  # identity matters: faults point at line objects, numbered only at the end
class Line:
    text: str
    table: str | None = None  # statement kind the line belongs to
    role: str | None = None  # title / unit / header / total / class / group / item / label / narrative
    key: str | None = None  # the row's code or label
    parent: str | None = None  # key of the row this one adds up into ("total" for the 合计 row)
    amount_from: int | None = None  # first tab cell of the amount columns
    figures: list[tuple[int, int, str]] = field(default_factory=list)  # narrative: (start, end, subject)
    stated: list[str] = field(default_factory=list)  # narrative: every figure's subject, checkable or not


@dataclass(frozen=True)
class Printer:
    """How a document prints amounts: its unit, thousands separators, and zero as 0.00 or blank."""

    unit: str  # 万元 / 元
    grouped: bool
    blank_zero: bool

    def amount(self, cents: int) -> str:
        if cents == 0 and self.blank_zero:
            return ""
        return format_amount(cents * (YUAN_PER_WAN if self.unit == "元" else 1), self.grouped)

    def amounts(self, values: list[int]) -> list[str]:
        return [self.amount(value) for value in values]


def format_amount(cents: int, grouped: bool) -> str:
    value = Decimal(cents) / 100
    return f"{value:,.2f}" if grouped else f"{value:.2f}"


def parse_printed(text: str) -> int:
    """Cents of a printed amount (`1,234.50` → 123450)."""
    return int(Decimal(text.replace(",", "")) * 100)


def bold(text: str) -> str:
    return f"<b>{text}</b>" if text else ""


def row(
    cells: list[str],
    table: str,
    role: str,
    key: str | None = None,
    parent: str | None = None,
    amount_from: int | None = None,
) -> Line:
    return Line("\t".join(cells), table, role, key, parent, amount_from)


class Narrative:
    """Builds one prose line from text and figures, remembering where each figure is printed."""

    def __init__(self) -> None:
        self.text = ""
        self.figures: list[tuple[int, int, str]] = []
        self.stated: list[str] = []

    def add(self, text: str) -> "Narrative":
        self.text += text
        return self

    def figure(self, subject: str, cents: int, grouped: bool, checkable: bool = True) -> "Narrative":
        """A printed amount. Only a figure a tie rule compares with a table is offered to fault
        injection: a misstated 机关运行经费 (no table prints it) could not be found by any check."""
        printed = format_amount(cents, grouped)
        self.stated.append(subject)
        if checkable:
            self.figures.append((len(self.text), len(self.text) + len(printed), subject))
        self.text += printed
        return self

    def line(self) -> Line:
        return Line(self.text, "narrative", "narrative", figures=list(self.figures), stated=list(self.stated))


def states_several_scopes(lines: list[Line]) -> bool:
    """Some line of the prose states one quantity in several scopes: subjects `stem:scope` of one stem
    (general_budget_expense:initial_budget beside general_budget_expense:final; a plain stem is the
    document's own scope)."""
    for line in lines:
        scopes: dict[str, set[str]] = {}
        for subject in line.stated:
            stem, _, scope = subject.rpartition(":")
            if scope not in SCOPE_TAGS:
                stem, scope = subject, ""
            scopes.setdefault(stem, set()).add(scope)
        if any(len(found) > 1 for found in scopes.values()):
            return True
    return False


SCOPE_TAGS = frozenset({"initial_budget", "full_year_budget", "final", "budget", "prior_year"})
