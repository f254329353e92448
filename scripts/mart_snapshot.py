"""Print a fingerprint of every mart of a warehouse: rows, and per column the count of non-null values
and an order-independent checksum of the values (amounts summed exactly). Two warehouses built from
the same documents by equivalent code print the same lines; run-specific columns (timestamps, run ids)
are left out.

    python scripts/mart_snapshot.py build/warehouse.duckdb > before.txt
"""

import sys

import duckdb

# Columns that differ from one run to the next by design.
VOLATILE = {"ingested_at", "run_id", "run_at", "file_path", "file_modified_at", "data_docs_path", "built_at"}


def snapshot(warehouse: str) -> list[str]:
    connection = duckdb.connect(warehouse, read_only=True)
    lines = []
    tables = connection.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' "
        "and table_type = 'BASE TABLE' and table_name <> 'validation_result' order by 1"
    ).fetchall()
    for (table,) in tables:
        columns = connection.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = ? order by ordinal_position",
            [table],
        ).fetchall()
        rows = connection.execute(f'select count(*) from marts."{table}"').fetchone()[0]
        lines.append(f"{table}: {rows} rows")
        for column, data_type in columns:
            if column in VOLATILE:
                continue
            if data_type.startswith("DECIMAL"):
                value = f'sum("{column}")'
            else:
                value = f'sum(hash(cast("{column}" as varchar)) % 1000000007)'
            count, checksum = connection.execute(f'select count("{column}"), {value} from marts."{table}"').fetchone()
            lines.append(f"  {column} {data_type}: {count} values, {checksum}")
    connection.close()
    return lines


if __name__ == "__main__":
    print("\n".join(snapshot(sys.argv[1])))
