"""What a check run leaves behind: one row per run and expectation (one per tie rule) in
marts.validation_result, and the per-document report of the ties read from marts.fct_tie_check."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from budget_warehouse.checks.scope import Scope
from budget_warehouse.checks.suite import SUITE_NAME, SUITE_VERSION
from budget_warehouse.checks.validate import Outcome

VALIDATION_RESULT_DDL = """
create table if not exists marts.validation_result (
    run_id varchar not null,
    run_at timestamp not null,
    suite_name varchar not null,
    suite_version varchar not null,
    frame varchar not null,
    expectation varchar not null,
    column_name varchar,
    arguments varchar not null,
    is_blocking boolean not null,
    success boolean not null,
    element_count bigint,
    unexpected_count bigint,
    unexpected_examples varchar,
    message varchar,
    data_docs_path varchar not null
);
-- added with the tie expectations (one per rule); rows of earlier runs have none
alter table marts.validation_result add column if not exists rule_id varchar;
-- added with runs scoped to the documents that changed (checks/scope.py): of the documents with
-- tie checks, those validated by the run and those whose results it kept
alter table marts.validation_result add column if not exists documents_validated bigint;
alter table marts.validation_result add column if not exists documents_kept bigint;
"""

LARGEST_FAILURES = 3


@dataclass(frozen=True)
class TieFailure:
    rule_id: str
    statement: str
    location: str  # subject code or line label
    measure: str | None
    lhs: Decimal | None
    rhs: Decimal | None
    difference: Decimal | None
    source_lines: str


@dataclass(frozen=True)
class DocumentTies:
    document_id: str
    file_name: str
    checks: int
    passed: int
    rounding: int
    failed: int
    not_applicable: int
    largest_failures: tuple[TieFailure, ...]


def record_outcomes(
    connection: duckdb.DuckDBPyConnection,
    run_id: str,
    outcomes: list[Outcome],
    data_docs_dir: Path,
    scope: Scope | None = None,
) -> None:
    """Append one marts.validation_result row per outcome (set-based, one statement)."""
    connection.execute(VALIDATION_RESULT_DDL)
    run_at = datetime.now(UTC).replace(tzinfo=None)
    rows = pa.table(
        {
            "run_id": [run_id] * len(outcomes),
            "run_at": [run_at] * len(outcomes),
            "suite_name": [f"{SUITE_NAME}.ties.{outcome.check.rule.rule_id}" for outcome in outcomes],
            "suite_version": [SUITE_VERSION] * len(outcomes),
            "frame": [outcome.check.frame for outcome in outcomes],
            "expectation": [outcome.check.expectation for outcome in outcomes],
            "rule_id": [outcome.check.rule.rule_id for outcome in outcomes],
            "column_name": [outcome.check.column for outcome in outcomes],
            "arguments": [
                json.dumps(outcome.check.arguments, ensure_ascii=False, sort_keys=True) for outcome in outcomes
            ],
            "is_blocking": [outcome.blocking for outcome in outcomes],
            "success": [outcome.success for outcome in outcomes],
            "element_count": pa.array([outcome.element_count for outcome in outcomes], pa.int64()),
            "unexpected_count": pa.array([outcome.unexpected_count for outcome in outcomes], pa.int64()),
            "unexpected_examples": [outcome.unexpected_examples or None for outcome in outcomes],
            "message": [_message(outcome) for outcome in outcomes],
            "data_docs_path": [str(data_docs_dir / "index.html")] * len(outcomes),
            "documents_validated": pa.array([scope and scope.documents_validated] * len(outcomes), pa.int64()),
            "documents_kept": pa.array([scope and scope.documents_kept] * len(outcomes), pa.int64()),
        }
    )
    connection.register("validation_rows", rows)
    try:
        connection.execute("insert into marts.validation_result by name select * from validation_rows")
    finally:
        connection.unregister("validation_rows")


def _message(outcome: Outcome) -> str | None:
    """Why a blocking outcome blocks (its description names the disagreeing checks)."""
    return outcome.describe if outcome.blocking else None


def document_ties(connection: duckdb.DuckDBPyConnection) -> list[DocumentTies]:
    """Per loaded document: checks run, by status, and its largest failures (by absolute difference)."""
    counts = connection.execute("""
        select d.document_id, d.file_name, count(t.rule_id),
               count(case when t.status = 'pass' then 1 end),
               count(case when t.status = 'rounding' then 1 end),
               count(case when t.status = 'fail' then 1 end),
               count(case when t.status = 'not_applicable' then 1 end)
        from raw.documents d
        left join marts.fct_tie_check t on d.document_id = t.document_id
        where d.status = 'loaded'
        group by d.document_id, d.file_name
        order by d.file_name
    """).fetchall()
    failures = connection.execute(f"""
        select document_id, rule_id, statement, coalesce(subject_code, economic_code, line_label, ''), measure,
               lhs, rhs, difference,
               concat_ws(' / ', nullif(lhs_source_lines, ''), nullif(rhs_source_lines, ''))
        from (
            select *, row_number() over (
                partition by document_id order by abs(difference) desc nulls last, rule_id, tie_check_id) as place
            from marts.fct_tie_check
            where status = 'fail'
        ) ranked
        where place <= {LARGEST_FAILURES}
        order by document_id, place
    """).fetchall()
    by_document: dict[str, list[TieFailure]] = {}
    for document_id, *failure in failures:
        by_document.setdefault(document_id, []).append(TieFailure(*failure))
    return [
        DocumentTies(
            document_id,
            file_name,
            checks,
            passed,
            rounding,
            failed,
            not_applicable,
            tuple(by_document.get(document_id, ())),
        )
        for document_id, file_name, checks, passed, rounding, failed, not_applicable in counts
    ]
