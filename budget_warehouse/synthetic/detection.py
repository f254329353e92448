"""How many injected faults the warehouse's tie checks find: the corpus manifest against the
`fail` checks of marts.fct_tie_check.

A fault is detected when a `fail` check of its document prints the fault's source line on either
side (the changed row, the 款 / 合计 a dropped or lost row no longer adds up to, the narrative
sentence); a fault with no line a check can print (a wrong unit line) is detected by a `fail`
check of its document that involves its statement. A `fail` check is explained when it is in a
faulty document and prints the fault's line or involves the fault's statement (a lost 类 also
fails the 收支总表's comparison with it); precision per kind is the explained share of the `fail`
checks of the documents carrying that kind. Fault-free documents should have none, those whose
prose states one quantity in several scopes (年初预算, 全年预算, 决算, 上年) among them. The same
figures are given per layout family (the corpus index names each document's), with the fault-free
documents of each family and their `fail` checks.
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from budget_warehouse.synthetic.corpus import INDEX
from budget_warehouse.synthetic.faults import FAULT_KINDS

# Faults located by statement rather than line: no check prints a unit line.
_BY_STATEMENT = frozenset({"wrong_unit"})
_FAIL_CHECKS = """
    select file_name, rule_id, statement, counterpart_statement, lhs_source_lines, rhs_source_lines
    from marts.fct_tie_check
    where status = 'fail'
"""


@dataclass(frozen=True)
class FailCheck:
    file_name: str
    rule_id: str
    statements: frozenset[str]
    lines: frozenset[int]


@dataclass(frozen=True)
class KindFigures:
    injected: int
    detected: int
    fail_checks: int  # fail checks of the documents carrying a fault of this kind
    explained: int  # of those, the checks touching the fault

    @property
    def recall(self) -> float | None:
        return self.detected / self.injected if self.injected else None

    @property
    def precision(self) -> float | None:
        return self.explained / self.fail_checks if self.fail_checks else None


@dataclass(frozen=True)
class FamilyFigures:
    """Detection over the documents of one layout family, every fault kind together."""

    documents: int
    faults: KindFigures
    fault_free_documents: int
    fault_free_failures: int  # fail checks on its fault-free documents: false alarms
    multi_scope_fault_free_documents: int  # fault-free documents stating one quantity in several scopes
    multi_scope_fault_free_failures: int


@dataclass(frozen=True)
class DetectionReport:
    per_kind: dict[str, KindFigures]
    fault_free_documents: int
    fault_free_documents_failing: int
    fault_free_failures: int  # fail checks on fault-free documents: false alarms
    missed: list[dict] = field(default_factory=list)  # manifest records no fail check found
    rules_by_kind: dict[str, Counter[str]] = field(default_factory=dict)  # rule ids that found each kind
    per_family: dict[str, FamilyFigures] = field(default_factory=dict)


def evaluate_detection(warehouse: Path, manifest: Path) -> DetectionReport:
    faults = [json.loads(line) for line in manifest.open(encoding="utf-8")]
    index = [json.loads(line) for line in (manifest.parent / INDEX).open(encoding="utf-8")]
    families = {record["file"]: record["family"] for record in index}
    multi_scope = {record["file"] for record in index if record.get("multi_scope")}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        checks = [_fail_check(row) for row in connection.execute(_FAIL_CHECKS).fetchall()]
        landed = {name for (name,) in connection.execute("select file_name from raw.documents").fetchall()}
    documents = [record["file"] for record in index if record["file"] in landed]
    return detection_report(faults, documents, checks, families, multi_scope)


def detection_report(
    faults: list[dict],
    documents: list[str],
    checks: list[FailCheck],
    families: dict[str, str] | None = None,
    multi_scope: set[str] | frozenset[str] = frozenset(),
) -> DetectionReport:
    """`families` names each document's layout family; `multi_scope` holds the documents whose prose
    states one quantity in several scopes (corpus index)."""
    by_document: dict[str, list[FailCheck]] = defaultdict(list)
    for check in checks:
        by_document[check.file_name].append(check)
    faulty = {fault["file"]: fault for fault in faults}
    per_kind = {}
    missed = []
    rules_by_kind: dict[str, Counter[str]] = {}
    for kind in FAULT_KINDS:
        of_kind = [fault for fault in faults if fault["fault_kind"] == kind and fault["file"] in documents]
        detected = 0
        fail_checks = explained = 0
        rules: Counter[str] = Counter()
        for fault in of_kind:
            document_checks = by_document.get(fault["file"], [])
            touching = [check for check in document_checks if locates(check, fault)]
            detected += bool(touching)
            fail_checks += len(document_checks)
            explained += sum(1 for check in document_checks if explains(check, fault))
            rules.update(check.rule_id for check in touching)
            if not touching:
                missed.append(fault)
        per_kind[kind] = KindFigures(len(of_kind), detected, fail_checks, explained)
        rules_by_kind[kind] = rules
    fault_free = [name for name in documents if name not in faulty]
    per_family = {
        family: _family_figures(
            [name for name in documents if families[name] == family], faulty, by_document, multi_scope
        )
        for family in sorted(set((families or {}).get(name) for name in documents) - {None})
    }
    return DetectionReport(
        per_kind=per_kind,
        fault_free_documents=len(fault_free),
        fault_free_documents_failing=sum(1 for name in fault_free if by_document.get(name)),
        fault_free_failures=sum(len(by_document.get(name, [])) for name in fault_free),
        missed=missed,
        rules_by_kind=rules_by_kind,
        per_family=per_family,
    )


def _family_figures(
    documents: list[str],
    faulty: dict[str, dict],
    by_document: dict[str, list[FailCheck]],
    multi_scope: set[str] | frozenset[str],
) -> FamilyFigures:
    with_fault = [faulty[name] for name in documents if name in faulty]
    detected = sum(
        1 for fault in with_fault if any(locates(check, fault) for check in by_document.get(fault["file"], []))
    )
    checks = [(check, faulty[name]) for name in documents if name in faulty for check in by_document.get(name, [])]
    fault_free = [name for name in documents if name not in faulty]
    several = [name for name in fault_free if name in multi_scope]
    return FamilyFigures(
        documents=len(documents),
        faults=KindFigures(
            injected=len(with_fault),
            detected=detected,
            fail_checks=len(checks),
            explained=sum(1 for check, fault in checks if explains(check, fault)),
        ),
        fault_free_documents=len(fault_free),
        fault_free_failures=sum(len(by_document.get(name, [])) for name in fault_free),
        multi_scope_fault_free_documents=len(several),
        multi_scope_fault_free_failures=sum(len(by_document.get(name, [])) for name in several),
    )


def locates(check: FailCheck, fault: dict) -> bool:
    """The check points at the fault: its line, or its statement for a fault no check prints."""
    if fault["fault_kind"] in _BY_STATEMENT:
        return fault["statement"] in check.statements
    return fault["source_line"] in check.lines


def explains(check: FailCheck, fault: dict) -> bool:
    """The fault accounts for the check: the check prints its line or involves its statement."""
    return fault["source_line"] in check.lines or fault["statement"] in check.statements


def _fail_check(row: tuple) -> FailCheck:
    file_name, rule_id, statement, counterpart, lhs_lines, rhs_lines = row
    lines = {int(number) for text in (lhs_lines, rhs_lines) if text for number in re.findall(r"\d+", str(text))}
    return FailCheck(file_name, rule_id, frozenset(s for s in (statement, counterpart) if s), frozenset(lines))
