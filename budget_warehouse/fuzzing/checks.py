"""What a fuzz run checks of the parser on one text: it does not raise, no part of the document fails,
and every figure it lands is a figure printed in the text (the same digits, on the line it names).
Shared by the property-based tests (tests/test_fuzz_parser.py) and the long run (benchmarks/fuzz.py).
"""

import re
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ingest.model import ParsedDocument
from ingest.parser import describe_exception, parse_document
from ingest.text import strip_tags

_NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d*)?")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Finding:
    kind: str  # crash / part failed / figure not printed
    detail: str


@dataclass(frozen=True)
class FuzzResult:
    seconds: float
    findings: tuple[Finding, ...]


def fuzz_one(text: str) -> FuzzResult:
    """Parse `text` and check what was parsed; the time is the parse's alone."""
    start = time.perf_counter()
    try:
        parsed = parse_document(text)
    except Exception as error:
        return FuzzResult(time.perf_counter() - start, (Finding("crash", describe_exception(error)),))
    seconds = time.perf_counter() - start
    return FuzzResult(seconds, tuple(check_parsed(text, parsed)))


def check_parsed(text: str, parsed: ParsedDocument) -> list[Finding]:
    findings = [
        Finding("part failed", f"{issue.part} at line {issue.line_number}: {issue.exception}")
        for issue in parsed.issues
        if issue.part
    ]
    return findings + figures_not_printed(text, parsed)


def figures_not_printed(text: str, parsed: ParsedDocument) -> list[Finding]:
    """Every amount landed in a statement cell, a narrative figure or a performance budget, whose
    printed digits are not in the text where the parser says they are."""
    lines = text.split("\n")
    joined = _SPACE.sub("", text)  # prose wraps: a figure's sentence may run over lines
    findings = []
    for table in parsed.tables:
        for row in table.rows:
            if row.row_role != "data":
                continue
            line = strip_tags(lines[row.source_line - 1]) if 0 < row.source_line <= len(lines) else ""
            for cell in row.cells:
                if cell.amount and (cell.text not in line or printed_value(cell.text) != cell.amount.value):
                    findings.append(_not_printed("statement cell", row.source_line, cell.text, cell.amount.value))
    for figure in parsed.narrative:
        for printed, value in ((figure.printed_amount, figure.amount), (figure.printed_change, figure.change_amount)):
            if value is None or (printed is None and figure.change_direction == "flat" and value == 0):
                continue  # 与上年持平: a change of 0 stated in words
            number = _NUMBER.search(printed or "")
            if not number or number.group() not in joined or abs(printed_value(number.group())) != abs(value):
                findings.append(_not_printed("narrative figure", figure.source_line, printed, value))
    for project in parsed.performance.projects:
        if project.budget_amount is not None and (
            _SPACE.sub("", project.budget_text or "") not in joined
            or printed_value(project.budget_text or "") != project.budget_amount
        ):
            findings.append(
                _not_printed("performance budget", project.budget_line, project.budget_text, project.budget_amount)
            )
    return findings


def printed_value(printed: str) -> Decimal | None:
    """The number printed digits make: `4,643.47` → 4643.47."""
    try:
        return Decimal(_SPACE.sub("", printed).replace(",", "").replace("−", "-").rstrip("."))
    except InvalidOperation:
        return None


def _not_printed(where: str, line: int | None, printed: str | None, value: Decimal) -> Finding:
    return Finding("figure not printed", f"{where} at line {line}: {value} landed from {printed!r}")
