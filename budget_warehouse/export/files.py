"""Rows of the warehouse → Parquet and CSV files, written by DuckDB's COPY through a partial file
beside the target and renamed into place, so that a reader never sees half a file."""

import os
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from budget_warehouse.export.warehouse import literal

UTF8_BOM = b"\xef\xbb\xbf"
PARTITION_BATCH_ROWS = 100_000
PARQUET_ROW_GROUP_ROWS = 122_880  # as DuckDB writes them


def write_parquet(connection: duckdb.DuckDBPyConnection, query: str, path: Path) -> Path:
    partial = _partial(path)
    connection.execute(f"copy ({query}) to {literal(partial)} (format parquet)")
    os.replace(partial, path)
    return path


def write_csv(connection: duckdb.DuckDBPyConnection, query: str, path: Path) -> Path:
    """UTF-8 with a byte-order mark (so that Excel reads the Chinese text), a header of the
    warehouse's column names."""
    plain, partial = _partial(path, ".plain"), _partial(path)
    connection.execute(f"copy ({query}) to {literal(plain)} (format csv, header true)")
    with partial.open("wb") as target, plain.open("rb") as source:
        target.write(UTF8_BOM)
        shutil.copyfileobj(source, target, length=2**20)
    plain.unlink()
    os.replace(partial, path)
    return path


def write_partitions(connection: duckdb.DuckDBPyConnection, query: str, key: str, targets: dict[str, Path]) -> None:
    """Write the rows of `query`, ordered by its column `key` and then as each file's rows go, to a
    Parquet file per value of `key` (`targets`; the files do not hold `key`).

    One pass over the rows for all the files, one file open at a time. DuckDB's own partitioned
    COPY keeps every partition open in memory and writes them from several threads in an order that
    varies from run to run; here a file is written whole from its rows in order, so the same rows
    make the same bytes, whichever other files the pass writes."""
    current: str | None = None
    pending: list[pa.RecordBatch] = []
    for batch in connection.execute(query).to_arrow_reader(PARTITION_BATCH_ROWS):
        runs = pc.run_end_encode(batch.column(key))
        start = 0
        for value, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist(), strict=True):
            if value != current:
                if current is not None:
                    _write_table(pending, key, targets[current])
                current, pending = value, []
            pending.append(batch.slice(start, end - start))
            start = end
    if current is not None:
        _write_table(pending, key, targets[current])


def _write_table(batches: list[pa.RecordBatch], key: str, path: Path) -> None:
    partial = _partial(path)
    table = pa.Table.from_batches(batches).drop_columns([key])
    pq.write_table(table, partial, row_group_size=PARQUET_ROW_GROUP_ROWS, compression="snappy")
    os.replace(partial, path)


def _partial(path: Path, suffix: str = ".part") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.name}{suffix}")
