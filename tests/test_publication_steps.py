"""The parts a publication is made of, on real files and processes: the journal and its swaps, the
recovery after a run that died at any point of them, the lock and its takeover, the run log."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.cli import optional_wait
from budget_warehouse.pipeline.exit_codes import ExitCode
from budget_warehouse.pipeline.generation import Generation, Swap, _swap, recover, write_journal
from budget_warehouse.pipeline.lock import Holder, Locked, WarehouseLock, current_holder, stale_holder
from budget_warehouse.pipeline.paths import WarehousePaths, staged_folder
from budget_warehouse.pipeline.runlog import RunLog, RunRecord, merge_runs, read_run_log


def _warehouse(path: Path, value: int) -> None:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create or replace table t as select ? as generation", [value])


def _generation_of(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute("select generation from t").fetchone()[0]


def _published(tmp_path: Path) -> tuple[WarehousePaths, Path]:
    """A published warehouse (generation 1) and its exports folder."""
    paths = WarehousePaths.of(tmp_path / "w.duckdb")
    _warehouse(paths.warehouse, 1)
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.csv").write_text("generation 1", encoding="utf-8")
    return paths, exports


def _stage_generation_2(paths: WarehousePaths, exports: Path) -> Generation:
    generation = Generation(paths, "run2")
    generation.start()
    generation.copy_published(on_warning=lambda message: None)
    with duckdb.connect(str(generation.warehouse)) as connection:
        connection.execute("update t set generation = 2")
    staged = generation.stage_folder(exports)
    (staged / "a.csv").write_text("generation 2", encoding="utf-8")
    return generation


def test_a_generation_is_published_by_renames_and_a_reader_keeps_the_file_it_opened(tmp_path):
    paths, exports = _published(tmp_path)
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(paths.warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert reader.stdout.readline().strip() == "1"
    generation = _stage_generation_2(paths, exports)

    generation.publish(lambda connection: connection.execute("create table published_by as select 'run2' as run"))

    assert _generation_of(paths.warehouse) == 2
    assert (exports / "a.csv").read_text(encoding="utf-8") == "generation 2"
    assert not paths.journal.exists() and not paths.staging.exists() and not staged_folder(exports).exists()
    assert not paths.warehouse.with_name("w.duckdb.wal").exists()
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "1"  # the reader still reads the generation it opened
    reader.stdin.close()
    reader.wait(timeout=30)


_READER = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
print(connection.execute("select generation from t").fetchone()[0], flush=True)
sys.stdin.readline()
print(connection.execute("select generation from t").fetchone()[0], flush=True)
sys.stdin.read()
"""


def test_a_run_that_died_before_the_journal_leaves_the_published_state_and_the_next_run_cleans_up(tmp_path):
    paths, exports = _published(tmp_path)
    _stage_generation_2(paths, exports)  # staged, never published: the process "died" here

    completed, removed = recover(paths)

    assert (completed, removed) == (None, True)
    assert _generation_of(paths.warehouse) == 1
    assert (exports / "a.csv").read_text(encoding="utf-8") == "generation 1"
    assert not paths.staging.exists() and not staged_folder(exports).exists()


@pytest.mark.parametrize("swaps_done", [0, 1, 2])
def test_a_publication_stopped_after_its_journal_is_completed_by_the_next_run(tmp_path, swaps_done):
    paths, exports = _published(tmp_path)
    generation = _stage_generation_2(paths, exports)
    staged_exports = staged_folder(exports)
    swaps = [
        Swap(str(generation.warehouse), str(paths.warehouse), generation.warehouse.stat().st_ino, False),
        Swap(str(staged_exports), str(exports.resolve()), staged_exports.stat().st_ino, True),
    ]
    write_journal(paths.journal, "run2", swaps)
    for swap in swaps[:swaps_done]:  # the process died after these
        _swap(swap)

    completed, _ = recover(paths)

    assert completed == "run2"
    assert _generation_of(paths.warehouse) == 2
    assert (exports / "a.csv").read_text(encoding="utf-8") == "generation 2"
    assert not paths.journal.exists() and not paths.staging.exists() and not staged_exports.exists()


def test_a_folder_swap_stopped_between_its_two_renames_is_completed(tmp_path):
    """Where the file system cannot exchange two folders, the swap is two renames: published → .old,
    staged → published. A run stopped between them leaves no folder at the published path."""
    paths, exports = _published(tmp_path)
    generation = _stage_generation_2(paths, exports)
    staged_exports = staged_folder(exports)
    swap = Swap(str(staged_exports), str(exports.resolve()), staged_exports.stat().st_ino, True)
    write_journal(paths.journal, "run2", [swap])
    os.rename(exports, tmp_path / ".exports.old")  # the first rename, then the process died
    generation.warehouse.unlink()

    recover(paths)

    assert (exports / "a.csv").read_text(encoding="utf-8") == "generation 2"
    assert not (tmp_path / ".exports.old").exists()
    assert _generation_of(paths.warehouse) == 1  # the journal did not list it


def _holder(run_id: str) -> Holder:
    return Holder.of_this_process("run", run_id)


def test_a_second_writer_is_refused_with_the_holder_named(tmp_path):
    paths = WarehousePaths.of(tmp_path / "w.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(paths.lock), str(paths.warehouse)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(Locked) as refused:
            WarehouseLock.acquire(paths.lock, paths.warehouse, _holder("second"))
        assert refused.value.code == ExitCode.LOCKED
        assert f"pid {holder.pid}" in refused.value.message and "run other" in refused.value.message
        assert "--wait" in refused.value.message
        assert current_holder(paths.lock).pid == holder.pid
        assert current_holder(paths.lock).step == "build"

        started = time.monotonic()
        with pytest.raises(Locked, match="after waiting 1 s"):
            WarehouseLock.acquire(paths.lock, paths.warehouse, _holder("second"), wait=1.0)
        assert time.monotonic() - started >= 1.0
    finally:
        holder.kill()
        holder.wait()


_HOLDER = """
import sys, time
from pathlib import Path
from budget_warehouse.pipeline.lock import Holder, WarehouseLock
lock = WarehouseLock.acquire(Path(sys.argv[1]), Path(sys.argv[2]), Holder.of_this_process("run", "other"))
lock.step("build")
print("held", flush=True)
time.sleep(600)
"""


def test_a_lock_left_by_a_killed_process_is_taken_over_and_names_it(tmp_path):
    paths = WarehousePaths.of(tmp_path / "w.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(paths.lock), str(paths.warehouse)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert current_holder(paths.lock) is None
    assert stale_holder(paths.lock).pid == holder.pid

    lock = WarehouseLock.acquire(paths.lock, paths.warehouse, _holder("mine"))
    try:
        assert (lock.previous.pid, lock.previous.run_id, lock.previous.step) == (holder.pid, "other", "build")
    finally:
        lock.release()
    assert paths.lock.read_bytes() == b""  # released cleanly: nothing to take over next time


def test_a_waiting_writer_takes_the_lock_when_the_holder_finishes(tmp_path):
    paths = WarehousePaths.of(tmp_path / "w.duckdb")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _HOLDER.replace("time.sleep(600)", "time.sleep(2); lock.release()"),
            str(paths.lock),
            str(paths.warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    waited_for = []
    lock = WarehouseLock.acquire(
        paths.lock, paths.warehouse, _holder("mine"), wait=float("inf"), on_wait=waited_for.append
    )
    try:
        assert [holder.run_id for holder in waited_for] == ["other"]
        assert lock.previous is None  # the holder ended cleanly
    finally:
        lock.release()
        holder.wait()


def test_the_run_log_merges_the_events_of_a_run_and_keeps_a_finished_record(tmp_path):
    log = RunLog(tmp_path / "w_runs.jsonl")
    log.start(RunRecord("a", command="run", started_at="2025-01-01T01:00:00"))
    log.step("a", "ingest")
    log.step("a", "build")
    log.start(RunRecord("b", command="run", started_at="2025-01-01T02:00:00"))
    log.end(RunRecord("a", command="run", started_at="2025-01-01T01:00:00", outcome="published", exit_code=0))
    with (tmp_path / "w_runs.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"event": "step", "run_id": "b", "st')  # a line cut short by a crash
    runs = read_run_log(tmp_path / "w_runs.jsonl")
    assert [(run.run_id, run.outcome, run.step) for run in runs] == [("a", "published", "build"), ("b", None, "")]
    carried = [RunRecord("a", started_at="2025-01-01T01:00:00", outcome="published")]
    assert [run.run_id for run in merge_runs(carried, runs)] == ["a", "b"]
    assert merge_runs(runs, [RunRecord("a", started_at="2025-01-01T01:00:00")])[0].outcome == "published"


@pytest.mark.parametrize(
    ("given", "parsed"),
    [
        (["run", "--wait"], ["run", "--wait", "inf"]),
        (["run", "--wait", "--documents", "d"], ["run", "--wait", "inf", "--documents", "d"]),
        (["run", "--wait", "30"], ["run", "--wait", "30"]),
        (["run"], ["run"]),
    ],
)
def test_wait_takes_an_optional_number_of_seconds(given, parsed):
    assert optional_wait(given) == parsed


def test_the_journal_is_json_naming_each_swap(tmp_path):
    journal = tmp_path / ".w.publish.json"
    write_journal(journal, "r", [Swap("a", "b", 1, False)])
    assert json.loads(journal.read_text(encoding="utf-8")) == {
        "run_id": "r",
        "swaps": [{"staged": "a", "published": "b", "inode": 1, "is_folder": False}],
    }
