"""One document's text → its metadata, table of contents and statement tables. Pure."""

import re
from collections import Counter

from ingest.blocks import split_blocks, toc_line_numbers
from ingest.metadata import read_metadata
from ingest.model import Issue, ParsedDocument, StatementTable, TocEntry
from ingest.narrative.figures import read_figures
from ingest.narrative.sentences import document_sentences
from ingest.performance.reading import read_performance
from ingest.statement_kinds import classify_title, is_statement_title
from ingest.tables import NON_FINANCIAL_KINDS, assemble_tables
from ingest.text import clean_line
from ingest.units import infer_units

_LEADER_AND_PAGE = re.compile(r"\s*(?:\.{2,}|·{2,}|…+).*$")


def parse_document(text: str, file_name: str | None = None) -> ParsedDocument:
    """`file_name`: the document's file name, the last resort for its department, year and phase."""
    lines = text.split("\n")
    toc_lines = toc_line_numbers(lines)
    blocks = split_blocks(lines, toc_lines)
    toc = _toc(lines, toc_lines)
    tables, issues = assemble_tables(blocks, toc)
    metadata = read_metadata(lines, file_name, toc_lines)
    for field, value in (
        ("department name", metadata.department_name),
        ("fiscal year", metadata.fiscal_year),
        ("phase (预算/决算)", metadata.phase),
    ):
        if value is None:
            issues.append(Issue(None, "error", f"cannot read the {field} from the document"))
    if not any(row.row_role == "data" for table in tables for row in table.rows):
        issues.append(Issue(None, "error", "no recognizable table with data rows"))
    issues.extend(_toc_entries_not_found(toc, tables))
    performance, performance_issues = read_performance(lines, tuple(tables))
    issues.extend(performance_issues)
    # From a table's title to its last row, what is not a grid row (department, unit lines) is not prose.
    table_lines = {
        number for table in tables if table.title_line for number in range(table.title_line, table.last_line + 1)
    }
    sentences = document_sentences(lines, blocks, table_lines)
    narrative = read_figures(sentences)
    measured, unit_issues = infer_units(tuple(tables), narrative)
    issues.extend(unit_issues)
    issues.extend(_tables_not_in_toc(lines, toc_lines, tables))
    return ParsedDocument(metadata, toc, measured, tuple(issues), performance=performance, narrative=narrative)


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
