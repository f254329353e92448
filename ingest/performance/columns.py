"""Column roles of a performance table, named by its header words (一级指标 … 目标值 … 自评得分).

Headers of performance forms differ by department (目标值 / 指标值 / 年度指标值 / 绩效目标值; 方向 or
符号; 指标明细说明 or 绩效指标描述 …); each wording maps to one role. A column's role comes from its
lowest header text that names one: under 固安's `指标值` spanning three columns, `符号 | 值 | 单位`.
"""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ingest.text import compact, parse_amount

LEVELS = ("level1", "level2", "level3")
# Cells that say how a row is read: the row's 指标性质 (正向/反向), its comparison, or its target.
ANCHOR_ROLES = ("nature", "comparator", "target")
# Columns describing the project a row belongs to, in layouts printing one project per run of rows.
ATTRIBUTE_ROLES = frozenset({"sub_unit_code", "sub_unit_name", "project_name", "project_code", "budget", "goal"})
# Order matters: 指标值确定依据 is a basis, not a 指标值; 单位编码 is an attribute, not a unit.
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("level1", r"^一级指标$"),
        ("level2", r"^二级指标$"),
        ("level3", r"^三级指标$"),
        ("section", r"^(年度)?绩效(目标)?指标$"),
        ("nature", r"^指标性质$"),
        ("comparator", r"^(方向|符号)$"),
        ("basis", r"确定依据$"),
        ("deviation", r"^偏差原因"),
        ("actual", r"^(实际完成值|实际值|完成值)$"),
        ("target", r"^(年度|绩效)?(指标|目标)值$|^值$"),
        ("sub_unit_code", r"^单位(编码|代码)$"),
        ("sub_unit_name", r"^单位名称$"),
        ("unit", r"^(计量)?单位([（(]文字描述[）)])?$"),
        ("description", r"^(指标明细说明|绩效指标描述|指标说明|指标解释)$"),
        ("scoring_rule", r"^评[（(]?扣[）)]?分标准$|^评分标准$"),
        ("weight", r"^(指标)?分值$|^权重$"),
        ("score", r"^(自评)?得分$"),
        ("project_name", r"^项目名称$"),
        ("project_code", r"^项目(编码|代码)$"),
        ("budget", r"预算安排资金$|^预算数$"),
        ("goal", r"总体(绩效)?目标$"),
    )
)
SECTION_LABEL = _ROLE_PATTERNS[3][1]


@dataclass(frozen=True)
class IndicatorLayout:
    """Where each role sits in the header; rows may be printed a few columns off it."""

    columns: tuple[tuple[str, int], ...]  # (role, column), left to right

    def column(self, role: str) -> int | None:
        return next((column for name, column in self.columns if name == role), None)

    def has(self, role: str) -> bool:
        return self.column(role) is not None

    # Asked for every row the table prints: computed once per layout (the layout does not change).
    @cached_property
    def anchor_role(self) -> str:
        return next(role for role in ANCHOR_ROLES if self.has(role))

    @cached_property
    def anchor_column(self) -> int:
        return self.column(self.anchor_role) or 0

    @property
    def first_level_column(self) -> int:
        return min(column for role, column in self.columns if role in LEVELS)

    @property
    def attribute_end(self) -> int:
        """First column of the indicator region: the columns before 一级指标 describe the project."""
        return self.first_level_column if any(role in ATTRIBUTE_ROLES for role, _ in self.columns) else 0

    def inner_roles(self) -> tuple[str, ...]:
        """Roles printed between 三级指标 and the anchor (指标明细说明, 评（扣）分标准), left to right."""
        start = max(column for role, column in self.columns if role in LEVELS)
        return tuple(role for role, column in self.columns if start < column < self.anchor_column)

    def trailing_roles(self) -> tuple[tuple[str, int], ...]:
        """Roles right of the anchor (the anchor included) with their offset from it."""
        return tuple(
            (role, column - self.anchor_column) for role, column in self.columns if column >= self.anchor_column
        )


@lru_cache(maxsize=1 << 14)  # header words repeat within and across documents
def role_of(text: str) -> str | None:
    words = compact(text)
    return next((role for role, pattern in _ROLE_PATTERNS if pattern.search(words)), None)


def is_indicator_header(cells: list[str]) -> bool:
    """The header line naming the indicator levels (every performance form prints 三级指标)."""
    return any(role_of(cell) == "level3" for cell in cells)


def is_header_companion(cells: list[str]) -> bool:
    """A line stacked on the indicator header: two or more header words and no figures
    (福州's 单位编码 | 单位名称 | 项目名称 … above, 固安's 符号 | 值 | 单位 below)."""
    filled = [cell for cell in cells if cell]
    return sum(1 for cell in filled if role_of(cell)) >= 2 and not any(parse_amount(cell) for cell in filled)


def read_layout(header_lines: list[list[str]]) -> IndicatorLayout | None:
    """Roles of the columns from the stacked header lines (top first); None without an anchor column."""
    width = max((len(cells) for cells in header_lines), default=0)
    columns = []
    for column in range(width):
        texts = [cells[column] for cells in reversed(header_lines) if column < len(cells) and cells[column]]
        role = next((role for role in map(role_of, texts) if role), None)
        if role and all(role != seen for seen, _ in columns):
            columns.append((role, column))
    layout = IndicatorLayout(tuple(columns))
    has_levels = any(layout.has(level) for level in LEVELS)
    return layout if has_levels and any(layout.has(role) for role in ANCHOR_ROLES) else None
