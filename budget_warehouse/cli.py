"""`budget-warehouse`: the command line.

Every writing command works on a new generation of the warehouse and publishes it in one step
(budget_warehouse.pipeline); the exit codes are budget_warehouse.pipeline.exit_codes.ExitCode.
"""

import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from budget_warehouse.checks.run import CheckReport
from budget_warehouse.export import ExportError, export_slice
from budget_warehouse.export.layout import slice_folder_name
from budget_warehouse.pipeline import commands
from budget_warehouse.pipeline.errors import explain
from budget_warehouse.pipeline.exit_codes import ExitCode, exit_codes_help
from budget_warehouse.pipeline.lock import Holder
from budget_warehouse.pipeline.publication import Pending, Publication
from budget_warehouse.pipeline.runlog import RunRecord
from budget_warehouse.pipeline.status import warehouse_status
from budget_warehouse.report import ReportError, ReportOutcome, build_report, report_dir
from ingest.batch import IngestSummary

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_DOCUMENTS = PROJECT_DIR / "documents" / "samples"
DEFAULT_WAREHOUSE = PROJECT_DIR / "build" / "warehouse.duckdb"
DEFAULT_EXPORTS = PROJECT_DIR / "build" / "exports"
VERBOSE_ENV_VAR = "BUDGET_WAREHOUSE_VERBOSE"
LISTED_DOCUMENTS = 20  # documents whose ties a command prints, worst first

app = typer.Typer(
    help="Chinese department budget disclosures → a DuckDB warehouse.\n\nExit codes:\n\n" + exit_codes_help(),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Lines are not wrapped: paths and figures stay whole, to copy from the terminal or read from a log.
console = Console(soft_wrap=True)
errors = Console(soft_wrap=True, stderr=True)

DocumentsOption = typer.Option(SAMPLE_DOCUMENTS, "--documents", help="Folder of documents (text renderings).")
WarehouseOption = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", help="The published DuckDB warehouse.")
ExportOption = typer.Option(DEFAULT_EXPORTS, "--export-dir", help="Folder for the Parquet, CSV and XLSX exports.")
WaitOption = typer.Option(
    None,
    "--wait",
    metavar="[SECONDS]",
    help="When another run holds the warehouse, wait for it (SECONDS at most; without a value, as long as it "
    "takes) instead of exiting with code 75.",
)
FullChecksOption = typer.Option(
    False,
    "--full-checks",
    help="Check the whole warehouse, not only the documents this run added: every dbt data test on every row, "
    "and with `run` every tie check validated again (for a schedule, e.g. weekly).",
)
_state = {"verbose": False}


@app.callback()
def main(
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help=f"Show the traceback of an error (or set {VERBOSE_ENV_VAR}=1)."
    ),
) -> None:
    """Ingest documents, build the warehouse, check it and export its marts."""
    _state["verbose"] = verbose or os.environ.get(VERBOSE_ENV_VAR, "") not in ("", "0")


def _handled(command: Callable[..., ExitCode]) -> Callable[..., None]:
    """Run a command; an error becomes one line naming the path and what to do, and its exit code."""

    @functools.wraps(command)
    def wrapper(*arguments: Any, **options: Any) -> None:
        try:
            code = command(*arguments, **options)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except (Exception, KeyboardInterrupt) as error:
            raise typer.Exit(_report_error(error)) from None
        raise typer.Exit(code)

    return wrapper


@app.command()
@_handled
def ingest(
    documents: Path = DocumentsOption, warehouse: Path = WarehouseOption, wait: float | None = WaitOption
) -> ExitCode:
    """Land every new document of DOCUMENTS in the raw layer of WAREHOUSE (a new generation, published)."""
    _require_folder(documents)
    return _finish(commands.ingest(documents, warehouse, PROJECT_DIR, CommandLineReporter(), wait))


@app.command()
@_handled
def build(
    warehouse: Path = WarehouseOption,
    full_refresh: bool = typer.Option(False, "--full-refresh", help="Rebuild every model from nothing."),
    wait: float | None = WaitOption,
    full_checks: bool = FullChecksOption,
) -> ExitCode:
    """Build the marts of WAREHOUSE from its raw layer (dbt seed + dbt build) and publish them."""
    return _finish(commands.build(warehouse, PROJECT_DIR, CommandLineReporter(), full_refresh, wait, full_checks))


@app.command()
@_handled
def export(
    warehouse: Path = WarehouseOption,
    export_dir: Path = ExportOption,
    department: str | None = typer.Option(
        None, "--department", help="Only this department's full facts (its name as in dim_department)."
    ),
    year: int | None = typer.Option(None, "--year", help="Only this fiscal year's full facts."),
    wait: float | None = WaitOption,
) -> ExitCode:
    """Export every mart of WAREHOUSE to Parquet, CSV (UTF-8 with BOM) and one XLSX workbook, published
    with the warehouse; with --department and / or --year, that department's / year's full facts to
    CSV and a workbook in slices/ beside EXPORT_DIR (read from the published warehouse)."""
    if department is None and year is None:
        return _finish(commands.export(warehouse, export_dir, CommandLineReporter(), wait))
    folder = export_dir.parent / "slices" / slice_folder_name(department, year)
    try:
        written = export_slice(warehouse, folder, department, year)
    except ExportError as error:
        console.print(f"[red]export failed[/red]: {error}")
        raise typer.Exit(ExitCode.FAILED) from error
    console.print(f"exports: {len(written)} files in {folder}")
    return ExitCode.DONE


@app.command()
@_handled
def check(
    warehouse: Path = WarehouseOption,
    full: bool = typer.Option(
        False, "--full", help="Validate every tie check, not only those of the documents that changed."
    ),
    wait: float | None = WaitOption,
) -> ExitCode:
    """Validate the marts of WAREHOUSE (Great Expectations) and report the ties of every document.
    Exits with code 4, publishing nothing, when a blocking expectation fails; tie failures of
    documents are reported."""
    return _finish(commands.check(warehouse, CommandLineReporter(), wait, full))


@app.command()
@_handled
def run(
    documents: Path = DocumentsOption,
    warehouse: Path = WarehouseOption,
    export_dir: Path = ExportOption,
    wait: float | None = WaitOption,
    full_checks: bool = FullChecksOption,
) -> ExitCode:
    """The main job on DOCUMENTS (the bundled samples by default): ingest, build, check, export, on a
    new generation of WAREHOUSE published in one step when its blocking checks pass. Ends with one
    summary line; exit code 0 published, 3 nothing new, 4 a blocking check failed, 75 locked."""
    _require_folder(documents)
    reporter = CommandLineReporter()
    return _finish(commands.run(documents, warehouse, export_dir, PROJECT_DIR, reporter, wait, full_checks))


@app.command()
@_handled
def report(
    warehouse: Path = WarehouseOption,
    out: Path | None = typer.Option(None, "--out", help="Folder for the report (default: beside the warehouse)."),
) -> ExitCode:
    """Write the findings report of WAREHOUSE: static HTML pages of every document's ties, gaps and
    figures, that open from disk without a network."""
    _report(warehouse, out or report_dir(warehouse))
    return ExitCode.DONE


@app.command()
@_handled
def status(
    warehouse: Path = WarehouseOption,
    last: int = typer.Option(10, "--last", min=1, help="How many runs to list."),
) -> ExitCode:
    """What is published (run, time, documents), whether a run is in progress, and the last runs.
    Exits with the code of the error when the published warehouse cannot be read (65 damaged, 75
    held open for writing by another process)."""
    state = warehouse_status(warehouse, last)
    if state.publication:
        console.print(f"published: {state.paths.warehouse}: {state.publication.describe()}")
    elif state.unreadable:
        console.print(f"published: cannot be read: {state.unreadable.message}", markup=False, highlight=False)
    elif state.paths.warehouse.exists():
        console.print(f"published: {state.paths.warehouse}: not published by a run yet (run `budget-warehouse run`)")
    else:
        console.print(f"published: nothing yet at {state.paths.warehouse}")
    if state.running:
        console.print(f"in progress: {state.running.describe()}")
    else:
        console.print("in progress: no run")
    if state.publication_interrupted:
        console.print("a publication was interrupted half-way: the next run completes it")
    if state.unfinished_generation:
        console.print(f"an unpublished generation is kept in {state.paths.staging}: the next run removes it")
    console.print(f"last runs (run log {state.paths.runs}):")
    for record in state.runs:
        console.print(_run_line(record), markup=False, highlight=False)
    return state.unreadable.code if state.unreadable else ExitCode.DONE


class CommandLineReporter:
    """Shows a run as it goes (commands.Reporter)."""

    def warn(self, message: str) -> None:
        errors.print(f"[yellow]warning[/yellow]: {message}", highlight=False)

    def waiting(self, holder: Holder | None) -> None:
        who = holder.describe() if holder else "another process"
        errors.print(f"waiting for {who} to finish", highlight=False)

    @contextmanager
    def ingesting(self, total: int) -> Iterator[Callable[[Path], None]]:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("ingesting", total=total)
            yield lambda _: progress.advance(task)

    @contextmanager
    def working(self, what: str) -> Iterator[object]:
        with console.status(what) as status:
            yield status

    def ingested(self, summary: IngestSummary, warehouse: Path) -> None:
        _print_summary(summary, warehouse)

    def built(self, warehouse: Path) -> None:
        console.print(f"marts built for {warehouse}")

    def checked(self, report: CheckReport, data_docs: Path) -> None:
        _print_check_report(report, data_docs)

    def exported(self, files: int, export_dir: Path) -> None:
        console.print(f"exports: {files} files in {export_dir}")

    def reported(self, outcome: ReportOutcome, report_dir: Path) -> None:
        console.print(f"report: {report_dir / outcome.index.name} ({_pages(outcome)})")

    def up_to_date(self, pending: Pending, publication: Publication) -> None:
        console.print(
            f"documents: {pending.documents_seen} seen, 0 new: the published warehouse already holds every one "
            f"({publication.describe()})"
        )


def _finish(outcome: commands.RunOutcome) -> ExitCode:
    if outcome.error is not None:
        _report_error(outcome.error)
    # The summary line goes last, unstyled, to standard output: the line a log and a mail show.
    print(outcome.summary, flush=True)
    return outcome.code


def _report_error(error: BaseException) -> ExitCode:
    """One line on standard error (the traceback before it with --verbose); the exit code."""
    if isinstance(error, KeyboardInterrupt):
        errors.print("budget-warehouse: interrupted: nothing was published", markup=False, highlight=False)
        return ExitCode.INTERRUPTED
    if _state["verbose"]:
        errors.print("".join(traceback.format_exception(error)), markup=False, highlight=False)
    explained = explain(error)
    if explained:
        errors.print(f"budget-warehouse: {explained.message}", markup=False, highlight=False)
        return explained.code
    hint = "" if _state["verbose"] else " (run with --verbose for the traceback)"
    errors.print(f"budget-warehouse: internal error: {type(error).__name__}: {error}{hint}", markup=False)
    return ExitCode.FAILED


def _require_folder(documents: Path) -> None:
    if not documents.is_dir():
        raise typer.BadParameter(f"{documents} is not a folder", param_hint="--documents")


def _run_line(record: RunRecord) -> str:
    """One run of the run log on one line: id, command, times, outcome, documents, seconds per step."""
    outcome = record.outcome or f"running ({record.step})"
    code = "" if record.exit_code is None else f" (exit {record.exit_code})"
    documents = ""
    if record.documents_added is not None:
        documents = (
            f"; {record.documents_added} added, {record.documents_reparsed or 0} re-parsed, "
            f"{record.documents_quarantined or 0} quarantined"
        )
    steps = ", ".join(f"{name} {seconds:.1f}" for name, seconds in record.step_seconds.items())
    seconds = f"; seconds: {steps}" if steps else ""
    published = f"; published {record.published_documents} documents" if record.published else "; not published"
    reason = f"; {record.reason}" if record.reason else ""
    return (
        f"  {record.run_id} {record.command:<6} {record.started_at} → {record.finished_at or '…'} "
        f"{outcome}{code}{documents}{seconds}{published}{reason}"
    )


def _print_check_report(report: CheckReport, data_docs: Path) -> None:
    # Worst first, and only so many: a scheduled run's mail at province scale would otherwise carry a
    # row per document of the warehouse; every document's ties are in the report and the marts.
    listed = sorted(report.documents, key=lambda document: (-document.failed, document.file_name))[:LISTED_DOCUMENTS]
    ties = Table("document", "checks", "pass", "rounding", "fail", "not applicable", title="ties per document")
    for document in listed:
        ties.add_row(
            document.file_name,
            str(document.checks),
            str(document.passed),
            str(document.rounding),
            str(document.failed),
            str(document.not_applicable),
        )
    if listed:
        console.print(ties)
    unlisted = report.documents_with_failures - sum(1 for document in listed if document.failed)
    if len(report.documents) > len(listed):
        console.print(
            f"… and {len(report.documents) - len(listed)} more documents ({unlisted} of them with failing checks):"
            " every document's ties are in the report and marts.fct_tie_check"
        )
    for document in listed:
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
    if report.scope and not report.scope.full:
        console.print(
            f"tie checks validated for the {report.scope.documents_validated} documents that changed; "
            f"results kept for {report.scope.documents_kept} (check --full validates all)"
        )
    if report.blocking_failures:
        console.print(
            f"[red]{len(report.blocking_failures)} blocking expectation(s) failed[/red]: "
            "the marts are not fit to publish"
        )
        for outcome in report.blocking_failures:
            console.print(f"  [red]✗[/red] {outcome.describe}")
    console.print(f"data docs: {data_docs}")


def _report(warehouse: Path, out: Path) -> None:
    with console.status("writing the report"):
        try:
            outcome = build_report(warehouse, out)
        except ReportError as error:
            console.print(f"[red]report failed[/red]: {error}")
            raise typer.Exit(1) from error
    console.print(f"report: {outcome.index} ({_pages(outcome)})")


def _pages(outcome: ReportOutcome) -> str:
    return f"{outcome.written} of {outcome.pages} pages written, the others unchanged"


def _print_summary(summary: IngestSummary, warehouse: Path) -> None:
    console.print(
        f"documents: {summary.documents_seen} seen, {summary.loaded} loaded, {summary.quarantined} quarantined, "
        f"{summary.already_in_warehouse} already in the warehouse, {summary.duplicates_in_batch} duplicates, "
        f"{len(summary.skipped)} skipped"
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
    for entry in summary.skipped:
        console.print(f"[yellow]skipped[/yellow] {entry.path}: {entry.reason}", markup=True, highlight=False)
    for file_name, reason in summary.quarantine:
        console.print(f"[red]quarantined[/red] {file_name}: {reason}")
    for file_name, issue in summary.warnings:
        line = f" line {issue.line_number}" if issue.line_number else ""
        console.print(f"[yellow]warning[/yellow] {file_name}{line}: {issue.message}")
    console.print(f"warehouse: {warehouse}")


@app.command()
@_handled
def generate(
    count: int = typer.Option(..., "--count", min=1, help="Number of documents."),
    out: Path = typer.Option(..., "--out", help="Folder to write documents/, manifest.jsonl, corpus.jsonl."),
    fault_rate: float = typer.Option(
        0.0, "--fault-rate", min=0.0, max=1.0, help="Share of documents given one injected fault."
    ),
    seed: int = typer.Option(0, "--seed", help="Same seed, same corpus."),
) -> ExitCode:
    """Write a synthetic corpus in the layouts of the sample documents, with the injected faults
    listed in a ground-truth manifest (ingest it with --documents OUT/documents)."""
    from budget_warehouse.synthetic.corpus import DOCUMENTS_DIR, generate_corpus

    manifest = generate_corpus(count, out, fault_rate, seed)
    faults = sum(1 for _ in manifest.open(encoding="utf-8"))
    console.print(f"{count} documents in {out / DOCUMENTS_DIR}, {faults} injected faults listed in {manifest}")
    return ExitCode.DONE


def entry_point(argv: Sequence[str] | None = None) -> None:
    """The `budget-warehouse` script: `--wait` given without SECONDS waits without limit (typer has
    no option with an optional value, so that form is rewritten before parsing)."""
    app(args=optional_wait(list(sys.argv[1:] if argv is None else argv)), prog_name="budget-warehouse")


def optional_wait(arguments: list[str]) -> list[str]:
    rewritten = []
    for index, argument in enumerate(arguments):
        rewritten.append(argument)
        following = arguments[index + 1] if index + 1 < len(arguments) else None
        if argument == "--wait" and (following is None or not _is_number(following)):
            rewritten.append("inf")
    return rewritten


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


if __name__ == "__main__":
    entry_point()
