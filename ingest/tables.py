"""Grid blocks → statement tables: title, kind, unit, header, continued pages and notes."""

import re
from dataclasses import dataclass, field

from ingest.blocks import Block, GridRow, TextLine
from ingest.codes import ECONOMIC_KINDS, CodeContext, note_indents
from ingest.layout import Layout, build_layout, is_column_number_row
from ingest.metadata import DEPARTMENT_NAME
from ingest.model import Issue, StatementRow, StatementTable, TocEntry
from ingest.rows import header_row, parse_row
from ingest.statement_kinds import UNKNOWN, classify_title, is_statement_title, normalize_title, title_part
from ingest.text import compact, parse_amount

NON_FINANCIAL_KINDS = frozenset({"performance", "unit_composition", "asset", UNKNOWN})
# The unit as printed: `单位：万元`, `金额单位：元`, `单位:人民币万元`, `（单位：千元）`, `(万元)` in a title or header.
_UNIT = re.compile(r"单位[:：]?(?:人民币)?(万元|亿元|千元|元)|[（(](?:单位[:：])?(?:人民币)?(万元|亿元|千元|元)[）)]")
KIND_FROM_TITLE, KIND_FROM_CONTENTS = "title", "contents"
# A line opening with a table's number or an ordinal: the first line of a title, never a continuation.
_NUMBERED = re.compile(r"^(?:附?表\d|附件\d|[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
# A line that is no part of a title wrapped onto the next: a part heading (第二部分 …), the document's
# own title (…部门决算), a department's name.
_NOT_A_FRAGMENT = re.compile(rf"^第[一二三四五六七八九十]+部分|(?:部门|单位)(?:预算|决算)$|{DEPARTMENT_NAME.pattern}")
# A line printing a field of the table rather than its title: its unit or its department.
_FIELD_LINE = re.compile(r"单位[:：]|部门[:：]|单位名称|编制单位|年度[:：]")
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
    kind_source: str | None
    unit: str | None
    unit_line: int | None
    header: list[GridRow]
    layout: Layout
    first_line: int
    last_line: int
    blocks: list[Block] = field(default_factory=list)
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
        if self.financial:
            note_indents(rows, self.codes)
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
            kind_source=self.kind_source,
            unit=self.unit,
            unit_source="printed" if self.unit else None,
            unit_line=self.unit_line,
            first_line=self.first_line,
            last_line=self.last_line,
            page_count=self.pages,
            header_rows=len(self.header),
            note=self.note,
            note_line=self.note_line,
            rows=tuple(self.rows),
        )


def assemble_tables(blocks: list[Block], toc: tuple[TocEntry, ...] = ()) -> tuple[list[StatementTable], list[Issue]]:
    """`toc`: the tables the document's contents name, in order: an untitled table between two
    tables found takes the kind the contents list between them."""
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
    _classify_untitled(builders, toc, issues)
    tables = [builder.build() for builder in builders]
    for table in tables:
        issues.extend(_table_issues(table))
    return tables, issues


def _title(block: Block) -> TextLine | None:
    """The nearest line above the grid that names a table."""
    for line in reversed(block.context):
        title = _title_in(line)
        if title:
            return title
    return None


def _title_in(line: TextLine) -> TextLine | None:
    """A title among lines printed without blank lines between them. Lines of a title wrapped by the
    converter are read together; a line with a field (`单位：万元`, `编制部门：XX局`) or a sentence is
    read on its own, so a title directly followed by its department and unit lines is found; the
    fragments printed just before a title line (`部门一般公共预算“三公”经费` / `支出预算表`) are part of it."""
    physical = line.lines
    texts = [text for _, text in physical]
    separate = [bool(_FIELD_LINE.search(compact(text))) or "。" in text for text in texts]
    alone = [is_statement_title(text) for text in texts]
    if not any(separate) and sum(alone) <= 1 and is_statement_title(line.text):
        return line
    for index in range(len(texts) - 1, -1, -1):
        start = index
        while (
            start > 0
            and index - start < 2
            and not alone[start - 1]
            and not separate[start - 1]
            and not _NUMBERED.match(compact(texts[start]))  # a numbered line opens its title
            and not _NOT_A_FRAGMENT.search(compact(texts[start - 1]))
        ):
            start -= 1
        for first in range(start, index):
            joined = "".join(texts[first : index + 1])
            if is_statement_title(joined):
                return TextLine(physical[first][0], joined, physical[index][0], physical[first : index + 1])
        if alone[index]:
            return TextLine(physical[index][0], texts[index], physical[index][0], (physical[index],))
    return None


def _classify_untitled(builders: list[_TableBuilder], toc: tuple[TocEntry, ...], issues: list[Issue]) -> None:
    """A table printed without a title, alone between two tables that the contents list with exactly
    one table between them, is that table: its kind is recorded as read from the contents."""
    kinds = [entry.statement_kind for entry in toc]
    if not kinds:
        return
    placed: list[int | None] = []
    position = 0
    for builder in builders:
        found = None
        if builder.kind_source == KIND_FROM_TITLE:
            found = next((i for i in range(position, len(kinds)) if kinds[i] == builder.kind), None)
            position = found + 1 if found is not None else position
        placed.append(found)
    titled = [index for index, found in enumerate(placed) if found is not None]
    for index, builder in enumerate(builders):
        if builder.title is not None:
            continue
        previous = max((i for i in titled if i < index), default=None)
        following = min((i for i in titled if i > index), default=None)
        before = placed[previous] if previous is not None else -1
        after = placed[following] if following is not None else len(kinds)
        between = range(
            (previous if previous is not None else -1) + 1, following if following is not None else len(builders)
        )
        untitled = [i for i in between if builders[i].title is None]
        if before is None or after is None or after - before != 2 or untitled != [index]:
            continue
        kind = kinds[before + 1]
        if kind == UNKNOWN:
            continue
        builders[index] = _reread(builder, kind)
        issues.append(
            Issue(
                builder.first_line,
                "warning",
                f"table printed without a title: read as {toc[before + 1].title!r} from the contents",
            )
        )


def _reread(builder: _TableBuilder, kind: str) -> _TableBuilder:
    rebuilt = _start_table(builder.blocks[0], None, kind)
    for block in builder.blocks[1:]:
        _continue_table(rebuilt, block, [])
    rebuilt.note, rebuilt.note_line = builder.note, builder.note_line
    return rebuilt


def _continues(block: Block, title: TextLine | None, current: _TableBuilder) -> bool:
    if title is not None:
        return current.title is not None and normalize_title(title.text) == normalize_title(current.title)
    leading = compact("".join(block.rows[0].cells))
    return leading in current.header_keys() or len(block.rows[0].cells) == current.layout.width


def _start_table(block: Block, title: TextLine | None, kind: str | None = None) -> _TableBuilder:
    kind_source = KIND_FROM_CONTENTS if kind else KIND_FROM_TITLE if title else None
    kind = kind or (classify_title(title.text) if title else UNKNOWN)
    financial = kind not in NON_FINANCIAL_KINDS
    header_count = _header_count(block.rows, financial)
    header = block.rows[:header_count]
    width = max(len(row.cells) for row in block.rows)
    layout = build_layout([row.cells for row in header], width, financial)
    unit, unit_line = _unit(block, title)
    builder = _TableBuilder(
        title=title_part(title.text) if title else None,
        title_line=title.line_number if title else None,
        kind=kind,
        kind_source=kind_source,
        unit=unit,
        unit_line=unit_line,
        header=header,
        layout=layout,
        first_line=block.first_line,
        last_line=block.last_line,
        blocks=[block],
        codes=CodeContext(classification="economic_department" if kind in ECONOMIC_KINDS else "function"),
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
    builder.blocks.append(block)
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
    """The unit printed from the title on (on the title's line, beside the department, on a line of
    its own, wrapped over lines) or in the first header rows."""
    candidates: list[tuple[int, str]] = []
    for line in block.context:
        physical = [(n, text) for n, text in line.lines if title is None or n >= title.line_number]
        if physical:
            candidates.append((physical[0][0], "".join(text for _, text in physical)))
            if len(physical) > 1:
                candidates[-1:] = [*physical, candidates[-1]]  # a line of its own first, then wrapped
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
