"""The exit codes of `budget-warehouse`, defined once (README and --help list them)."""

from enum import IntEnum


class ExitCode(IntEnum):
    PUBLISHED = 0  # a new generation was published
    DONE = 0  # the same code, for the commands that publish nothing (status, generate)
    FAILED = 1  # an unexpected error: one line; --verbose shows the traceback
    USAGE = 2  # the command line is wrong (unknown option, a documents folder that does not exist)
    NOTHING_NEW = 3  # nothing to publish: the published warehouse already holds every document
    CHECK_FAILED = 4  # a blocking check (dbt test or expectation) failed: nothing published
    INCOMPLETE = 5  # the new generation misses documents: nothing published
    BUILD_FAILED = 6  # dbt could not build the marts: nothing published
    DAMAGED = 65  # a warehouse file is not a readable DuckDB database (sysexits EX_DATAERR)
    CANNOT_CREATE = 73  # an output cannot be created where asked, e.g. an export folder that is a file (EX_CANTCREAT)
    NO_SPACE = 74  # no space left on the device, or another input/output error (EX_IOERR)
    LOCKED = 75  # another run holds the warehouse: retry later, or --wait (EX_TEMPFAIL)
    PERMISSION = 77  # permission denied on a file or folder (EX_NOPERM)
    INTERRUPTED = 130  # stopped by Ctrl-C or SIGTERM: nothing published

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_MEANINGS = {
    ExitCode.PUBLISHED: "published (read-only commands: done)",
    ExitCode.FAILED: "unexpected error (--verbose shows the traceback)",
    ExitCode.USAGE: "usage: wrong option or argument",
    ExitCode.NOTHING_NEW: "nothing new: the published warehouse is current",
    ExitCode.CHECK_FAILED: "a blocking check failed: nothing published",
    ExitCode.INCOMPLETE: "the new generation is incomplete: nothing published",
    ExitCode.BUILD_FAILED: "dbt could not build the marts: nothing published",
    ExitCode.DAMAGED: "a warehouse file is damaged (not a DuckDB database)",
    ExitCode.CANNOT_CREATE: "an output path cannot be created (e.g. export folder is a file)",
    ExitCode.NO_SPACE: "no space left on the device (or another I/O error)",
    ExitCode.LOCKED: "another process holds the warehouse (retry, or --wait)",
    ExitCode.PERMISSION: "permission denied",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C, SIGTERM): nothing published",
}


def exit_codes_help() -> str:
    """One line per code, for --help."""
    return "\n\n".join(f"{code.value}: {code.meaning}" for code in ExitCode)
