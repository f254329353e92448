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
EXPORT_FORMAT = 2


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


@dataclass(frozen=True)
class Fingerprints:
    """What a mart holds, from one scan of its rows: all of them, those of each file of a
    partitioned mart (`groups`, by the values of the group expressions), and those meeting each
    condition of `subsets` (an extract of the mart)."""

    whole: Fingerprint
    groups: dict[tuple, Fingerprint]
    subsets: dict[str, Fingerprint]


def fingerprints(
    connection: duckdb.DuckDBPyConnection, relation: str, groups: tuple[str, ...] = (), subsets: tuple[str, ...] = ()
) -> Fingerprints:
    """The fingerprints of the rows of `relation` (a table or a query in parentheses), per value of
    the `groups` expressions and for each SQL condition of `subsets`, in one pass over the rows.
    The row checksum is a sum of row hashes: the same rows in any order give the same sum."""
    columns = connection.execute(f"select * from {relation} limit 0").description
    schema = hashlib.sha256(repr([(column[0], str(column[1])) for column in columns]).encode()).hexdigest()

    def fingerprint(rows: int, checksum: str) -> Fingerprint:
        return Fingerprint(rows, f"{EXPORT_FORMAT}:{schema[:16]}:{checksum}")

    measures = ["count(*)", "coalesce(sum(row_hash), 0)::varchar"]
    for condition in subsets:
        measures += [
            f"count(*) filter (where {condition})",
            f"coalesce(sum(row_hash) filter (where {condition}), 0)::varchar",
        ]
    rows = f"(select *, hash(t)::hugeint as row_hash from {relation} t)"
    if groups:
        keys = ", ".join(groups)
        query = f"select grouping({keys}) > 0, {keys}, {', '.join(measures)} from {rows} group by grouping sets (({keys}), ())"
    else:
        query = f"select true, {', '.join(measures)} from {rows}"
    found: dict[tuple, Fingerprint] = {}
    whole, parts = None, {}
    for row in connection.execute(query).fetchall():
        is_whole, values, totals = row[0], tuple(row[1 : 1 + len(groups)]), row[1 + len(groups) :]
        if is_whole:
            whole = fingerprint(*totals[:2])
            parts = {
                condition: fingerprint(*totals[2 + 2 * index : 4 + 2 * index])
                for index, condition in enumerate(subsets)
            }
        else:
            found[values] = fingerprint(*totals[:2])
    return Fingerprints(whole, found, parts)


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
