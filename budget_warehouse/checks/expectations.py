"""The tie expectation: Great Expectations itself decides, for every check of a tie rule, whether
the figure a document prints (lhs) and the sum it should equal (rhs) agree within the rounding
tolerance, |lhs − rhs| ≤ tolerance, in exact decimals. It reads the figures, never the mart's status.

Its Data Docs say per rule how many checks held and list the failing ones with both sides' source
lines (the unexpected rows carry the index columns the validation asks for, frames.INDEX_COLUMNS).
"""

from decimal import Decimal
from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from great_expectations.core.metric_function_types import SummarizationMetricNameSuffixes
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import MulticolumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    MulticolumnMapMetricProvider,
    multicolumn_condition_partial,
)
from great_expectations.render import RenderedStringTemplateContent, RenderedTableContent
from great_expectations.render.components import LegacyDiagnosticRendererType
from great_expectations.render.renderer.renderer import renderer

from budget_warehouse.checks.suite import DOCS_ROWS, LHS, RHS, SIDES, TOLERANCE

# The decimal the text of a side is read as: 18 integer digits, 12 decimals (the marts keep 6),
# leaving Arrow room for the digit a difference may add.
TEXT_DECIMAL = pa.decimal128(30, 12)


def sides_agree(lhs: pd.Series, rhs: pd.Series, tolerance: pd.Series) -> pd.Series:
    """Per row, |lhs − rhs| ≤ tolerance, computed by Arrow in exact decimals (the difference of two
    decimals is a decimal). The sides come as decimals or as their exact text (frames.py says why);
    a float is refused. A missing side or tolerance never agrees."""
    lhs_, rhs_, tolerance_ = (_exact(column) for column in (lhs, rhs, tolerance))
    agree = pc.less_equal(pc.abs(pc.subtract(lhs_, rhs_)), tolerance_).fill_null(False)
    return pd.Series(agree.to_numpy(zero_copy_only=False), index=lhs.index, dtype=bool)


def _exact(column: pd.Series) -> pa.Array:
    values = pa.array(column)
    if pa.types.is_decimal(values.type):
        return values
    if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
        # Arrow refuses text with more decimals than the scale rather than rounding it.
        return values.cast(TEXT_DECIMAL)
    raise TypeError(f"tie sides must be exact decimals or their text, not {values.type}")


class TieSidesAgreeWithinTolerance(MulticolumnMapMetricProvider):
    """Row-wise metric: the check's sides agree within its tolerance (column_list is lhs, rhs, tolerance)."""

    condition_metric_name = "tie_sides.agree_within_tolerance"
    condition_domain_keys = ("batch_id", "table", "column_list", "row_condition", "condition_parser", "ignore_row_if")

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, **kwargs) -> pd.Series:
        return sides_agree(column_list[LHS], column_list[RHS], column_list[TOLERANCE])


class ExpectTieSidesToAgreeWithinTolerance(MulticolumnMapExpectation):
    """Expect every check of a tie rule to hold: |lhs − rhs| ≤ tolerance, exactly.

    column_list names the printed figure, the sum it should equal and the rounding tolerance, in
    that order. A row with a side missing does not hold (`ignore_row_if` is `never`): the checks
    whose sides are missing by design (status not_applicable) are left out by the row condition.

    On a run scoped to the documents that changed (scope.py), the frame holds their checks and,
    of the others, the failing checks the results show (DOCS_ROWS, EXAMPLES); `kept_checks_held`
    and `kept_checks_failed` count the others' checks that held and the others' failing checks left
    out when they were validated, so that the result is of the whole warehouse.
    """

    column_list: list[str] = SIDES
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"
    kept_checks_held: int = 0
    kept_checks_failed: int = 0

    map_metric = "tie_sides.agree_within_tolerance"
    success_keys = ("mostly",)
    args_keys = ("column_list",)

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine=None):
        kept = self.kept_checks_held + self.kept_checks_failed
        if kept:
            # The kept checks counted as rows of the batch: Great Expectations' own formatting of the
            # result (counts, percentages, success) then covers them.
            metrics = dict(metrics)
            unexpected = f"{self.map_metric}.{SummarizationMetricNameSuffixes.UNEXPECTED_COUNT.value}"
            filtered = f"{self.map_metric}.{SummarizationMetricNameSuffixes.FILTERED_ROW_COUNT.value}"
            for name, added in (("table.row_count", kept), (filtered, kept), (unexpected, self.kept_checks_failed)):
                if metrics.get(name) is not None:
                    metrics[name] += added
        return super()._validate(metrics, runtime_configuration, execution_engine)

    @classmethod
    @renderer(renderer_type=LegacyDiagnosticRendererType.OBSERVED_VALUE)
    def _diagnostic_observed_value_renderer(cls, configuration=None, result=None, runtime_configuration=None) -> str:
        if result is None or not result.result:
            return "--"
        checks, failed = _counts(result.result)
        return f"{checks - failed} of {checks} checks held, {failed} failed"

    @classmethod
    @renderer(renderer_type=LegacyDiagnosticRendererType.UNEXPECTED_STATEMENT)
    def _diagnostic_unexpected_statement_renderer(cls, configuration=None, result=None, runtime_configuration=None):
        if result is None or result.success or not (result.result or {}).get("unexpected_count"):
            return super()._diagnostic_unexpected_statement_renderer(
                configuration=configuration, result=result, runtime_configuration=runtime_configuration
            )
        checks, failed = _counts(result.result)
        return [
            RenderedStringTemplateContent(
                content_block_type="string_template",
                string_template={
                    "template": "\n\n$failed of $checks checks fail: the sides differ by more than the tolerance.",
                    "params": {"failed": str(failed), "checks": str(checks)},
                    "tag": "strong",
                    "styling": {"classes": ["text-danger"]},
                },
            )
        ]

    @classmethod
    @renderer(renderer_type=LegacyDiagnosticRendererType.UNEXPECTED_TABLE)
    def _diagnostic_unexpected_table_renderer(cls, configuration=None, result=None, runtime_configuration=None):
        rows = (result.result or {}).get("unexpected_index_list") if result is not None else None
        if not rows:
            return None
        rows = sorted(rows, key=lambda row: (-_difference(row), str(row.get("tie_check_id"))))
        header = ["document", "place", "lhs", "rhs", "difference", "tolerance", "lhs source lines", "rhs source lines"]
        table = [
            [
                row.get("file_name"),
                row.get("place"),
                str(row.get(LHS)),
                str(row.get(RHS)),
                str(_signed_difference(row)),
                str(row.get(TOLERANCE)),
                row.get("lhs_source_lines"),
                row.get("rhs_source_lines"),
            ]
            for row in rows[:DOCS_ROWS]
        ]
        blocks = [
            RenderedTableContent(
                content_block_type="table",
                table=table,
                header_row=header,
                styling={"body": {"classes": ["table-bordered", "table-sm", "mt-3"]}},
            )
        ]
        failed = _counts(result.result)[1]
        if failed > DOCS_ROWS:
            blocks.append(
                RenderedStringTemplateContent(
                    content_block_type="string_template",
                    string_template={
                        "template": "$more more failing checks in marts.fct_tie_check.",
                        "params": {"more": str(failed - DOCS_ROWS)},
                    },
                )
            )
        return blocks


def _counts(result: dict) -> tuple[int, int]:
    return int(result.get("element_count") or 0), int(result.get("unexpected_count") or 0)


def _signed_difference(row: dict) -> Decimal | None:
    lhs, rhs = row.get(LHS), row.get(RHS)
    return None if lhs is None or rhs is None else Decimal(str(lhs)) - Decimal(str(rhs))


def _difference(row: dict) -> Decimal:
    difference = _signed_difference(row)
    return Decimal("Infinity") if difference is None else abs(difference)
