"""A document's performance tables → projects, indicators and spending plans; its prose → the 涉及资金
statements.

Each performance table is read line by line: key-value lines name a project (项目名称, 专项名称 …),
the indicator header (the line printing 三级指标, with the header lines stacked on it) says where
the roles sit, and the rows under it are indicators until the next project, header or closing rows
(总分值, 评价等级, 问题与建议). A table holds one project or several (招远 prints seven under one
title; 福州 one per run of rows). Rows that cannot be read stay in raw.statement_rows and are reported.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ingest.model import Issue, StatementTable
from ingest.performance.attributes import (
    NAME_FIELDS,
    Attribute,
    key_field,
    printed_unit,
    read_attribute_columns,
    read_key_values,
)
from ingest.performance.columns import (
    ATTRIBUTE_ROLES,
    IndicatorLayout,
    is_header_companion,
    is_indicator_header,
    read_layout,
)
from ingest.performance.fund_totals import read_fund_totals
from ingest.performance.indicator_rows import PrintedIndicator, read_indicator_row
from ingest.performance.records import (
    DEPARTMENT,
    PROJECT,
    SPECIAL_FUND,
    PerformanceIndicator,
    PerformanceProject,
    PerformanceReading,
    PlannedSpending,
    SpendingMilestone,
)
from ingest.performance.report import read_report_statements
from ingest.performance.spending_plan import read_spending_plans
from ingest.performance.target import parse_target
from ingest.text import compact, parse_amount, split_cells, strip_tags

PERFORMANCE_KIND = "performance"
_RULE = re.compile(r"^[-\s|]*$")  # a markdown rule under a table (-- | ---)
# Closing rows of a self-evaluation form: totals, grade, problems and suggestions.
_CLOSING = re.compile(r"^(总分|评价等级|问题与建议|问题和建议)")
_TITLE_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
_TITLE_FORM = re.compile(r"绩效(目标|自评|指标)表?$")
# Form titles that name no project (项目支出绩效目标表, 部门整体…): the project is named in the table.
_GENERIC_TITLE = re.compile(r"项目支出|财政支出项目|专项资金|部门整体|^$")


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    cells: list[str]
    raw_cells: list[str]


@dataclass
class _Project:
    table_seq: int
    first_line: int
    last_line: int
    attributes: list[Attribute] = field(default_factory=list)
    unit: str | None = None
    rows: list[tuple[_Line, PrintedIndicator]] = field(default_factory=list)  # its indicator rows

    def value(self, name: str) -> Attribute | None:
        return next((attribute for attribute in self.attributes if attribute.field == name), None)

    @property
    def named(self) -> bool:
        return any(self.value(name) for name in NAME_FIELDS)


def read_performance_table(
    lines: list[str], table_seq: int, table: StatementTable
) -> tuple[PerformanceReading, list[Issue]]:
    """One performance table: its projects (numbered from 1 within the table), their indicators and
    spending plans. The parser reads each table on its own, so one that fails loses only itself."""
    issues: list[Issue] = []
    table_lines = _table_lines(lines, table)
    projects = _read_table(table_seq, table, table_lines, issues)
    if not any(project.rows for project in projects):
        issues.append(
            Issue(table.first_line, "warning", f"performance table {table.title!r}: no indicator rows could be read")
        )
    planned, plan_issues = read_spending_plans([(line.number, line.cells) for line in table_lines])
    issues.extend(plan_issues)
    records, indicators = _records(projects, table, issues)
    plan = _spending_plan(records, [(table_seq, milestone) for milestone in planned], issues)
    return PerformanceReading(tuple(records), tuple(indicators), spending_plan=plan), issues


def read_performance_prose(lines: list[str]) -> PerformanceReading:
    """What the prose says of performance: the 涉及资金 statements and the 绩效自评报告's indicators."""
    return PerformanceReading(fund_totals=read_fund_totals(lines), report_statements=read_report_statements(lines))


def combine_readings(readings: list[PerformanceReading]) -> PerformanceReading:
    """The readings of a document's performance tables and prose, in order, as one: projects numbered
    through the document."""
    projects: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    milestones: list[SpendingMilestone] = []
    for reading in readings:
        offset = len(projects)
        projects.extend(replace(project, project_seq=project.project_seq + offset) for project in reading.projects)
        indicators.extend(replace(row, project_seq=row.project_seq + offset) for row in reading.indicators)
        milestones.extend(replace(step, project_seq=step.project_seq + offset) for step in reading.spending_plan)
    return PerformanceReading(
        tuple(projects),
        tuple(indicators),
        tuple(total for reading in readings for total in reading.fund_totals),
        tuple(statement for reading in readings for statement in reading.report_statements),
        tuple(milestones),
    )


def _table_lines(lines: list[str], table: StatementTable) -> list[_Line]:
    """The table's grid lines from the text: its landed rows leave out lines repeating its header
    (招远 prints 主管部门 | … | 实施单位 once per project), which name the project here."""
    grid = [(number, lines[number - 1]) for number in range(table.first_line, table.last_line + 1)]
    return [
        _Line(number, text, split_cells(text), [strip_tags(cell) for cell in text.split("\t")])
        for number, text in grid
        if "\t" in text and not _RULE.match(text.replace("\t", ""))
    ]


def _read_table(table_seq: int, table: StatementTable, lines: list[_Line], issues: list[Issue]) -> list[_Project]:
    header_groups = _header_groups(lines)
    projects = [_Project(table_seq, lines[0].number, lines[0].number, unit=table.unit)] if lines else []
    layout: IndicatorLayout | None = None
    closed = False  # after a form's closing rows, nothing is an indicator until the next header
    for index, line in enumerate(lines):
        project = projects[-1]
        if index in header_groups:
            if header_groups[index]:
                layout = read_layout([lines[i].cells for i in header_groups[index]])
                closed = False
                if layout is None:
                    issues.append(Issue(line.number, "warning", "performance table header names no target column"))
            project.last_line = line.number
            continue
        names_project = any(key_field(cell) in NAME_FIELDS for cell in line.cells)
        if names_project and (project.rows or project.named):
            project = _Project(table_seq, line.number, line.number, unit=table.unit)
            projects.append(project)
            layout, closed = None, False
        if layout is None:
            project.last_line = line.number
            above = lines[index - 1].cells if index else []
            below = lines[index + 1].cells if index + 1 < len(lines) else []
            project.attributes.extend(read_key_values(line.cells, line.number, above, below))
            project.unit = printed_unit(line.cells) or project.unit
            continue
        first = next((cell for cell in line.cells if cell), "")
        closed = closed or bool(_CLOSING.match(compact(first)))
        if layout.attribute_end and not closed:
            _read_attribute_row(projects, line, layout, table_seq, table)  # the row may start the next project
            continue
        project.last_line = line.number
        if not closed and any(line.cells):
            project.rows.append((line, read_indicator_row(line.cells, line.raw_cells, layout)))
    return projects


def _header_groups(lines: list[_Line]) -> dict[int, list[int]]:
    """Line index → the header lines to read when it is the indicator header, [] for its companions."""
    groups: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        if not is_indicator_header(line.cells):
            continue
        group = [index]
        if index and is_header_companion(lines[index - 1].cells) and index - 1 not in groups:
            group.insert(0, index - 1)
        if (
            index + 1 < len(lines)
            and is_header_companion(lines[index + 1].cells)
            and not is_indicator_header(lines[index + 1].cells)
        ):
            group.append(index + 1)
        groups.update({member: [] for member in group})
        groups[index] = group
    return groups


def _starts_project(texts: dict[str, str], project: _Project) -> bool:
    """A row printing a 单位编码 / 项目编码, or the first 项目名称, names the next project; other attribute
    texts continue the current one (a wrapped cell)."""
    return bool(texts.get("sub_unit_code") or texts.get("project_code")) or (
        "project_name" in texts and not project.named
    )


def _read_attribute_row(
    projects: list[_Project], line: _Line, layout: IndicatorLayout, table_seq: int, table: StatementTable
) -> None:
    """A row of a layout printing its project's attributes left of the levels (福州): the attribute
    texts go to the project (the next one when the row names it), the rest is an indicator row."""
    roles = {column: role for role, column in layout.columns if role in ATTRIBUTE_ROLES}
    project = projects[-1]
    starts = _starts_project(read_attribute_columns(line.cells, roles), project)
    printed = read_indicator_row(line.cells, line.raw_cells, layout, may_drift=not starts)
    texts = read_attribute_columns(line.cells[: printed.level_start], roles)
    if starts and project.rows:
        project = _Project(table_seq, line.number, line.number, unit=table.unit)
        projects.append(project)
    project.last_line = line.number
    for role, text in texts.items():
        name = {"sub_unit_code": "row_sub_unit_code", "sub_unit_name": "row_sub_unit_name"}.get(role, role)
        existing = project.value(name)
        if existing and not starts:
            project.attributes[project.attributes.index(existing)] = replace(existing, text=existing.text + text)
        elif not existing:
            project.attributes.append(Attribute(name, text, line.number))
    if any(line.cells[printed.level_start :]):
        project.rows.append((line, printed))


def _records(
    projects: list[_Project], table: StatementTable, issues: list[Issue]
) -> tuple[list[PerformanceProject], list[PerformanceIndicator]]:
    records: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    for project in projects:
        if not project.rows and not project.named:
            continue  # lines before a table's first project (a title printed in the grid)
        seq = len(records) + 1
        records.append(_project_record(seq, project, table))
        indicators.extend(_indicator_records(seq, project, issues))
    return records, indicators


def _project_record(seq: int, project: _Project, table: StatementTable) -> PerformanceProject:
    name_attribute = next((project.value(name) for name in NAME_FIELDS if project.value(name)), None)
    title_name = _name_from_title(table.title)
    budget = project.value("budget")
    amount = parse_amount(budget.text) if budget else None
    code = project.value("project_code")
    goal = project.value("goal")
    sub_unit_name = project.value("row_sub_unit_name") or project.value("sub_unit_name")
    sub_unit_code = project.value("row_sub_unit_code")
    return PerformanceProject(
        project_seq=seq,
        table_seq=project.table_seq,
        scope=_scope(project, table),
        name=name_attribute.text if name_attribute else title_name,
        name_source="printed" if name_attribute else ("title" if title_name else None),
        code=code.text if code else None,
        sub_unit_code=sub_unit_code.text if sub_unit_code else None,
        sub_unit_name=sub_unit_name.text if sub_unit_name else None,
        budget_text=budget.text if budget else None,
        budget_amount=amount.value if amount else None,
        budget_decimals=amount.decimals if amount else None,
        budget_unit=project.unit if amount else None,
        budget_line=budget.line if budget else None,
        goal=goal.text if goal else None,
        first_line=project.first_line,
        last_line=project.last_line,
    )


def _scope(project: _Project, table: StatementTable) -> str:
    if project.value("department_name") or "部门整体" in compact(table.title or ""):
        return DEPARTMENT
    if project.value("fund_name"):
        return SPECIAL_FUND
    return PROJECT


def _name_from_title(title: str | None) -> str | None:
    """特殊人群医疗费绩效目标表 → 特殊人群医疗费: a title naming its project, when the table prints no name."""
    name = _TITLE_FORM.sub("", _TITLE_ORDINAL.sub("", compact(title or "")))
    return None if _GENERIC_TITLE.search(name) else name


def _indicator_records(seq: int, project: _Project, issues: list[Issue]) -> list[PerformanceIndicator]:
    records: list[PerformanceIndicator] = []
    level1 = level2 = None
    for line, printed in project.rows:
        if printed.unanchored:
            issues.append(
                Issue(
                    line.number,
                    "warning",
                    "performance row without a target, comparison or 指标性质 "
                    "cell where its header puts one: read at the header's columns",
                )
            )
        if printed.extra_labels:
            issues.append(
                Issue(
                    line.number,
                    "warning",
                    "performance row prints more than three indicator levels: "
                    + " | ".join(printed.extra_labels)
                    + " not kept",
                )
            )
        printed_level1, printed_level2, level3 = printed.levels
        level1_carried = printed_level1 is None and level1 is not None
        level2_carried = printed_level2 is None and level2 is not None
        level1 = printed_level1 or level1
        level2 = printed_level2 or level2
        if level3 is None:
            issues.append(Issue(line.number, "warning", "performance indicator row prints no indicator name"))
        values = printed.values
        target = parse_target(values.get("target"), symbol=values.get("comparator"), unit=values.get("unit"))
        actual = parse_target(values.get("actual"))
        records.append(
            PerformanceIndicator(
                project_seq=seq,
                indicator_seq=len(records) + 1,
                source_line=line.number,
                level1=level1,
                level2=level2,
                level3=level3,
                level1_carried=level1_carried,
                level2_carried=level2_carried,
                description=values.get("description"),
                scoring_rule=values.get("scoring_rule"),
                basis=values.get("basis"),
                direction=printed.direction,
                target=target,
                actual_text=values.get("actual"),
                actual_value=actual.value,
                weight_text=values.get("weight"),
                weight=_number(values.get("weight")),
                score_text=values.get("score"),
                score=_number(values.get("score")),
                deviation_reason=values.get("deviation"),
                column_shift=printed.shift,
                line_text=line.text,
            )
        )
    return records


def _spending_plan(
    projects: list[PerformanceProject], plans: list[tuple[int, PlannedSpending]], issues: list[Issue]
) -> tuple[SpendingMilestone, ...]:
    """Each milestone with the project block it is printed in (same table, within the block's lines)."""
    milestones: list[SpendingMilestone] = []
    counts: dict[int, int] = {}
    unplaced: set[int] = set()
    for table_seq, planned in plans:
        project = next(
            (p for p in projects if p.table_seq == table_seq and p.first_line <= planned.milestone_line <= p.last_line),
            None,
        )
        if project is None:
            unplaced.add(planned.milestone_line)
            continue
        counts[project.project_seq] = counts.get(project.project_seq, 0) + 1
        milestones.append(SpendingMilestone(project.project_seq, counts[project.project_seq], planned))
    issues.extend(
        Issue(line, "warning", "资金支出计划 printed outside any project block: not read") for line in sorted(unplaced)
    )
    return tuple(milestones)


def _number(text: str | None) -> Decimal | None:
    amount = parse_amount(text) if text else None
    return amount.value if amount else None
