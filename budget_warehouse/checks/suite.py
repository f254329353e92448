"""The expectation suite, kept in code and versioned: one tie expectation per rule of the registry
(seeds/tie_rules.csv), read from the warehouse it checks.

dbt's data tests own every structural check of the marts (keys, not null, relationships, accepted
values, the raw → fact reconciliation); Great Expectations owns the ties between totals. For each
rule it computes itself, check by check, whether the two sides agree within the tolerance. A check
that fails is a property of the source document: reported with the rule's severity (error:
the document disagrees with itself; warn: tables whose scope can legitimately differ), never
blocking, because the warehouse's job is to say where a document disagrees with itself. Where
Great Expectations and the mart's status disagree, the warehouse is wrong: that blocks (run.py).
"""

from dataclasses import dataclass
from typing import Any

import duckdb

SUITE_NAME = "budget_warehouse"
# Bump when the expectation or how it is configured changes: validation_result rows carry it.
SUITE_VERSION = "2026.12.4"

TIE_FRAME = "fct_tie_check"
# The columns of TIE_FRAME the expectation compares: the printed figure, the sum it should equal,
# the rounding tolerance.
LHS, RHS, TOLERANCE = "lhs", "rhs", "tolerance"
SIDES = [LHS, RHS, TOLERANCE]
# The dbt seed of seeds/tie_rules.csv (dbt_project.yml puts the seeds in schema reference).
REGISTRY = "reference.tie_rules"
# Failing checks listed per rule in the Data Docs, largest difference first (all of them are in
# marts.fct_tie_check), and quoted per rule in marts.validation_result, first by id.
DOCS_ROWS = 50
EXAMPLES = 5
# The registry's severity as Great Expectations names it.
EXPECTATION_SEVERITY = {"error": "critical", "warn": "warning"}


@dataclass(frozen=True)
class TieRule:
    """A rule of the registry."""

    rule_id: str
    rule_group: str
    relation_zh: str
    severity: str  # error / warn


@dataclass(frozen=True)
class Check:
    """The expectation of one rule: every check of the rule whose status is not not_applicable holds."""

    rule: TieRule
    frame: str = TIE_FRAME
    expectation: str = "ExpectTieSidesToAgreeWithinTolerance"

    @property
    def column(self) -> str:
        return ", ".join(SIDES)

    @property
    def description(self) -> str:
        """What the Data Docs print for the expectation."""
        return (
            f"{self.rule.rule_id} {self.rule.relation_zh} (severity {self.rule.severity}): for every check of the "
            "rule whose status is not not_applicable, |lhs − rhs| ≤ tolerance"
        )

    @property
    def meta(self) -> dict[str, str]:
        return {
            "rule_id": self.rule.rule_id,
            "rule_group": self.rule.rule_group,
            "relation_zh": self.rule.relation_zh,
            "severity": self.rule.severity,
        }

    @property
    def arguments(self) -> dict[str, Any]:
        """The expectation's arguments as recorded in marts.validation_result."""
        return {
            "column_list": SIDES,
            "row_condition": "status != 'not_applicable'",
            **self.meta,
            "expectation_severity": EXPECTATION_SEVERITY[self.rule.severity],
        }


def load_rules(connection: duckdb.DuckDBPyConnection) -> tuple[TieRule, ...]:
    """The registry's rules, by id."""
    rows = connection.execute(
        f"select rule_id, rule_group, relation_zh, severity from {REGISTRY} order by rule_id"
    ).fetchall()
    return tuple(TieRule(*row) for row in rows)


def tie_checks(rules: tuple[TieRule, ...]) -> tuple[Check, ...]:
    return tuple(Check(rule) for rule in rules)
