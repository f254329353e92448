"""Benchmark: ingest, build, check and export a synthetic corpus of N documents, for each N asked.

    python benchmarks/run.py [--sizes 1000,3000,10000,30000] [--work DIR] [--fault-rate 0.2] [--seed 0]

For each N: a corpus of N + 10 documents is generated (budget_warehouse.synthetic) and 10 of them held back;
the N are landed, built, checked, exported, reported and published by one `budget-warehouse run`
(its own process, as a scheduled job runs it); then the 10 are added and `run` runs again. Printed
per N, from each run's record in the run log: seconds per step (stage, ingest, verify, build,
check, export, report, publish), ingest documents/s and MB/s, export size, the total, peak memory
(RSS and PSS summed over the run's processes; PSS counts a page that forked processes share once,
and is given per step), warehouse size, the rerun after adding 10 documents, the
read-and-split floor and the ingest as a multiple of it, and detection recall and precision per
fault kind and per layout family against the corpus manifest, with the fail checks on the fault-free
documents of each family. Figures also go to DIR/results.json.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from budget_warehouse.pipeline.exit_codes import ExitCode  # noqa: E402
from budget_warehouse.pipeline.paths import WarehousePaths  # noqa: E402
from budget_warehouse.pipeline.runlog import read_run_log  # noqa: E402
from budget_warehouse.synthetic.corpus import DOCUMENTS_DIR, generate_corpus  # noqa: E402
from budget_warehouse.synthetic.detection import DetectionReport, evaluate_detection  # noqa: E402

ADDED = 10  # documents added for the rerun
SAMPLE_SECONDS = 0.2  # how often the memory of a step's process tree is read


@dataclass
class Step:
    seconds: float
    peak_tree_mb: float  # largest sum of RSS over the step's processes at one time (sampled)
    peak_pss_mb: float  # largest sum of PSS at one time: pages shared between processes counted once
    peak_process_mb: float  # largest RSS of any one process of the step (getrusage)
    exit_code: int
    cpu_seconds: float = 0.0  # user + system time of the step's processes: what a shared machine does not inflate
    step_seconds: dict[str, float] = field(default_factory=dict)  # the run's steps, from its run log record
    step_peak_pss_mb: dict[str, float] = field(default_factory=dict)  # largest PSS sum sampled in each step


@dataclass
class SizeResult:
    documents: int
    corpus_mb: float
    floor_seconds: float
    run: Step
    warehouse_mb: float
    export_mb: float
    rerun: Step
    detection: dict = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return self.run.seconds

    @property
    def rerun_seconds(self) -> float:
        return self.rerun.seconds

    @property
    def peak_mb(self) -> float:
        return max(self.run.peak_tree_mb, self.rerun.peak_tree_mb)

    @property
    def peak_pss_mb(self) -> float:
        return max(self.run.peak_pss_mb, self.rerun.peak_pss_mb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,3000,10000,30000", help="comma-separated corpus sizes")
    parser.add_argument(
        "--work",
        type=Path,
        default=PROJECT_DIR / "build" / "benchmark",
        help="folder for the corpora and warehouses (emptied per size)",
    )
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    print(_machine())
    results = []
    for size in (int(text) for text in arguments.sizes.split(",")):
        result = run_size(size, arguments.work / f"n{size}", arguments.fault_rate, arguments.seed)
        results.append(result)
        print(_report(result), flush=True)
        _save(arguments.work / "results.json", results)


def run_size(size: int, folder: Path, fault_rate: float, seed: int) -> SizeResult:
    shutil.rmtree(folder, ignore_errors=True)
    manifest = generate_corpus(size + ADDED, folder / "corpus", fault_rate, seed)
    documents = folder / "corpus" / DOCUMENTS_DIR
    held_back = folder / "held_back"
    held_back.mkdir()
    for path in sorted(documents.iterdir())[-ADDED:]:
        path.rename(held_back / path.name)
    warehouse = folder / "warehouse.duckdb"
    exports = folder / "exports"
    corpus_mb = sum(path.stat().st_size for path in documents.iterdir()) / 2**20
    floor = read_and_split(documents)
    run = _run(documents, warehouse, exports)
    warehouse_mb = _size_mb(warehouse)
    export_mb = sum(path.stat().st_size for path in exports.rglob("*") if path.is_file()) / 2**20
    for path in held_back.iterdir():
        path.rename(documents / path.name)
    rerun = _run(documents, warehouse, exports)
    detection = evaluate_detection(warehouse, manifest)
    return SizeResult(size, corpus_mb, floor, run, warehouse_mb, export_mb, rerun, _detection_figures(detection))


def read_and_split(documents: Path) -> float:
    """The floor: read every file, decode it and split it into lines (one process)."""
    started = time.perf_counter()
    for path in sorted(documents.iterdir()):
        path.read_bytes().decode("utf-8").split("\n")
    return time.perf_counter() - started


def _run(documents: Path, warehouse: Path, exports: Path) -> Step:
    """One `budget-warehouse run`, with the seconds of its steps from its record in the run log."""
    command = [sys.executable, "-m", "budget_warehouse.cli", "run", "--documents", str(documents)]
    step, samples = run_step([*command, "--warehouse", str(warehouse), "--export-dir", str(exports)])
    runs = WarehousePaths.of(warehouse).runs
    record = read_run_log(runs)[-1]
    step.step_seconds = dict(record.step_seconds)
    step.step_peak_pss_mb = _peak_per_step(samples, _step_starts(runs, record.run_id))
    return step


def _step_starts(runs: Path, run_id: str) -> list[tuple[datetime, str]]:
    """When each step of run `run_id` began, from the run log's step events (to the second)."""
    events = (json.loads(line) for line in runs.read_text(encoding="utf-8").splitlines() if line.strip())
    return [
        (datetime.fromisoformat(event["at"]), event["step"])
        for event in events
        if event.get("event") == "step" and event.get("run_id") == run_id
    ]


def _peak_per_step(samples: list[tuple[datetime, int]], starts: list[tuple[datetime, str]]) -> dict[str, float]:
    """The largest PSS sum sampled while each step ran. A step's start is logged to the second, so a
    sample of the second a step began may count for the step before it."""
    peaks: dict[str, float] = {}
    for at, pss in samples:
        begun = [name for start, name in starts if start <= at]
        if begun:
            peaks[begun[-1]] = max(peaks.get(begun[-1], 0.0), pss / 2**20)
    return peaks


def run_step(command: list[str]) -> tuple[Step, list[tuple[datetime, int]]]:
    """Run one command line to completion, timing it and following the memory of its processes;
    the step and the PSS sums sampled, with their times."""
    started, cpu_before = time.perf_counter(), _children_cpu_seconds()
    process = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    samples: list[tuple[datetime, int]] = []
    done = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(process.pid, peak, samples, done), daemon=True)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    # A blocking check that fails (nothing published) is reported with the figures, not fatal.
    if process.returncode not in (ExitCode.PUBLISHED, ExitCode.CHECK_FAILED):
        raise RuntimeError(f"{command[3]} failed ({process.returncode}): {errors.decode()[-2000:]}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    peak_pss = max((pss for _, pss in samples), default=0) / 2**20
    cpu = _children_cpu_seconds() - cpu_before
    return Step(seconds, peak[0] / 2**20, peak_pss, children, process.returncode, cpu), samples


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sample_tree(root: int, peak: list[int], samples: list[tuple[datetime, int]], done: threading.Event) -> None:
    while not done.wait(SAMPLE_SECONDS):
        tree = _tree(root)
        peak[0] = max(peak[0], sum(_rss_bytes(pid) for pid in tree))
        samples.append((datetime.now(), sum(_pss_bytes(pid) for pid in tree)))


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _rss_bytes(pid: int) -> int:
    return _proc_kb(f"/proc/{pid}/status", "VmRSS:") * 1024


def _pss_bytes(pid: int) -> int:
    """Proportional set size: a page shared by n processes counts 1/n in each (forked workers)."""
    return _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:") * 1024


def _proc_kb(path: str, field: str) -> int:
    """A `field: N kB` line of a /proc file; 0 once the process is gone."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _size_mb(warehouse: Path) -> float:
    files = [warehouse, warehouse.with_name(warehouse.name + ".wal")]
    return sum(path.stat().st_size for path in files if path.exists()) / 2**20


def _detection_figures(report: DetectionReport) -> dict:
    return {
        "per_kind": {
            kind: {**asdict(figures), "recall": figures.recall, "precision": figures.precision}
            for kind, figures in report.per_kind.items()
        },
        "per_family": {
            family: {
                "documents": figures.documents,
                **asdict(figures.faults),
                "recall": figures.faults.recall,
                "precision": figures.faults.precision,
                "fault_free_documents": figures.fault_free_documents,
                "fail_checks_on_fault_free_documents": figures.fault_free_failures,
                "multi_scope_fault_free_documents": figures.multi_scope_fault_free_documents,
                "fail_checks_on_multi_scope_fault_free_documents": figures.multi_scope_fault_free_failures,
            }
            for family, figures in report.per_family.items()
        },
        "fail_checks_on_fault_free_documents": report.fault_free_failures,
        "fault_free_documents_with_a_fail": report.fault_free_documents_failing,
        "fault_free_documents": report.fault_free_documents,
    }


def _report(result: SizeResult) -> str:
    ingest = result.run.step_seconds.get("ingest", 0.0)
    run, rerun = result.run, result.rerun
    lines = [
        f"\n== {result.documents} documents ({result.corpus_mb:.1f} MB) ==",
        f"run              {run.seconds:8.1f} s   (exit {run.exit_code}; {run.cpu_seconds:.1f} s CPU) {_steps(run)}",
        f"ingest           {ingest:8.1f} s   {result.documents / ingest:7.1f} documents/s   "
        f"{result.corpus_mb / ingest:5.2f} MB/s",
        f"exports          {result.export_mb:8.0f} MB  (Parquet, CSV, workbook)",
        f"peak memory      {result.peak_mb:8.0f} MB  (process tree; largest single process "
        f"{max(run.peak_process_mb, rerun.peak_process_mb):.0f} MB; PSS {result.peak_pss_mb:.0f} MB)",
        f"peak PSS by step {_step_peaks(run)}; +{ADDED}: {_step_peaks(rerun)}",
        f"warehouse        {result.warehouse_mb:8.0f} MB",
        f"+{ADDED} documents    {rerun.seconds:8.1f} s   (exit {rerun.exit_code}; {rerun.cpu_seconds:.1f} s CPU) "
        f"{_steps(rerun)}",
        f"read-and-split   {result.floor_seconds:8.2f} s   ingest = {ingest / result.floor_seconds:.0f} × the floor",
        "detection        kind                injected  detected  recall  fail checks  precision",
    ]
    for kind, figures in result.detection["per_kind"].items():
        lines.append(
            f"                 {kind:18} {figures['injected']:9} {figures['detected']:9} "
            f"{_percent(figures['recall']):>7} {figures['fail_checks']:12} {_percent(figures['precision']):>10}"
        )
    lines.append(
        "detection        family            documents  injected  detected  recall  fail checks  precision  "
        "fault-free (fail checks)  of them stating several scopes (fail checks)"
    )
    for family, figures in result.detection["per_family"].items():
        lines.append(
            f"                 {family:16} {figures['documents']:10} {figures['injected']:9} {figures['detected']:9} "
            f"{_percent(figures['recall']):>7} {figures['fail_checks']:12} {_percent(figures['precision']):>10}  "
            f"{figures['fault_free_documents']} ({figures['fail_checks_on_fault_free_documents']})  "
            f"{figures['multi_scope_fault_free_documents']} "
            f"({figures['fail_checks_on_multi_scope_fault_free_documents']})"
        )
    lines.append(
        f"                 fault-free documents with a fail: "
        f"{result.detection['fault_free_documents_with_a_fail']} of {result.detection['fault_free_documents']} "
        f"({result.detection['fail_checks_on_fault_free_documents']} fail checks)"
    )
    return "\n".join(lines)


def _step_peaks(step: Step) -> str:
    return ", ".join(f"{name} {mb:.0f} MB" for name, mb in step.step_peak_pss_mb.items())


def _steps(step: Step) -> str:
    return "(" + ", ".join(f"{name} {seconds:.1f}" for name, seconds in step.step_seconds.items()) + ")"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"machine: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def _save(path: Path, results: list[SizeResult]) -> None:
    path.write_text(
        json.dumps(
            [
                {
                    **asdict(result),
                    "total_seconds": result.total_seconds,
                    "rerun_seconds": result.rerun_seconds,
                    "peak_mb": result.peak_mb,
                    "peak_pss_mb": result.peak_pss_mb,
                }
                for result in results
            ],
            indent=2,
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
