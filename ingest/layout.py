"""Column layout of a table from its header rows: header paths, sides and side-by-side groups.

Headers span columns: a parent cell (财政拨款收入) is printed once, over the leaf cells below it
(小计 | 一般公共预算 | …). A parent is carried right over the empty cells of its row while the
row below has a leaf there; a column's header path is its non-empty texts top-down.
"""

import re
from dataclasses import dataclass

from ingest.text import compact

_SEQUENCE = re.compile(r"^(序号|行次|栏次)$")
# Identifier headers: code and name columns, as opposed to amount columns.
_IDENTIFIER = re.compile(r"^项目(?!支出)|编码|代码|名称|^[类款项]$|功能分类|经济分类|科目$")
_CODE_LEVEL = re.compile(r"^[类款项]$")
_SIDES = (("收入", "income"), ("支出", "expense"))
_SIDE_WORDS = frozenset({"收入", "支出", "收入项目", "支出项目"})


@dataclass(frozen=True)
class ColumnGroup:
    index: int
    start: int
    end: int  # exclusive
    amount_start: int  # first column of the amount region
    side: str | None
    header: str | None


@dataclass(frozen=True)
class Layout:
    width: int
    paths: tuple[str | None, ...]
    leaves: tuple[str | None, ...]
    sequence_columns: frozenset[int]
    groups: tuple[ColumnGroup, ...]

    def path(self, column: int) -> str | None:
        return self.paths[column] if column < len(self.paths) else None

    def leaf(self, column: int) -> str | None:
        return self.leaves[column] if column < len(self.leaves) else None


def is_column_number_row(cells: list[str]) -> bool:
    """The 栏次 row under a header (`栏次 | 1 | 2 | 3`, or just `1 | 2 | … | 10`)."""
    filled = []
    for cell in cells:
        if cell.strip():
            text = compact(cell)
            # Asked of every row of a table: a row is given up at its first text that is not a number
            # (only the first may be the 栏次 word).
            if not text.isdigit() and (filled or text == "序号" or not _SEQUENCE.match(text)):
                return False
            filled.append(text)
    if not filled:
        return False
    if _SEQUENCE.match(filled[0]) and filled[0] != "序号":
        filled = filled[1:]
    return (
        bool(filled)
        and all(text.isdigit() for text in filled)
        and [int(t) for t in filled] == list(range(int(filled[0]), int(filled[0]) + len(filled)))
    )


def build_layout(header_rows: list[list[str]], width: int, financial: bool) -> Layout:
    rows = [row + [""] * (width - len(row)) for row in header_rows if not is_column_number_row(row)]
    if financial:
        rows = _close_displaced_code_headers(rows)
    rows = _align_parents_to_repeated_runs(rows, width)
    filled = _fill_spans(rows, width)
    paths = tuple(_path(filled, column) for column in range(width))
    leaves = tuple(_leaf(filled, column) for column in range(width))
    sequence = frozenset(c for c in range(width) if leaves[c] and _SEQUENCE.match(compact(leaves[c] or "")))
    tops = [compact(filled[0][c]) if filled else "" for c in range(width)]
    groups = _groups(tops, leaves, sequence, width, financial)
    return Layout(width, paths, leaves, sequence, groups)


def _close_displaced_code_headers(rows: list[list[str]]) -> list[list[str]]:
    """类/款/项 sub-headers printed right of the first amount header belong to the code columns.

    Some renderings push them into the amount area (`… 合计 | 财政拨款 |` over `| 类 | 款 | 小计 |`);
    dropping them and closing the gap puts the amount sub-headers back over their columns.
    """
    starts = [
        next((c for c, text in enumerate(row) if text and not _is_identifier(compact(text))), None) for row in rows
    ]
    boundary = min((start for start in starts if start is not None), default=None)
    if boundary is None:
        return rows
    repaired = []
    for row in rows:
        amount_area = row[boundary:]
        kept = [text for text in amount_area if not _CODE_LEVEL.match(compact(text))]
        repaired.append(row[:boundary] + kept + [""] * (len(amount_area) - len(kept)))
    return repaired


def _align_parents_to_repeated_runs(rows: list[list[str]], width: int) -> list[list[str]]:
    """Parents over a repeated run of sub-headers start where their run starts.

    Over `合计 | 因公出国 | 公务用车… | 公务接待费` printed twice, `2023年预算数 | 2024年预算数` each span one
    run; a text rendering may shift the second parent into the first run (招远's “三公” table prints
    2024年预算数 over the 4th column of six), which would give the last columns of the 2023 run the
    2024 header. When the sub-headers below a row repeat exactly as many times as the row has
    texts, each text is put over the first column of its run.
    """
    aligned = [list(row) for row in rows]
    for depth in range(len(rows) - 1):
        texts = [column for column in range(width) if rows[depth][column].strip()]
        if len(texts) < 2 or (width - texts[0]) % len(texts):
            continue
        period = (width - texts[0]) // len(texts)
        starts = [texts[0] + index * period for index in range(len(texts))]
        below = [tuple(compact(row[column]) for row in rows[depth + 1 :]) for column in range(width)]
        runs = [below[start : start + period] for start in starts]
        if starts == texts or any(run != runs[0] for run in runs) or not any(runs[0][0]):
            continue
        row = [""] * width
        for start, column in zip(starts, texts, strict=False):
            row[start] = rows[depth][column]
        aligned[depth] = row
    return aligned


def _fill_spans(rows: list[list[str]], width: int) -> list[list[str]]:
    filled = [list(row) for row in rows]
    for depth in range(len(filled) - 1):
        row = filled[depth]
        for column in range(1, width):
            below = any(lower[column] for lower in rows[depth + 1 :])
            if not row[column] and row[column - 1] and below:
                row[column] = row[column - 1]
    return filled


def _path(filled: list[list[str]], column: int) -> str | None:
    parts: list[str] = []
    for row in filled:
        text = compact(row[column])
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return "/".join(parts) or None


def _leaf(filled: list[list[str]], column: int) -> str | None:
    for row in reversed(filled):
        if row[column].strip():
            return compact(row[column])
    return None


def _is_identifier(path: str | None) -> bool:
    return bool(path) and any(_IDENTIFIER.search(part) for part in (path or "").split("/"))


def _groups(
    tops: list[str], leaves: tuple[str | None, ...], sequence: frozenset[int], width: int, financial: bool
) -> tuple[ColumnGroup, ...]:
    columns = [c for c in range(width) if c not in sequence]
    if not columns:
        return (ColumnGroup(0, 0, width, width, None, None),)
    starts = _side_starts(tops, columns) or _repeat_starts(leaves, columns)
    bounds = list(zip(starts, [*starts[1:], width], strict=False))
    if bounds:
        bounds[0] = (min(bounds[0][0], columns[0]), bounds[0][1])
    groups = []
    for index, (start, end) in enumerate(bounds):
        side = next((name for word, name in _SIDES if tops[start].startswith(word)), None) if len(bounds) > 1 else None
        header = tops[start] or None if len(bounds) > 1 else None
        amount_start = _amount_start(start, end, leaves, sequence) if financial else start
        groups.append(ColumnGroup(index, start, end, amount_start, side, header))
    return tuple(groups)


def _side_starts(tops: list[str], columns: list[int]) -> list[int]:
    """Two-sided tables: 收入 columns, then 支出 columns."""
    income = next((c for c in columns if tops[c].startswith("收入")), None)
    expense = next((c for c in columns if tops[c].startswith("支出")), None)
    if income is None or expense is None or expense <= income:
        return []
    return [income, expense]


def _repeat_starts(leaves: tuple[str | None, ...], columns: list[int]) -> list[int]:
    """Side-by-side groups: the same run of headers (code | name | amount) printed again to the right."""
    first = columns[0]
    starts = [c for c in columns if leaves[c] == leaves[first]]
    if len(starts) < 2 or not _is_identifier(leaves[first]):
        return [first]
    span = starts[1] - starts[0]
    pattern = leaves[first : first + span]
    repeated = all(leaves[start : start + span] == pattern[: len(leaves[start : start + span])] for start in starts)
    has_amount = any(leaf and not _is_identifier(leaf) for leaf in pattern)
    return starts if repeated and has_amount else [first]


def _amount_start(start: int, end: int, leaves: tuple[str | None, ...], sequence: frozenset[int]) -> int:
    """First amount column of a group; with no header at all, rows are split by their content. A
    side's own word over its first column (`收入 | 金额 | 支出 | 金额`, one header row) heads its labels."""
    if all(leaves[column] is None for column in range(start, end)):
        return start
    for column in range(start, end):
        side_label = column == start and end - start > 1 and leaves[column] in _SIDE_WORDS
        if (
            column not in sequence
            and leaves[column] is not None
            and not _is_identifier(leaves[column])
            and not side_label
        ):
            return column
    return end
