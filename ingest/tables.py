"""Grid blocks → statement tables: title, kind, unit, header, continued pages and notes."""

import re
from dataclasses import dataclass, field

from ingest.blocks import Block, GridRow, TextLine
from ingest.codes import CodeContext
from ingest.layout import Layout, build_layout, is_column_number_row
from ingest.model import Issue, StatementRow, StatementTable
from ingest.rows import header_row, parse_row
from ingest.statement_kinds import UNKNOWN, classify_title, is_statement_title, normalize_title
from ingest.text import clean_line, compact, parse_amount

NON_FINANCIAL_KINDS = frozenset({"performance", "unit_composition", "asset", UNKNOWN})
_UNIT = re.compile(r"单位[:：]?(万元|亿元|元)|[（(](万元|亿元|元)[）)]")
_ORDINAL_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
_LABEL_COLUMNS = 3
_NOTE = re.compile(r"^[（(]?(注|备注|说明)[:：\s]")
_EMPTY_NOTE = re.compile(r"没有|无.*(预算|支出|收入)|空表")
_NOTE_ITEM = re.compile(r"(?:^|[:：。])(\d{1,2})[.．、]")
# Above this many header lines a non-financial table (绩效 forms) has no column header proper.
_MAX_FORM_HEADER_ROWS = 3


@dataclass
class _TableBuilder:
    title: str | None
    title_line: int | None
    kind: str
    unit: str | None
    unit_line: int | None
    header: list[GridRow]
    layout: Layout
    first_line: int
    last_line: int
    codes: CodeContext = field(default_factory=CodeContext)
    rows: list[StatementRow] = field(default_factory=list)
    pages: int = 1
    note: str | None = None
    note_line: int | None = None

    @property
    def financial(self) -> bool:
        return self.kind not in NON_FINANCIAL_KINDS

    def header_keys(self) -> set[str]:
        return {compact("".join(row.cells)) for row in self.header}

    def add_rows(self, rows: list[GridRow]) -> None:
        keys = self.header_keys()
        for row in rows:
            if compact("".join(row.cells)) in keys or is_column_number_row(row.cells):
                continue  # a header repeated on a continued page
            self.rows.extend(parse_row(row.cells, row.line_number, row.text, self.layout, self.codes, self.financial))
        self.last_line = max(self.last_line, rows[-1].line_number) if rows else self.last_line

    def build(self) -> StatementTable:
        return StatementTable(
            title=self.title,
            title_line=self.title_line,
            statement_kind=self.kind,
            unit=self.unit,
            unit_line=self.unit_line,
            first_line=self.first_line,
            last_line=self.last_line,
            page_count=self.pages,
            header_rows=len(self.header),
            note=self.note,
            note_line=self.note_line,
            rows=tuple(self.rows),
        )


def assemble_tables(blocks: list[Block]) -> tuple[list[StatementTable], list[Issue]]:
    builders: list[_TableBuilder] = []
    issues: list[Issue] = []
    for block in blocks:
        title = _title(block)
        current = builders[-1] if builders else None
        if current and _continues(block, title, current):
            _continue_table(current, block, issues)
        else:
            builders.append(_start_table(block, title))
        _attach_note(builders[-1], block.trailer)
    tables = [builder.build() for builder in builders]
    for table in tables:
        issues.extend(_table_issues(table))
    return tables, issues


def _title(block: Block) -> TextLine | None:
    for line in reversed(block.context):
        if is_statement_title(line.text):
            return line
    return None


def _continues(block: Block, title: TextLine | None, current: _TableBuilder) -> bool:
    if title is not None:
        return current.title is not None and normalize_title(title.text) == normalize_title(current.title)
    leading = compact("".join(block.rows[0].cells))
    return leading in current.header_keys() or len(block.rows[0].cells) == current.layout.width


def _start_table(block: Block, title: TextLine | None) -> _TableBuilder:
    kind = classify_title(title.text) if title else UNKNOWN
    financial = kind not in NON_FINANCIAL_KINDS
    header_count = _header_count(block.rows, financial)
    header = block.rows[:header_count]
    width = max(len(row.cells) for row in block.rows)
    layout = build_layout([row.cells for row in header], width, financial)
    unit, unit_line = _unit(block, title)
    builder = _TableBuilder(
        title=clean_line(title.text) if title else None,
        title_line=title.line_number if title else None,
        kind=kind,
        unit=unit,
        unit_line=unit_line,
        header=header,
        layout=layout,
        first_line=block.first_line,
        last_line=block.last_line,
    )
    builder.rows.extend(header_row(row.cells, row.line_number, row.text, layout) for row in header)
    builder.add_rows(block.rows[header_count:])
    return builder


def _header_count(rows: list[GridRow], financial: bool) -> int:
    count = next((i for i, row in enumerate(rows) if _is_data_row(row.cells)), len(rows))
    if financial:
        return count
    if count == len(rows) and count > 1:
        return 1  # a form of text only (单位名称 | 单位性质 …): its first line is the header
    return count if count <= _MAX_FORM_HEADER_ROWS else 0


def _continue_table(builder: _TableBuilder, block: Block, issues: list[Issue]) -> None:
    builder.pages += 1
    unit, unit_line = _unit(block, None)
    if unit and builder.unit and unit != builder.unit:
        issues.append(Issue(unit_line, "warning", f"continued page prints unit {unit}, table says {builder.unit}"))
    builder.unit, builder.unit_line = builder.unit or unit, builder.unit_line or unit_line
    builder.add_rows(block.rows)


def _is_data_row(cells: list[str]) -> bool:
    if is_column_number_row(cells):
        return False
    filled = [(column, cell) for column, cell in enumerate(cells) if cell]
    if not filled:
        return False
    if any(parse_amount(cell) is not None for _, cell in filled):
        return True
    # A numbered row label (一、…) or a code stands at the left; header words (总计, 合计) do not count.
    column, first = filled[0][0], compact(filled[0][1])
    return column <= _LABEL_COLUMNS and bool(_ORDINAL_LABEL.match(first) or re.fullmatch(r"\d{3}|\d{5}|\d{7}", first))


def _unit(block: Block, title: TextLine | None) -> tuple[str | None, int | None]:
    context = [line for line in block.context if title is None or line.line_number >= title.line_number]
    candidates = [(line.line_number, line.text) for line in context]
    candidates += [(row.line_number, row.text) for row in block.rows[:3]]
    for line_number, text in candidates:
        match = _UNIT.search(compact(text))
        if match:
            return match.group(1) or match.group(2), line_number
    return None, None


def _attach_note(builder: _TableBuilder, trailer: list[TextLine]) -> None:
    notes = [line for line in trailer[:3] if _NOTE.match(compact(line.text))]
    if not notes and not any(row.row_role == "data" for row in builder.rows):
        notes = [line for line in trailer[:1] if _EMPTY_NOTE.search(line.text)]
    if notes and builder.note is None and (notes[0].line_number > builder.last_line):
        notes += _numbered_note_items(notes[-1], trailer)
        builder.note = "\n".join(line.text for line in notes)
        builder.note_line = notes[0].line_number


def _numbered_note_items(note: TextLine, trailer: list[TextLine]) -> list[TextLine]:
    """`注：1. …` then, after a blank line, `2. …`: the items that go on numbering the note."""
    numbers = [int(number) for number in _NOTE_ITEM.findall(compact(note.text))]
    if not numbers or numbers[0] != 1:
        return []
    items = []
    for line in trailer[trailer.index(note) + 1 :]:
        match = _NOTE_ITEM.match(compact(line.text))
        if not match or int(match.group(1)) != numbers[-1] + 1:
            break
        items.append(line)
        numbers.append(int(match.group(1)))
    return items


def _table_issues(table: StatementTable) -> list[Issue]:
    issues = []
    if table.statement_kind == UNKNOWN:
        issues.append(Issue(table.first_line, "warning", f"table could not be classified (title: {table.title!r})"))
    if table.statement_kind not in NON_FINANCIAL_KINDS and table.unit is None:
        issues.append(Issue(table.first_line, "warning", "no unit (万元/元) printed for this table"))
    if not any(row.row_role == "data" for row in table.rows) and table.note is None:
        issues.append(Issue(table.first_line, "warning", "table has no data rows and no explanatory note"))
    if table.statement_kind not in NON_FINANCIAL_KINDS:
        issues.extend(_rows_cut_short(table))
    return issues


def _rows_cut_short(table: StatementTable) -> list[Issue]:
    """A line printing fewer columns than the rest of its table stops mid-row (a truncated file or page);
    its missing cells land blank."""
    widths = {row.source_line: (len(row.line_text.split("\t")), row.row_role) for row in table.rows}
    width = max((printed for printed, _ in widths.values()), default=0)
    return [
        Issue(line, "warning", f"row cut short: {printed} of the table's {width} columns printed")
        for line, (printed, role) in sorted(widths.items())
        if role == "data" and printed < width
    ]
