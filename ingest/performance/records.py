"""What reading a document's performance tables yields: plain frozen records, no behaviour."""

from dataclasses import dataclass
from decimal import Decimal

from ingest.performance.target import Target

PROJECT = "project"
DEPARTMENT = "department"
SPECIAL_FUND = "special_fund"


@dataclass(frozen=True)
class PerformanceProject:
    """One block of a performance table: a project, a special fund or the department as a whole."""

    project_seq: int  # position in the document, from 1
    table_seq: int  # the statement table the block is printed in (ParsedDocument.tables, from 1)
    scope: str  # project / department / special_fund
    name: str | None  # as printed, wrapped cells joined
    name_source: str | None  # printed (a 项目名称 / 专项名称 … cell) / title (the table's title)
    code: str | None  # 项目编码 as printed
    sub_unit_code: str | None  # 单位编码 of the unit carrying the project
    sub_unit_name: str | None  # 单位名称 / 实施单位
    budget_text: str | None
    budget_amount: Decimal | None  # exact, in budget_unit
    budget_decimals: int | None  # digits printed after the decimal point
    budget_unit: str | None
    budget_line: int | None
    goal: str | None  # 项目实施期目标 / 年度总体目标 / 绩效目标 as printed
    first_line: int
    last_line: int


@dataclass(frozen=True)
class PerformanceIndicator:
    """One printed indicator row (三级指标) with its target and, in final accounts, its result."""

    project_seq: int
    indicator_seq: int  # position within its project, from 1
    source_line: int
    level1: str | None
    level2: str | None
    level3: str | None
    level1_carried: bool  # blank on its row, carried down from the rows above
    level2_carried: bool
    description: str | None  # 指标明细说明 / 绩效指标描述
    scoring_rule: str | None  # 评（扣）分标准
    basis: str | None  # 指标值确定依据
    direction: str | None  # 正向 / 反向 (指标性质)
    target: Target
    actual_text: str | None  # 实际完成值 as printed
    actual_value: Decimal | None
    weight_text: str | None  # 指标分值
    weight: Decimal | None
    score_text: str | None  # 自评得分
    score: Decimal | None
    deviation_reason: str | None  # 偏差原因分析及改进措施
    column_shift: int  # columns the row is printed off its header (a shifted page); 0 when aligned
    line_text: str


@dataclass(frozen=True)
class FundTotal:
    """The narrative's count of projects with targets and the funds they involve (涉及资金)."""

    source_line: int
    project_count: int
    amount_text: str
    amount: Decimal
    decimals: int  # digits printed after the decimal point
    unit: str
    sentence: str


@dataclass(frozen=True)
class ReportStatement:
    """An indicator restated in the prose of a 绩效自评报告 (final accounts)."""

    source_line: int
    title_line: int  # the report's title
    project_name: str | None
    level1: str | None
    level2: str | None
    level3: str
    unit_text: str  # as printed in parentheses: 人, 百分比, 定性
    target_text: str
    target_value: Decimal | None  # when the target is a number
    actual_text: str
    actual_value: Decimal | None
    weight: Decimal
    score: Decimal


@dataclass(frozen=True)
class PlannedSpending:
    """One milestone of a spending plan (资金支出计划) and the share of the budget spent by then, as printed."""

    milestone: str  # as printed: 3月底
    month: int | None  # the month the milestone closes: 3月底 → 3, 二季度 → 6; None when not a date
    percent_text: str  # as printed: 25%
    cumulative_percent: Decimal | None  # exact: 25; None when not a number
    milestone_line: int
    source_line: int  # the line printing the percentage


@dataclass(frozen=True)
class SpendingMilestone:
    """One milestone of a project's 资金支出计划 (固安: 3月底 25%, 6月底 50% …)."""

    project_seq: int
    milestone_seq: int  # position within its project's plan, from 1
    planned: PlannedSpending


@dataclass(frozen=True)
class PerformanceReading:
    projects: tuple[PerformanceProject, ...] = ()
    indicators: tuple[PerformanceIndicator, ...] = ()
    fund_totals: tuple[FundTotal, ...] = ()
    report_statements: tuple[ReportStatement, ...] = ()
    spending_plan: tuple[SpendingMilestone, ...] = ()
