"""What a figure in prose is about, from the words printed before it, driven by
seeds/narrative_subject_patterns.csv (also a dbt seed; the kinds are described in seeds/narrative_subjects.csv).

In order:
1. a 功能分类 code with its name right before the amount (`2101501-行政运行`, `2101501（行政运行）`,
   `行政运行（2101501）`): the figure is that subject;
2. the clause before the amount (text after the last comma, colon…, without its ordinal,
   `其中` / `包括` and year): the first `clause` pattern by priority that matches it;
3. the text since the previous number of the sentence: the first `sentence` pattern that matches it
   (performance funds are named across clauses: `…绩效目标管理，涉及预算项目支出7个，预算资金`);
4. a clause that names nothing (`2024年预算安排`) is about its section: the heading is matched as in 2;
5. otherwise the figure is `unclassified`, with the clause as its subject text.
A pattern with a section_pattern applies only under a heading that matches it.
"""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.seeds import seed_path

PATTERNS_CSV = seed_path("narrative_subject_patterns")
UNCLASSIFIED = "unclassified"
FUNCTION_SUBJECT = "function_subject"
MONEY, VEHICLES = "money", "vehicles"

_CODE = r"(?<!\d)(?P<code>\d{7}|\d{5}|\d{3})"
# A name is short and ends in a printed character: bounded, and apart from the spaces after it, so that
# a long run of text before an amount costs linear time, not cubic.
_NAME = r"(?P<name>[^\d，,。；;：:、（）()]{0,59}?[^\d，,。；;：:、（）()\s])"
_CODE_AND_NAME = (
    re.compile(rf"{_CODE}\s*[-－—]\s*{_NAME}\s*$"),  # 2101501-行政运行
    re.compile(rf"{_CODE}\s*[（(]\s*(?P<name>[^（）()]+?)\s*[）)]\s*$"),  # 2101501（行政运行）
    re.compile(rf"{_NAME}\s*[（(]\s*{_CODE}\s*[）)]\s*$"),  # 行政运行（2101501）
)
# The words that say what a figure is about are the last few before it: the patterns read no further
# back than this, so a runaway line (no sentence end for pages) costs no more than a sentence.
_WINDOW = 300
# Brackets do not break a clause: 因公出国（境）费.
_CLAUSE_BREAK = re.compile(r"[，,；;：:、。]")
_LEADING = re.compile(
    r"^(?:\s|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+、|\d+[.．](?!\d)|\d+[)）]"
    r"|其中|包括|和|及|与|另|\d{4}\s*年度?|年度)+"
)
_TRAILING = re.compile(r"(?:\s|为|是|达到?|共计?|合计|约)+$")
# Words that say nothing about what a figure is: a clause of only these (`2024年预算安排`) leaves the
# subject to the heading.
_GENERIC = re.compile(r"\d{4}\s*年度?|预算|决算|安排|支出|合计|共计?|总额|本年|全年|年度|数|为|\s")


@dataclass(frozen=True)
class SubjectPattern:
    priority: int
    pattern: re.Pattern[str]
    unit_kind: str  # money / vehicles
    scope: str  # clause / sentence
    section_pattern: re.Pattern[str] | None
    subject_kind: str


@dataclass(frozen=True)
class Subject:
    kind: str
    code: str | None
    text: str | None  # as printed: the code's name, the clause or the heading


@lru_cache(maxsize=1)
def subject_patterns() -> tuple[SubjectPattern, ...]:
    with PATTERNS_CSV.open(encoding="utf-8") as handle:
        rows = [
            SubjectPattern(
                int(row["priority"]),
                re.compile(row["pattern"]),
                row["unit_kind"],
                row["scope"],
                re.compile(row["section_pattern"]) if row["section_pattern"] else None,
                row["subject_kind"],
            )
            for row in csv.DictReader(handle)
        ]
    return tuple(sorted(rows, key=lambda row: row.priority))


def last_clause(text: str) -> str:
    """The words right before an amount: after the last clause break, without ordinal, 其中, year."""
    clause = _CLAUSE_BREAK.split(text)[-1]
    return _TRAILING.sub("", _LEADING.sub("", clause)).strip()


def names_nothing(clause: str) -> bool:
    return not _GENERIC.sub("", clause)


def resolve_subject(preceding: str, section: str | None, unit_kind: str) -> Subject:
    """The subject of an amount printed after `preceding` (the sentence since the previous number)."""
    preceding = preceding[-_WINDOW:]
    if unit_kind == MONEY:
        for pattern in _CODE_AND_NAME:
            if match := pattern.search(preceding):
                return Subject(FUNCTION_SUBJECT, match.group("code"), match.group("name").strip())
    clause = last_clause(preceding)
    kind = _match(clause, "clause", unit_kind, section) or _match(preceding, "sentence", unit_kind, section)
    if kind:
        return Subject(kind, None, clause or None)
    if section and names_nothing(clause):
        heading = _LEADING.sub("", section).strip()
        if kind := _match(heading, "clause", unit_kind, section):
            return Subject(kind, None, heading)
    return Subject(UNCLASSIFIED, None, clause or None)


def _match(text: str, scope: str, unit_kind: str, section: str | None) -> str | None:
    for pattern in subject_patterns():
        if pattern.scope != scope or pattern.unit_kind != unit_kind:
            continue
        if pattern.section_pattern and not (section and pattern.section_pattern.search(section)):
            continue
        if pattern.pattern.search(text):
            return pattern.subject_kind
    return None
