"""`budget-warehouse`: the command line."""

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from ingest.batch import IngestSummary, document_files, ingest_directory

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_DOCUMENTS = PROJECT_DIR / "documents" / "samples"
DEFAULT_WAREHOUSE = PROJECT_DIR / "build" / "warehouse.duckdb"

app = typer.Typer(help="Chinese department budget disclosures → a DuckDB warehouse.", no_args_is_help=True)
console = Console()

DocumentsOption = typer.Option(SAMPLE_DOCUMENTS, "--documents", help="Folder of documents (text renderings).")
WarehouseOption = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", help="DuckDB file to write.")


@app.callback()
def main() -> None:
    """Ingest documents, build the warehouse, check it and export its marts."""


@app.command()
def ingest(documents: Path = DocumentsOption, warehouse: Path = WarehouseOption) -> None:
    """Land every new document of DOCUMENTS in the raw layer of WAREHOUSE."""
    summary = _ingest(documents, warehouse)
    _print_summary(summary, warehouse)


@app.command()
def run(documents: Path = DocumentsOption, warehouse: Path = WarehouseOption) -> None:
    """The main job on DOCUMENTS (the bundled samples by default)."""
    summary = _ingest(documents, warehouse)
    _print_summary(summary, warehouse)


def _ingest(documents: Path, warehouse: Path) -> IngestSummary:
    if not documents.is_dir():
        raise typer.BadParameter(f"{documents} is not a folder", param_hint="--documents")
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(document_files(documents)))
        return ingest_directory(documents, warehouse, on_document=lambda _: progress.advance(task))


def _print_summary(summary: IngestSummary, warehouse: Path) -> None:
    console.print(
        f"documents: {summary.documents_seen} seen, {summary.loaded} loaded, {summary.quarantined} quarantined, "
        f"{summary.already_in_warehouse} already in the warehouse, {summary.duplicates_in_batch} duplicates"
    )
    kinds = Table("statement kind", "tables")
    for kind, count in sorted(summary.tables_by_kind.items()):
        kinds.add_row(kind, str(count))
    if summary.tables_by_kind:
        console.print(kinds)
    console.print(f"rows: {summary.rows}, cells: {summary.cells}")
    for file_name, reason in summary.quarantine:
        console.print(f"[red]quarantined[/red] {file_name}: {reason}")
    for file_name, issue in summary.warnings:
        line = f" line {issue.line_number}" if issue.line_number else ""
        console.print(f"[yellow]warning[/yellow] {file_name}{line}: {issue.message}")
    console.print(f"warehouse: {warehouse}")


if __name__ == "__main__":
    app()
