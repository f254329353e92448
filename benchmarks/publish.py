"""Benchmark: what publishing by generations costs on a corpus of N documents.

    python benchmarks/publish.py [--count 10000] [--added 10] [--work DIR] [--seed 0]

Generates N + ADDED documents (budget_warehouse.synthetic), publishes the N with `budget-warehouse
ingest` then `build` (each its own process, each a generation of its own), then adds the ADDED and
runs both again (`run` pays the same copy once, and checks and exports besides). Printed: the
warehouse size; the copy of the published warehouse alone, three ways (the tool's copy_file:
copy_file_range, which shares blocks where the file system can; shutil.copyfile; `cp
--reflink=auto`), each three times with the page cache as the previous copy left it; and each
step of both runs from the run log (`stage` is the copy of the published warehouse inside a run,
`publish` the checkpoint, flush and swaps). An ingest with nothing new is timed too (it copies
nothing). Figures also go to DIR/publish.json.

    python benchmarks/publish.py --file-mb 2092 [--work DIR]

times the three copies alone on a file of that many MB of random bytes (a copy's cost depends on
the size, not on what the file holds): the size of the warehouse at 10,000 documents.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from budget_warehouse.pipeline.generation import copy_file  # noqa: E402
from budget_warehouse.pipeline.runlog import read_run_log  # noqa: E402

CLI = [sys.executable, "-m", "budget_warehouse.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--added", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bw-publish-bench"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--file-mb", type=int, help="only time the copies of a file of this size")
    options = parser.parse_args()
    work = options.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if options.file_mb:
        print(
            json.dumps({"file_mb": options.file_mb, "copy_seconds": _copies(_random_file(work, options.file_mb), work)})
        )
        return

    subprocess.run(
        [*CLI, "generate", "--count", str(options.count + options.added), "--out", str(work / "corpus"),
         "--seed", str(options.seed)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    corpus = sorted((work / "corpus" / "documents").iterdir())
    documents = work / "documents"
    documents.mkdir()
    for path in corpus[: options.count]:
        os.link(path, documents / path.name)
    warehouse = work / "w.duckdb"
    results: dict = {"documents": options.count, "added": options.added, "machine": platform.platform()}
    results["first_ingest"] = _run(work, "ingest", "--documents", str(documents))
    results["first_build"] = _run(work, "build")
    results["warehouse_mb"] = round(warehouse.stat().st_size / 1e6, 1)
    results["copy_seconds"] = _copies(warehouse, work)
    for path in corpus[options.count :]:
        os.link(path, documents / path.name)
    results["added_ingest"] = _run(work, "ingest", "--documents", str(documents))
    results["added_build"] = _run(work, "build")
    results["nothing_new_ingest"] = _run(work, "ingest", "--documents", str(documents))
    (work / "publish.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


def _run(work: Path, command: str, *arguments: str) -> dict:
    started = time.monotonic()
    result = subprocess.run(
        [*CLI, command, *arguments, "--warehouse", str(work / "w.duckdb")], capture_output=True, text=True
    )
    seconds = time.monotonic() - started
    record = read_run_log(work / "w_runs.jsonl")[-1]
    return {
        "exit_code": result.returncode,
        "seconds": round(seconds, 1),
        "steps": record.step_seconds,
        "summary": result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:],
    }


def _random_file(work: Path, megabytes: int) -> Path:
    path = work / "random.bin"
    with path.open("wb") as handle:
        for _ in range(megabytes):
            handle.write(os.urandom(1_000_000))
        handle.flush()
        os.fsync(handle.fileno())
    return path


def _copies(warehouse: Path, work: Path) -> dict[str, list[float]]:
    target = work / ".copy.duckdb"
    methods = {
        "copy_file_range": lambda: copy_file(warehouse, target),
        "shutil.copyfile": lambda: shutil.copyfile(warehouse, target),
        "cp --reflink=auto": lambda: subprocess.run(["cp", "--reflink=auto", str(warehouse), str(target)], check=True),
    }
    timings: dict[str, list[float]] = {}
    for name, copy in methods.items():
        timings[name] = []
        for _ in range(3):
            target.unlink(missing_ok=True)
            started = time.monotonic()
            copy()
            descriptor = os.open(target, os.O_RDONLY)
            os.fsync(descriptor)  # what a publication pays: the copy on disk
            os.close(descriptor)
            timings[name].append(round(time.monotonic() - started, 2))
    target.unlink(missing_ok=True)
    return timings


if __name__ == "__main__":
    main()
