"""A step run in a child process (budget_warehouse.pipeline.child_process) comes back as if it had run
in the run's process: its result, or its exception with the same type, message and attributes, so
that the command line says the same one line with the same exit code; and it never outlives the run."""

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budget_warehouse.build import WarehouseBuildError
from budget_warehouse.pipeline.child_process import ChildProcessDied, ChildTraceback, in_child_process
from budget_warehouse.pipeline.errors import UserError, explain
from budget_warehouse.pipeline.exit_codes import ExitCode
from budget_warehouse.pipeline.session import Refused

PROJECT_DIR = Path(__file__).resolve().parent.parent


def process_facts(path: Path, *, times: int) -> tuple[int, str, str]:
    """Runs in the child: its pid, and the text of `path` repeated."""
    return os.getpid(), path.read_text(encoding="utf-8") * times, sys.modules["__main__"].__spec__.name


ERRORS = {
    "UserError": lambda: UserError(
        "no warehouse at /data/w.duckdb: build it first (budget-warehouse run)", ExitCode.USAGE
    ),
    "Refused": lambda: Refused("2 blocking expectation(s) failed: a; b", ExitCode.CHECK_FAILED),
    "WarehouseBuildError": lambda: WarehouseBuildError(
        "dbt: 1 test failed", only_tests_failed=True, log_path=Path("/w/w_dbt/logs/dbt.log")
    ),
    "PermissionError": lambda: PermissionError(errno.EACCES, "Permission denied", "/data/exports"),
    "ValueError": lambda: ValueError("an internal error"),
    "KeyboardInterrupt": KeyboardInterrupt,
}


def raising(name: str) -> None:
    """Runs in the child: raises an error of ERRORS (an error made in the parent could not be sent
    to the child as an argument: UserError does not pickle)."""
    raise ERRORS[name]()


def unpicklable_error() -> None:
    class Local(Exception):
        pass

    raise Local("made inside a function")


def killing_itself() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def writing_pid_then_sleeping(path: Path) -> None:
    path.write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(600)


def test_the_result_comes_back_from_another_process_that_did_not_load_the_command_line(tmp_path):
    (tmp_path / "a.txt").write_text("财政", encoding="utf-8")
    pid, text, main = in_child_process(process_facts, tmp_path / "a.txt", times=2)
    assert pid != os.getpid() and text == "财政财政"
    assert main == "budget_warehouse.pipeline.child_process"


@pytest.mark.parametrize("name", ERRORS)
def test_an_exception_in_the_child_comes_back_with_its_type_message_and_attributes(name):
    error = ERRORS[name]()
    with pytest.raises(type(error)) as raised:
        in_child_process(raising, name)
    again = raised.value
    assert str(again) == str(error) and again.args == error.args
    assert vars(again) == vars(error)
    assert isinstance(again.__cause__, ChildTraceback) and "in raising" in str(again.__cause__)
    # What the command line says of it: the same line, the same exit code.
    explained, expected = explain(again), explain(error)
    assert (explained and (explained.message, explained.code)) == (expected and (expected.message, expected.code))


def test_an_exception_that_cannot_be_pickled_comes_back_as_its_text():
    with pytest.raises(RuntimeError, match=r"^Local: made inside a function$"):
        in_child_process(unpicklable_error)


def test_a_child_killed_by_a_signal_is_reported_as_such():
    with pytest.raises(ChildProcessDied, match="killed by SIGKILL"):
        in_child_process(killing_itself)


def test_the_child_ends_when_the_run_is_killed(tmp_path):
    pid_file = tmp_path / "child.pid"
    script = (
        "import sys; from pathlib import Path; "
        "from budget_warehouse.pipeline.child_process import in_child_process; "
        "from tests.test_child_process import writing_pid_then_sleeping; "
        "in_child_process(writing_pid_then_sleeping, Path(sys.argv[1]))"
    )
    run = subprocess.Popen([sys.executable, "-c", script, str(pid_file)], cwd=PROJECT_DIR)
    deadline = time.monotonic() + 120
    while not pid_file.exists() or not pid_file.read_text():
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    child = int(pid_file.read_text())
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 30
    while _running(child):
        if time.monotonic() > deadline:
            os.kill(child, signal.SIGKILL)
            raise AssertionError("the child outlived the killed run")
        time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
