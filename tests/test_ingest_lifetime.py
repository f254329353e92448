"""ingest.lifetime.end_with_parent, shared by the ingest's workers and a run's child processes (the
tests of child_process show a child ending with a killed run)."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SCRIPT = "import sys; from ingest.lifetime import end_with_parent; end_with_parent(int(sys.argv[1])); print('went on')"


def _started_with(parent: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(parent)], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60
    )


def test_a_process_whose_parent_is_alive_goes_on():
    process = _started_with(os.getpid())
    assert (process.returncode, process.stdout) == (0, "went on\n")


def test_a_process_whose_parent_is_already_gone_ends_at_once():
    # Not its parent's pid: as when the parent died before the process could ask to die with it.
    process = _started_with(os.getpid() + 1_000_000)
    assert (process.returncode, process.stdout) == (1, "")
