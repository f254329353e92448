"""A new generation of the warehouse, made beside the published one and published in one step.

A writing command never opens the published warehouse for writing: it copies it into the staging
folder (`.<stem>.next/`, same file name: DuckDB names the database after its file and dbt's views
refer to that name), works on the copy, and writes the folders that go with it (Data Docs, exports,
…) beside their published places (`.<name>.next`). Publishing is a journal, then renames:

1. the copy is checkpointed and closed (no .wal goes with it), every staged file is flushed to disk;
2. the journal `.<stem>.publish.json` lists each staged path, its published path and its inode, and
   is written atomically: from here on the generation is published, whatever happens;
3. each entry is swapped in: the warehouse file by `os.replace`, a folder by an atomic exchange of
   the two folders (renameat2 RENAME_EXCHANGE; where the file system lacks it, by two renames);
4. the journal is removed.

A run that dies before 2 leaves the published warehouse and folders as they were; the next run
removes its staging (`recover`). One that dies after 2 is completed by the next run: an entry whose
published path already has the staged inode is done. Readers that hold the published file keep
reading the inode they opened; a new connection opens the new file.
"""

import ctypes
import errno
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from budget_warehouse.pipeline.paths import WarehousePaths, replaced_folder, staged_folder

MANIFEST = "generation.json"  # in the staging folder: the staged paths outside it, for `recover`
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PublishError(RuntimeError):
    """A journal that cannot be completed: a staged path it names is gone."""


@dataclass(frozen=True)
class Swap:
    staged: str
    published: str
    inode: int
    is_folder: bool


class Generation:
    """The generation a run makes: `warehouse` is the copy it works on."""

    def __init__(self, paths: WarehousePaths, run_id: str) -> None:
        self.paths = paths
        self.run_id = run_id
        self.warehouse = paths.staged_warehouse
        self._folders: dict[Path, Path] = {}  # staged → published
        self.published = False

    def start(self) -> None:
        """An empty staging folder (what a dead run left there is removed by `recover` first)."""
        remove(self.paths.staging)
        self.paths.staging.mkdir(parents=True)
        self._write_manifest()

    def copy_published(self, on_warning: Callable[[str], None]) -> bool:
        """Copy the published warehouse into the staging folder; False when there is none yet."""
        published = self.paths.warehouse
        if not published.exists():
            return False
        wal = published.with_name(published.name + ".wal")
        if wal.exists():
            on_warning(
                f"{wal} ignored: a read-write session wrote to the published warehouse; its changes are not "
                "carried into the new generation (open the warehouse read-only)"
            )
        copy_file(published, self.warehouse)
        return True

    def stage_folder(self, published: Path, keep_published: bool = False) -> Path:
        """A folder in which to write what is to be published at `published` with this generation:
        empty, or with `keep_published` the published folder's files hard-linked, for a writer that
        rewrites only what changed and replaces each file it writes (never writes into one)."""
        published = Path(published).resolve()
        staged = staged_folder(published)
        remove(staged)
        if keep_published and published.is_dir():
            shutil.copytree(published, staged, copy_function=_link_or_copy)
        else:
            staged.mkdir(parents=True)
        self._folders[staged] = published
        self._write_manifest()
        return staged

    def add_folder(self, staged: Path, published: Path) -> None:
        """Publish `staged` (written by a step for the staged warehouse) at `published`."""
        self._folders[Path(staged).resolve()] = Path(published).resolve()
        self._write_manifest()

    def publish(self, finalize: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> None:
        """Finalize the staged warehouse (if any) and publish it with the staged folders, in one step."""
        swaps = []
        if self.warehouse.exists():
            seal_warehouse(self.warehouse, finalize)
            swaps.append(Swap(str(self.warehouse), str(self.paths.warehouse), self.warehouse.stat().st_ino, False))
        for staged, published in self._folders.items():
            if staged.is_dir():
                _sync_tree(staged)
                swaps.append(Swap(str(staged), str(published), staged.stat().st_ino, True))
        write_journal(self.paths.journal, self.run_id, swaps)
        self.published = True
        complete_journal(self.paths)

    def discard(self) -> None:
        """Remove what this generation staged (nothing published is touched)."""
        for staged in self._folders:
            remove(staged)
        remove(self.paths.staging)

    def _write_manifest(self) -> None:
        manifest = {"run_id": self.run_id, "folders": [str(path) for path in self._folders]}
        (self.paths.staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def seal_warehouse(warehouse: Path, finalize: Callable[[duckdb.DuckDBPyConnection], None] | None) -> None:
    """Write what the generation records about itself, checkpoint, close and flush the file to disk."""
    with duckdb.connect(str(warehouse)) as connection:
        if finalize:
            finalize(connection)
        connection.execute("checkpoint")
    wal = warehouse.with_name(warehouse.name + ".wal")
    if wal.exists():  # a checkpointed, closed database leaves none; publishing one would lose it
        raise PublishError(f"{wal} is left after the checkpoint: the generation is not published")
    _sync_file(warehouse)


def write_journal(journal: Path, run_id: str, swaps: list[Swap]) -> None:
    partial = journal.with_name(journal.name + ".part")
    partial.write_text(json.dumps({"run_id": run_id, "swaps": [asdict(swap) for swap in swaps]}), encoding="utf-8")
    _sync_file(partial)
    os.replace(partial, journal)
    _sync_folder(journal.parent)


def complete_journal(paths: WarehousePaths) -> str | None:
    """Carry out the swaps of a journal left by a publication, then remove it and the staging.
    Returns the run id of the generation it published, None without a journal."""
    if not paths.journal.is_file():
        return None
    journal = json.loads(paths.journal.read_text(encoding="utf-8"))
    for entry in journal["swaps"]:
        _swap(Swap(**entry))
    paths.journal.unlink()
    _sync_folder(paths.folder)
    for entry in journal["swaps"]:  # the replaced folders, now at the staged paths
        remove(Path(entry["staged"]))
        remove(replaced_folder(Path(entry["published"])))
    remove(paths.staging)
    return journal["run_id"]


def recover(paths: WarehousePaths) -> tuple[str | None, bool]:
    """Run under the lock before a writing command: complete a publication the journal shows was
    decided, and remove what an unfinished run staged. Returns (run id of a publication completed,
    whether an unfinished generation was removed)."""
    completed = complete_journal(paths)
    removed = False
    partial = paths.journal.with_name(paths.journal.name + ".part")
    if partial.exists():
        partial.unlink()
    manifest = paths.staging / MANIFEST
    if manifest.is_file():
        try:
            folders = json.loads(manifest.read_text(encoding="utf-8"))["folders"]
        except (ValueError, KeyError):
            folders = []
        for folder in folders:
            remove(Path(folder))
    if paths.staging.exists():
        remove(paths.staging)
        removed = True
    return completed, removed


def copy_file(source: Path, target: Path) -> None:
    """Copy a file in the kernel: copy_file_range shares the blocks where the file system can
    (XFS, Btrfs: a reflink, instant), and copies them without passing through Python elsewhere."""
    with source.open("rb") as reader, target.open("wb") as writer:
        size = os.fstat(reader.fileno()).st_size
        copied = 0
        try:
            while copied < size:
                count = os.copy_file_range(reader.fileno(), writer.fileno(), size - copied)
                if count == 0:
                    break
                copied += count
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP) or copied:
                raise
            shutil.copyfileobj(reader, writer, 16 * 1024 * 1024)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _swap(swap: Swap) -> None:
    staged, published = Path(swap.staged), Path(swap.published)
    if _inode(published) == swap.inode:
        return  # done before the last run stopped
    if _inode(staged) != swap.inode:
        raise PublishError(f"cannot complete the publication: {staged} is gone and {published} is not the new one")
    if not swap.is_folder:
        os.replace(staged, published)
    elif not published.exists():
        os.rename(staged, published)
    elif not _exchange(staged, published):
        # Two renames; a run stopped between them finds the published path free and the staged one
        # still there, and takes the branch above.
        old = replaced_folder(published)
        remove(old)
        os.rename(published, old)
        os.rename(staged, published)
    _sync_folder(published.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_folder(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_tree(folder: Path) -> None:
    for root, _, files in os.walk(folder):
        for name in files:
            _sync_file(Path(root) / name)
        _sync_folder(Path(root))
