"""One printed indicator row → its levels, target cells and result cells, read from an anchor cell.

PDF renderings drop empty cells and shift rows against their header (a page printed a column off),
so cells are not read by header position alone. The row's anchor — its 指标性质 cell (正向指标), its
comparison cell (≥, 大于等于) or its target (≥30000 人次) — is found by its content; the cells right
of it are read at their header offset from it, and the indicator levels are the label cells left of
it, packed right to left (三级, 二级, 一级): a row printing only its 三级指标 leaves the upper levels to
be carried down from the rows above.
"""

import re
from dataclasses import dataclass

from ingest.performance.columns import LEVELS, SECTION_LABEL, IndicatorLayout
from ingest.performance.target import is_comparison, looks_like_target
from ingest.text import clean_cell

_NATURE = re.compile(r"^(正向|反向)(指标)?$")
# A level-2 name run into the level-3 name in one cell (`社会效益指标 补助（补贴）标准同比增长率`).
_LEVEL_NAME_END = "指标"


@dataclass(frozen=True)
class PrintedIndicator:
    levels: tuple[str | None, str | None, str | None]  # 一级, 二级, 三级 as printed on the row; None when blank
    extra_labels: tuple[str, ...]  # label cells beyond three levels (not expected; reported)
    values: dict[str, str]  # role → cell text for the inner and trailing roles (target, unit, actual …)
    direction: str | None  # 正向 / 反向
    shift: int  # columns the row sits off its header
    level_start: int  # first column of the row's levels: the attribute columns end here
    unanchored: bool  # no anchor cell found: read at the header's columns, where the anchor cell is empty


def read_indicator_row(
    cells: list[str], raw_cells: list[str], layout: IndicatorLayout, may_drift: bool = True
) -> PrintedIndicator:
    """`cells` cleaned, `raw_cells` as printed (wrap spaces kept).

    A row printed left of its header drifts as a whole, its levels into the attribute columns, unless
    `may_drift` is False: a row naming its project keeps its attributes in place (what it lost is an
    empty cell further right).
    """
    anchor, unanchored = _anchor(cells, layout)
    shift = anchor - layout.anchor_column
    values = {role: _cell(cells, anchor + offset) for role, offset in layout.trailing_roles()}
    level_start = layout.attribute_end + shift if may_drift and shift < 0 else layout.attribute_end
    level_start = max(level_start, 0)
    region = list(range(level_start, anchor))
    inner = layout.inner_roles()
    # An empty inner cell (指标明细说明) is what renderings drop first: a row short of its header
    # (shift < 0) whose inner slots hold text has lost them, and every cell left of its anchor is a level.
    # A row shorter than its header, read at the header's anchor column, has no cell in the slots past
    # its end: they are blank.
    slots = region[-len(inner) :] if inner and len(region) >= len(LEVELS) + len(inner) else []
    if slots and (shift >= 0 or not any(_cell(cells, column) for column in slots)):
        values.update({role: _cell(cells, column) for role, column in zip(inner, slots, strict=False)})
        region = region[: -len(inner)]
    labels = [label for column in region for label in _labels(raw_cells[column] if column < len(raw_cells) else "")]
    kept = labels[-len(LEVELS) :]
    levels = tuple([None] * (len(LEVELS) - len(kept)) + kept)
    nature = _NATURE.match(values.pop("nature", ""))
    return PrintedIndicator(
        levels,
        tuple(labels[: -len(LEVELS)]),
        {k: v for k, v in values.items() if v},
        nature.group(1) if nature else None,
        shift,
        level_start,
        unanchored,
    )


def _anchor(cells: list[str], layout: IndicatorLayout) -> tuple[int, bool]:
    """Column of the row's anchor cell, found by its content; failing that, the header's column. Also
    whether the row is unanchored: read at that column, which holds no worded target."""
    start = layout.attribute_end
    found = {
        "nature": lambda text: bool(_NATURE.match(text)),
        "comparator": is_comparison,
        "target": looks_like_target,
    }[layout.anchor_role]
    column = next((column for column in range(start, len(cells)) if found(cells[column])), None)
    if column is not None:
        return column, False
    if layout.anchor_role == "target" and len(layout.trailing_roles()) == 1:
        # A worded target (显著) closes its row: the last cell, when the row reaches the target column,
        # or stops a column short of it but starts left of the first level column (printed a column left).
        filled = [column for column in range(start, len(cells)) if cells[column]]
        if filled and (
            filled[-1] >= layout.anchor_column
            or (filled[-1] == layout.anchor_column - 1 and filled[0] < layout.first_level_column)
        ):
            return filled[-1], False
    worded_target = layout.anchor_role == "target" and bool(_cell(cells, layout.anchor_column))
    return layout.anchor_column, not worded_target


def _cell(cells: list[str], column: int) -> str:
    return cells[column] if 0 <= column < len(cells) else ""


def _labels(raw: str) -> list[str]:
    """Level names printed in one cell: none for a blank or a section label (绩效指标), usually one, two
    when the rendering ran a level-2 name (ending in 指标) and the level-3 name into one cell."""
    text = clean_cell(raw)
    if not text or SECTION_LABEL.search(text):
        return []
    words = raw.split()
    for split in range(1, len(words)):
        head = clean_cell("".join(words[:split]))
        if head.endswith(_LEVEL_NAME_END) and len(head) > len(_LEVEL_NAME_END):
            return [head, clean_cell(" ".join(words[split:]))]
    return [text]
