"""A worker or child process that ends with the process that started it."""

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)


def end_with_parent(parent: int) -> None:
    """Have the kernel kill this process (SIGKILL) when `parent`, the process that started it,
    dies, even by SIGKILL (Linux); otherwise it would go on, holding its memory and the files it
    inherited. Called first thing in the process; ends it at once when `parent` is already gone."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)
