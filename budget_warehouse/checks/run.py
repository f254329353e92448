"""`budget-warehouse check`: validate the ties of a built warehouse and record the outcome."""

import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa

from budget_warehouse.checks.frames import MARTS_SCHEMA, existing_marts, load_rule_checks
from budget_warehouse.checks.results import DocumentTies, document_ties, record_outcomes
from budget_warehouse.checks.scope import Scope, kept_results, plan_scope, record_validated
from budget_warehouse.checks.suite import REGISTRY, TIE_FRAME, Check, load_rules, tie_checks
from budget_warehouse.checks.validate import Outcome, validate

# DuckDB's share while checking; by default it takes up to 80 % of RAM.
CHECK_MEMORY_LIMIT = "512MB"


@dataclass(frozen=True)
class CheckReport:
    run_id: str
    outcomes: tuple[Outcome, ...]  # one per tie rule of the registry
    documents: tuple[DocumentTies, ...]
    data_docs: Path  # index.html of the Data Docs site
    scope: Scope | None = None  # the documents validated and kept; None when the tie mart is missing

    @property
    def blocking_failures(self) -> list[Outcome]:
        """The warehouse is wrong: a mart missing, or a tie status that its figures contradict."""
        return [outcome for outcome in self.outcomes if outcome.blocking]

    @property
    def documents_with_failures(self) -> int:
        return sum(1 for document in self.documents if document.failed)

    @property
    def reported_failures(self) -> list[Outcome]:
        """Rules with checks that fail: the documents disagree with themselves."""
        return [outcome for outcome in self.outcomes if not outcome.blocking and not outcome.held]


def data_docs_dir(warehouse: Path) -> Path:
    """Data Docs live beside the warehouse, like dbt's artifacts."""
    warehouse = Path(warehouse).resolve()
    return warehouse.parent / f"{warehouse.stem}_data_docs"


def run_checks(warehouse: Path, full: bool = False) -> CheckReport:
    """Validate every tie rule of the warehouse's registry against marts.fct_tie_check, append the
    outcomes to marts.validation_result and build the Data Docs. Only the checks of the documents
    that changed since the last validated run are validated, the others' results kept (scope.py),
    unless `full`; the outcomes are of the whole warehouse either way. Raises FileNotFoundError
    without a warehouse, or without the registry (the warehouse was never built)."""
    warehouse = Path(warehouse).resolve()
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `budget-warehouse build` first")
    docs = data_docs_dir(warehouse)
    run_id = uuid.uuid4().hex
    # Arrow's default pool keeps what the frames freed: with the checks of a large corpus validated
    # one rule at a time, the system allocator gives it back between rules.
    pa.set_memory_pool(pa.system_memory_pool())
    connection = duckdb.connect(str(warehouse))
    try:
        connection.execute(f"set memory_limit = '{CHECK_MEMORY_LIMIT}'")
        checks = list(tie_checks(_rules(connection, warehouse)))
        marts = existing_marts(connection)
        missing = "" if TIE_FRAME in marts else f"{MARTS_SCHEMA}.{TIE_FRAME}"
        scope = None if missing else plan_scope(connection, full)
        kept = kept_results(connection) if scope and not scope.full else {}
        load = partial(_load, connection, scope is None or scope.full)
        outcomes = validate(checks, load, missing, docs, kept)
        record_outcomes(connection, run_id, outcomes, docs, scope)
        if scope and not any(outcome.blocking for outcome in outcomes):
            record_validated(connection)
        documents = document_ties(connection) if not missing else []
    finally:
        connection.close()
    return CheckReport(run_id, tuple(outcomes), tuple(documents), docs / "index.html", scope)


def _rules(connection: duckdb.DuckDBPyConnection, warehouse: Path):
    try:
        return load_rules(connection)
    except duckdb.CatalogException as error:
        raise FileNotFoundError(
            f"no tie rule registry ({REGISTRY}) in {warehouse}: run `budget-warehouse build` first"
        ) from error


def _load(connection: duckdb.DuckDBPyConnection, full: bool, check: Check):
    return load_rule_checks(connection, check.rule.rule_id, full)
