"""Data rows of a table: identifiers (sequence, codes, label) and amount cells under their header."""

from dataclasses import dataclass
from dataclasses import replace as replaced

from ingest.codes import (
    CodeCell,
    CodeContext,
    code_from_name,
    complete_codes,
    indentation,
    level_of_name,
    split_code_and_name,
)
from ingest.layout import ColumnGroup, Layout
from ingest.model import Cell, RowCodes, StatementRow
from ingest.text import is_code, is_no_figure, parse_amount


@dataclass(frozen=True)
class _GroupRow:
    group: ColumnGroup
    sequence: str | None
    labels: tuple[str, ...]
    label_column: int | None  # column of the first label: its indentation is a name's level in name-only tables
    code_groups: list[list[CodeCell]]
    cells: tuple[Cell, ...]
    realigned: bool

    @property
    def has_identifier(self) -> bool:
        return bool(self.labels) or any(cell.text for group in self.code_groups for cell in group)

    @property
    def has_amount(self) -> bool:
        return any(cell.text for cell in self.cells)


def parse_row(
    cells: list[str], line_number: int, line_text: str, layout: Layout, context: CodeContext, financial: bool
) -> list[StatementRow]:
    """One printed line → one row per column group that carries anything (both sides of 收入 | 支出)."""
    padded = cells + [""] * (layout.width - len(cells))
    shared_sequence = next((padded[c] for c in sorted(layout.sequence_columns) if padded[c]), None)
    group_rows = [_split_group(padded, group, layout, financial) for group in layout.groups]
    rows: list[StatementRow] = []
    for group_row in _merge_spanning_labels(group_rows):
        if not group_row.has_identifier and not group_row.has_amount:
            continue
        codes = complete_codes(group_row.code_groups, context) if financial else RowCodes()
        if financial and group_row.labels and not group_row.code_groups:
            codes = _codes_from_name(group_row, line_text, context, codes)
        rows.append(
            StatementRow(
                source_line=line_number,
                row_role="data",
                column_group=group_row.group.index,
                side=group_row.group.side,
                group_header=group_row.group.header,
                printed_sequence=group_row.sequence or shared_sequence,
                label=group_row.labels[0] if group_row.labels else None,
                label_extra=" | ".join(group_row.labels[1:]) or None,
                codes=codes,
                realigned=group_row.realigned,
                line_text=line_text,
                cells=group_row.cells,
            )
        )
    return rows


def header_row(cells: list[str], line_number: int, line_text: str, layout: Layout) -> StatementRow:
    """A header line kept as printed: its texts are column headers, not identifiers or amounts."""
    return StatementRow(
        source_line=line_number,
        row_role="header",
        column_group=0,
        side=None,
        group_header=None,
        printed_sequence=None,
        label=None,
        label_extra=None,
        codes=RowCodes(),
        realigned=False,
        line_text=line_text,
        cells=tuple(
            Cell(column, layout.path(column), text, parse_amount(text)) for column, text in enumerate(cells) if text
        ),
    )


def _codes_from_name(group_row: "_GroupRow", line_text: str, context: CodeContext, codes: RowCodes) -> RowCodes:
    """A row printing a name and no code, in a table giving names their level (`行政运行（项）`, or
    indented under its 款): the code the national list gives that name there."""
    label = group_row.labels[0]
    raw = line_text.split("\t")
    indent = (
        indentation(raw[group_row.label_column])
        if group_row.label_column is not None and group_row.label_column < len(raw)
        else 0
    )
    level = level_of_name(label, indent, context)
    code = code_from_name(label, level, context, group_row.group.index) if level else None
    if code is None:
        return codes
    family = "economic_code" if context.classification == "economic_department" else "subject_code"
    return replaced(codes, **{family: code}, from_name=True)


def _split_group(cells: list[str], group: ColumnGroup, layout: Layout, financial: bool) -> _GroupRow:
    end = max(group.end, len(cells)) if group.index == len(layout.groups) - 1 else group.end
    amount_start = group.amount_start
    identifiers = cells[group.start : amount_start]
    region = cells[amount_start:end]  # the padded row reaches every group's end
    realigned = False
    last_text = None  # the last label-like text printed under an amount header
    for offset in range(len(region) - 1, -1, -1):
        text = region[offset]
        if text and parse_amount(text) is None and not is_no_figure(text):
            last_text = amount_start + offset
            break
    if financial and last_text is not None:
        # A label printed under an amount header: the row is shifted against its header
        # (a garbled page of the PDF). Identifiers run to the last text cell; the amounts
        # after it are put back under the amount headers, in order.
        identifiers = cells[group.start : last_text + 1]
        amounts = cells[last_text + 1 : end]
        while amounts and not amounts[0]:
            amounts.pop(0)
        amounts += [""] * (len(region) - len(amounts))
        region = amounts
        realigned = True
    sequence, labels, code_groups, label_column = _identifiers(identifiers, group.start, layout, financial)
    paths = layout.paths
    width = len(paths)
    amount_cells = []
    for column, text in enumerate(region, amount_start):
        path = paths[column] if column < width else None
        if text or (financial and path is not None):
            amount_cells.append(Cell(column, path, text, parse_amount(text)))
    return _GroupRow(group, sequence, tuple(labels), label_column, code_groups, tuple(amount_cells), realigned)


def _identifiers(
    cells: list[str], start: int, layout: Layout, financial: bool
) -> tuple[str | None, list[str], list[list[CodeCell]], int | None]:
    """Sequence number, label texts, code groups (code columns between labels) and the first label's
    column; a code printed in the name's cell (`2101501 行政运行`) is a code column of its own."""
    label_column = None
    sequence = None
    labels: list[str] = []
    code_groups: list[list[CodeCell]] = [[]]
    for offset, text in enumerate(cells):
        column = start + offset
        if column in layout.sequence_columns:
            sequence = text or sequence
        elif text and not is_code(text):
            split = split_code_and_name(text) if financial else None
            if parse_amount(text) is not None or text.rstrip(".．、").isdigit():
                sequence = sequence or text  # an ordinal printed in the label column: `2.`
            elif split:
                code_groups[-1].append(CodeCell(column, split[0], layout.leaf(column)))
                labels.append(split[1])
            else:
                label_column = column if label_column is None else label_column
                labels.append(text)
            if code_groups[-1]:
                code_groups.append([])
        else:
            code_groups[-1].append(CodeCell(column, text, layout.leaf(column)))
    if not code_groups[-1]:
        code_groups.pop()
    return sequence, labels, code_groups, label_column


def _merge_spanning_labels(group_rows: list[_GroupRow]) -> list[_GroupRow]:
    """`公用经费合计 | | | | 177.08`: a label whose amount is printed under the next group."""
    merged: list[_GroupRow] = []
    for group_row in group_rows:
        previous = merged[-1] if merged else None
        if (
            previous
            and previous.has_identifier
            and not previous.has_amount
            and group_row.has_amount
            and not group_row.has_identifier
        ):
            merged[-1] = _GroupRow(
                previous.group,
                previous.sequence,
                previous.labels,
                previous.label_column,
                previous.code_groups,
                previous.cells + group_row.cells,
                previous.realigned,
            )
        else:
            merged.append(group_row)
    return merged
