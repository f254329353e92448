"""One writing command at a time per warehouse.

A POSIX record lock (fcntl) on `<stem>.lock` beside the warehouse: the kernel releases it when the
holding process ends, however it ends, and the worker processes an ingest forks do not inherit it.
The file holds the holder as JSON (pid, host, start time, command, run id, current step), for the
message a second run prints and for `status`; a clean release empties it, so a holder found in a
file whose lock is free is a process that died holding it: it is taken over, with a warning.
"""

import errno
import fcntl
import json
import os
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from budget_warehouse.pipeline.errors import UserError
from budget_warehouse.pipeline.exit_codes import ExitCode

POLL_SECONDS = 0.5
_FLOCK = "hhqqi4x"


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    started_at: str  # ISO 8601, local time
    command: str
    run_id: str
    step: str = "starting"
    step_started_at: str = ""

    @classmethod
    def of_this_process(cls, command: str, run_id: str) -> "Holder":
        now = _now()
        return cls(os.getpid(), socket.gethostname(), now, command, run_id, "starting", now)

    def describe(self) -> str:
        return (
            f"run {self.run_id} (`{self.command}`, pid {self.pid} on {self.host}, since {self.started_at}, "
            f"step {self.step} since {self.step_started_at or self.started_at})"
        )


class Locked(UserError):
    def __init__(self, lock: Path, warehouse: Path, holder: Holder | None, waited: float | None) -> None:
        who = holder.describe() if holder else "another process"
        after = f" after waiting {waited:.0f} s" if waited else ""
        super().__init__(
            f"{warehouse} is being written by {who}{after}: try again when it has finished, or add --wait "
            f"[SECONDS] to wait for it (lock file {lock})",
            ExitCode.LOCKED,
        )
        self.holder = holder


class WarehouseLock:
    """Held from `acquire` to `release`; `step` tells readers of the lock file what the run is doing."""

    def __init__(self, path: Path, descriptor: int, holder: Holder, previous: Holder | None) -> None:
        self.path = path
        self._descriptor = descriptor
        self.holder = holder
        self.previous = previous  # a holder that died holding the lock, taken over

    @classmethod
    def acquire(
        cls,
        path: Path,
        warehouse: Path,
        holder: Holder,
        wait: float | None = None,
        on_wait: Callable[[Holder | None], None] | None = None,
    ) -> "WarehouseLock":
        """Take the lock, or raise Locked at once (`wait` None) or after `wait` seconds (inf: no limit)."""
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EACCES, errno.EAGAIN):
                    os.close(descriptor)
                    raise
            waited = time.monotonic() - started
            if wait is None or waited >= wait:
                current = _parse(_read_all(descriptor))
                os.close(descriptor)
                raise Locked(path, warehouse, current, waited if wait else None)
            if on_wait and not told:
                on_wait(_parse(_read_all(descriptor)))
                told = True
            time.sleep(POLL_SECONDS)
        previous = _parse(_read_all(descriptor))
        lock = cls(path, descriptor, holder, previous)
        lock._write(holder)
        return lock

    def step(self, name: str) -> None:
        self.holder = replace(self.holder, step=name, step_started_at=_now())
        self._write(self.holder)

    def release(self) -> None:
        if self._descriptor < 0:
            return
        try:
            os.ftruncate(self._descriptor, 0)
        finally:
            # Closing the descriptor releases the record lock (and any other descriptor of the file
            # this process closed would too: the lock file is opened nowhere else while held).
            os.close(self._descriptor)
            self._descriptor = -1

    def _write(self, holder: Holder) -> None:
        data = json.dumps(asdict(holder), ensure_ascii=False).encode() + b"\n"
        os.ftruncate(self._descriptor, 0)
        os.pwrite(self._descriptor, data, 0)
        os.fsync(self._descriptor)


def current_holder(path: Path) -> Holder | None:
    """The process holding the lock at `path`, or None when it is free. Does not take the lock.

    Read by processes that do not hold it (`status`); the holder's own process must not call it:
    closing any descriptor of the file would release its record lock.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        # F_GETLK: would a write lock be refused? Then someone holds it.
        probe = fcntl.fcntl(descriptor, fcntl.F_GETLK, _flock(fcntl.F_WRLCK))
        if _lock_type(probe) == fcntl.F_UNLCK:
            return None
        for _ in range(5):  # the holder may be rewriting its step: read again
            holder = _parse(_read_all(descriptor))
            if holder:
                return holder
            time.sleep(0.05)
        return Holder(0, "?", "?", "?", "?")
    finally:
        os.close(descriptor)


def stale_holder(path: Path) -> Holder | None:
    """A holder recorded in a lock file whose lock is free: a process that died holding it."""
    if not path.is_file() or current_holder(path) is not None:
        return None
    return _parse(path.read_bytes())


def _flock(kind: int) -> bytes:
    # struct flock on Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid
    # (padded to 8 bytes); l_len 0 is the whole file.
    return struct.pack(_FLOCK, kind, os.SEEK_SET, 0, 0, 0)


def _lock_type(flock: bytes) -> int:
    return struct.unpack(_FLOCK, flock[: struct.calcsize(_FLOCK)])[0]


def _read_all(descriptor: int) -> bytes:
    size = os.fstat(descriptor).st_size
    return os.pread(descriptor, size, 0) if size else b""


def _parse(data: bytes) -> Holder | None:
    if not data.strip():
        return None
    try:
        return Holder(**json.loads(data))
    except (ValueError, TypeError):
        return None


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()
