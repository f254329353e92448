"""Errors a user can cause or meet, on real files and processes: one line naming the path and what to
do, a documented exit code, and the traceback only with --verbose (or BUDGET_WAREHOUSE_VERBOSE=1)."""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.build import dbt_artifacts
from budget_warehouse.pipeline.exit_codes import ExitCode
from tests.helpers import PROJECT_DIR, SAMPLES

NOBODY = 65534


def bw(*arguments: str, prefix: tuple[str, ...] = (), env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "budget_warehouse.cli", *arguments],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env={**os.environ, **(env or {})},
        timeout=900,
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    """The error message: one line on standard error, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def site(built_warehouse: Path) -> Iterator[Path]:
    """A folder others may enter (pytest's own are private to root), holding a copy of the built
    warehouse with its dbt artifacts."""
    folder = Path(tempfile.mkdtemp(prefix="bw-errors-"))
    folder.chmod(0o755)
    shutil.copy2(built_warehouse, folder / "w.duckdb")
    shutil.copytree(dbt_artifacts(built_warehouse), folder / "w_dbt")
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_an_export_folder_that_is_a_file_is_refused_before_any_work(site):
    blocker = site / "exports"
    blocker.write_text("not a folder", encoding="utf-8")
    for arguments in (["run", "--documents", str(SAMPLES)], ["export"]):
        result = bw(*arguments, "--warehouse", str(site / "w.duckdb"), "--export-dir", str(blocker))
        assert result.returncode == ExitCode.CANNOT_CREATE == 73
        message = one_line(result)
        assert f"cannot create the folder {blocker}: a file stands in its way" in message
        assert "--export-dir" in message
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert not list(site.glob(".w.*"))


def test_a_read_only_warehouse_folder_is_named_and_left_as_it_was(site):
    """As root, chmod does not deny: the commands run as another user (setpriv), for whom the folder,
    owned by root, is read-only."""
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: a read-only folder cannot be made to deny")
        prefix: tuple[str, ...] = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--")
    else:
        prefix = ()
    site.chmod(0o555)
    before = sha(site / "w.duckdb")

    result = bw(
        "run",
        "--documents",
        str(SAMPLES),
        "--warehouse",
        str(site / "w.duckdb"),
        "--export-dir",
        str(site / "x"),
        prefix=prefix,
    )

    assert result.returncode == ExitCode.PERMISSION == 77
    message = one_line(result)
    assert message.startswith(f"budget-warehouse: permission denied: {site / 'w.lock'}")
    assert "writable for this user" in message
    assert sha(site / "w.duckdb") == before
    # Reading still works: status needs no write.
    status = bw("status", "--warehouse", str(site / "w.duckdb"), prefix=prefix)
    assert status.returncode == 0, status.stderr
    assert "not published by a run yet" in status.stdout


def test_a_warehouse_held_open_for_writing_by_another_process(site):
    """A DuckDB session holding the published file read-write (the default of the duckdb shell and
    of some BI drivers): commands that read the file say who holds it; a run does not need to."""
    warehouse = site / "w.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"

        exported = bw("export", "--warehouse", str(warehouse), "--export-dir", str(site / "exports"))
        assert exported.returncode == ExitCode.LOCKED == 75
        message = one_line(exported)
        assert f"{warehouse} is held open for writing by another process" in message
        assert f"(PID {holder.pid})" in message and "read-only" in message
        assert not (site / "exports").exists()

        status = bw("status", "--warehouse", str(warehouse))
        assert status.returncode == ExitCode.LOCKED, status.stdout + status.stderr
        assert "published: cannot be read:" in status.stdout and f"PID {holder.pid}" in status.stdout

        # `check` works on a copy and publishes it: the session's lock does not stop it.
        checked = bw("check", "--warehouse", str(warehouse))
        assert checked.returncode == ExitCode.PUBLISHED, checked.stdout + checked.stderr
        assert ": PUBLISHED: " in checked.stdout.strip().splitlines()[-1]
        assert holder.poll() is None
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("select command from metadata.publication").fetchone() == ("check",)


_WRITER = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_damaged_warehouse_is_named_and_the_traceback_is_shown_only_when_asked(site):
    warehouse = site / "w.duckdb"
    with warehouse.open("r+b") as handle:
        handle.write(b"not a database" * 512)
    arguments = ("run", "--documents", str(SAMPLES), "--warehouse", str(warehouse), "--export-dir", str(site / "x"))

    result = bw(*arguments)
    assert result.returncode == ExitCode.DAMAGED == 65
    message = one_line(result)
    assert f"{warehouse} is not a readable DuckDB warehouse" in message and "restore it from a backup" in message

    for verbose in (bw("--verbose", *arguments), bw(*arguments, env={"BUDGET_WAREHOUSE_VERBOSE": "1"})):
        assert verbose.returncode == ExitCode.DAMAGED
        assert "Traceback (most recent call last)" in verbose.stderr
        assert verbose.stderr.strip().splitlines()[-1] == message

    status = bw("status", "--warehouse", str(warehouse))
    assert status.returncode == ExitCode.DAMAGED
    assert "not a readable DuckDB warehouse" in status.stdout


def test_no_space_left_is_named(tmp_path):
    """A warehouse folder on a 2 MB file system (a tmpfs in a mount namespace of the command's own)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("a small file system can only be mounted as root (unshare -m)")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no mount namespace here: {probe.stderr.decode().strip()}")
    small = tmp_path / "small"
    small.mkdir()
    program = (
        f"mount -t tmpfs -o size=2m tmpfs {small} && exec {sys.executable} -m budget_warehouse.cli run "
        f"--documents {SAMPLES} --warehouse {small / 'w.duckdb'} --export-dir {small / 'x'}"
    )
    result = subprocess.run(["unshare", "-m", "sh", "-c", program], capture_output=True, text=True, cwd=PROJECT_DIR)
    assert result.returncode == ExitCode.NO_SPACE == 74, result.stdout + result.stderr
    message = one_line(result)
    assert f"no space left on the device of {small}" in message and "free some space" in message
    summary = result.stdout.strip().splitlines()[-1]
    assert "NOT PUBLISHED (failed, exit 74)" in summary
