"""Ruled tables: ruling lines that cross each other make a grid; a cell whose inner rule is missing
spans the grid cells it covers (merged header cells). Each grid row becomes a line of tab-separated
cells in the form the parser reads: a merged cell's text in its top-left grid cell, the cells it
covers empty, as a text rendering prints them; a cell's text lines joined."""

from bisect import bisect_right
from dataclasses import dataclass

from ingest.pdf.geometry import Char, Rule
from ingest.pdf.lines import SPACE_GAP, Line, group_lines, join_wrapped, split_runs, text_of
from ingest.text import parse_amount

SNAP = 2.0  # rules this close (points) are one rule; a rule reaching this close to another meets it


@dataclass
class Table:
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[str]]


def ruled_tables(rules: list[Rule], chars: list[Char]) -> tuple[list[Table], list[Char]]:
    """Tables found from the page's rules, and the characters outside them."""
    tables = []
    outside = chars
    for horizontals, verticals in _components(_merged(rules)):
        horizontals, verticals = _closed(horizontals, verticals)
        xs = _positions(verticals)
        ys = _positions(horizontals)
        if len(xs) < 3 or len(ys) < 2:
            continue  # a box around text, or a lone line: not a table
        inside, outside = _split(outside, xs[0], xs[-1], ys[0], ys[-1])
        tables.append(_read_grid(xs, ys, horizontals, verticals, inside))
    return tables, outside


def _merged(rules: list[Rule]) -> list[Rule]:
    """Collinear rules that touch or overlap, joined (a rule drawn cell by cell is one rule)."""
    merged: list[Rule] = []
    for horizontal in (True, False):
        lines: list[list[Rule]] = []  # rules at (nearly) one position
        for rule in sorted((r for r in rules if r.horizontal == horizontal), key=lambda r: r.position):
            if lines and rule.position - lines[-1][-1].position <= SNAP / 2:
                lines[-1].append(rule)
            else:
                lines.append([rule])
        for line in lines:
            position = sum(rule.position for rule in line) / len(line)
            start = end = None
            for rule in sorted(line, key=lambda r: r.start):
                if end is not None and rule.start <= end + SNAP:
                    end = max(end, rule.end)
                    continue
                if start is not None:
                    merged.append(Rule(horizontal, position, start, end))
                start, end = rule.start, rule.end
            merged.append(Rule(horizontal, position, start, end))
    return merged


def _components(rules: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Groups of rules connected by crossings: each group is one table's frame."""
    parent = list(range(len(rules)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    horizontals = [i for i, rule in enumerate(rules) if rule.horizontal]
    verticals = [i for i, rule in enumerate(rules) if not rule.horizontal]
    for h in horizontals:
        hr = rules[h]
        for v in verticals:
            vr = rules[v]
            if hr.start - SNAP <= vr.position <= hr.end + SNAP and vr.start - SNAP <= hr.position <= vr.end + SNAP:
                parent[find(h)] = find(v)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for index, rule in enumerate(rules):
        group = groups.setdefault(find(index), ([], []))
        group[0 if rule.horizontal else 1].append(rule)
    return [group for group in groups.values() if group[0] and group[1]]


def _closed(horizontals: list[Rule], verticals: list[Rule]) -> tuple[list[Rule], list[Rule]]:
    """The frame's open sides closed: verticals running on past the top- or bottom-most horizontal (a
    continued table whose top rule is not drawn) end at an implied rule, and so do horizontals running
    past the outermost verticals (tables printed without side borders)."""
    left = min(rule.start for rule in horizontals)
    right = max(rule.end for rule in horizontals)
    top = min(rule.start for rule in verticals)
    bottom = max(rule.end for rule in verticals)
    implied_h = [
        Rule(True, edge, left, right)
        for edge, outermost in (
            (top, min(r.position for r in horizontals)),
            (bottom, max(r.position for r in horizontals)),
        )
        if abs(edge - outermost) > SNAP
    ]
    implied_v = [
        Rule(False, edge, top, bottom)
        for edge, outermost in ((left, min(r.position for r in verticals)), (right, max(r.position for r in verticals)))
        if abs(edge - outermost) > SNAP
    ]
    return horizontals + implied_h, verticals + implied_v


def _positions(rules: list[Rule]) -> list[float]:
    positions: list[float] = []
    for position in sorted(rule.position for rule in rules):
        if not positions or position - positions[-1] > SNAP:
            positions.append(position)
    return positions


def _split(chars: list[Char], x0: float, x1: float, top: float, bottom: float) -> tuple[list[Char], list[Char]]:
    inside, outside = [], []
    for char in chars:
        if x0 <= char.center <= x1 and top <= char.middle <= bottom:
            inside.append(char)
        else:
            outside.append(char)
    return inside, outside


def _at(rules: list[Rule], positions: list[float]) -> list[list[tuple[float, float]]]:
    """The (start, end) of the rules at each grid position."""
    return [
        [(rule.start, rule.end) for rule in rules if abs(rule.position - position) <= SNAP] for position in positions
    ]


def _covers(spans: list[tuple[float, float]], start: float, end: float) -> bool:
    """A rule runs along the middle half of [start, end]."""
    quarter = (end - start) / 4
    return any(low <= start + quarter and high >= end - quarter for low, high in spans)


def _read_grid(
    xs: list[float], ys: list[float], horizontals: list[Rule], verticals: list[Rule], chars: list[Char]
) -> Table:
    row_count, column_count = len(ys) - 1, len(xs) - 1
    parent = list(range(row_count * column_count))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    vertical_at, horizontal_at = _at(verticals, xs), _at(horizontals, ys)
    for row in range(row_count):
        for column in range(column_count):
            here = row * column_count + column
            if column + 1 < column_count and not _covers(vertical_at[column + 1], ys[row], ys[row + 1]):
                parent[find(here + 1)] = find(here)
            if row + 1 < row_count and not _covers(horizontal_at[row + 1], xs[column], xs[column + 1]):
                parent[find(here + column_count)] = find(here)
    # Each merged cell: its grid cells, and its top-left one, where its text is printed.
    members: dict[int, list[int]] = {}
    for index in range(row_count * column_count):
        members.setdefault(find(index), []).append(index)
    anchor = {root: min(cells) for root, cells in members.items()}
    texts: dict[int, list[Char]] = {}
    for run in _tight_runs(chars):
        first = run[0]
        row = min(max(bisect_right(ys, first.middle) - 1, 0), row_count - 1)
        column = min(max(bisect_right(xs, first.center) - 1, 0), column_count - 1)
        texts.setdefault(find(row * column_count + column), []).extend(run)
    rows: list[list[str]] = []
    for row in range(row_count):
        single = {
            column: group_lines(texts.get(find(row * column_count + column), []))
            for column in range(column_count)
            if len({cell // column_count for cell in members[find(row * column_count + column)]}) == 1
            and anchor[find(row * column_count + column)] == row * column_count + column
        }
        for index, sub_row in enumerate(_sub_rows(single)):
            cells = []
            for column in range(column_count):
                here = row * column_count + column
                root = find(here)
                if anchor[root] != here:
                    cells.append("")
                elif column in single:
                    cells.append(_cell_text(sub_row.get(column, [])))
                else:  # a cell merged down over several grid rows: printed on its first line
                    cells.append(_cell_text(group_lines(texts.get(root, []))) if index == 0 else "")
            if any(cells):
                rows.append(cells)
    return Table(ys[0], ys[-1], xs[0], xs[-1], rows)


def _sub_rows(lines: dict[int, list[Line]]) -> list[dict[int, list[Line]]]:
    """A grid row holding several printed rows (body rows with no rule between them), split at the
    lines of amounts, which never wrap; each text line goes with the nearest amount line. A row whose
    cells hold one amount line at most is one printed row."""
    anchors: list[float] = []
    for column_lines in lines.values():
        amounts = [line for line in column_lines if parse_amount(text_of(line.chars)) is not None]
        if len(amounts) > 1:
            for line in amounts:
                middle = (line.top + line.bottom) / 2
                if not any(abs(middle - anchor) <= line.size / 2 for anchor in anchors):
                    anchors.append(middle)
    if len(anchors) < 2:
        return [lines]
    anchors.sort()
    sub_rows: list[dict[int, list[Line]]] = [{} for _ in anchors]
    for column, column_lines in lines.items():
        for line in column_lines:
            nearest = min(range(len(anchors)), key=lambda i: abs(anchors[i] - line.middle))
            sub_rows[nearest].setdefault(column, []).append(line)
    return sub_rows


def _tight_runs(chars: list[Char]) -> list[list[Char]]:
    """Text drawn without a break: a run straddling an inner rule (a spanning header drawn over
    unmerged cells) stays whole, in the cell where it starts."""
    return [run for line in group_lines(chars) for run in split_runs(line.chars, SPACE_GAP / 2)]


def _cell_text(lines: list[Line]) -> str:
    return join_wrapped([line.text for line in lines]).replace("\t", " ")
