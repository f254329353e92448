"""The pandas frames the expectations read, loaded from the warehouse with only the columns they need
(a mart of millions of lines is never loaded whole)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

import duckdb
import pandas as pd

from budget_warehouse.checks.suite import Check

MARTS_SCHEMA = "marts"

# Every raw amount cell of a budget statement must be one fact line: counted and summed per
# document and statement on both sides. Sums are compared as text so that no float rounding hides
# a difference.
RECONCILIATION_FRAMES = {
    "raw_cell_reconciliation": """
        with raw_cells as (
            select c.document_id, t.statement_kind as statement, count(*) as raw_cells,
                   cast(sum(c.amount) as varchar) as raw_amount_sum
            from raw.statement_cells c
            join raw.statement_rows r on c.row_id = r.row_id
            join raw.statement_tables t on c.table_id = t.table_id
            join raw.documents d on c.document_id = d.document_id
            join marts.dim_statement s on t.statement_kind = s.statement
            where r.row_role = 'data' and d.status = 'loaded' and s.is_budget_statement
            group by c.document_id, t.statement_kind
        ),
        fact_lines as (
            select document_id, statement, count(*) as fact_lines,
                   cast(sum(amount) as varchar) as fact_amount_sum
            from marts.fct_budget_line
            group by document_id, statement
        )
        select coalesce(r.document_id, f.document_id) as document_id,
               coalesce(r.statement, f.statement) as statement,
               coalesce(r.raw_cells, 0) as raw_cells, coalesce(f.fact_lines, 0) as fact_lines,
               coalesce(r.raw_amount_sum, '') as raw_amount_sum,
               coalesce(f.fact_amount_sum, '') as fact_amount_sum
        from raw_cells r
        full outer join fact_lines f on r.document_id = f.document_id and r.statement = f.statement
    """,
}


def existing_marts(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = ?", [MARTS_SCHEMA]
    ).fetchall()
    return {name for (name,) in rows}


@dataclass(frozen=True)
class Batch:
    """Checks validated together on one frame: a reconciliation frame whole, or the columns of one
    mart that they read. Batches are loaded one at a time, as they are validated, so memory holds
    a few columns of one mart, never a mart of millions of lines whole."""

    name: str
    frame: str
    checks: tuple[Check, ...]
    load: Callable[[], pd.DataFrame]


def batches(connection: duckdb.DuckDBPyConnection, checks: Iterable[Check]) -> list[Batch]:
    grouped: dict[tuple[str, tuple[str, ...]], list[Check]] = {}
    for check in checks:
        columns = () if check.frame in RECONCILIATION_FRAMES else check.columns
        grouped.setdefault((check.frame, columns), []).append(check)
    return [
        Batch(
            f"{frame}.{'.'.join(columns)}" if columns else frame,
            frame,
            tuple(group),
            partial(_load_frame, connection, frame, columns),
        )
        for (frame, columns), group in grouped.items()
    ]


def _load_frame(connection: duckdb.DuckDBPyConnection, frame: str, columns: tuple[str, ...]) -> pd.DataFrame:
    if frame in RECONCILIATION_FRAMES:
        sql = RECONCILIATION_FRAMES[frame]
    else:
        selected = ", ".join(f'"{name}"' for name in columns)
        sql = f'select {selected} from {MARTS_SCHEMA}."{frame}"'
    # Arrow-backed columns: a mart of millions of lines takes a fraction of the memory of Python objects.
    return connection.execute(sql).fetch_arrow_table().to_pandas(types_mapper=pd.ArrowDtype)


def load_value_set(connection: duckdb.DuckDBPyConnection, frame: str, column: str) -> list:
    rows = connection.execute(f'select distinct "{column}" from {MARTS_SCHEMA}."{frame}" where "{column}" is not null')
    return [value for (value,) in rows.fetchall()]
