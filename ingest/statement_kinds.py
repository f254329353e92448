"""Title as printed → canonical statement kind, driven by seeds/statement_title_patterns.csv."""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.metadata import DEPARTMENT_NAME
from ingest.seeds import seed_path
from ingest.text import clean_line, compact

UNKNOWN = "unknown"
PATTERNS_CSV = seed_path("statement_title_patterns")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
_YEAR = re.compile(r"^\d{4}\s*年度?")
# A table's number as printed before its title: 表1, 表一, 附表1-1, 表1-1：, 附件2, 公开01表, 1 (then the
# title). Read before spaces are removed: `附表1-2 2026年…` is table 1-2 of 2026.
_TABLE_NUMBER = re.compile(
    r"^(?:附?表\s*(?:\d+(?:[-－—]\d+)?|(?P<chinese>[一二三四五六七八九十]+))|附件\s*\d+|公开\s*\d+\s*表"
    r"|\d{1,2}(?:[-－]\d+)?(?=\s|[\u4e00-\u9fff]))\s*[:：、.．]?"
)
# Fields printed on the title's line after the title: the unit, the department (`编制部门：… 单位：元`).
_TRAILING_FIELDS = re.compile(
    r"(?:金额)?单位[:：].*$|(?:编制|预算|填报)?(?:部门|单位)(?:名称)?[:：].*$|[（(]单位[:：][^)）]*[)）]"
)
# A document asks about the same lines several times (contents, the lines above each grid, the
# titles of tables continued over pages), and titles repeat across documents: bounded caches.
_CACHED_TITLES = 1 << 14


@dataclass(frozen=True)
class TitlePattern:
    priority: int
    pattern: re.Pattern[str]
    statement_kind: str


@lru_cache(maxsize=1)
def title_patterns() -> tuple[TitlePattern, ...]:
    with PATTERNS_CSV.open(encoding="utf-8") as handle:
        rows = [
            TitlePattern(int(row["priority"]), re.compile(row["pattern"]), row["statement_kind"])
            for row in csv.DictReader(handle)
        ]
    return tuple(sorted(rows, key=lambda row: row.priority))


@lru_cache(maxsize=_CACHED_TITLES)
def normalize_title(title: str) -> str:
    """Compact title without its number (一、, 表1, 附表1-1), year (2024年度), the department it is
    of (XX市XX局2024年…), the 部门 prefix, and the unit or department printed after it on its line."""
    text = _TRAILING_FIELDS.sub("", re.sub(r"[《》“”\"]", "", clean_line(title))).strip()
    for _ in range(2):  # `表1 2026年…`, `2026年 表1 …`, `一、XX局2026年…`
        text = _YEAR.sub("", _without_table_number(_YEAR.sub("", _ORDINAL.sub("", text).strip()))).strip()
        text = _without_department(compact(text))
    return text.removeprefix("部门预算").removeprefix("部门决算").removeprefix("部门")


def _without_table_number(text: str) -> str:
    match = _TABLE_NUMBER.match(text)
    if not match:
        return text
    rest = text[match.end() :].lstrip()
    if match.group("chinese") and rest.startswith("般"):  # 表一一般公共预算…: the number is 一
        return text[match.start("chinese") + len(match.group("chinese")) - 1 :].lstrip()
    return rest


def title_part(line: str) -> str:
    """A title line as printed, without the unit or department printed after the title on its line."""
    text = clean_line(line)
    match = _TRAILING_FIELDS.search(text)
    return (text[: match.start()].strip() if match and match.start() > 0 else text) or text


def _without_department(text: str) -> str:
    """`福州市鼓楼区教育局2026年部门收支总表` → `2026年部门收支总表`: a department name opening a title."""
    match = DEPARTMENT_NAME.match(text)
    if (
        match
        and len(text) - match.end() >= 4
        and re.match(r"\d{4}年|部门|单位|本级|[收支财一政国三基项]", text[match.end() :])
    ):
        return text[match.end() :]
    return text


@lru_cache(maxsize=_CACHED_TITLES)
def classify_title(title: str) -> str:
    text = normalize_title(title)
    for pattern in title_patterns():
        if pattern.pattern.search(text):
            return pattern.statement_kind
    return UNKNOWN


@lru_cache(maxsize=_CACHED_TITLES)
def is_statement_title(line: str) -> bool:
    """A line that names a table: it ends in 表 (or names 情况 / 绩效) and classifies."""
    text = normalize_title(line)
    if not text or len(text) > 60 or "。" in text:
        return False
    return classify_title(line) != UNKNOWN and bool(
        re.search(r"(表|情况|构成|预算|绩效指标)(（\d{4}年度）|\(\d{4}年度\))?$", text)
    )
