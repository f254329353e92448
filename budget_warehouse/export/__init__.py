"""Marts → files: Parquet, CSV and an Excel workbook of the whole warehouse (`export_marts`), and
a department's or a year's full facts on request (`export_slice`)."""

from budget_warehouse.export.marts import export_marts
from budget_warehouse.export.slices import export_slice
from budget_warehouse.export.warehouse import ExportError

__all__ = ["ExportError", "export_marts", "export_slice"]
