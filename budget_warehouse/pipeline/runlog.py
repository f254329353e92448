"""The run log: one row per run of a command on the warehouse.

Kept in two places. `<stem>_runs.jsonl` beside the warehouse takes one JSON event a line as a run
goes (start, each step, end), appended with O_APPEND: it holds the runs that published nothing
(the published warehouse stays untouched by them) and the step a run is in. Each published
generation carries every run up to its own in the table `metadata.run_log`, so the history travels
with the warehouse. `read_runs` merges both, by run id.
"""

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from budget_warehouse.catalog import has_table

RUN_LOG_TABLE = "metadata.run_log"
RUN_LOG_DDL = f"""
create table if not exists {RUN_LOG_TABLE} (
    run_id varchar primary key,
    command varchar,
    pid integer,
    host varchar,
    started_at timestamp,
    finished_at timestamp,
    outcome varchar,
    exit_code integer,
    published boolean,
    reason varchar,
    documents_added integer,
    documents_reparsed integer,
    documents_quarantined integer,
    published_documents integer,
    step_seconds map(varchar, double)
)
"""


@dataclass
class RunRecord:
    run_id: str
    command: str = ""
    pid: int | None = None
    host: str = ""
    started_at: str = ""
    finished_at: str | None = None
    outcome: str | None = None  # None while running (or when the process died: see `status`)
    exit_code: int | None = None
    published: bool = False
    reason: str = ""
    documents_added: int | None = None
    documents_reparsed: int | None = None
    documents_quarantined: int | None = None
    published_documents: int | None = None  # loaded documents of the generation it published
    step_seconds: dict[str, float] = field(default_factory=dict)
    step: str = ""  # the step it was in last


class RunLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def start(self, record: RunRecord) -> None:
        self._append({"event": "start", **asdict(record)})

    def step(self, run_id: str, name: str) -> None:
        self._append({"event": "step", "run_id": run_id, "step": name, "at": _now()})

    def end(self, record: RunRecord) -> None:
        self._append({"event": "end", **asdict(record)})

    def _append(self, event: dict) -> None:
        line = json.dumps(event, ensure_ascii=False, default=str) + "\n"
        # One write per event with O_APPEND: lines of two processes never interleave.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            os.write(descriptor, line.encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def read_run_log(path: Path) -> list[RunRecord]:
    """The runs of the run log file, in order of start, each with its last event applied."""
    runs: dict[str, RunRecord] = {}
    if not path.is_file():
        return []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
        except ValueError:  # a line cut short by a full disk or a crash
            continue
        run_id = event.get("run_id")
        if not run_id:
            continue
        kind = event.pop("event", "")
        if kind == "step":
            record = runs.setdefault(run_id, RunRecord(run_id))
            record.step = event.get("step", "")
            continue
        fields = {key: value for key, value in event.items() if key in RunRecord.__dataclass_fields__}
        if run_id in runs and kind == "end":
            step = runs[run_id].step
            runs[run_id] = RunRecord(**fields)
            runs[run_id].step = runs[run_id].step or step
        else:
            runs[run_id] = RunRecord(**fields)
    return list(runs.values())


def read_warehouse_run_log(connection: duckdb.DuckDBPyConnection) -> list[RunRecord]:
    """The runs a published warehouse carries (empty for a warehouse from before the run log)."""
    if not has_table(connection, RUN_LOG_TABLE):
        return []
    rows = connection.execute(f"select * from {RUN_LOG_TABLE} order by started_at").fetchall()
    columns = [description[0] for description in connection.description]
    records = []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        for key in ("started_at", "finished_at"):
            values[key] = values[key].isoformat() if values[key] else None
        values["step_seconds"] = dict(values["step_seconds"] or {})
        records.append(RunRecord(**values))
    return records


def merge_runs(*sources: list[RunRecord]) -> list[RunRecord]:
    """Runs of several sources by run id, by start: a later source's record wins, unless it is
    unfinished and an earlier one is finished."""
    merged: dict[str, RunRecord] = {}
    for records in sources:
        for record in records:
            known = merged.get(record.run_id)
            if known is None or record.outcome is not None or known.outcome is None:
                merged[record.run_id] = record
    return sorted(merged.values(), key=lambda record: record.started_at or "")


def write_run_log_table(connection: duckdb.DuckDBPyConnection, records: list[RunRecord]) -> None:
    """Replace `metadata.run_log` with `records` (the history up to this generation)."""
    connection.execute(f"create schema if not exists {RUN_LOG_TABLE.split('.')[0]}")
    connection.execute(RUN_LOG_DDL)
    connection.execute(f"delete from {RUN_LOG_TABLE}")
    columns = [name for name in RunRecord.__dataclass_fields__ if name != "step"]
    placeholders = ", ".join("?" for _ in columns)
    connection.executemany(
        f"insert into {RUN_LOG_TABLE} ({', '.join(columns)}) values ({placeholders})",
        [[_value(column, getattr(record, column)) for column in columns] for record in records],
    )


def _value(column: str, value: object) -> object:
    if column in _TIMES:
        return datetime.fromisoformat(value) if value else None
    return value


_TIMES = ("started_at", "finished_at")


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()
