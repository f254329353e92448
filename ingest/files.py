"""A documents folder → the files to read, and every other path under it with the reason it is not
read: an unreadable folder, a dangling link, a hidden file, a pipe or device, a file over the size
limit. Nothing under the folder goes unaccounted for.

Which files are documents is not decided by their names: every regular file is read, and what its
bytes turn out to be (a text rendering, a PDF, an unsupported binary, an empty file) is the
decoder's call, reported with the document.
"""

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# Files above this size are refused unread: a text rendering of the largest disclosures is a few MB,
# and a runaway export (a log, a dump) would otherwise be parsed line by line.
DEFAULT_MAX_FILE_MB = 32
MAX_FILE_MB_VARIABLE = "BUDGET_WAREHOUSE_MAX_FILE_MB"


@dataclass(frozen=True)
class SkippedPath:
    path: Path
    reason: str


@dataclass(frozen=True)
class FolderListing:
    files: list[Path]  # regular files to read, in path order
    skipped: list[SkippedPath]  # every other path, with its reason, in path order


def max_file_bytes() -> int:
    """The size limit: BUDGET_WAREHOUSE_MAX_FILE_MB (megabytes, may be fractional), else the default."""
    value = os.environ.get(MAX_FILE_MB_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MAX_FILE_MB * 1024 * 1024
    try:
        megabytes = float(value)
    except ValueError:
        raise ValueError(f"{MAX_FILE_MB_VARIABLE}={value!r} is not a number of megabytes") from None
    if megabytes <= 0:
        raise ValueError(f"{MAX_FILE_MB_VARIABLE}={value!r} must be above 0")
    return int(megabytes * 1024 * 1024)


def list_documents(folder: Path, max_bytes: int | None = None) -> FolderListing:
    limit = max_file_bytes() if max_bytes is None else max_bytes
    files: list[Path] = []
    skipped: list[SkippedPath] = []
    _walk(folder, limit, files, skipped, visited=set())
    return FolderListing(sorted(files), sorted(skipped, key=lambda entry: entry.path))


def _walk(folder: Path, limit: int, files: list[Path], skipped: list[SkippedPath], visited: set[str]) -> None:
    real = os.path.realpath(folder)
    if real in visited:
        skipped.append(SkippedPath(folder, "link to a folder already read (a loop): not read again"))
        return
    visited.add(real)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        skipped.append(SkippedPath(folder, f"unreadable folder: {_why(error)}"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            skipped.append(SkippedPath(path, "hidden (its name starts with a dot): not read"))
            continue
        try:
            mode = entry.stat(follow_symlinks=True).st_mode
        except OSError as error:
            skipped.append(SkippedPath(path, _broken(entry, error)))
            continue
        if stat.S_ISDIR(mode):
            _walk(path, limit, files, skipped, visited)
        elif not stat.S_ISREG(mode):
            skipped.append(SkippedPath(path, f"not a regular file ({_kind(mode)}): not read"))
        elif (size := entry.stat(follow_symlinks=True).st_size) > limit:
            skipped.append(
                SkippedPath(
                    path,
                    f"too large: {size / 1024 / 1024:,.1f} MB, over the limit of {limit / 1024 / 1024:,.1f} MB"
                    f" (set {MAX_FILE_MB_VARIABLE} to raise it)",
                )
            )
        else:
            files.append(path)


def _broken(entry: os.DirEntry, error: OSError) -> str:
    if entry.is_symlink():
        try:
            target = os.readlink(entry.path)
        except OSError:
            target = "?"
        return f"dangling link to {target}: {_why(error)}"
    return f"unreadable: {_why(error)}"


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file or folder"


def unreadable_reason(error: OSError) -> str:
    """The reason reported for a file listed but not readable (permission denied, gone since)."""
    return f"unreadable: {_why(error)}"
