"""`budget-warehouse run` end to end on the bundled sample corpus, into a temporary folder."""

from pathlib import Path

from typer.testing import CliRunner

from budget_warehouse.cli import app


def test_run_ingests_builds_checks_and_exports(tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    exports = tmp_path / "exports"
    arguments = ["run", "--warehouse", str(warehouse), "--export-dir", str(exports)]
    result = CliRunner().invoke(app, arguments, terminal_width=400)
    assert result.exit_code == 0, result.output
    assert "documents: 5 seen, 5 loaded, 0 quarantined" in result.output
    assert f"warehouse: {warehouse}" in result.output
    assert f"data docs: {tmp_path / 'warehouse_data_docs' / 'index.html'}" in result.output
    assert f"in {exports}" in result.output
    assert (exports / "parquet" / "fct_budget_line.parquet").is_file()
    assert (exports / "budget_warehouse.xlsx").is_file()
    assert f"report: {tmp_path / 'warehouse_report' / 'index.html'}" in result.output

    # Re-running on the same input lands nothing new and still succeeds.
    again = CliRunner().invoke(app, arguments, terminal_width=400)
    assert again.exit_code == 0, again.output
    assert "0 loaded, 0 quarantined, 5 already in the warehouse" in again.output
