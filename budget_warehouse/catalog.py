"""What a warehouse file holds: the one question many readers ask before reading a table that an
older or half-built warehouse may lack."""

import duckdb


def has_table(connection: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether `name` (`schema.table`) exists in the connection's database."""
    schema, table = name.split(".")
    found = connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
    ).fetchone()[0]
    return found > 0
