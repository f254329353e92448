"""`budget-warehouse run` end to end on the bundled sample corpus, into a temporary folder, then again
with nothing new, and `status`."""

from pathlib import Path

from typer.testing import CliRunner

from budget_warehouse.cli import app
from budget_warehouse.pipeline.exit_codes import ExitCode
from tests.helpers import query


def test_run_ingests_builds_checks_and_exports(tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    exports = tmp_path / "exports"
    arguments = ["run", "--warehouse", str(warehouse), "--export-dir", str(exports)]
    result = CliRunner().invoke(app, arguments, terminal_width=400)
    assert result.exit_code == 0, result.output
    assert "documents: 5 seen, 5 loaded, 0 quarantined" in result.output
    assert f"warehouse: {warehouse}" in result.output
    assert f"data docs: {tmp_path / 'warehouse_data_docs' / 'index.html'}" in result.output
    # One expectation per tie rule; the rules whose checks fail on a document are reported.
    ((rules, failing_rules),) = query(
        warehouse,
        "select (select count(*) from reference.tie_rules), "
        "(select count(distinct rule_id) from marts.fct_tie_check where status = 'fail')",
    )
    assert f"expectations: {rules - failing_rules} of {rules} met ({failing_rules} reported, 0 blocking failed)" in (
        result.output
    )
    assert f"in {exports}" in result.output
    # the large facts partitioned by year (the samples are of 2020 and 2024)
    assert {path.name for path in (exports / "parquet" / "fct_budget_line").iterdir()} == {
        "fiscal_year=2024",
        "fiscal_year=2020",
    }
    assert (exports / "budget_warehouse.xlsx").is_file()
    assert f"report: {tmp_path / 'warehouse_report' / 'index.html'}" in result.output

    summary = result.output.strip().splitlines()[-1]
    assert (
        summary.startswith("budget-warehouse run ") and ": PUBLISHED: 5 added, 0 re-parsed, 0 quarantined; " in summary
    )
    assert summary.endswith("5 documents loaded, 0 quarantined")

    # Re-running on the same input finds nothing new: it says so, copies nothing and exits with 3.
    published = warehouse.stat().st_ino
    again = CliRunner().invoke(app, arguments, terminal_width=400)
    assert again.exit_code == ExitCode.NOTHING_NEW == 3, again.output
    assert "documents: 5 seen, 0 new: the published warehouse already holds every one" in again.output
    assert ": NOTHING NEW; published: run " in again.output.strip().splitlines()[-1]
    assert warehouse.stat().st_ino == published

    status = CliRunner().invoke(app, ["status", "--warehouse", str(warehouse)], terminal_width=400)
    assert status.exit_code == 0, status.output
    assert "in progress: no run" in status.output
    lines = [line for line in status.output.splitlines() if line.startswith("  ")]
    assert [line.split()[1] for line in lines] == ["run", "run"]
    assert " published (exit 0); 5 added" in lines[0] and " nothing_new (exit 3)" in lines[1]
