"""What a file of an export holds, as a fingerprint computed in DuckDB, and the manifest that keeps
the fingerprint of every file written, so that the next export rewrites only the files whose rows
changed and carries the others over from the previous export folder."""

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

# Changes whenever the way files are written changes: every file is then written again.
EXPORT_FORMAT = 1


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    checksum: str  # of the columns' names and types and of every row, whatever their order


@dataclass(frozen=True)
class Entry:
    """A file of the manifest: its fingerprint and its size when written (a file changed by hand
    since is written again)."""

    rows: int
    checksum: str
    bytes: int


def fingerprints(
    connection: duckdb.DuckDBPyConnection, relation: str, groups: tuple[str, ...] = ()
) -> dict[tuple, Fingerprint]:
    """The fingerprint of the rows of `relation` (a table or a query in parentheses), per value of
    the `groups` expressions ({(): …} without groups). The row checksum is a sum of row hashes:
    the same rows in any order give the same sum."""
    columns = connection.execute(f"select * from {relation} limit 0").description
    schema = hashlib.sha256(repr([(column[0], str(column[1])) for column in columns]).encode()).hexdigest()
    keys = ", ".join(f"{expression} as group_{index}" for index, expression in enumerate(groups))
    rows = connection.execute(
        f"select {keys + ', ' if keys else ''}count(*), coalesce(sum(hash(t)::hugeint), 0)::varchar "
        f"from {relation} t {'group by all' if groups else ''}"
    ).fetchall()
    return {tuple(row[: len(groups)]): Fingerprint(row[-2], f"{EXPORT_FORMAT}:{schema[:16]}:{row[-1]}") for row in rows}


def combined(parts: list[Fingerprint]) -> Fingerprint:
    """One fingerprint for a file made of several parts (a workbook of sheets), in their order."""
    digest = hashlib.sha256(repr([(part.rows, part.checksum) for part in parts]).encode()).hexdigest()
    return Fingerprint(sum(part.rows for part in parts), f"{EXPORT_FORMAT}:{digest}")


class Manifest:
    """The files of an export folder and their fingerprints (`manifest.json`, relative paths)."""

    def __init__(self, folder: Path, entries: dict[str, Entry] | None = None) -> None:
        self.folder = folder
        self.entries = entries or {}

    @classmethod
    def read(cls, folder: Path, name: str) -> "Manifest":
        """The manifest of `folder`; an empty one when there is none or it cannot be read."""
        try:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
            entries = {path: Entry(**entry) for path, entry in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return cls(folder)
        return cls(folder, entries)

    def unchanged(self, relative: str, fingerprint: Fingerprint) -> Path | None:
        """The file of this folder that already holds these rows, if there is one."""
        entry = self.entries.get(relative)
        path = self.folder / relative
        if entry is None or (entry.rows, entry.checksum) != (fingerprint.rows, fingerprint.checksum):
            return None
        try:
            return path if path.stat().st_size == entry.bytes else None
        except OSError:
            return None

    def record(self, relative: str, fingerprint: Fingerprint) -> None:
        size = (self.folder / relative).stat().st_size
        self.entries[relative] = Entry(fingerprint.rows, fingerprint.checksum, size)

    def write(self, name: str) -> Path:
        path = self.folder / name
        partial = path.with_name(f".{name}.part")
        files = {relative: asdict(entry) for relative, entry in sorted(self.entries.items())}
        partial.write_text(json.dumps({"format": EXPORT_FORMAT, "files": files}, ensure_ascii=False, indent=1))
        os.replace(partial, path)
        return path


def carry_over(source: Path, target: Path) -> None:
    """Put the unchanged file `source` at `target`: a hard link (no copy; files are never changed
    in place, so the two folders may share it), or a copy across file systems."""
    if source == target:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
