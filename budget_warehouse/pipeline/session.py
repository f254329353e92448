"""One writing command on a warehouse, from taking its lock to releasing it.

A run ends with an outcome (`ending`), whatever stopped it: an error is kept in `error` for the
caller to show, not raised (only Locked, from entry, is). On entry: the folder is made, the lock taken (or Locked raised, the attempt recorded), a lock a dead
process left is taken over and its run recorded as killed, a publication the journal shows decided
is completed and an unfinished generation removed (generation.recover), and the run's start is
logged. Each step is logged as it starts (and written to the lock file), and timed. On exit the
run's end is logged with its outcome, the generation is discarded unless it was published (a
generation refused by a check is kept for inspection until the next run), and the lock released.
SIGTERM is handled as Ctrl-C; neither can stop a publication half-way.
"""

import signal
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType, TracebackType

from budget_warehouse.pipeline.errors import UserError, explain
from budget_warehouse.pipeline.exit_codes import ExitCode
from budget_warehouse.pipeline.generation import Generation, complete_journal, recover
from budget_warehouse.pipeline.lock import Holder, Locked, WarehouseLock
from budget_warehouse.pipeline.paths import WarehousePaths
from budget_warehouse.pipeline.runlog import RunLog, RunRecord, read_run_log

OUTCOMES = {
    ExitCode.PUBLISHED: "published",
    ExitCode.NOTHING_NEW: "nothing_new",
    ExitCode.CHECK_FAILED: "check_failed",
    ExitCode.INCOMPLETE: "incomplete",
    ExitCode.BUILD_FAILED: "build_failed",
    ExitCode.LOCKED: "locked",
    ExitCode.INTERRUPTED: "interrupted",
}


class Refused(Exception):
    """The generation is not fit to publish: nothing is published, the run ends with `code`."""

    def __init__(self, reason: str, code: ExitCode) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass
class Ending:
    code: ExitCode
    reason: str


class WritingRun:
    def __init__(
        self,
        warehouse: Path,
        command: str,
        warn: Callable[[str], None],
        wait: float | None = None,
        on_wait: Callable[[Holder | None], None] | None = None,
    ) -> None:
        self.paths = WarehousePaths.of(warehouse)
        self.run_id = uuid.uuid4().hex[:12]
        self.record = RunRecord(self.run_id, command=command, started_at=_now(), step="start")
        self.warn = warn
        self._wait = wait
        self._on_wait = on_wait
        self._lock: WarehouseLock | None = None
        self._log = RunLog(self.paths.runs)
        self.generation: Generation | None = None
        self.ending: Ending | None = None
        self.error: BaseException | None = None  # what stopped the run, for the caller to show
        self._publishing = False
        self._handlers: dict[int, object] = {}

    def __enter__(self) -> "WritingRun":
        self.paths.folder.mkdir(parents=True, exist_ok=True)
        holder = Holder.of_this_process(self.record.command, self.run_id)
        self.record.pid, self.record.host = holder.pid, holder.host
        try:
            self._lock = WarehouseLock.acquire(
                self.paths.lock, self.paths.warehouse, holder, self._wait, on_wait=self._on_wait
            )
        except Locked as locked:
            self._end_locked(locked)
            raise
        self._install_signal_handlers()
        try:
            self._log.start(self.record)
            self._take_over(self._lock.previous)
            completed, removed = recover(self.paths)
            if completed:
                self.warn(f"completed the publication of run {completed}, which was stopped half-way")
            elif removed:
                self.warn(f"removed the unfinished generation of an earlier run ({self.paths.staging})")
        except BaseException:
            self._release()
            raise
        return self

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """A step of the run: the lock file and the run log say the run is in it; timed."""
        assert self._lock is not None
        self._lock.step(name)
        self.record.step = name
        self._log.step(self.run_id, name)
        started = time.monotonic()
        try:
            yield
        finally:
            seconds = time.monotonic() - started
            self.record.step_seconds[name] = round(self.record.step_seconds.get(name, 0.0) + seconds, 2)

    def new_generation(self) -> Generation:
        self.generation = Generation(self.paths, self.run_id)
        self.generation.start()
        return self.generation

    @contextmanager
    def publishing(self) -> Iterator[None]:
        """Ctrl-C and SIGTERM wait until the publication is done: it is never left half-way."""
        self._publishing = True
        try:
            yield
        finally:
            self._publishing = False

    def end(self, code: ExitCode, reason: str = "") -> None:
        self.ending = Ending(code, reason)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> bool:
        keep = False
        if isinstance(error, Refused):
            self.ending = Ending(error.code, error.reason)
            keep = True  # the refused generation, for inspection: removed by the next run
        elif isinstance(error, KeyboardInterrupt):
            self.error = error
            self.ending = Ending(ExitCode.INTERRUPTED, f"interrupted during {self.record.step}")
        elif error is not None:
            self.error = error
            explained = explain(error)
            code = explained.code if explained else ExitCode.FAILED
            message = explained.message if explained else f"{type(error).__name__}: {error}"
            self.ending = Ending(code, f"failed during {self.record.step}: {message}")
        ending = self.ending or Ending(ExitCode.FAILED, "ended without an outcome")
        try:
            self._finish_generation(keep)
        finally:
            self.record.finished_at = _now()
            self.record.exit_code = int(ending.code)
            self.record.outcome = OUTCOMES.get(ending.code, "failed")
            self.record.reason = ending.reason
            self.record.published = bool(self.generation and self.generation.published)
            try:
                self._log.end(self.record)
            finally:
                self._release()
        # The run ended with an outcome, recorded: the caller reports it (and `error`, if any).
        return isinstance(error, Refused | KeyboardInterrupt | Exception)

    def _finish_generation(self, keep: bool) -> None:
        generation = self.generation
        if generation is None:
            return
        if generation.published:
            complete_journal(self.paths)  # a no-op unless the swaps were interrupted by an error
        elif not keep:
            generation.discard()

    def _end_locked(self, locked: Locked) -> None:
        self.record.finished_at = _now()
        self.record.outcome = OUTCOMES[ExitCode.LOCKED]
        self.record.exit_code = int(ExitCode.LOCKED)
        self.record.reason = locked.message
        # A run log that cannot be written is no news to a run that could not take the lock either.
        with suppress(OSError):
            self._log.start(self.record)

    def _take_over(self, previous: Holder | None) -> None:
        """A holder left in the lock file: its process died holding the lock (SIGKILL, power cut)."""
        if previous is None:
            return
        self.warn(f"taking over the lock left by {previous.describe()}: that process is gone")
        ended = any(record.run_id == previous.run_id and record.outcome for record in read_run_log(self.paths.runs))
        if not ended:
            self._log.end(
                RunRecord(
                    previous.run_id,
                    command=previous.command,
                    pid=previous.pid,
                    host=previous.host,
                    started_at=previous.started_at,
                    finished_at=_now(),
                    outcome="killed",
                    exit_code=None,
                    reason=f"the process died during {previous.step}; nothing of it was published",
                    step=previous.step,
                )
            )

    def _release(self) -> None:
        self._restore_signal_handlers()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _install_signal_handlers(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self._handlers[signum] = signal.signal(signum, self._on_signal)
            except ValueError:  # not the main thread: signals stay as they are
                return

    def _restore_signal_handlers(self) -> None:
        for signum, handler in self._handlers.items():
            signal.signal(signum, handler)
        self._handlers = {}

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._publishing:
            self.warn(f"{signal.Signals(signum).name} received while publishing: finishing the publication first")
            return
        raise KeyboardInterrupt


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


__all__ = ["Refused", "UserError", "WritingRun"]
