"""`budget-warehouse`: the command line."""

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from budget_warehouse.build import WarehouseBuildError, build_warehouse
from budget_warehouse.checks.run import CheckReport, run_checks
from budget_warehouse.export import ExportError, export_marts
from budget_warehouse.report import ReportError, build_report, report_dir
from ingest.batch import IngestSummary, document_files, ingest_directory

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_DOCUMENTS = PROJECT_DIR / "documents" / "samples"
DEFAULT_WAREHOUSE = PROJECT_DIR / "build" / "warehouse.duckdb"
DEFAULT_EXPORTS = PROJECT_DIR / "build" / "exports"

app = typer.Typer(help="Chinese department budget disclosures → a DuckDB warehouse.", no_args_is_help=True)
# Lines are not wrapped: paths and figures stay whole, to copy from the terminal or read from a log.
console = Console(soft_wrap=True)

DocumentsOption = typer.Option(SAMPLE_DOCUMENTS, "--documents", help="Folder of documents (text renderings).")
WarehouseOption = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", help="DuckDB file to write.")
ExportOption = typer.Option(DEFAULT_EXPORTS, "--export-dir", help="Folder for the Parquet, CSV and XLSX exports.")


@app.callback()
def main() -> None:
    """Ingest documents, build the warehouse, check it and export its marts."""


@app.command()
def ingest(documents: Path = DocumentsOption, warehouse: Path = WarehouseOption) -> None:
    """Land every new document of DOCUMENTS in the raw layer of WAREHOUSE."""
    summary = _ingest(documents, warehouse)
    _print_summary(summary, warehouse)


@app.command()
def build(warehouse: Path = WarehouseOption) -> None:
    """Build the marts of WAREHOUSE from its raw layer (dbt seed + dbt build)."""
    _build(warehouse)
    console.print(f"marts built in {warehouse}")


@app.command()
def export(warehouse: Path = WarehouseOption, export_dir: Path = ExportOption) -> None:
    """Export every mart of WAREHOUSE to Parquet, CSV (UTF-8 with BOM) and one XLSX workbook."""
    _export(warehouse, export_dir)


@app.command()
def check(warehouse: Path = WarehouseOption) -> None:
    """Validate the marts of WAREHOUSE (Great Expectations) and report the ties of every document.
    Exits non-zero when a structural expectation fails; tie failures of documents are reported."""
    _check(warehouse)


@app.command()
def run(documents: Path = DocumentsOption, warehouse: Path = WarehouseOption, export_dir: Path = ExportOption) -> None:
    """The main job on DOCUMENTS (the bundled samples by default): ingest, build, check, export."""
    summary = _ingest(documents, warehouse)
    _print_summary(summary, warehouse)
    _build(warehouse)
    console.print(f"marts built in {warehouse}")
    _check(warehouse)
    _export(warehouse, export_dir)
    _report(warehouse, report_dir(warehouse))


@app.command()
def report(
    warehouse: Path = WarehouseOption,
    out: Path | None = typer.Option(None, "--out", help="Folder for the report (default: beside the warehouse)."),
) -> None:
    """Write the findings report of WAREHOUSE: static HTML pages of every document's ties, gaps and
    figures, that open from disk without a network."""
    _report(warehouse, out or report_dir(warehouse))


def _ingest(documents: Path, warehouse: Path) -> IngestSummary:
    if not documents.is_dir():
        raise typer.BadParameter(f"{documents} is not a folder", param_hint="--documents")
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(document_files(documents)))
        return ingest_directory(documents, warehouse, on_document=lambda _: progress.advance(task))


def _build(warehouse: Path) -> None:
    with console.status("building the marts (dbt build)"):
        try:
            build_warehouse(warehouse, PROJECT_DIR)
        except WarehouseBuildError as error:
            console.print(f"[red]build failed[/red]: {error}")
            raise typer.Exit(1) from error


def _check(warehouse: Path) -> None:
    with console.status("checking the marts (Great Expectations)"):
        try:
            report = run_checks(warehouse)
        except FileNotFoundError as error:
            console.print(f"[red]check failed[/red]: {error}")
            raise typer.Exit(1) from error
    _print_check_report(report)
    if report.blocking_failures:
        console.print(
            f"[red]{len(report.blocking_failures)} blocking expectation(s) failed[/red]: "
            "the marts are not fit to publish"
        )
        for outcome in report.blocking_failures:
            console.print(f"  [red]✗[/red] {outcome.describe}")
        raise typer.Exit(1)


def _print_check_report(report: CheckReport) -> None:
    ties = Table("document", "checks", "pass", "rounding", "fail", "not applicable", title="ties per document")
    for document in report.documents:
        ties.add_row(
            document.file_name,
            str(document.checks),
            str(document.passed),
            str(document.rounding),
            str(document.failed),
            str(document.not_applicable),
        )
    if report.documents:
        console.print(ties)
    for document in report.documents:
        for failure in document.largest_failures:
            console.print(
                f"[yellow]fail[/yellow] {document.file_name} {failure.rule_id} {failure.statement} {failure.location}"
                f" {failure.measure or ''}: {failure.lhs} vs {failure.rhs} (difference {failure.difference});"
                f" lines {failure.source_lines}"
            )
    passed = sum(outcome.success for outcome in report.outcomes)
    console.print(
        f"expectations: {passed} of {len(report.outcomes)} met "
        f"({len(report.reported_failures)} reported, {len(report.blocking_failures)} blocking failed); "
        f"recorded in marts.validation_result (run {report.run_id})"
    )
    console.print(f"data docs: {report.data_docs}")


def _export(warehouse: Path, export_dir: Path) -> None:
    try:
        written = export_marts(warehouse, export_dir)
    except ExportError as error:
        console.print(f"[red]export failed[/red]: {error}")
        raise typer.Exit(1) from error
    console.print(f"exports: {len(written)} files in {export_dir}")


def _report(warehouse: Path, out: Path) -> None:
    with console.status("writing the report"):
        try:
            outcome = build_report(warehouse, out)
        except ReportError as error:
            console.print(f"[red]report failed[/red]: {error}")
            raise typer.Exit(1) from error
    console.print(f"report: {outcome.index} ({outcome.written} of {outcome.pages} pages written, the others unchanged)")


def _print_summary(summary: IngestSummary, warehouse: Path) -> None:
    console.print(
        f"documents: {summary.documents_seen} seen, {summary.loaded} loaded, {summary.quarantined} quarantined, "
        f"{summary.already_in_warehouse} already in the warehouse, {summary.duplicates_in_batch} duplicates"
    )
    if summary.parsed_again:
        console.print(
            f"{summary.parsed_again} documents of the warehouse parsed again from their kept text: "
            "the parser changed since they were landed"
        )
    kinds = Table("statement kind", "tables")
    for kind, count in sorted(summary.tables_by_kind.items()):
        kinds.add_row(kind, str(count))
    if summary.tables_by_kind:
        console.print(kinds)
    console.print(f"rows: {summary.rows}, cells: {summary.cells}")
    for file_name, original in summary.duplicates:
        console.print(f"[yellow]duplicate[/yellow] {file_name}: same content as {original}, landed once")
    for file_name, reason in summary.quarantine:
        console.print(f"[red]quarantined[/red] {file_name}: {reason}")
    for file_name, issue in summary.warnings:
        line = f" line {issue.line_number}" if issue.line_number else ""
        console.print(f"[yellow]warning[/yellow] {file_name}{line}: {issue.message}")
    console.print(f"warehouse: {warehouse}")


@app.command()
def generate(
    count: int = typer.Option(..., "--count", min=1, help="Number of documents."),
    out: Path = typer.Option(..., "--out", help="Folder to write documents/, manifest.jsonl, corpus.jsonl."),
    fault_rate: float = typer.Option(
        0.0, "--fault-rate", min=0.0, max=1.0, help="Share of documents given one injected fault."
    ),
    seed: int = typer.Option(0, "--seed", help="Same seed, same corpus."),
) -> None:
    """Write a synthetic corpus in the layouts of the sample documents, with the injected faults
    listed in a ground-truth manifest (ingest it with --documents OUT/documents)."""
    from budget_warehouse.synthetic.corpus import DOCUMENTS_DIR, generate_corpus

    manifest = generate_corpus(count, out, fault_rate, seed)
    faults = sum(1 for _ in manifest.open(encoding="utf-8"))
    console.print(f"{count} documents in {out / DOCUMENTS_DIR}, {faults} injected faults listed in {manifest}")


if __name__ == "__main__":
    app()
