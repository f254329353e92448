"""Indicator statements of a 绩效自评报告 (self-evaluation report) in the prose of final accounts.

    # 2024 年度市级预算项目绩效自评报告
    (2024 年城乡居民基本医疗保险市级补助资金)            ← the project
    #### (一) 产出指标                                  ← 一级指标
    ##### 1、数量指标                                   ← 二级指标
    1)居民参保人数(人),目标值130000,完成值139327,分值10,得分10。

The report restates the rows of the project's 绩效自评表; each statement is kept with its line so the
two can be compared.
"""

import re
from decimal import Decimal

from ingest.performance.records import ReportStatement
from ingest.text import clean_line, parse_amount

_TITLE = re.compile(r"绩效自评报告$")
_PROJECT = re.compile(r"^[(（](.+)[)）]$")
_LEVEL1 = re.compile(r"^[(（][一二三四五六七八九十]+[)）]\s*(\S+指标)$")
_LEVEL2 = re.compile(r"^\d+[、.．]\s*(\S+指标)$")
_STATEMENT = re.compile(
    r"^\d+\s*[)）]\s*(?P<name>.+?)\s*[(（](?P<unit>[^()（）]+)[)）]\s*[,，]"
    r"\s*目标值\s*(?P<target>[^,，]+?)\s*[,，]\s*完成值\s*(?P<actual>[^,，]+?)\s*[,，]"
    r"\s*分值\s*(?P<weight>[0-9.]+)\s*[,，]\s*得分\s*(?P<score>[0-9.]+)\s*[。.]?$"
)
_MARKDOWN_HEADING = re.compile(r"^#+\s*")


def read_report_statements(lines: list[str]) -> tuple[ReportStatement, ...]:
    statements: list[ReportStatement] = []
    title_line = None
    project = level1 = level2 = None
    for number, line in enumerate(lines, 1):
        if "\t" in line or not line.strip():
            continue
        text = _MARKDOWN_HEADING.sub("", clean_line(line)).strip()
        if _TITLE.search(text):
            title_line, project, level1, level2 = number, None, None, None
        elif title_line is None:
            continue
        elif (match := _PROJECT.match(text)) and project is None:
            project = match.group(1).strip()
        elif match := _LEVEL1.match(text):
            level1, level2 = match.group(1), None
        elif match := _LEVEL2.match(text):
            level2 = match.group(1)
        elif match := _STATEMENT.match(text):
            statements.append(
                ReportStatement(
                    number,
                    title_line,
                    project,
                    level1,
                    level2,
                    match.group("name"),
                    match.group("unit"),
                    match.group("target"),
                    _number(match.group("target")),
                    match.group("actual"),
                    _number(match.group("actual")),
                    Decimal(match.group("weight")),
                    Decimal(match.group("score")),
                )
            )
    return tuple(statements)


def _number(text: str) -> Decimal | None:
    amount = parse_amount(text)
    return amount.value if amount else None
