"""The expectation suite, kept in code and versioned.

Each expectation is declared once as a `Check`: the frame it reads (a mart, or a reconciliation
frame built in SQL), the Great Expectations class, its arguments, and whether a failure blocks the
run. Structural expectations (keys, nulls, value sets, every raw cell accounted for) block: a
broken mart must not be published. Tie results describe the source documents: they are reported,
never blocking, because the warehouse's job is to say where a document disagrees with itself.
"""

from dataclasses import dataclass, field
from typing import Any

SUITE_NAME = "budget_warehouse"
# Bump when an expectation is added, removed or changed: validation_result rows carry it.
SUITE_VERSION = "2026.12.3"


@dataclass(frozen=True)
class Check:
    frame: str  # a mart name, or a frame of frames.RECONCILIATION_FRAMES
    expectation: str  # class name in great_expectations.expectations
    arguments: dict[str, Any] = field(default_factory=dict)
    blocking: bool = True
    # Value sets read from the warehouse at run time: {argument: (frame, column)}.
    value_sets: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Only the rows where column == value are validated: (column, value).
    where: tuple[str, str] | None = None

    @property
    def column(self) -> str | None:
        if "column_list" in self.arguments:
            return ", ".join(self.arguments["column_list"])
        return self.arguments.get("column") or self.arguments.get("column_A")

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column of its frame the expectation reads (its row filter's included), sorted."""
        named = [self.arguments.get(key) for key in ("column", "column_A", "column_B")]
        used = {*filter(None, named), *self.arguments.get("column_list", ()), *(self.where[:1] if self.where else ())}
        return tuple(sorted(used))


def _key(frame: str, column: str) -> list[Check]:
    return [
        Check(frame, "ExpectColumnValuesToBeUnique", {"column": column}),
        Check(frame, "ExpectColumnValuesToNotBeNull", {"column": column}),
    ]


def _compound_key(frame: str, *columns: str) -> list[Check]:
    return [
        Check(frame, "ExpectCompoundColumnsToBeUnique", {"column_list": list(columns)}),
        *_not_null(frame, *columns),
    ]


def _not_null(frame: str, *columns: str) -> list[Check]:
    return [Check(frame, "ExpectColumnValuesToNotBeNull", {"column": column}) for column in columns]


def _references(frame: str, column: str, dimension: str, key: str) -> Check:
    return Check(frame, "ExpectColumnValuesToBeInSet", {"column": column}, value_sets={"value_set": (dimension, key)})


def _tie_failures(severity: str) -> Check:
    # One expectation per severity; its unexpected rows are the failing ties of that severity.
    return Check(
        "fct_tie_check",
        "ExpectColumnValuesToNotBeInSet",
        {"column": "status", "value_set": ["fail"]},
        blocking=False,
        where=("severity", severity),
    )


CHECKS: tuple[Check, ...] = (
    *_key("dim_department", "department_key"),
    *_not_null("dim_department", "department_name"),
    *_key("dim_year", "fiscal_year"),
    *_key("dim_subject_code", "subject_code"),
    Check(
        "dim_subject_code",
        "ExpectColumnValuesToBeInSet",
        {"column": "classification", "value_set": ["function", "economic_department", "economic_government"]},
    ),
    *_key("dim_measure", "measure"),
    *_key("dim_statement", "statement"),
    *_key("fct_budget_line", "budget_line_id"),
    *_not_null(
        "fct_budget_line",
        "document_id",
        "fiscal_year",
        "phase",
        "statement",
        "measure",
        "row_id",
        "source_line",
        "source_unit",
    ),
    Check("fct_budget_line", "ExpectColumnValuesToBeInSet", {"column": "phase", "value_set": ["budget", "final"]}),
    _references("fct_budget_line", "department_key", "dim_department", "department_key"),
    _references("fct_budget_line", "fiscal_year", "dim_year", "fiscal_year"),
    _references("fct_budget_line", "statement", "dim_statement", "statement"),
    _references("fct_budget_line", "measure", "dim_measure", "measure"),
    Check(
        "raw_cell_reconciliation",
        "ExpectColumnPairValuesToBeEqual",
        {"column_A": "raw_cells", "column_B": "fact_lines"},
    ),
    Check(
        "raw_cell_reconciliation",
        "ExpectColumnPairValuesToBeEqual",
        {"column_A": "raw_amount_sum", "column_B": "fact_amount_sum"},
    ),
    *_key("bridge_subject_code_name", "subject_code_name_key"),
    *_key("dim_project", "project_key"),
    _references("dim_project", "department_key", "dim_department", "department_key"),
    *_key("fct_performance_indicator", "performance_indicator_id"),
    _references("fct_performance_indicator", "department_key", "dim_department", "department_key"),
    *_key("fct_project_spending_plan", "spending_milestone_id"),
    *_not_null("fct_project_spending_plan", "project_key", "milestone", "percent_text", "source_line"),
    _references("fct_project_spending_plan", "project_key", "dim_project", "project_key"),
    _references("fct_project_spending_plan", "department_key", "dim_department", "department_key"),
    *_key("fct_narrative_figure", "figure_id"),
    _references("fct_narrative_figure", "department_key", "dim_department", "department_key"),
    *_key("fct_prior_year_value", "prior_year_value_id"),
    *_compound_key("fct_disclosure_completeness", "document_id", "requirement_id"),
    *_key("fct_tie_check", "tie_check_id"),
    *_not_null("fct_tie_check", "document_id", "rule_id", "status", "severity"),
    Check(
        "fct_tie_check",
        "ExpectColumnValuesToBeInSet",
        {"column": "status", "value_set": ["pass", "rounding", "fail", "not_applicable"]},
    ),
    Check("fct_tie_check", "ExpectColumnValuesToBeInSet", {"column": "severity", "value_set": ["error", "warn"]}),
    _tie_failures("error"),
    _tie_failures("warn"),
)
