"""Which tie checks a run validates: those of the documents whose checks changed since the last
validated run (new documents, documents parsed again or rebuilt), or all of them.

The record of the validated runs (VALIDATED) keeps, per document, a digest of what the verdicts
depend on — each check's id, rule, sides, tolerance and status — and, per rule, the checks
compared and failed. A document whose checks still have the recorded digest keeps those results:
its rows are the ones Great Expectations validated. Everything is validated when nothing was
recorded, when the suite or the build changed since (SUITE_VERSION, the build fingerprint: new
logic, seeds or parser), and on request (`full`).

The checks of the kept documents are not loaded, but for the failing ones the results show (the
Data Docs' list per rule, the examples of marts.validation_result), validated again.

The scope lives in temporary tables of the connection: the documents with tie checks and their
digests (CURRENT), those whose results are kept (KEPT), the kept failing checks shown (SHOWN), and
the checks validated (frames.IN_SCOPE, when results are kept).
"""

from dataclasses import dataclass

import duckdb

from budget_warehouse.build import FINGERPRINT_TABLE
from budget_warehouse.catalog import has_table
from budget_warehouse.checks.frames import KEPT_DOCUMENTS, KEPT_FAILURES_SHOWN, MARTS_SCHEMA, stage_checks_in_scope
from budget_warehouse.checks.suite import DOCS_ROWS, EXAMPLES, SUITE_VERSION, TIE_FRAME

VALIDATED = "metadata.tie_checks_validated"
CURRENT = "tie_check_documents"
KEPT = KEPT_DOCUMENTS
SHOWN = KEPT_FAILURES_SHOWN

_VALIDATED_DDL = f"""
create schema if not exists {VALIDATED.split(".")[0]};
create table if not exists {VALIDATED} (
    basis varchar not null,  -- suite version and build fingerprint the results were validated under
    document_id varchar not null,
    digest hugeint not null,  -- of the document's tie checks (scope.py)
    checks bigint not null,  -- the document's tie checks, all rules
    rule_id varchar not null,
    compared bigint not null,  -- checks of the rule whose status is not not_applicable
    failed bigint not null
)
"""


@dataclass(frozen=True)
class Scope:
    full: bool  # every tie check is validated
    documents_validated: int
    documents_kept: int  # whose results are kept from an earlier run


def plan_scope(connection: duckdb.DuckDBPyConnection, full: bool) -> Scope:
    """Decide what this run validates, leaving CURRENT and KEPT in the connection."""
    connection.execute(f"""
        create or replace temp table {CURRENT} as
        select document_id, sum(hash(tie_check_id, rule_id, lhs, rhs, tolerance, status)) as digest,
               count(*) as checks
        from {MARTS_SCHEMA}.{TIE_FRAME}
        group by document_id
    """)
    connection.execute(f"create or replace temp table {KEPT} (document_id varchar)")
    if not full and has_table(connection, VALIDATED):
        connection.execute(
            f"""
            insert into {KEPT}
            select distinct current.document_id
            from {CURRENT} as current
            inner join {VALIDATED} as validated
                on current.document_id = validated.document_id
                and current.digest = validated.digest
                and current.checks = validated.checks
            where validated.basis = ?
            """,
            [_basis(connection)],
        )
    # The order of the Data Docs' list (largest difference first) and of the examples (by id).
    connection.execute(f"""
        create or replace temp table {SHOWN} as
        select rule_id, tie_check_id
        from (
            select rule_id, tie_check_id,
                   row_number() over (
                       partition by rule_id order by abs(difference) desc nulls last, tie_check_id
                   ) as by_difference,
                   row_number() over (partition by rule_id order by tie_check_id) as by_id
            from {MARTS_SCHEMA}.{TIE_FRAME}
            where status = 'fail' and document_id in (select document_id from {KEPT})
        ) as failing
        where by_difference <= {DOCS_ROWS} or by_id <= {EXAMPLES}
    """)
    ((documents,),) = connection.execute(f"select count(*) from {CURRENT}").fetchall()
    ((kept,),) = connection.execute(f"select count(*) from {KEPT}").fetchall()
    if kept:
        stage_checks_in_scope(connection)
    return Scope(full=kept == 0, documents_validated=documents - kept, documents_kept=kept)


def kept_results(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Per rule, the checks of the kept documents that held when they were validated, and those
    that failed, but for the ones shown (validated again)."""
    rows = connection.execute(f"""
        with kept as (
            select validated.rule_id, sum(validated.compared - validated.failed) as held,
                   sum(validated.failed) as failed
            from {VALIDATED} as validated
            inner join {KEPT} as kept on validated.document_id = kept.document_id
            group by validated.rule_id
        ),
        shown as (
            select rule_id, count(*) as shown from {SHOWN} group by rule_id
        )
        select kept.rule_id, kept.held, kept.failed - coalesce(shown.shown, 0)
        from kept left join shown on kept.rule_id = shown.rule_id
    """).fetchall()
    return {rule_id: (int(held), int(failed)) for rule_id, held, failed in rows}


def record_validated(connection: duckdb.DuckDBPyConnection) -> None:
    """Record the results of the documents this run validated beside those it kept, dropping the
    documents gone from the warehouse. Called only when no status disagreed with Great Expectations'
    verdict: each check's verdict is then its status, so a rule's checks compared and failed are
    counted from the statuses."""
    connection.execute(_VALIDATED_DDL)
    connection.execute("begin transaction")
    try:
        connection.execute(f"delete from {VALIDATED} where document_id not in (select document_id from {KEPT})")
        connection.execute(
            f"""
            insert into {VALIDATED}
            select ?, current.document_id, current.digest, current.checks, checks.rule_id,
                   count(*) filter (where checks.status <> 'not_applicable'),
                   count(*) filter (where checks.status = 'fail')
            from {MARTS_SCHEMA}.{TIE_FRAME} as checks
            inner join {CURRENT} as current on checks.document_id = current.document_id
            where checks.document_id not in (select document_id from {KEPT})
            group by current.document_id, current.digest, current.checks, checks.rule_id
            """,
            [_basis(connection)],
        )
        connection.execute("commit")
    except duckdb.Error:
        connection.execute("rollback")
        raise


def _basis(connection: duckdb.DuckDBPyConnection) -> str:
    fingerprint = None
    if has_table(connection, FINGERPRINT_TABLE):
        row = connection.execute(f"select fingerprint from {FINGERPRINT_TABLE}").fetchone()
        fingerprint = row[0] if row else None
    return f"suite {SUITE_VERSION}; build {fingerprint}"
