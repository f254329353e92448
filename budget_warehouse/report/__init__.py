"""The findings report: a static, self-contained HTML site of every document's ties, gaps and
figures, built from the marts (`budget-warehouse report`)."""

from pathlib import Path

from budget_warehouse.report.write import ReportError, ReportOutcome, build_report, report_dir

__all__ = ["ReportError", "ReportOutcome", "build_report", "report_dir", "write_report"]


def write_report(warehouse: Path, out_dir: Path) -> Path:
    """Write (or bring up to date) the report of `warehouse` in `out_dir`; returns its index page.
    Raises ReportError when the warehouse is missing or not built."""
    return build_report(warehouse, out_dir).index
