"""One document's text → its metadata, table of contents, statement tables, performance and
narrative. Pure.

The document is read in parts: the table of contents, its metadata, the grid blocks, each
statement table, each performance table, the performance prose, the narrative and the units
inferred where no unit is printed. A part that fails (a
layout never seen meeting a parser bug) loses that part only: the exception is recorded as an issue
naming the part, its first line and the exception, and the other parts land. The document is
quarantined only when its identity (department, year, phase) or every table is lost.
"""

import re
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ingest.blocks import Block, split_blocks, toc_line_numbers
from ingest.metadata import DocumentMetadata, read_metadata
from ingest.model import Issue, ParsedDocument, StatementTable, TocEntry
from ingest.narrative.figures import NarrativeFigure, read_figures
from ingest.narrative.sentences import document_sentences
from ingest.performance.reading import (
    PERFORMANCE_KIND,
    combine_readings,
    read_performance_prose,
    read_performance_table,
)
from ingest.performance.records import PerformanceReading
from ingest.statement_kinds import classify_title, is_statement_title
from ingest.tables import NON_FINANCIAL_KINDS, assemble_tables
from ingest.text import clean_line
from ingest.units import infer_units

# No leading \s*: it would be tried from every space of a long run (quadratic); the title is stripped after.
_LEADER_AND_PAGE = re.compile(r"(?:\.{2,}|·{2,}|…+).*$")
# Warnings kept per document: a garbage file would otherwise write one per line. The rest are
# counted in one closing warning.
MAX_WARNINGS = 100
# No document prints a line this long or this wide (the samples: 362 characters, 18 cells). Such a
# line (a runaway export, noise) is not read, which keeps the parser's work per line bounded.
MAX_LINE_CHARACTERS = 5_000
MAX_LINE_CELLS = 500
_NO_METADATA = DocumentMetadata(None, None, None, None, None)
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T")


class _Parts:
    """Runs the parts of a document, each on its own: a part that raises is recorded and left out."""

    def __init__(self) -> None:
        self.failures: list[Issue] = []

    def read(self, part: str, line: int | None, read: Callable[..., T], *arguments: object) -> T | None:
        try:
            return read(*arguments)
        except Exception as error:  # any bug in one part must cost that part only
            self.failures.append(part_failure(part, line, error))
            return None


def part_failure(part: str, line: int | None, error: Exception, severity: str = "warning") -> Issue:
    """The issue recording a part of a document that could not be read: the part, its first line and
    the exception, with where it was raised."""
    where = f" at line {line}" if line else ""
    return Issue(
        line,
        severity,
        f"{part}{where} could not be read ({type(error).__name__}): left out, the rest of the document is kept",
        part=part,
        exception=describe_exception(error),
    )


def describe_exception(error: Exception) -> str:
    """`IndexError: list index out of range (ingest/performance/indicator_rows.py:54 in read_indicator_row)`."""
    frames = traceback.extract_tb(error.__traceback__)
    text = f"{type(error).__name__}: {error}"
    if not frames:
        return text
    frame = frames[-1]
    path = Path(frame.filename)
    shown = path.relative_to(_PACKAGE_ROOT) if path.is_relative_to(_PACKAGE_ROOT) else path
    return f"{text} ({shown}:{frame.lineno} in {frame.name})"


def parse_document(text: str, file_name: str | None = None, max_warnings: int = MAX_WARNINGS) -> ParsedDocument:
    """`file_name`: the document's file name, the last resort for its department, year and phase."""
    lines, issues = _readable_lines(text)
    parts = _Parts()
    toc_lines = parts.read("table of contents", None, toc_line_numbers, lines) or set()
    toc = parts.read("table of contents", None, _toc, lines, toc_lines) or ()

    metadata = parts.read("metadata", None, read_metadata, lines, file_name, toc_lines)
    if metadata is None:
        issues.append(_identity_lost(parts.failures.pop()))
        metadata = _NO_METADATA
    else:
        issues.extend(
            Issue(None, "error", f"cannot read the {field} from the document")
            for field, value in (
                ("department name", metadata.department_name),
                ("fiscal year", metadata.fiscal_year),
                ("phase (预算/决算)", metadata.phase),
            )
            if value is None
        )

    blocks = parts.read("grid blocks", None, split_blocks, lines, toc_lines) or []
    tables, table_issues = _statement_tables(blocks, toc, parts)
    issues.extend(table_issues)
    if not any(row.row_role == "data" for table in tables for row in table.rows):
        lost = sum(failure.part in ("grid blocks", "statement table") for failure in parts.failures)
        reason = f" ({lost} part(s) failed, see the warnings)" if lost else ""
        issues.append(Issue(None, "error", f"no recognizable table with data rows{reason}"))
    issues.extend(parts.read("table of contents", None, _toc_entries_not_found, toc, tables) or ())

    performance = combine_readings(
        [
            *_performance_tables(lines, tables, parts, issues),
            parts.read("performance prose", None, read_performance_prose, lines) or PerformanceReading(),
        ]
    )
    narrative = parts.read("narrative", None, _narrative, lines, blocks, tables) or ()
    measured, unit_issues = parts.read("units", None, infer_units, tuple(tables), narrative) or (tuple(tables), [])
    issues.extend(unit_issues)
    issues.extend(parts.read("table of contents", None, _tables_not_in_toc, lines, toc_lines, tables) or ())
    return ParsedDocument(
        metadata,
        toc,
        measured,
        capped([*issues, *parts.failures], max_warnings),
        performance=performance,
        narrative=narrative,
    )


def _readable_lines(text: str) -> tuple[list[str], list[Issue]]:
    """The document's lines, those too long or too wide to be printed text blanked (line numbers kept)."""
    lines = text.split("\n")
    issues = []
    for index, line in enumerate(lines):
        cells = line.count("\t") + 1
        if len(line) > MAX_LINE_CHARACTERS or cells > MAX_LINE_CELLS:
            lines[index] = ""
            issues.append(
                Issue(
                    index + 1,
                    "warning",
                    f"line of {len(line):,} characters in {cells:,} cells: longer than any line a document prints"
                    f" ({MAX_LINE_CHARACTERS:,} characters, {MAX_LINE_CELLS:,} cells), not read",
                )
            )
    return lines, issues


def _identity_lost(failure: Issue) -> Issue:
    """The metadata part failed: the document has no identity, which quarantines it."""
    return Issue(
        None, "error", f"cannot read the document's identity: {failure.message}", failure.part, failure.exception
    )


def _statement_tables(
    blocks: list[Block], toc: tuple[TocEntry, ...], parts: _Parts
) -> tuple[list[StatementTable], list[Issue]]:
    """The statement tables of the blocks. When assembling them fails, they are assembled again block
    by block: a block that makes the assembly fail is left out (and reported), the others are
    assembled together as they would have been (a continued page still joins its table)."""
    try:
        return assemble_tables(blocks, toc)
    except Exception:  # found again block by block below
        pass
    kept: list[Block] = []
    assembled: tuple[list[StatementTable], list[Issue]] = ([], [])
    for block in blocks:
        attempt = parts.read("statement table", block.first_line, assemble_tables, [*kept, block], toc)
        if attempt is not None:
            kept.append(block)
            assembled = attempt
    return assembled


def _performance_tables(
    lines: list[str], tables: list[StatementTable], parts: _Parts, issues: list[Issue]
) -> list[PerformanceReading]:
    readings = []
    for table_seq, table in enumerate(tables, 1):
        if table.statement_kind != PERFORMANCE_KIND:
            continue
        read = parts.read("performance table", table.first_line, read_performance_table, lines, table_seq, table)
        if read is not None:
            reading, table_issues = read
            readings.append(reading)
            issues.extend(table_issues)
    return readings


def _narrative(lines: list[str], blocks: list[Block], tables: list[StatementTable]) -> tuple[NarrativeFigure, ...]:
    # From a table's title to its last row, what is not a grid row (department, unit lines) is not prose.
    table_lines = {
        number for table in tables if table.title_line for number in range(table.title_line, table.last_line + 1)
    }
    return read_figures(document_sentences(lines, blocks, table_lines))


def _toc(lines: list[str], toc_lines: set[int]) -> tuple[TocEntry, ...]:
    entries = []
    for number in sorted(toc_lines):
        title = _LEADER_AND_PAGE.sub("", clean_line(lines[number - 1].split("\t")[0])).strip()
        if title.endswith("表") and is_statement_title(title):
            entries.append(TocEntry(number, title, classify_title(title)))
    return tuple(entries)


def _toc_entries_not_found(toc: tuple[TocEntry, ...], tables: list[StatementTable]) -> list[Issue]:
    """A table the contents name but the text lacks (lost pages, a cut-short file): one warning per entry."""
    available = Counter(table.statement_kind for table in tables)
    issues = []
    for entry in toc:
        if available[entry.statement_kind] > 0:
            available[entry.statement_kind] -= 1
        else:
            issues.append(
                Issue(
                    entry.line_number,
                    "warning",
                    f"table of contents names {entry.title!r} ({entry.statement_kind}), but no such table was found",
                )
            )
    return issues


def _tables_not_in_toc(lines: list[str], toc_lines: set[int], tables: list[StatementTable]) -> list[Issue]:
    """A statement table found that the contents, where the document has them, do not name: neither
    as a table nor as the section printing it (`七、政府采购预算情况`)."""
    entries = [_LEADER_AND_PAGE.sub("", clean_line(lines[number - 1].split("\t")[0])).strip() for number in toc_lines]
    named = Counter(classify_title(entry) for entry in entries if entry)
    if not sum(count for kind, count in named.items() if kind not in NON_FINANCIAL_KINDS):
        return []
    issues = []
    for table in tables:
        if table.statement_kind in NON_FINANCIAL_KINDS or table.kind_source is None:
            continue
        if named[table.statement_kind] > 0:
            named[table.statement_kind] -= 1
        else:
            issues.append(
                Issue(
                    table.title_line or table.first_line,
                    "warning",
                    f"table {table.title!r} ({table.statement_kind}) is not named in the table of contents",
                )
            )
    return issues


def capped(issues: list[Issue], max_warnings: int) -> tuple[Issue, ...]:
    """Every error and the first `max_warnings` warnings; the warnings past them are counted in one."""
    kept: list[Issue] = []
    dropped: list[Issue] = []
    warnings = 0
    for issue in issues:
        if issue.severity == "warning":
            warnings += 1
            if warnings > max_warnings:
                dropped.append(issue)
                continue
        kept.append(issue)
    if not dropped:
        return tuple(issues)
    lines = [issue.line_number for issue in dropped if issue.line_number]
    span = f" (lines {min(lines)}–{max(lines)})" if lines else ""
    message = f"{len(dropped):,} more warnings{span} not recorded: only the first {max_warnings} of a document are kept"
    return (*kept, Issue(min(lines) if lines else None, "warning", message))
