"""The warehouse as the exports read it: opened read-only, its marts and their columns."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from budget_warehouse.export.layout import MARTS_SCHEMA

# The bound the build keeps DuckDB to (profiles.yml): sorts beyond it spill to disk.
MEMORY_LIMIT = os.environ.get("BUDGET_WAREHOUSE_MEMORY_LIMIT", "1GB")


class ExportError(RuntimeError):
    """The warehouse cannot be exported as asked: no warehouse, no marts (build it first), or a
    slice that names no department or year of the warehouse."""


@contextmanager
def marts_of(warehouse: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, list[str]]]:
    """A read-only connection to `warehouse` and the names of its marts."""
    if not warehouse.is_file():
        raise ExportError(f"no warehouse at {warehouse}")
    connection = duckdb.connect(str(warehouse), read_only=True, config={"memory_limit": MEMORY_LIMIT})
    try:
        rows = connection.execute(
            "select table_name from information_schema.tables where table_schema = ? "
            "and table_type = 'BASE TABLE' order by table_name",
            [MARTS_SCHEMA],
        ).fetchall()
        if not rows:
            raise ExportError(f"{warehouse} has no tables in schema {MARTS_SCHEMA}: build the warehouse first")
        yield connection, [name for (name,) in rows]
    finally:
        connection.close()


def columns_of(connection: duckdb.DuckDBPyConnection, mart: str) -> list[str]:
    return [column[0] for column in connection.execute(f"select * from {relation(mart)} limit 0").description]


def relation(mart: str) -> str:
    return f'{MARTS_SCHEMA}."{mart}"'


def literal(value: object) -> str:
    """A SQL literal of a text or a number (for statements DuckDB cannot take parameters in, COPY)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"
