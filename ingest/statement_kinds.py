"""Title as printed → canonical statement kind, driven by seeds/statement_title_patterns.csv."""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.seeds import seed_path
from ingest.text import clean_line, compact

UNKNOWN = "unknown"
PATTERNS_CSV = seed_path("statement_title_patterns")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
_YEAR = re.compile(r"^\d{4}年度?")


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


def normalize_title(title: str) -> str:
    """Compact title without its ordinal (一、), year (2024年度) and 部门 prefixes."""
    text = _ORDINAL.sub("", re.sub(r"[《》“”\"]", "", compact(clean_line(title))))
    text = _YEAR.sub("", text)
    return text.removeprefix("部门预算").removeprefix("部门")


def classify_title(title: str) -> str:
    text = normalize_title(title)
    for pattern in title_patterns():
        if pattern.pattern.search(text):
            return pattern.statement_kind
    return UNKNOWN


def is_statement_title(line: str) -> bool:
    """A line that names a table: it ends in 表 (or names 情况 / 绩效) and classifies."""
    text = normalize_title(line)
    if not text or len(text) > 60 or "。" in text:
        return False
    return classify_title(line) != UNKNOWN and bool(
        re.search(r"(表|情况|构成|预算|绩效指标)(（\d{4}年度）|\(\d{4}年度\))?$", text)
    )
