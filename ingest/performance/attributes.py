"""What a performance table says about the project its indicators belong to.

Two layouts: key-value lines above the indicator header (`项目名称 | 职工长护险…`, `项目资金 (万元) |
年度预算资金总额: | 106.00`, `项目编码 | 13102224P… | | 项目名称 | …`), or attribute columns left of the
indicator levels, one project per run of rows (福州: 单位编码 | 单位名称 | 项目名称 | 预算 | 目标), whose
texts may wrap onto the next printed line.
"""

import re
from dataclasses import dataclass

from ingest.text import compact, parse_amount

# A key as printed: `资金总额：`, `年度预算资金 (万元)` → 资金总额, 年度预算资金 (its unit read apart).
_KEY_DECORATION = re.compile(r"[:：]$|[（(](?:万元|元|亿元)[）)]")
_UNIT = re.compile(r"[（(](万元|元|亿元)[）)]")
_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (field, re.compile(pattern))
    for field, pattern in (
        ("project_name", r"^项目名称$"),
        ("fund_name", r"^专项(资金)?名称$"),
        ("department_name", r"^部门[（(]单位[）)]名称$"),
        ("project_code", r"^项目(编码|代码)$"),
        ("sub_unit_name", r"^实施单位$"),
        ("budget", r"^(资金总额|年度预算资金总额|年度预算资金|预算数|年度资金总额)$"),
        ("goal", r"^(项目实施期目标|年度总体绩效目标|年度总体目标|项目总体绩效目标|总体目标|绩效目标)$"),
    )
)
NAME_FIELDS = ("project_name", "fund_name", "department_name")
# Column headers of a budget printed over several columns (三明: 年初预算数 | 全年预算数 | 全年执行数):
# the year's budget is the one to read.
_BUDGET_COLUMN = re.compile(r"^全年预算数$")
# A key whose value is printed below it, under a column header (三明: 年度总体目标 | 预期目标 | … ).
_VALUE_BELOW = re.compile(r"^预期目标$")


@dataclass(frozen=True)
class Attribute:
    field: str  # project_name / fund_name / department_name / project_code / sub_unit_name / budget / goal
    text: str
    line: int


def read_key_values(cells: list[str], line: int, above: list[str], below: list[str]) -> list[Attribute]:
    """Attributes of one key-value line; `above` and `below` are the neighbouring lines' cells."""
    attributes = []
    for column, cell in enumerate(cells):
        field = key_field(cell)
        if field is None:
            continue
        value_column = next(
            (c for c in range(column + 1, len(cells)) if cells[c] and key_field(cells[c]) is None), None
        )
        if value_column is None:
            continue
        if field == "budget":
            value_column = next(
                (c for c, text in enumerate(above) if _BUDGET_COLUMN.match(compact(text))), value_column
            )
            if parse_amount(_cell(cells, value_column)) is None:
                continue
        text = cells[value_column]
        if _VALUE_BELOW.match(compact(text)):
            text = _cell(below, value_column)
        if text:
            attributes.append(Attribute(field, text, line))
    return attributes


def key_field(cell: str) -> str | None:
    key = _KEY_DECORATION.sub("", compact(cell))
    return next((field for field, pattern in _KEYS if pattern.match(key)), None)


def printed_unit(cells: list[str]) -> str | None:
    """A money unit printed with a key or its group label: `项目资金 (万元)`, `专项资金情况（万元）`."""
    return next((match.group(1) for cell in cells if (match := _UNIT.search(compact(cell)))), None)


def _cell(cells: list[str], column: int) -> str:
    return cells[column] if 0 <= column < len(cells) else ""


def read_attribute_columns(cells: list[str], roles: dict[int, str]) -> dict[str, str]:
    """Texts of the attribute columns (column → role) of one line, by role. A text printed under the
    budget column that is not an amount belongs to the next text column: wrapped rows drift left."""
    texts: dict[str, str] = {}
    ordered = sorted(roles)
    for column in ordered:
        text = _cell(cells, column)
        if not text:
            continue
        role = roles[column]
        if role == "budget" and parse_amount(text) is None:
            role = next((roles[c] for c in ordered if c > column and roles[c] != "budget"), role)
        texts[role] = texts[role] + text if role in texts else text
    return texts
