"""Classification codes in a row: 功能分类 (2xx), 部门经济分类 (3xx), 政府经济分类 (5xx), 单位代码.

Codes are printed either whole (`2101501`) or split over 类/款/项 columns (`210 | 15 | 01`), and a
child row often repeats only its own part (`| | 01`). A `CodeContext` per table remembers the
class and 款 printed above, so each row's code is completed to its full form.
"""

from dataclasses import dataclass, field

from ingest.model import RowCodes

FAMILY_BY_FIRST_DIGIT = {"2": "function", "3": "economic_department", "5": "economic_government"}
SUB_UNIT_CODE_LENGTH = 6
_LEVEL_BY_LEAF = {"类": 1, "款": 2, "项": 3}


@dataclass
class CodeContext:
    """Last class (类) and 款 seen, per code group position in the row (left to right)."""

    classes: dict[int, str] = field(default_factory=dict)
    items: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CodeCell:
    column_index: int
    text: str
    header_leaf: str | None


def complete_codes(groups: list[list[CodeCell]], context: CodeContext) -> RowCodes:
    """Full codes of one row from its code groups (runs of code columns between labels)."""
    found: dict[str, str] = {}
    sub_unit = None
    printed = []
    for position, group in enumerate(groups):
        for cell in group:
            if cell.text:
                printed.append(cell.text)
        code, group_sub_unit = _complete_group(group, position, context)
        sub_unit = sub_unit or group_sub_unit
        if code:
            found.setdefault(FAMILY_BY_FIRST_DIGIT.get(code[0], "function"), code)
    return RowCodes(
        subject_code=found.get("function"),
        economic_code=found.get("economic_department"),
        government_economic_code=found.get("economic_government"),
        sub_unit_code=sub_unit,
        printed="|".join(printed) or None,
    )


def _complete_group(group: list[CodeCell], position: int, context: CodeContext) -> tuple[str | None, str | None]:
    code = None
    sub_unit = None
    class_offset = None  # column offset (in the group) of a 3-digit class cell printed in this row
    for offset, cell in enumerate(group):
        text = cell.text
        if not text:
            continue
        if len(text) == SUB_UNIT_CODE_LENGTH:
            sub_unit = text
        elif len(text) in (3, 5, 7):
            code = text
            context.classes[position] = text[:3]
            if len(text) >= 5:
                context.items[position] = text[:5]
            else:
                context.items.pop(position, None)
            class_offset = offset if len(text) == 3 else None
        elif len(text) == 2:
            level = _level(cell, offset, class_offset)
            if level == 2 and position in context.classes:
                code = context.classes[position] + text
                context.items[position] = code
            elif level == 3 and position in context.items:
                code = context.items[position] + text
    return code, sub_unit


def _level(cell: CodeCell, offset: int, class_offset: int | None) -> int:
    """类=1, 款=2, 项=3: relative to a class printed in the same row, else the header, else position."""
    if class_offset is not None:
        return 1 + offset - class_offset
    if cell.header_leaf in _LEVEL_BY_LEAF:
        return _LEVEL_BY_LEAF[cell.header_leaf]
    return 1 + offset
