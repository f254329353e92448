"""`budget-warehouse status`: what is published, whether a run is in progress, and the last runs."""

from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from budget_warehouse.pipeline.errors import UserError, explain
from budget_warehouse.pipeline.lock import Holder, current_holder
from budget_warehouse.pipeline.paths import WarehousePaths
from budget_warehouse.pipeline.publication import Publication, read_publication
from budget_warehouse.pipeline.runlog import RunRecord, merge_runs, read_run_log, read_warehouse_run_log


@dataclass(frozen=True)
class Status:
    paths: WarehousePaths
    publication: Publication | None
    unreadable: UserError | None  # why the published warehouse could not be read (damaged, held open …)
    running: Holder | None
    runs: list[RunRecord]
    publication_interrupted: bool  # a journal: the next run completes that publication
    unfinished_generation: bool  # a staging folder: refused (kept for inspection) or left by a dead run


def warehouse_status(warehouse: Path, last: int = 10) -> Status:
    paths = WarehousePaths.of(warehouse)
    publication, unreadable, carried = None, None, []
    try:
        publication = read_publication(paths.warehouse)
        if paths.warehouse.exists():
            with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
                carried = read_warehouse_run_log(connection)
    except (UserError, duckdb.Error) as error:
        explained = explain(error)
        if explained is None:
            raise
        unreadable = explained
    running = current_holder(paths.lock)
    runs = merge_runs(carried, read_run_log(paths.runs))
    runs = [_died(record, running) for record in runs][-last:]
    return Status(
        paths,
        publication,
        unreadable,
        running,
        runs,
        paths.journal.exists(),
        paths.staging.exists() and not (running and running.run_id),
    )


def _died(record: RunRecord, running: Holder | None) -> RunRecord:
    """A run with no end recorded that is not the one running now: its process died."""
    if record.outcome is None and (running is None or running.run_id != record.run_id):
        return replace(record, outcome="killed", reason=f"no end recorded: the process died during {record.step}")
    return record
