"""Tables printed without rules, found from text alignment: consecutive lines cut into runs by wide
gaps, whose runs line up in columns, with amounts among them. The columns are the spans of x that the
runs of the amount lines cover; a header run over several columns goes to the first of them, as a
merged header cell does."""

import re

from ingest.pdf.grids import Table
from ingest.pdf.lines import Line, split_runs, text_of
from ingest.text import parse_amount

_LEADER = re.compile(r"(?:\.{2,}|·{2,}|…+)\s*$")
_ROW_GAP = 1.5  # lines further apart than this many line heights are not one table


def aligned_tables(lines: list[Line]) -> tuple[list[Table], list[Line]]:
    """Unruled tables among `lines` (top to bottom), and the lines that are not in one."""
    runs = [split_runs(line.chars) for line in lines]
    tables: list[Table] = []
    rest: list[Line] = []
    index = 0
    while index < len(lines):
        if len(runs[index]) < 2:
            rest.append(lines[index])
            index += 1
            continue
        end = index
        while end + 1 < len(lines) and _close(lines[end], lines[end + 1]):
            if len(runs[end + 1]) >= 2:
                end += 1
            elif end + 2 < len(lines) and len(runs[end + 2]) >= 2 and _close(lines[end + 1], lines[end + 2]):
                end += 2  # a row printing only its label, between two rows of the table
            else:
                break
        block, block_runs = lines[index : end + 1], runs[index : end + 1]
        if _is_table(block_runs):
            tables.append(_read(block, block_runs))
        else:
            rest.extend(block)
        index = end + 1
    return tables, rest


def _close(upper: Line, lower: Line) -> bool:
    return lower.top - upper.bottom <= _ROW_GAP * upper.size


def _has_amount(runs: list) -> bool:
    return any(parse_amount(text_of(run)) is not None for run in runs[1:])


def _is_table(block_runs: list[list]) -> bool:
    """Rows of runs with amounts among them; a table of contents (entries ending in dot leaders before
    their page numbers) is not a table."""
    if sum(len(runs) >= 2 for runs in block_runs) < 2 or not any(_has_amount(runs) for runs in block_runs):
        return False
    entries = sum(bool(_LEADER.search(text_of(runs[0]))) for runs in block_runs if len(runs) == 2)
    return entries * 2 < len(block_runs)


def _read(block: list[Line], block_runs: list[list]) -> Table:
    basis = [runs for runs in block_runs if _has_amount(runs)]
    if len(basis) < 2:
        basis = block_runs
    columns: list[list[float]] = []
    for x0, x1 in sorted((run[0].x0, run[-1].x1) for runs in basis for run in runs):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    rows = []
    for runs in block_runs:
        cells = [""] * len(columns)
        for run in runs:
            column = _column_of(run[0].x0, run[-1].x1, columns)
            cells[column] = f"{cells[column]} {text_of(run)}".strip()
        rows.append(cells)
    return Table(block[0].top, block[-1].bottom, columns[0][0], columns[-1][1], rows)


def _column_of(x0: float, x1: float, columns: list[list[float]]) -> int:
    """The first column the run overlaps, or the nearest one."""
    for index, (start, end) in enumerate(columns):
        if x0 < end and x1 > start:
            return index
    return min(range(len(columns)), key=lambda i: min(abs(columns[i][0] - x1), abs(columns[i][1] - x0)))
