"""A step of a run in a child process of its own, so that what one step leaves on the heap (dbt's
manifest, Great Expectations' context, Arrow buffers) is returned to the system when the step ends
instead of being carried by the run's process into the next step.

`in_child_process(function, *args)` starts `python -m budget_warehouse.pipeline.child_process`, which
imports only the module of `function` (not the command line and everything it imports), calls it
and sends back its return value or its exception, raised again in the parent with the same type,
message and attributes (the child's traceback as its cause, for --verbose). The child dies with the
run's process, even by SIGKILL (Linux), and a run interrupted while waiting ends its child first.
"""

import os
import pickle
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import TypeVar

from ingest.lifetime import end_with_parent

T = TypeVar("T")

STOP_SECONDS = 10  # a child asked to stop (SIGTERM) is killed after this


class ChildProcessDied(RuntimeError):
    """The child ended without a result or an exception: killed by a signal (the OOM killer) or by
    os._exit."""


class ChildTraceback(Exception):
    """The traceback of an exception raised in a child process, set as its cause in the parent."""

    def __str__(self) -> str:
        return "\n" + str(self.args[0])


def in_child_process(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`function(*args, **kwargs)` run in a new Python process; its result, or its exception raised
    again here. `function` must be importable by name (defined at a module's top level), and its
    arguments and result picklable."""
    request = pickle.dumps(sys.path) + pickle.dumps((function, args, kwargs))
    result_read, result_write = os.pipe()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", __name__, str(os.getpid()), str(result_write)],
            stdin=subprocess.PIPE,
            pass_fds=(result_write,),
        )
    except BaseException:
        os.close(result_read)
        raise
    finally:
        os.close(result_write)
    try:
        with os.fdopen(result_read, "rb") as results:
            assert child.stdin is not None
            with child.stdin:
                child.stdin.write(request)
            answer = results.read()
        code = child.wait()
    except BaseException:  # Ctrl-C, SIGTERM (raised as KeyboardInterrupt by the run), a broken pipe
        _stop(child)
        raise
    if not answer:
        raise ChildProcessDied(f"the child process of {_name(function)} ended without an answer ({_ending(code)})")
    kind, payload = pickle.loads(answer)
    if kind == "result":
        return payload
    raise _rebuilt(*payload)


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _ending(code: int) -> str:
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def _portable(error: BaseException) -> tuple:
    """What the parent needs to raise `error` again, with the child's traceback: the exception
    pickled when it comes back the same (OSError keeps its errno and file name so), otherwise its
    class, arguments and attributes (an exception whose __init__ takes other parameters than its
    args: UserError, Refused), otherwise a RuntimeError with the same text."""
    text = "".join(traceback.format_exception(error))
    try:
        pickled = pickle.dumps(error)
        again = pickle.loads(pickled)
        if type(again) is type(error) and str(again) == str(error):
            return ("pickled", pickled, text)
    except Exception:  # not picklable as it is: rebuilt from its parts below
        pass
    try:
        return ("parts", pickle.dumps((type(error), error.args, dict(vars(error)))), text)
    except Exception:  # its class or attributes cannot be pickled: the text goes back
        return ("parts", pickle.dumps((RuntimeError, (f"{type(error).__name__}: {error}",), {})), text)


def _rebuilt(how: str, pickled: bytes, text: str) -> BaseException:
    """The child's exception again; its parts are put together without calling its __init__."""
    if how == "pickled":
        error = pickle.loads(pickled)
    else:
        kind, args, attributes = pickle.loads(pickled)
        error = kind.__new__(kind, *args)
        error.args = args
        error.__dict__.update(attributes)
    error.__cause__ = ChildTraceback(text)
    return error


def _serve(parent: int, result_fd: int) -> None:
    """The child's side: end with the parent, read the request, answer."""
    end_with_parent(parent)
    request = sys.stdin.buffer
    sys.path[:] = pickle.load(request)  # the parent's: the function's module is found where the parent found it
    function, args, kwargs = pickle.load(request)
    try:
        answer = pickle.dumps(("result", function(*args, **kwargs)))
    except BaseException as error:  # every exception goes back to the parent (an unpicklable result too)
        answer = pickle.dumps(("error", _portable(error)))
    with os.fdopen(result_fd, "wb") as results:
        results.write(answer)


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]))
