"""The raw layer, declared once: a typed record per raw table, whose field names are its columns and
whose annotations give each column's type, nullability and description. The DDL, the Arrow schemas
the workers build and the dbt sources (`models/staging/__sources.yml`, written by `python -m
ingest.schema`) all derive from these records.

A field typed `X | None` is nullable; `KEY` marks the primary key, `BIGINT` an integer that needs 64
bits; `Exact` amounts are DECIMAL(24, 6), never floats.
"""

import sys
import types
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, NamedTuple, Union, get_args, get_origin, get_type_hints

import pyarrow as pa

SCHEMA = "raw"
KEY = "primary key"
BIGINT = "bigint"
EXACT_SQL, EXACT_ARROW = "decimal(24, 6)", pa.decimal128(24, 6)

_SQL_TYPES = {str: "varchar", int: "integer", bool: "boolean", datetime: "timestamp", bytes: "blob", Decimal: EXACT_SQL}
_ARROW_TYPES = {
    str: pa.string(),
    int: pa.int32(),
    bool: pa.bool_(),
    datetime: pa.timestamp("us"),
    bytes: pa.binary(),
    Decimal: EXACT_ARROW,
}


class DocumentRecord(NamedTuple):
    """One row per document file (the text of a 部门预算 / 部门决算)."""

    document_id: Annotated[str, KEY, "First 16 hex digits of the file's sha256."]
    file_name: Annotated[str, "File name as found in the documents folder."]
    file_path: Annotated[str, "Path of the file when it was landed."]
    sha256: Annotated[str, "sha256 of the file's bytes."]
    size_bytes: Annotated[int, BIGINT, "Size of the file in bytes."]
    encoding: Annotated[
        str | None,
        "utf-8 / utf-16-le / utf-16-be / gb18030 for a text file; pdf when the text was read from a PDF (ingest.pdf); null when unreadable.",
    ]
    full_text: Annotated[
        str | None,
        "The whole text the parser reads (for a PDF, as its reader wrote it, pages apart by a form feed line), kept for every document (a parser upgrade re-parses it).",
    ]
    raw_bytes: Annotated[bytes | None, "The file's bytes, kept only for documents that could not be read."]
    title: Annotated[str | None, "The document's title as printed on its cover."]
    department_name: Annotated[str | None, "Department that published the document."]
    fiscal_year: Annotated[int | None, "Fiscal year the document is about."]
    phase: Annotated[str | None, "budget (预算) / final (决算)."]
    department_code: Annotated[str | None, "Printed department code, e.g. 445, 362."]
    department_source: Annotated[
        str | None, "Where department_name was read: cover / cover_label / table_header / text / file_name."
    ]
    fiscal_year_source: Annotated[
        str | None, "Where fiscal_year was read: cover / contents / table_header / text / file_name."
    ]
    phase_source: Annotated[str | None, "Where phase was read: cover / contents / text / file_name."]
    line_count: Annotated[int | None, "Lines of the decoded text."]
    status: Annotated[str, "loaded / quarantined."]
    quarantine_reason: Annotated[str | None, "Why the document was quarantined."]
    quarantine_line: Annotated[int | None, "Line the quarantine reason points at."]
    version_rank: Annotated[int | None, "1 = newest among texts of the same department, year and phase."]
    is_latest_version: Annotated[bool | None, "version_rank = 1."]
    file_modified_at: Annotated[datetime | None, "Modification time of the file."]
    ingested_at: Annotated[datetime, "When first landed (kept when parsed again)."]
    parser_version: Annotated[str, "ingest.version.parser_version() of the parser that read it."]


class DocumentPageRecord(NamedTuple):
    """One row per page of a document whose text marks its pages (read from a PDF): the lines each page
    holds, so the page of any raw row follows from its source line."""

    document_id: Annotated[str, "Document of the page."]
    page_number: Annotated[int, "Page of the PDF, from 1."]
    first_line: Annotated[int, "First line of the page in the document's text."]
    last_line: Annotated[int, "Last line of the page in the document's text."]


class TocEntryRecord(NamedTuple):
    """One row per table named in a document's own table of contents."""

    document_id: Annotated[str, "Document whose contents name the table."]
    line_number: Annotated[int, "Line of the contents entry."]
    entry_title: Annotated[str, "Title as the contents print it."]
    statement_kind: Annotated[str, "Canonical statement kind of the title (seeds/statement_title_patterns.csv)."]


class StatementTableRecord(NamedTuple):
    """One row per statement table (continued pages merged)."""

    table_id: Annotated[str, KEY, "document_id || '-' || table_seq."]
    document_id: Annotated[str, "Document the table is printed in."]
    table_seq: Annotated[int, "Position of the table in the document, from 1."]
    title: Annotated[str | None, "Title as printed (wrapped lines joined)."]
    title_line: Annotated[int | None, "Line of the title."]
    statement_kind: Annotated[str, "See seeds/statement_title_patterns.csv; unknown when unclassified."]
    kind_source: Annotated[
        str | None, "title (from its title) / contents (untitled, placed by the table of contents) / null (unknown)."
    ]
    unit: Annotated[str | None, "元 / 千元 / 万元 / 亿元; null when neither printed nor inferable."]
    unit_source: Annotated[
        str | None, "printed / inferred (not printed: the unit of its kind's other tables, or of the prose's figures)."
    ]
    unit_line: Annotated[int | None, "Line the unit is printed on (null when inferred)."]
    first_line: Annotated[int, "First line of the table."]
    last_line: Annotated[int, "Last line of the table."]
    page_count: Annotated[int, "Blocks merged into this table (continued pages)."]
    header_rows: Annotated[int, "Header lines of the table."]
    row_count: Annotated[int, "Rows of the table in raw.statement_rows."]
    note: Annotated[str | None, "The note under the table, e.g. 注：本部门没有使用…"]
    note_line: Annotated[int | None, "Line of the note."]


class StatementRowRecord(NamedTuple):
    """One row per printed row (per side / column group) of a statement table."""

    row_id: Annotated[str, KEY, "table_id || '-' || row_seq."]
    table_id: Annotated[str, "Table of the row."]
    document_id: Annotated[str, "Document of the row."]
    row_seq: Annotated[int, "Position of the row in its table, from 1."]
    row_role: Annotated[str, "header (a header line, kept as printed) / data."]
    source_line: Annotated[int, "Line the row is printed on."]
    column_group: Annotated[int, "Side-by-side groups / sides, left to right from 0."]
    side: Annotated[str | None, "income / expense for two-sided tables."]
    group_header: Annotated[str | None, "The group's top header, e.g. 人员经费."]
    printed_sequence: Annotated[str | None, "序号 / 行次 as printed."]
    label: Annotated[str | None, "The row's first label text."]
    label_extra: Annotated[str | None, "Further label texts, e.g. the 政府预算经济分类 name."]
    subject_code: Annotated[str | None, "功能分类, completed to the full code."]
    economic_code: Annotated[str | None, "部门预算经济分类."]
    government_economic_code: Annotated[str | None, "政府预算经济分类."]
    sub_unit_code: Annotated[str | None, "单位代码 of the sub-unit the row belongs to."]
    codes_printed: Annotated[str | None, "Code cells as printed, joined by |."]
    codes_from_name: Annotated[
        bool, "No code printed: subject_code / economic_code read from the name at its level (（项）, indentation)."
    ]
    realigned: Annotated[bool, "Amount cells shifted back under their header."]
    line_text: Annotated[str, "The line as printed."]


class StatementCellRecord(NamedTuple):
    """One row per cell of a printed data row, with its header path and exact amount."""

    row_id: Annotated[str, "Row of the cell."]
    table_id: Annotated[str, "Table of the cell."]
    document_id: Annotated[str, "Document of the cell."]
    source_line: Annotated[int, "Line the cell is printed on."]
    column_index: Annotated[int, "Column of the cell in its printed line, from 0."]
    header_path: Annotated[str | None, "Header texts top-down joined by /."]
    cell_text: Annotated[str, "As printed, tags removed; '' for a blank cell."]
    amount: Annotated[Decimal | None, "Exact value in the table's unit; null when blank or not a number."]
    decimals: Annotated[int | None, "Digits printed after the decimal point."]


class IngestIssueRecord(NamedTuple):
    """One row per problem found while landing a document."""

    document_id: Annotated[str | None, "Document the problem was found in (null when the file could not be read)."]
    file_name: Annotated[str, "File the problem was found in."]
    line_number: Annotated[int | None, "Line of the problem."]
    severity: Annotated[str, "error (quarantined) / warning (landed)."]
    message: Annotated[str, "What is wrong."]
    part: Annotated[
        str | None,
        "The part of the document that could not be read and was left out (metadata, grid blocks, statement"
        " table, table of contents, performance table, performance prose, narrative, units); null for other"
        " problems.",
    ]
    exception: Annotated[str | None, "What the failing part raised, and where; null for other problems."]


class PerformanceProjectRecord(NamedTuple):
    """One row per block of a performance table (project / department / special fund)."""

    performance_project_id: Annotated[str, KEY, "document_id || '-P' || project_seq."]
    document_id: Annotated[str, "Document of the block."]
    table_id: Annotated[str, "The performance table the project is printed in."]
    project_seq: Annotated[int, "Position of the block in the document, from 1."]
    scope: Annotated[str, "project / department / special_fund."]
    project_name: Annotated[str | None, "As printed (wrapped cells joined)."]
    name_source: Annotated[str | None, "printed (a 项目名称 / 专项名称 cell) / title (the table title)."]
    project_code: Annotated[str | None, "项目编码."]
    sub_unit_code: Annotated[str | None, "单位编码."]
    sub_unit_name: Annotated[str | None, "单位名称 / 实施单位."]
    budget_text: Annotated[str | None, "预算数 / 资金总额 / 全年预算数 as printed."]
    budget_amount: Annotated[Decimal | None, "Exact, in budget_unit."]
    budget_decimals: Annotated[int | None, "Digits printed after the decimal point."]
    budget_unit: Annotated[str | None, "万元 / 元."]
    budget_line: Annotated[int | None, "Line the budget is printed on."]
    goal: Annotated[str | None, "项目实施期目标 / 年度总体目标 / 绩效目标 as printed."]
    first_line: Annotated[int, "First line of the block."]
    last_line: Annotated[int, "Last line of the block."]


class PerformanceIndicatorRecord(NamedTuple):
    """One row per printed performance indicator row, with its target as printed and parsed."""

    performance_indicator_id: Annotated[str, KEY, "performance_project_id || '-' || indicator_seq."]
    performance_project_id: Annotated[str, "Block the indicator belongs to."]
    document_id: Annotated[str, "Document of the indicator."]
    table_id: Annotated[str, "Performance table of the indicator."]
    indicator_seq: Annotated[int, "Position of the indicator in its block, from 1."]
    source_line: Annotated[int, "Line the indicator is printed on."]
    level1: Annotated[str | None, "一级指标 (carried down when blank on its row)."]
    level2: Annotated[str | None, "二级指标 (carried down when blank on its row)."]
    level3: Annotated[str | None, "三级指标 as printed."]
    level1_carried: Annotated[bool, "level1 was carried down from a row above."]
    level2_carried: Annotated[bool, "level2 was carried down from a row above."]
    description: Annotated[str | None, "指标明细说明 / 绩效指标描述."]
    scoring_rule: Annotated[str | None, "评（扣）分标准."]
    basis: Annotated[str | None, "指标值确定依据."]
    direction: Annotated[str | None, "正向 / 反向 (指标性质)."]
    target_text: Annotated[str, "As printed; 符号 | 值 | 单位 cells joined by a space."]
    target_operator: Annotated[str | None, ">= <= = > <; null when qualitative or unreadable."]
    target_value: Annotated[Decimal | None, "Exact target value."]
    target_unit: Annotated[str | None, "Normalized unit (百分比 -> %)."]
    target_is_qualitative: Annotated[bool, "The target is a wording, not a figure."]
    target_wording: Annotated[str | None, "A qualitative target's words (显著, 稳步增长)."]
    target_parse_status: Annotated[str, "parsed / qualitative / malformed / empty."]
    actual_text: Annotated[str | None, "实际完成值 as printed (final accounts)."]
    actual_value: Annotated[Decimal | None, "Exact actual value."]
    weight_text: Annotated[str | None, "指标分值 as printed."]
    weight: Annotated[Decimal | None, "Exact weight."]
    score_text: Annotated[str | None, "自评得分 as printed."]
    score: Annotated[Decimal | None, "Exact score."]
    deviation_reason: Annotated[str | None, "偏差原因分析及改进措施."]
    column_shift: Annotated[int, "Columns the row is printed off its header."]
    line_text: Annotated[str, "The line as printed."]


class SpendingMilestoneRecord(NamedTuple):
    """One row per milestone of a project's 资金支出计划 (3月底 25%)."""

    spending_milestone_id: Annotated[str, KEY, "performance_project_id || '-S' || milestone_seq."]
    performance_project_id: Annotated[str, "Block the plan belongs to."]
    document_id: Annotated[str, "Document of the plan."]
    table_id: Annotated[str, "Performance table of the plan."]
    milestone_seq: Annotated[int, "Position within the project's plan, from 1."]
    milestone: Annotated[str, "As printed: 3月底."]
    month: Annotated[int | None, "The month the milestone closes: 3; null when not a date."]
    percent_text: Annotated[str, "As printed: 25%."]
    cumulative_percent: Annotated[Decimal | None, "Exact share of the budget spent by then: 25."]
    milestone_line: Annotated[int, "Line printing the milestones (资金支出计划)."]
    source_line: Annotated[int, "Line printing the percentage."]


class FundTotalRecord(NamedTuple):
    """One row per prose sentence stating the number of projects with performance targets and their funds."""

    document_id: Annotated[str, "Document of the sentence."]
    source_line: Annotated[int, "Line of the sentence."]
    project_count: Annotated[int, "共设置2个项目绩效目标: 2."]
    amount_text: Annotated[str, "As printed: 4,023.00."]
    amount: Annotated[Decimal, "Exact, in unit."]
    decimals: Annotated[int, "Digits printed after the decimal point."]
    unit: Annotated[str, "万元 / 元 / 亿元."]
    sentence: Annotated[str, "The sentence as printed."]


class ReportStatementRecord(NamedTuple):
    """One row per indicator restated in the prose of a 绩效自评报告 (final accounts)."""

    document_id: Annotated[str, "Document of the report."]
    source_line: Annotated[int, "Line of the statement."]
    title_line: Annotated[int, "The 绩效自评报告's title."]
    project_name: Annotated[str | None, "(2024 年城乡居民基本医疗保险市级补助资金) under the title."]
    level1: Annotated[str | None, "The heading above: (一) 产出指标."]
    level2: Annotated[str | None, "1、数量指标."]
    level3: Annotated[str, "The indicator: 居民参保人数."]
    unit_text: Annotated[str, "(人) / (百分比) / (定性)."]
    target_text: Annotated[str, "目标值 as printed."]
    target_value: Annotated[Decimal | None, "Exact target value."]
    actual_text: Annotated[str, "完成值 as printed."]
    actual_value: Annotated[Decimal | None, "Exact actual value."]
    weight: Annotated[Decimal, "分值."]
    score: Annotated[Decimal, "得分."]


class NarrativeFigureRecord(NamedTuple):
    """One row per figure stated in a document's prose (情况说明)."""

    figure_id: Annotated[str, KEY, "document_id || '-N' || figure_seq."]
    document_id: Annotated[str, "Document of the figure."]
    figure_seq: Annotated[int, "Order in the document's prose, from 1."]
    section: Annotated[str | None, "The heading the sentence sits under, as printed."]
    section_line: Annotated[int | None, "Line of the heading."]
    subject_kind: Annotated[str, "See seeds/narrative_subjects.csv; unclassified when none matched."]
    subject_code: Annotated[str | None, "功能分类 code when the figure is about one (2101501-行政运行)."]
    subject_text: Annotated[str | None, "What the figure is about, as printed."]
    amount: Annotated[Decimal | None, "Exact, in unit; null for a change stated on its own."]
    unit: Annotated[str, "万元 / 元 / 亿元 / 千元 / 辆."]
    decimals: Annotated[int | None, "Digits printed after the decimal point of the amount."]
    printed_amount: Annotated[str | None, "As printed: 4,023.00 万元."]
    change_amount: Annotated[Decimal | None, "Change against the prior year, signed (减少 / 下降 negative)."]
    change_unit: Annotated[str | None, "Unit of the change."]
    change_direction: Annotated[str | None, "increase / decrease / flat."]
    change_percent: Annotated[Decimal | None, "Signed percentage (下降30.61% -> -30.61)."]
    printed_change: Annotated[str | None, "As printed: 减少7.50万元."]
    parent_figure_seq: Annotated[int | None, "The figure this one is part of (其中 / 包括 lists)."]
    amount_scope: Annotated[
        str,
        "Which quantity the words before the amount name: initial_budget (年初预算), adjusted_budget (调整预算), "
        "full_year_budget (全年预算), budget (预算, not said which), final (决算), prior_year (上年), unknown.",
    ]
    scope_year: Annotated[int | None, "A year printed before the amount (2023年决算数)."]
    funding_scope: Annotated[
        str,
        "The money the words name: general_budget (一般公共预算), gov_fund, state_capital, non_fiscal, "
        "fiscal_grant (财政拨款), all_funds, unknown.",
    ]
    is_item_explanation: Annotated[bool, "Stated in the explanation of one 功能分类 项 (2、行政运行（项）。…)."]
    item_path: Annotated[str | None, "That 项's 类 / 款 / 项 names as printed, '/'-joined."]
    sentence: Annotated[str, "The sentence as printed."]
    source_line: Annotated[int, "Line the amount is printed on."]


# Every raw table, by name, in the order it is created.
RAW_TABLES: dict[str, type[NamedTuple]] = {
    "documents": DocumentRecord,
    "document_pages": DocumentPageRecord,
    "document_toc": TocEntryRecord,
    "statement_tables": StatementTableRecord,
    "statement_rows": StatementRowRecord,
    "statement_cells": StatementCellRecord,
    "ingest_issues": IngestIssueRecord,
    "performance_projects": PerformanceProjectRecord,
    "performance_indicators": PerformanceIndicatorRecord,
    "performance_spending_plan": SpendingMilestoneRecord,
    "performance_fund_totals": FundTotalRecord,
    "performance_report_statements": ReportStatementRecord,
    "narrative_figures": NarrativeFigureRecord,
}


class Column(NamedTuple):
    name: str
    python_type: type
    nullable: bool
    sql_type: str
    arrow_type: pa.DataType
    is_key: bool
    description: str


@cache
def columns(record: type[NamedTuple]) -> tuple[Column, ...]:
    """The columns of a raw table, from its record's annotations."""
    found = []
    for name, hint in get_type_hints(record, include_extras=True).items():
        python_type, *markers = get_args(hint)
        nullable = get_origin(python_type) in (Union, types.UnionType)
        if nullable:
            python_type = next(arg for arg in get_args(python_type) if arg is not type(None))
        bigint = BIGINT in markers
        found.append(
            Column(
                name,
                python_type,
                nullable,
                BIGINT if bigint else _SQL_TYPES[python_type],
                pa.int64() if bigint else _ARROW_TYPES[python_type],
                KEY in markers,
                markers[-1],
            )
        )
    return tuple(found)


def column_names(record: type[NamedTuple]) -> tuple[str, ...]:
    return record._fields


@cache
def arrow_schema(record: type[NamedTuple]) -> pa.Schema:
    return pa.schema([pa.field(column.name, column.arrow_type, column.nullable) for column in columns(record)])


def create_table(name: str) -> str:
    definitions = ",\n    ".join(
        f"{column.name} {column.sql_type}{' primary key' if column.is_key else ''}"
        f"{' not null' if not column.nullable and not column.is_key else ''}"
        for column in columns(RAW_TABLES[name])
    )
    return f"create table if not exists {SCHEMA}.{name} (\n    {definitions}\n)"


RAW_DDL: tuple[str, ...] = (f"create schema if not exists {SCHEMA}", *(create_table(name) for name in RAW_TABLES))


def sources_yml() -> str:
    """The dbt sources file of the raw layer (models/staging/__sources.yml), written from the records."""
    lines = [
        "# Written by `python -m ingest.schema > models/staging/__sources.yml` from the records of",
        "# ingest/schema.py, where the raw layer is declared; edit it there.",
        "version: 2",
        "",
        "sources:",
        f"  - name: {SCHEMA}",
        "    description: >",
        "      The raw layer landed by `budget-warehouse ingest` (declared in ingest/schema.py).",
        f"    schema: {SCHEMA}",
        "    tables:",
    ]
    for name, record in RAW_TABLES.items():
        lines += [f"      - name: {name}", f"        description: {_yaml_text(record.__doc__)}"]
        keys = [column.name for column in columns(record) if column.is_key]
        if keys:  # the project's one not-null test, per table (tests/generic/columns_not_null.sql)
            lines += [
                "        data_tests:",
                "          - columns_not_null:",
                f"              name: source_columns_not_null_{SCHEMA}_{name}",
                "              arguments:",
                f"                column_names: [{', '.join(keys)}]",
            ]
        lines.append("        columns:")
        for column in columns(record):
            lines += [f"          - name: {column.name}", f"            description: {_yaml_text(column.description)}"]
            if column.is_key:
                lines.append("            data_tests: [unique]")
    return "\n".join(lines) + "\n"


def _yaml_text(text: str | None) -> str:
    """A one-line YAML scalar, quoted."""
    escaped = (text or "").strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


if __name__ == "__main__":
    sys.stdout.write(sources_yml())
