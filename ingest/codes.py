"""Classification codes in a row: 功能分类 (2xx), 部门经济分类 (3xx), 政府经济分类 (5xx), 单位代码.

Codes are printed whole (`2101501`), split over 类/款/项 columns (`210 | 15 | 01`), in one cell with
the name (`2101501 行政运行`, `[2101501]行政运行`, `2101501-行政运行`), or not at all: names only,
their level given by a `（类）（款）（项）` suffix or by indentation. A child row often repeats only its
own part (`| | 01`). A `CodeContext` per table remembers the class and 款 printed above, so each
row's code is completed to its full form; a name-only row takes the code the national list
(seeds/subject_codes.csv) gives that name under the class and 款 above it, flagged as read from
the name.
"""

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ingest.model import RowCodes
from ingest.seeds import seed_path
from ingest.text import compact, is_code, parse_amount

if TYPE_CHECKING:
    from ingest.blocks import GridRow

SUBJECT_CODES_CSV = seed_path("subject_codes")
# A code opening a name cell: `2101501 行政运行`, `[2101501]行政运行`, `【301】工资福利支出`, `2101501-行政运行`.
_CODE_AND_NAME = re.compile(
    r"^[\[【(（]?([235]\d{2}(?:\d{2}){0,2})[\]】)）]?\s*[-－—_、:：.．]?\s*(?=[^\d\s.．,，%])(.+)$"
)
# A name's level printed after it: 一般公共服务支出（类）, 行政运行(项).
_LEVEL_SUFFIX = re.compile(r"\s*[（(]\s*([类款项])\s*[)）]\s*$")
_INDENTS = " \u3000\u00a0"
ECONOMIC_KINDS = frozenset({"general_budget_basic_expense", "basic_expense", "general_budget_economic"})

FAMILY_BY_FIRST_DIGIT = {"2": "function", "3": "economic_department", "5": "economic_government"}
SUB_UNIT_CODE_LENGTH = 6
_LEVEL_BY_LEAF = {"类": 1, "款": 2, "项": 3}


@dataclass
class CodeContext:
    """Last class (类) and 款 seen, per code group position in the row (left to right); for name-only
    rows, the classification the table's names are of and the indentations seen (one per level)."""

    classes: dict[int, str] = field(default_factory=dict)
    items: dict[int, str] = field(default_factory=dict)
    classification: str = "function"
    indents: list[int] = field(default_factory=list)


def split_code_and_name(text: str) -> tuple[str, str] | None:
    """`2101501 行政运行` → (`2101501`, `行政运行`): a code printed in the name's cell."""
    match = _CODE_AND_NAME.match(text)
    return (match.group(1), match.group(2).strip()) if match else None


def note_indents(rows: "list[GridRow]", context: CodeContext) -> None:
    """The indentations of the names a table prints (leading spaces of the first text cell of its
    rows): read before the rows, so that an unindented 类 above its first indented 款 is a 类."""
    for row in rows:
        for raw in row.text.split("\t"):
            if raw.strip():
                if not is_code(raw.strip()) and parse_amount(raw) is None:
                    indent = indentation(raw) if raw[0] in _INDENTS else 0
                    if indent not in context.indents:
                        context.indents.append(indent)
                        context.indents.sort()
                break


def indentation(raw: str) -> int:
    """Leading spaces of a cell as printed (a full-width space counts two)."""
    text = raw.replace("\u3000", "  ").replace("\u00a0", " ")
    return len(text) - len(text.lstrip(" "))


def level_of_name(text: str, indent: int, context: CodeContext) -> int | None:
    """A name's level: its `（类）（款）（项）` suffix, else its indentation among those of the table
    (none: the table does not give names a level)."""
    match = _LEVEL_SUFFIX.search(text)
    if match:
        return _LEVEL_BY_LEAF[match.group(1)]
    if len(context.indents) < 2:
        return None
    return 1 + sum(1 for seen in context.indents if seen < indent)


def code_from_name(text: str, level: int, context: CodeContext, position: int = 0) -> str | None:
    """The code the national list gives a name at its level, under the class and 款 above it."""
    name = _normalized_name(_LEVEL_SUFFIX.sub("", text))
    parent = None if level == 1 else context.classes.get(position) if level == 2 else context.items.get(position)
    if level > 1 and parent is None:
        return None
    code = _codes_by_name().get((context.classification, level, parent, name))
    if code:
        context.classes[position] = code[:3]
        if level == 1:
            context.items.pop(position, None)
        else:
            context.items[position] = code[:5]
    return code


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[tuple[str, int, str | None, str], str]:
    with SUBJECT_CODES_CSV.open(encoding="utf-8") as handle:
        return {
            (
                row["classification"],
                int(row["level"]),
                row["parent_code"] or None,
                _normalized_name(row["standard_name"]),
            ): row["subject_code"]
            for row in csv.DictReader(handle)
        }


def _normalized_name(name: str) -> str:
    return compact(name).replace("（", "(").replace("）", ")")


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
