"""`budget-warehouse run` as its users meet it, with real processes: killed at any step, read while it
runs, started twice at once, and after an interrupted re-parse. What is published is the warehouse
file, its marts, the exports and the Data Docs; none of it changes until a run publishes in full."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.pipeline.exit_codes import ExitCode
from ingest.kept import set_aside_stale_documents
from scripts.mart_snapshot import snapshot
from tests.helpers import SAMPLE_FILES, SAMPLES, samples_but

ADDED_SAMPLE = SAMPLE_FILES["guan"]  # published later than the other four
SYNTHETIC = 40  # synthetic documents a run adds besides it: an ingest long enough to be caught
STEP_TIMEOUT = 900


def command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "budget_warehouse.cli", *arguments]


def start(folder: Path, *arguments: str, name: str) -> subprocess.Popen:
    """A command on the warehouse of `folder`, in its own session (to find what it leaves running)."""
    log = folder / "logs"
    log.mkdir(exist_ok=True)
    return subprocess.Popen(
        command(*arguments, "--warehouse", str(folder / "w.duckdb")),
        stdout=(log / f"{name}.out").open("w"),
        stderr=(log / f"{name}.err").open("w"),
        start_new_session=True,
    )


def start_run(folder: Path, documents: Path, *options: str, name: str) -> subprocess.Popen:
    return start(
        folder, "run", "--documents", str(documents), "--export-dir", str(folder / "exports"), *options, name=name
    )


def finish(folder: Path, process: subprocess.Popen, name: str) -> tuple[int, str, str]:
    code = process.wait(timeout=STEP_TIMEOUT)
    log = folder / "logs"
    return code, (log / f"{name}.out").read_text(encoding="utf-8"), (log / f"{name}.err").read_text(encoding="utf-8")


def wait_for_step(folder: Path, process: subprocess.Popen, step: str) -> None:
    """Until the lock file says `process` is in `step`."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the run ended before step {step}"
        try:
            holder = json.loads((folder / "w.lock").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            holder = {}
        if holder.get("pid") == process.pid and holder.get("step") == step:
            return
        time.sleep(0.02)
    raise AssertionError(f"step {step} not reached")


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the run's process only, as `kill -9 PID` or the OOM killer would; what it started must end too."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not living_in_group(process.pid):
            return
        time.sleep(0.1)
    for pid in living_in_group(process.pid):
        os.kill(pid, signal.SIGKILL)
    raise AssertionError("worker processes outlived the killed run")


def living_in_group(group: int) -> list[int]:
    """Processes of a process group that still run (zombies waiting to be reaped do not)."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state != "Z":
            living.append(int(stat.parent.name))
    return living


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def published_state(folder: Path) -> dict:
    """Everything a reader of the published warehouse sees: the file's bytes, every mart's rows and
    exact sums, the exports and the Data Docs, byte for byte."""
    warehouse = folder / "w.duckdb"
    return {
        "file": hashlib.sha256(warehouse.read_bytes()).hexdigest(),
        "marts": snapshot(str(warehouse)),
        "exports": digest_tree(folder / "exports"),
        "data_docs": digest_tree(folder / "w_data_docs"),
    }


def loaded_documents(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute("select count(*) from raw.documents where status = 'loaded'").fetchone()[0]


def runs(folder: Path) -> list[dict]:
    """The run log as `status` merges it (outcome per run)."""
    from budget_warehouse.pipeline.status import warehouse_status

    return [vars(record) for record in warehouse_status(folder / "w.duckdb", last=100).runs]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    subprocess.run(command("generate", "--count", str(SYNTHETIC), "--out", str(out), "--seed", "16"), check=True)
    return out / "documents"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four samples published by a run: the warehouse, exports and Data Docs of `w.duckdb`."""
    folder = tmp_path_factory.mktemp("published")
    documents = samples_but(ADDED_SAMPLE, folder)
    code, out, err = finish(folder, start_run(folder, documents, name="first"), "first")
    assert code == ExitCode.PUBLISHED, out + err
    return folder


def copy_of(published: Path, tmp_path: Path, synthetic: Path | None = None) -> tuple[Path, Path]:
    """A copy of the published folder and a documents folder holding five samples (and the synthetic corpus)."""
    folder = tmp_path / "site"
    shutil.copytree(published, folder, ignore=shutil.ignore_patterns("logs"))
    documents = folder / "documents"
    shutil.copy2(SAMPLES / ADDED_SAMPLE, documents / ADDED_SAMPLE)
    for path in synthetic.iterdir() if synthetic else ():
        shutil.copy2(path, documents / path.name)
    return folder, documents


def test_a_run_killed_at_any_step_leaves_everything_published_as_it_was(published, synthetic, tmp_path):
    folder, documents = copy_of(published, tmp_path, synthetic)
    before = published_state(folder)
    assert loaded_documents(folder / "w.duckdb") == 4

    for step in ("ingest", "build", "check", "export"):
        process = start_run(folder, documents, name=f"killed_at_{step}")
        wait_for_step(folder, process, step)
        if step == "build":
            time.sleep(5)  # inside dbt, writing models
        kill(process)
        assert published_state(folder) == before, f"killed during {step}"

    # A reader opened before the next run and kept open through it.
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(folder / "w.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    opened = json.loads(reader.stdout.readline())
    code, out, err = finish(folder, start_run(folder, documents, name="resumed"), "resumed")
    assert code == ExitCode.PUBLISHED, out + err
    assert "taking over the lock left by run" in err and "that process is gone" in err
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert json.loads(reader.stdout.readline()) == opened  # still the generation it opened
    reader.stdin.close()
    reader.wait(timeout=60)

    # The next run published the full new state, exports and Data Docs with it.
    after = published_state(folder)
    assert loaded_documents(folder / "w.duckdb") == 5 + SYNTHETIC
    assert after["exports"] != before["exports"] and after["data_docs"] != before["data_docs"]
    with duckdb.connect(str(folder / "w.duckdb"), read_only=True) as connection:
        documents_per_mart = connection.execute("""
            select count(distinct b.document_id), count(distinct t.document_id), count(distinct d.document_id)
            from raw.documents r
            left join marts.fct_budget_line b using (document_id)
            left join marts.fct_tie_check t using (document_id)
            left join marts.fct_disclosure_completeness d using (document_id)
            where r.status = 'loaded'
        """).fetchone()
        assert documents_per_mart == (5 + SYNTHETIC,) * 3
        assert opened["documents"] == 4
    exported = duckdb.sql(
        f"select count(distinct document_id) from '{folder / 'exports' / 'parquet' / 'fct_budget_line' / '*' / '*.parquet'}'"
    ).fetchone()[0]
    assert exported == 5 + SYNTHETIC
    assert not list(folder.glob(".w.*")) and not (folder / "w.duckdb.wal").exists()

    outcomes = [(run["outcome"], run["step"]) for run in runs(folder)]
    assert outcomes[-5:] == [
        ("killed", "ingest"),
        ("killed", "build"),
        ("killed", "check"),
        ("killed", "export"),
        ("published", "publish"),
    ]
    status = subprocess.run(command("status", "--warehouse", str(folder / "w.duckdb")), capture_output=True, text=True)
    assert status.returncode == 0, status.stderr
    assert "in progress: no run" in status.stdout
    assert f"{5 + SYNTHETIC} documents loaded" in status.stdout
    assert status.stdout.count(" killed; ") == 4 and " published (exit 0)" in status.stdout
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("budget-warehouse run ") and ": PUBLISHED: " in summary
    assert f"{1 + SYNTHETIC} added" in summary


_READER = """
import json, sys, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
def state():
    return {
        "documents": connection.execute("select count(*) from raw.documents").fetchone()[0],
        "lines": connection.execute("select count(*), sum(amount) from marts.fct_budget_line").fetchone()[0],
        "ties": connection.execute("select count(*) from marts.fct_tie_check").fetchone()[0],
    }
print(json.dumps(state()), flush=True)
sys.stdin.readline()
print(json.dumps(state()), flush=True)
sys.stdin.read()
"""


def test_two_runs_at_once_one_publishes_the_other_reports_the_lock_and_a_waiting_one_runs_after(published, tmp_path):
    folder, documents = copy_of(published, tmp_path)
    first = start_run(folder, documents, name="first")
    second = start_run(folder, documents, name="second")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        holder = json.loads((folder / "w.lock").read_text(encoding="utf-8") or "{}")
        if holder.get("pid") in (first.pid, second.pid):
            break
        time.sleep(0.02)
    # Started while the holder builds (tens of seconds), the waiting run finds the lock taken.
    wait_for_step(folder, first if holder["pid"] == first.pid else second, "build")
    waiting = start_run(folder, documents, "--wait", name="waiting")

    results = {name: finish(folder, process, name) for name, process in (("first", first), ("second", second))}
    codes = sorted(code for code, _, _ in results.values())
    assert codes == [ExitCode.PUBLISHED, ExitCode.LOCKED]
    publisher = next(name for name, (code, _, _) in results.items() if code == ExitCode.PUBLISHED)
    _, _, locked_err = next(result for result in results.values() if result[0] == ExitCode.LOCKED)
    lines = locked_err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in locked_err
    assert f"{folder / 'w.duckdb'} is being written by run " in lines[0]
    assert "--wait" in lines[0] and "pid" in lines[0]

    code, out, err = finish(folder, waiting, "waiting")
    assert code == ExitCode.NOTHING_NEW, out + err  # it ran after the first: everything was published
    assert "waiting for run" in err
    assert ": NOTHING NEW; published: run " in out.strip().splitlines()[-1]

    log = runs(folder)
    by_outcome = {run["outcome"]: run for run in log[-3:]}
    assert set(by_outcome) == {"published", "locked", "nothing_new"}
    assert by_outcome["nothing_new"]["finished_at"] >= by_outcome["published"]["finished_at"]
    assert loaded_documents(folder / "w.duckdb") == 5
    assert publisher in ("first", "second")


def test_an_interrupted_re_parse_is_never_published_and_build_then_run_publish_full_marts(
    published, synthetic, tmp_path
):
    folder, documents = copy_of(published, tmp_path, synthetic)
    warehouse = folder / "w.duckdb"
    with duckdb.connect(str(warehouse)) as connection:  # as if an older parser had landed them
        connection.execute("update raw.documents set parser_version = 'an older parser'")
    before = published_state(folder)

    process = start_run(folder, documents, name="reparse")
    wait_for_step(folder, process, "ingest")
    kill(process)
    assert published_state(folder) == before

    code, out, err = finish(folder, start(folder, "build", name="build"), "build")
    assert code == ExitCode.PUBLISHED, out + err
    assert snapshot(str(warehouse)) == before["marts"]  # the same marts, not empty ones
    assert loaded_documents(warehouse) == 4

    code, out, err = finish(folder, start_run(folder, documents, name="run"), "run")
    assert code == ExitCode.PUBLISHED, out + err
    assert "4 re-parsed" in out.strip().splitlines()[-1]
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("select count(distinct document_id) from marts.fct_budget_line").fetchone()[0] == (
            5 + SYNTHETIC
        )
        assert connection.execute("select count(distinct parser_version) from raw.documents").fetchone()[0] == 1


def test_a_raw_layer_emptied_by_an_interrupted_re_parse_is_refused(published, tmp_path):
    """A warehouse an earlier version left with its raw layer set aside (raw_kept) and the re-parse
    cut short: building it would publish empty marts. Build and check refuse, and say why."""
    folder, _ = copy_of(published, tmp_path)
    warehouse = folder / "w.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("update raw.documents set parser_version = 'an older parser'")
        set_aside_stale_documents(connection)
    before = published_state(folder)

    for name in ("build", "check"):
        code, out, err = finish(folder, start(folder, name, name=name), name)
        assert code == ExitCode.INCOMPLETE, out + err
        summary = out.strip().splitlines()[-1]
        assert "NOT PUBLISHED (incomplete, exit 5)" in summary
        assert "the re-parse after a parser upgrade did not finish: 4 documents" in summary
        assert "4 of the 4 documents of the published warehouse are missing from the new raw layer" in summary
        assert published_state(folder) == before
    assert [run["outcome"] for run in runs(folder)][-2:] == ["incomplete", "incomplete"]
