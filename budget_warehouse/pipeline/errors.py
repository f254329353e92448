"""What the user can cause or meet, said in one line naming the path and what to do, with its exit code.

`explain` turns the errors the file system, DuckDB and dbt raise into a UserError; an error it does
not know stays an internal error (a bug), whose traceback `--verbose` shows.
"""

import errno
import re
from pathlib import Path

import duckdb

from budget_warehouse.build import WarehouseBuildError
from budget_warehouse.pipeline.exit_codes import ExitCode


class UserError(Exception):
    """An error the user can act on: `message` names the path and what to do."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NOT_A_FOLDER = {errno.ENOTDIR, errno.EEXIST, errno.EISDIR}
_DUCKDB_PATH = re.compile(r'"([^"]+)"')


def explain(error: BaseException) -> UserError | None:
    """The UserError for `error`, or None when it is not one the user can act on."""
    if isinstance(error, UserError):
        return error
    if isinstance(error, OSError):
        return _os_error(error)
    if isinstance(error, duckdb.Error):
        return _duckdb_error(error)
    if isinstance(error, WarehouseBuildError):
        return _build_error(error)
    return None


def permission_denied(path: Path | str) -> UserError:
    return UserError(
        f"permission denied: {path}: make it, or the folder it is in, writable for this user (or run as their "
        "owner), or choose another --warehouse / --export-dir",
        ExitCode.PERMISSION,
    )


def no_space(path: Path | str) -> UserError:
    return UserError(
        f"no space left on the device of {path}: free some space (a run needs about the warehouse's size "
        "again beside it, for the new generation) and run again",
        ExitCode.NO_SPACE,
    )


def not_a_folder(path: Path | str) -> UserError:
    return UserError(
        f"cannot create the folder {path}: a file stands in its way; remove or rename that file, "
        "or choose another --export-dir / --warehouse",
        ExitCode.CANNOT_CREATE,
    )


def damaged(path: Path | str, detail: str) -> UserError:
    return UserError(
        f"{path} is not a readable DuckDB warehouse ({detail}): restore it from a backup, or move it "
        "away and run `budget-warehouse run` to build a new one from the documents",
        ExitCode.DAMAGED,
    )


def held_open(path: Path | str, holder: str) -> UserError:
    return UserError(
        f"{path} is held open for writing by another process ({holder}): close that session, or open the "
        "warehouse read-only (duckdb -readonly, read-only connection in the BI tool), and run again",
        ExitCode.LOCKED,
    )


def _os_error(error: OSError) -> UserError | None:
    path = error.filename or "?"
    if error.errno in _PERMISSION:
        return permission_denied(path)
    if error.errno in _NO_SPACE:
        return no_space(path)
    if error.errno in _NOT_A_FOLDER:
        return not_a_folder(path)
    if error.errno == errno.ENOENT and error.filename:
        return UserError(f"no such file or folder: {path}", ExitCode.USAGE)
    return None


def _duckdb_error(error: duckdb.Error) -> UserError | None:
    text = str(error)
    paths = _DUCKDB_PATH.findall(text)
    path = paths[0] if paths else "the warehouse"
    if "Could not set lock on file" in text:
        holder = re.search(r"Conflicting lock is held in (.+?)(?:\. See also|$)", text)
        return held_open(path, holder.group(1) if holder else "unknown")
    if "not a valid DuckDB database file" in text or isinstance(error, duckdb.SerializationException):
        return damaged(path, "not a DuckDB database file" if "not a valid" in text else text.splitlines()[0])
    if "No space left on device" in text:
        return no_space(path)
    if "Permission denied" in text or "Read-only file system" in text:
        return permission_denied(path)
    return None


def _build_error(error: WarehouseBuildError) -> UserError:
    text = str(error)
    if "No space left on device" in text:
        paths = _DUCKDB_PATH.findall(text)
        # dbt names no path when its own files (artifacts, logs) fill the disk: they are beside the warehouse.
        folder = error.log_path.parent.parent.parent if error.log_path else "the warehouse's folder"
        return no_space(paths[0] if paths else folder)
    code = ExitCode.CHECK_FAILED if error.only_tests_failed else ExitCode.BUILD_FAILED
    return UserError(f"{text}; nothing published (dbt's log: {error.log_path})", code)
