"""The pandas frames the tie expectations read: the checks of one rule at a time, with only the
columns they need (marts.fct_tie_check of a large corpus is never loaded whole), and only those of
the run's scope (scope.py)."""

import duckdb
import pandas as pd

from budget_warehouse.checks.suite import TIE_FRAME

# The temporary tables of the documents whose results are kept, and of their failing checks the
# results show (scope.py).
KEPT_DOCUMENTS = "tie_check_documents_kept"
KEPT_FAILURES_SHOWN = "tie_check_kept_failures_shown"

MARTS_SCHEMA = "marts"
# What a failing check is reported with, beside its sides: the Data Docs list these per rule.
INDEX_COLUMNS = ["tie_check_id", "file_name", "place", "lhs_source_lines", "rhs_source_lines"]

# The checks of a scoped run (scope.py), read from the mart in one pass: rule by rule, the mart
# of a large corpus would be scanned once per rule for a few rows each time.
IN_SCOPE = "tie_checks_in_scope"

_COLUMNS = """tie_check_id, file_name,
           concat_ws(' ', statement, coalesce(subject_code, economic_code, line_label), measure) as place,
           cast(lhs as varchar) as lhs, cast(rhs as varchar) as rhs, cast(tolerance as varchar) as tolerance,
           status, lhs_source_lines, rhs_source_lines"""
_RULE_CHECKS = f"""
    select {_COLUMNS}
    from {MARTS_SCHEMA}.{TIE_FRAME}
    where rule_id = ?
    order by tie_check_id
"""
_RULE_CHECKS_IN_SCOPE = f"""
    select * exclude (rule_id)
    from {IN_SCOPE}
    where rule_id = ?
    order by tie_check_id
"""
# Of the kept documents, the failing checks the results show are validated again: what the Data
# Docs list is Great Expectations' verdict of this run.
_STAGE_IN_SCOPE = f"""
    create or replace temp table {IN_SCOPE} as
    select rule_id, {_COLUMNS}
    from {MARTS_SCHEMA}.{TIE_FRAME}
    where document_id not in (select document_id from {KEPT_DOCUMENTS})
        or tie_check_id in (select tie_check_id from {KEPT_FAILURES_SHOWN})
"""


def existing_marts(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = ?", [MARTS_SCHEMA]
    ).fetchall()
    return {name for (name,) in rows}


def stage_checks_in_scope(connection: duckdb.DuckDBPyConnection) -> None:
    """Put the checks of the documents not kept and the kept failing checks the results show in
    IN_SCOPE, from the temporary tables of the scope (scope.py)."""
    connection.execute(_STAGE_IN_SCOPE)


def load_rule_checks(connection: duckdb.DuckDBPyConnection, rule_id: str, full: bool = True) -> pd.DataFrame:
    """The checks of one rule: sides, status, and what names each check. Without `full`, only
    those of the scope (IN_SCOPE, stage_checks_in_scope).

    The sides come as the exact text of their decimals (4342.650000), which the expectation reads
    as decimals again: Great Expectations turns every Decimal of a result into a float, walking
    the call stack for each, which takes minutes for the failing checks of a large corpus, and the
    text is what the Data Docs should print anyway."""
    # Arrow-backed columns take a fraction of the memory of Python objects.
    query = _RULE_CHECKS if full else _RULE_CHECKS_IN_SCOPE
    return connection.execute(query, [rule_id]).to_arrow_table().to_pandas(types_mapper=pd.ArrowDtype)
