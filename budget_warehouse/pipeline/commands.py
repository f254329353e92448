"""The writing commands as runs: each works on a new generation and publishes it, or nothing.

    run     stage → ingest → build → verify → check → export → report → publish
    ingest  stage → ingest → verify (raw layer) → publish
    build   stage → build → verify → publish
    check   stage → verify → check → publish
    export  export → publish (the exports of the published warehouse)

`stage` copies the published warehouse (generation.py), `verify` refuses a generation that lost
documents or left some unbuilt (completeness.py), `check` refuses one whose blocking expectations
fail. What a step prints goes through a Reporter (the command line's). The build, the checks and the
export each run in a child process (child_process.py): what one leaves on the heap is not carried
into the next, so that a run's memory is that of its largest step, not their sum.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import duckdb

from budget_warehouse.build import build_warehouse
from budget_warehouse.checks.run import CheckReport, data_docs_dir, run_checks
from budget_warehouse.export import export_marts
from budget_warehouse.pipeline.child_process import in_child_process
from budget_warehouse.pipeline.completeness import DocumentSet, documents_of, incremental_models, problems
from budget_warehouse.pipeline.errors import UserError, not_a_folder
from budget_warehouse.pipeline.exit_codes import ExitCode
from budget_warehouse.pipeline.generation import Generation
from budget_warehouse.pipeline.lock import Holder
from budget_warehouse.pipeline.publication import (
    Pending,
    Publication,
    exports_are_of,
    pending_work,
    read_publication,
    write_export_marker,
    write_publication,
)
from budget_warehouse.pipeline.runlog import (
    RunRecord,
    merge_runs,
    read_run_log,
    read_warehouse_run_log,
    write_run_log_table,
)
from budget_warehouse.pipeline.session import Refused, WritingRun
from budget_warehouse.report import ReportOutcome, build_report
from ingest.batch import IngestSummary, document_files, ingest_directory

NO_DOCUMENTS = DocumentSet(frozenset(), frozenset(), 0, 0)


class Reporter(Protocol):
    """What the command line shows of a run as it goes."""

    def warn(self, message: str) -> None: ...
    def waiting(self, holder: Holder | None) -> None: ...
    def ingesting(self, total: int) -> AbstractContextManager[Callable[[Path], None]]: ...
    def ingested(self, summary: IngestSummary, warehouse: Path) -> None: ...
    def working(self, what: str) -> AbstractContextManager[object]: ...
    def built(self, warehouse: Path) -> None: ...
    def checked(self, report: CheckReport, data_docs: Path) -> None: ...
    def exported(self, files: int, export_dir: Path) -> None: ...
    def reported(self, outcome: ReportOutcome, report_dir: Path) -> None: ...
    def up_to_date(self, pending: Pending, publication: Publication) -> None: ...


@dataclass(frozen=True)
class RunOutcome:
    code: ExitCode
    record: RunRecord
    publication: Publication | None  # what is published after the run
    kept: Path | None = None  # a refused generation, kept for inspection
    error: BaseException | None = None  # what stopped the run (the reason says it in one line)

    @property
    def summary(self) -> str:
        """One line for a log and a mail."""
        return summary_line(self)


def run(
    documents: Path,
    warehouse: Path,
    export_dir: Path,
    project_dir: Path,
    reporter: Reporter,
    wait: float | None = None,
    full_checks: bool = False,
) -> RunOutcome:
    export_dir = _export_folder(export_dir)
    with WritingRun(warehouse, "run", reporter.warn, wait, reporter.waiting) as session:
        paths = session.paths
        pending = pending_work(paths.warehouse, documents, project_dir)
        publication = read_publication(paths.warehouse) if not pending.unpublished else None
        if publication and not pending.anything:
            reporter.up_to_date(pending, publication)
            session.record.documents_added = 0
            if exports_are_of(export_dir, publication):
                session.end(ExitCode.NOTHING_NEW, "every document is in the published warehouse")
            else:
                _publish_exports(session, publication, export_dir, reporter)
                session.end(ExitCode.PUBLISHED, f"exports written again in {export_dir}")
        else:
            generation = session.new_generation()
            before = _stage(session, generation)
            _ingest(session, generation, documents, reporter)
            _verify(session, generation, before, marts=False)
            _build(session, generation, project_dir, reporter, full_checks=full_checks)
            _verify(session, generation, before, marts=True)
            _check(session, generation, reporter, full_checks)
            with session.step("export"):
                staged = generation.stage_folder(export_dir)
                files = in_child_process(export_marts, generation.warehouse, staged, previous=export_dir)
                write_export_marker(staged, session.run_id, paths.warehouse)
            reporter.exported(len(files), export_dir)
            with session.step("report"), reporter.working("writing the report"):
                # The published pages are kept (hard links): the report rewrites only pages that changed.
                staged = generation.stage_folder(paths.report, keep_published=True)
                outcome = build_report(generation.warehouse, staged)
            reporter.reported(outcome, paths.report)
            _publish(session, generation)
            session.end(ExitCode.PUBLISHED)
    return _outcome(session)


def ingest(
    documents: Path, warehouse: Path, project_dir: Path, reporter: Reporter, wait: float | None = None
) -> RunOutcome:
    with WritingRun(warehouse, "ingest", reporter.warn, wait, reporter.waiting) as session:
        pending = pending_work(session.paths.warehouse, documents, project_dir)
        if session.paths.warehouse.exists() and not (pending.new_documents or pending.reparse):
            session.record.documents_added = 0
            session.end(ExitCode.NOTHING_NEW, "every document is in the published warehouse")
        else:
            generation = session.new_generation()
            before = _stage(session, generation)
            _ingest(session, generation, documents, reporter)
            # The raw layer may now be ahead of the marts: `build` brings them up to it.
            _verify(session, generation, before, marts=False)
            _publish(session, generation)
            session.end(ExitCode.PUBLISHED)
    return _outcome(session)


def build(
    warehouse: Path,
    project_dir: Path,
    reporter: Reporter,
    full_refresh: bool = False,
    wait: float | None = None,
    full_checks: bool = False,
) -> RunOutcome:
    with WritingRun(warehouse, "build", reporter.warn, wait, reporter.waiting) as session:
        _require_warehouse(session.paths.warehouse, "land the raw layer first (budget-warehouse ingest)")
        generation = session.new_generation()
        before = _stage(session, generation)
        _verify(session, generation, before, marts=False)
        _build(session, generation, project_dir, reporter, full_refresh, full_checks)
        _verify(session, generation, before, marts=True)
        _publish(session, generation)
        session.end(ExitCode.PUBLISHED)
    return _outcome(session)


def check(warehouse: Path, reporter: Reporter, wait: float | None = None, full: bool = False) -> RunOutcome:
    with WritingRun(warehouse, "check", reporter.warn, wait, reporter.waiting) as session:
        _require_warehouse(session.paths.warehouse, "run `budget-warehouse build` first")
        generation = session.new_generation()
        before = _stage(session, generation)
        _verify(session, generation, before, marts=True)
        _check(session, generation, reporter, full)
        _publish(session, generation)
        session.end(ExitCode.PUBLISHED)
    return _outcome(session)


def export(warehouse: Path, export_dir: Path, reporter: Reporter, wait: float | None = None) -> RunOutcome:
    export_dir = _export_folder(export_dir)
    with WritingRun(warehouse, "export", reporter.warn, wait, reporter.waiting) as session:
        _require_warehouse(session.paths.warehouse, "build it first (budget-warehouse run)")
        publication = read_publication(session.paths.warehouse)
        _publish_exports(session, publication, export_dir, reporter)
        session.end(ExitCode.PUBLISHED, f"exports written in {export_dir}")
    return _outcome(session)


def _stage(session: WritingRun, generation: Generation) -> DocumentSet:
    """Copy the published warehouse; what it holds is what the new generation must not lose."""
    with session.step("stage"):
        if not generation.copy_published(session.warn):
            return NO_DOCUMENTS
        try:
            return documents_of(generation.warehouse)
        except duckdb.Error as error:
            # Name the published file, not the copy: that is the one to restore or move away.
            raise UserError(
                f"{session.paths.warehouse} is not a readable DuckDB warehouse ({str(error).splitlines()[0]}): "
                "restore it from a backup, or move it away and run `budget-warehouse run` to build a new one "
                "from the documents",
                ExitCode.DAMAGED,
            ) from error


def _ingest(session: WritingRun, generation: Generation, documents: Path, reporter: Reporter) -> IngestSummary:
    with session.step("ingest"), reporter.ingesting(len(document_files(documents))) as advance:
        summary = ingest_directory(documents, generation.warehouse, on_document=advance)
    session.record.documents_added = summary.loaded
    session.record.documents_reparsed = summary.parsed_again
    session.record.documents_quarantined = summary.quarantined
    reporter.ingested(summary, session.paths.warehouse)
    return summary


def _build(
    session: WritingRun,
    generation: Generation,
    project_dir: Path,
    reporter: Reporter,
    full_refresh: bool = False,
    full_checks: bool = False,
) -> None:
    with session.step("build"), reporter.working("building the marts (dbt build)"):
        in_child_process(
            build_warehouse,
            generation.warehouse,
            project_dir,
            artifacts=session.paths.dbt_artifacts,
            full_refresh=full_refresh,
            full_checks=full_checks,
        )
    reporter.built(session.paths.warehouse)


def _verify(session: WritingRun, generation: Generation, before: DocumentSet, marts: bool) -> None:
    """Refuse a generation that lost documents or left a re-parse unfinished (checked before the
    build too: not worth building), or, with `marts`, one whose marts miss loaded documents."""
    with session.step("verify"):
        models = _per_document_models(session) if marts else None
        found = problems(generation.warehouse, before, models)
    if found:
        raise Refused("; ".join(found), ExitCode.INCOMPLETE)


def _per_document_models(session: WritingRun) -> list[str]:
    try:
        return incremental_models(session.paths.dbt_artifacts)
    except (OSError, ValueError, KeyError):  # no manifest: no build since the artifacts were removed
        return []


def _check(session: WritingRun, generation: Generation, reporter: Reporter, full: bool = False) -> None:
    with session.step("check"), reporter.working("checking the marts (Great Expectations)"):
        report = in_child_process(run_checks, generation.warehouse, full)
    staged_docs = data_docs_dir(generation.warehouse)
    blocking = report.blocking_failures
    reporter.checked(report, (staged_docs if blocking else session.paths.data_docs) / "index.html")
    if blocking:
        raise Refused(
            f"{len(blocking)} blocking expectation(s) failed: " + "; ".join(outcome.describe for outcome in blocking),
            ExitCode.CHECK_FAILED,
        )
    generation.add_folder(staged_docs, session.paths.data_docs)


def _publish(session: WritingRun, generation: Generation) -> None:
    paths = session.paths
    session.record.outcome = "published"
    session.record.published = True
    session.record.exit_code = int(ExitCode.PUBLISHED)

    def finalize(connection: duckdb.DuckDBPyConnection) -> None:
        session.record.finished_at = datetime.now().replace(microsecond=0).isoformat()
        publication = write_publication(connection, session.run_id, session.record.command)
        session.record.published_documents = publication.documents_loaded
        history = merge_runs(read_warehouse_run_log(connection), read_run_log(paths.runs), [session.record])
        write_run_log_table(connection, history)
        _point_validation_results_at_published_docs(connection, data_docs_dir(generation.warehouse), paths.data_docs)

    with session.step("publish"), session.publishing():
        generation.publish(finalize)


def _publish_exports(
    session: WritingRun, publication: Publication | None, export_dir: Path, reporter: Reporter
) -> None:
    """Export the published warehouse again (the warehouse itself is not changed)."""
    generation = session.new_generation()
    with session.step("export"):
        staged = generation.stage_folder(export_dir)
        files = in_child_process(export_marts, session.paths.warehouse, staged, previous=export_dir)
        if publication:
            write_export_marker(staged, publication.run_id, session.paths.warehouse)
    reporter.exported(len(files), export_dir)
    with session.step("publish"), session.publishing():
        generation.publish()


def _point_validation_results_at_published_docs(
    connection: duckdb.DuckDBPyConnection, staged: Path, published: Path
) -> None:
    """The checks recorded where they wrote the Data Docs: the staged folder, published under another name."""
    has_column = connection.execute(
        "select count(*) from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'validation_result' and column_name = 'data_docs_path'"
    ).fetchone()[0]
    if has_column:
        connection.execute(
            "update marts.validation_result set data_docs_path = replace(data_docs_path, ?, ?) "
            "where starts_with(data_docs_path, ?)",
            [str(staged), str(published), str(staged)],
        )


def _require_warehouse(warehouse: Path, hint: str) -> None:
    if not warehouse.exists():
        raise UserError(f"no warehouse at {warehouse}: {hint}", ExitCode.USAGE)


def _export_folder(export_dir: Path) -> Path:
    """The export folder, refused at once when a file stands at its place (before any work is done)."""
    export_dir = Path(export_dir).resolve()
    for path in (export_dir, *export_dir.parents):
        if path.exists() and not path.is_dir():
            raise not_a_folder(export_dir)
    return export_dir


def _outcome(session: WritingRun) -> RunOutcome:
    ending = session.ending
    assert ending is not None
    try:
        publication = read_publication(session.paths.warehouse)
    except UserError:
        publication = None
    kept = session.paths.staging if session.paths.staging.exists() else None
    return RunOutcome(ending.code, session.record, publication, kept, session.error)


def summary_line(outcome: RunOutcome) -> str:
    record = outcome.record
    head = f"budget-warehouse {record.command} {record.run_id}"
    published = f"published: {outcome.publication.describe()}" if outcome.publication else "nothing published yet"
    steps = ", ".join(f"{name} {seconds:.1f}" for name, seconds in record.step_seconds.items())
    took = f"{sum(record.step_seconds.values()):.1f} s ({steps})" if steps else ""
    counts = ""
    if record.documents_added is not None:
        counts = (
            f"{record.documents_added} added, {record.documents_reparsed or 0} re-parsed, "
            f"{record.documents_quarantined or 0} quarantined; "
        )
    if outcome.code == ExitCode.PUBLISHED:
        why = f" ({record.reason})" if record.reason else ""
        return f"{head}: PUBLISHED{why}: {counts}{took}; now {published}"
    if outcome.code == ExitCode.NOTHING_NEW:
        return f"{head}: NOTHING NEW; {published}"
    kept = f"; refused generation kept for inspection in {outcome.kept}" if outcome.kept else ""
    return (
        f"{head}: NOT PUBLISHED ({record.outcome}, exit {int(outcome.code)}): {record.reason}; {counts}"
        f"{took}; still {published}{kept}"
    )
