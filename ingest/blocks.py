"""A document's lines split into a table of contents, prose and grid blocks (runs of tab-separated rows)."""

import re
from dataclasses import dataclass

from ingest.text import compact, split_cells, strip_tags

# Dot leaders before a page number: `一、收支预算总表.....\t7`, `…说明 ..\t23`.
_LEADER = re.compile(r"(\.{2,}|·{2,}|…+)\s*(</b>)?\s*(\t|$)")
_RULE_ROW = re.compile(r"^[-\s|]+$")
_PART = re.compile(r"^第([一二三四五六七八九十]+)部分")
_PART_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
_FIELD = re.compile(r"单位[:：]|部门[:：]|年度[:：]")
_PAGE = re.compile(r"\t\s*(?:<b>)?\d+(?:</b>)?\s*$")


@dataclass(frozen=True)
class GridRow:
    line_number: int
    cells: list[str]
    text: str


@dataclass(frozen=True)
class TextLine:
    """A logical prose line: physical lines wrapped without a blank line between them, joined.

    Blank lines are how some converters separate a title from the department and unit lines under
    it, not how all do: the physical lines are kept, so that a title, a department or a unit line
    is found on its own line whether blank lines surround it or not."""

    line_number: int
    text: str
    end_line: int
    physical: tuple[tuple[int, str], ...] = ()  # (line number, stripped text) of each joined line

    @property
    def lines(self) -> tuple[tuple[int, str], ...]:
        return self.physical or ((self.line_number, self.text),)


@dataclass(frozen=True)
class Block:
    rows: list[GridRow]
    context: list[TextLine]  # prose since the previous block, nearest last
    trailer: list[TextLine]  # prose after the block up to the next block

    @property
    def first_line(self) -> int:
        return self.rows[0].line_number

    @property
    def last_line(self) -> int:
        return self.rows[-1].line_number


def toc_line_numbers(lines: list[str]) -> set[int]:
    """Lines of the table of contents: dot leaders, or the list after a 目录 heading. The list ends
    where the body begins, with or without a blank line before it: a part heading numbered again
    (`第一部分` after `第四部分`, or after entries of no part), an entry printed again, a sentence, a
    table's field line (`单位：万元`) or a grid row."""
    numbers = {n for n, line in enumerate(lines, 1) if _LEADER.search(line)}
    heading = next((n for n, line in enumerate(lines[:40], 1) if compact(line).lstrip("#") in ("目录", "目 录")), None)
    if heading is not None and not any(n > heading for n in numbers):
        seen: set[str] = set()
        last_part = 0
        for number in range(heading + 1, min(heading + 60, len(lines)) + 1):
            raw = lines[number - 1]
            text = compact(strip_tags(raw)).lstrip("#-")
            if not text:
                continue
            part = _PART.match(text)
            if part:
                order = _PART_NUMBERS.index(part.group(1)) + 1 if part.group(1) in _PART_NUMBERS else 0
                if order <= last_part or (order == 1 and seen):
                    break
                last_part = order
            if text in seen or "。" in text or _FIELD.search(text) or ("\t" in raw and not _PAGE.search(raw)):
                break
            seen.add(text)
            numbers.add(number)
    return numbers


def split_blocks(lines: list[str], skip: set[int]) -> list[Block]:
    """Grid blocks with the prose around them; blank lines inside a table do not end it."""
    items = _items(lines, skip)
    blocks: list[list[GridRow]] = []
    prose_runs: list[list[TextLine]] = [[]]  # prose_runs[i] precedes blocks[i]
    for item in items:
        if isinstance(item, GridRow):
            if len(blocks) < len(prose_runs):
                blocks.append([])
            blocks[-1].append(item)
        else:
            if len(blocks) == len(prose_runs):
                prose_runs.append([])
            prose_runs[-1].append(item)
    trailing = prose_runs[len(blocks)] if len(prose_runs) > len(blocks) else []
    return [
        Block(rows, prose_runs[index], prose_runs[index + 1] if index + 1 < len(blocks) else trailing)
        for index, rows in enumerate(blocks)
    ]


def _items(lines: list[str], skip: set[int]) -> list[GridRow | TextLine]:
    items: list[GridRow | TextLine] = []
    previous_blank = True
    for number, line in enumerate(lines, 1):
        if number in skip or not line.strip():
            previous_blank = True
            continue
        if "\t" in line:
            if not _RULE_ROW.match(line.replace("\t", "")):
                items.append(GridRow(number, split_cells(line), line.rstrip("\n")))
        elif items and isinstance(items[-1], TextLine) and not previous_blank:
            last = items[-1]
            items[-1] = TextLine(
                last.line_number, last.text + line.strip(), number, (*last.lines, (number, line.strip()))
            )
        else:
            items.append(TextLine(number, line.strip(), number, ((number, line.strip()),)))
        previous_blank = False
    return items
