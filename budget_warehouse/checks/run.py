"""`budget-warehouse check`: validate the marts of a built warehouse and record the outcome."""

import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from budget_warehouse.checks.frames import RECONCILIATION_FRAMES, batches, existing_marts, load_value_set
from budget_warehouse.checks.results import DocumentTies, document_ties, record_outcomes
from budget_warehouse.checks.suite import CHECKS, Check
from budget_warehouse.checks.validate import Outcome, validate

# DuckDB's share while checking (the raw-cell reconciliation joins every cell); by default it takes
# up to 80 % of RAM.
CHECK_MEMORY_LIMIT = "512MB"


@dataclass(frozen=True)
class CheckReport:
    run_id: str
    outcomes: tuple[Outcome, ...]
    documents: tuple[DocumentTies, ...]
    data_docs: Path  # index.html of the Data Docs site

    @property
    def blocking_failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.check.blocking and not outcome.success]

    @property
    def reported_failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.check.blocking and not outcome.success]


def data_docs_dir(warehouse: Path) -> Path:
    """Data Docs live beside the warehouse, like dbt's artifacts."""
    warehouse = Path(warehouse).resolve()
    return warehouse.parent / f"{warehouse.stem}_data_docs"


def run_checks(warehouse: Path, checks: tuple[Check, ...] = CHECKS) -> CheckReport:
    """Validate every check against the warehouse's marts, append the outcomes to
    marts.validation_result and build the Data Docs. Raises FileNotFoundError without a warehouse."""
    warehouse = Path(warehouse).resolve()
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `budget-warehouse build` first")
    docs = data_docs_dir(warehouse)
    run_id = uuid.uuid4().hex
    # Arrow's default pool keeps what the frames freed: with a mart of millions of lines validated a
    # few columns at a time, the system allocator gives it back between batches.
    pa.set_memory_pool(pa.system_memory_pool())
    connection = duckdb.connect(str(warehouse))
    try:
        connection.execute(f"set memory_limit = '{CHECK_MEMORY_LIMIT}'")
        marts = existing_marts(connection)
        present = [check for check in checks if _readable(check, marts)]
        absent = [check for check in checks if not _readable(check, marts)]
        value_sets = {
            source: load_value_set(connection, *source)
            for check in present
            for source in check.value_sets.values()
            if source[0] in marts
        }
        outcomes = validate(batches(connection, present), absent, value_sets, docs)
        record_outcomes(connection, run_id, outcomes, docs)
        documents = document_ties(connection) if "fct_tie_check" in marts else []
    finally:
        connection.close()
    return CheckReport(run_id, tuple(outcomes), tuple(documents), docs / "index.html")


def _readable(check: Check, marts: set[str]) -> bool:
    if check.frame in RECONCILIATION_FRAMES:
        return "fct_budget_line" in marts and "dim_statement" in marts
    return check.frame in marts
