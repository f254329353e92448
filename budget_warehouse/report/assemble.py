"""The marts' rows → the report's pages, in one pass over rows grouped by document."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from typing import NamedTuple

import duckdb

from budget_warehouse.report import charts, queries
from budget_warehouse.report.model import (
    DocumentPage,
    DocumentSummary,
    Finding,
    NotApplicable,
    PrintedLine,
    Requirement,
    Rule,
    RulePage,
    RuleTally,
    TieCounts,
    TieFigure,
)


class FailingTie(NamedTuple):
    """A row of queries.FAILING_TIES."""

    document_id: str
    rule_id: str
    rule_group: str
    relation_zh: str
    lhs_table: str | None
    rhs_table: str | None
    line_label: str | None
    subject_code: str | None
    economic_code: str | None
    sub_unit_code: str | None
    column_caption: str | None
    lhs: Decimal | None
    rhs: Decimal | None
    term_count: int | None
    difference: Decimal | None
    tolerance: Decimal | None
    source_unit: str | None
    lhs_source_lines: str | None
    rhs_source_lines: str | None

    @property
    def place(self) -> str:
        """Where in the table: sub-unit and codes, then the label as printed (without its code)."""
        codes = [code for code in (self.sub_unit_code, self.subject_code, self.economic_code) if code]
        label = (self.line_label or "").strip()
        if codes and label.startswith(codes[-1]):
            codes.pop()
        return " ".join([*codes, label]).strip()

    @property
    def finding_key(self) -> tuple:
        return (
            self.rule_id,
            self.lhs_table or "",
            self.rhs_table or "",
            self.place,
            self.source_unit or "",
            self.lhs_source_lines or "",
            self.rhs_source_lines or "",
        )


@dataclass(frozen=True, slots=True)
class Quarantined:
    file_name: str
    reason: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class Report:
    documents: list[DocumentSummary]  # worst first
    quarantined: list[Quarantined]
    rules: list[RulePage]
    data_as_of: datetime | None  # the latest ingest: what the report is current with


def worst_first(summary: DocumentSummary) -> tuple:
    """Most failing ties first, then the largest gap in money, then the least complete."""
    return (
        -summary.counts.failed,
        -(summary.largest_gap_yuan or 0),
        summary.completeness_score if summary.completeness_score is not None else 0,
        -summary.counts.not_applicable,
        summary.department_name or "",
        -(summary.fiscal_year or 0),
        summary.document_id,
    )


def _printed_lines(document_id: str, cited: str | None, texts: dict, pages: dict) -> tuple[PrintedLine, ...]:
    numbers = sorted({int(part) for part in (cited or "").split(",") if part.strip()})
    return tuple(PrintedLine(n, pages.get((document_id, n)), texts.get((document_id, n))) for n in numbers)


def findings(document_id: str, ties: list[FailingTie], texts: dict, pages: dict) -> list[Finding]:
    """Failing ties of one rule at one place citing the same lines form one finding (招远's 合计
    fails in every column of its row: one finding, a figure per column), largest gap first."""
    result = []
    for _, group in groupby(sorted(ties, key=lambda tie: tie.finding_key), key=lambda tie: tie.finding_key):
        members = sorted(group, key=lambda tie: -abs(tie.difference or 0))
        first = members[0]
        result.append(
            Finding(
                rule_id=first.rule_id,
                rule_group=first.rule_group,
                relation_zh=first.relation_zh,
                lhs_table=first.lhs_table,
                rhs_table=first.rhs_table,
                place=first.place,
                unit=first.source_unit,
                figures=tuple(
                    TieFigure(tie.column_caption, tie.lhs, tie.rhs, tie.term_count, tie.difference, tie.tolerance)
                    for tie in members
                ),
                lhs_lines=_printed_lines(document_id, first.lhs_source_lines, texts, pages),
                rhs_lines=_printed_lines(document_id, first.rhs_source_lines, texts, pages),
            )
        )
    result.sort(key=lambda finding: (-finding.largest_gap, finding.rule_id, finding.place))
    return result


@dataclass(frozen=True, slots=True)
class MartRows:
    """Everything the report shows, read from the warehouse at once; rows keyed by document."""

    report: Report
    rules: dict[str, RulePage]
    failing: dict[str, list[FailingTie]]
    texts: dict[tuple[str, int], str]
    pages: dict[tuple[str, int], int]
    tallies: dict[str, list[tuple]]
    not_applicable: dict[str, list[tuple]]
    requirements: dict[str, list[tuple]]
    classes: dict[str, list[tuple]]
    basic_project: dict[str, list[tuple]]
    three_public: dict[str, list[tuple]]

    def relation(self, rule_id: str) -> str:
        return self.rules[rule_id].rule.relation_zh if rule_id in self.rules else rule_id


def read_marts(connection: duckdb.DuckDBPyConnection) -> MartRows:
    """Run the report's queries; the rule pages are counted here, the document pages are
    assembled one at a time by `document_page`."""
    fetch = queries.fetch
    documents = [
        DocumentSummary(*row[:9], counts=TieCounts(*row[9:14]), largest_gap_yuan=row[14])
        for row in fetch(connection, queries.DOCUMENTS)
    ]
    documents.sort(key=worst_first)
    rules = {row[0]: RulePage(Rule(*row)) for row in fetch(connection, queries.RULES)}
    report = Report(
        documents=documents,
        quarantined=[Quarantined(*row) for row in fetch(connection, queries.QUARANTINED)],
        rules=list(rules.values()),
        data_as_of=connection.execute(queries.LATEST_INGEST).fetchone()[0],
    )
    rows = MartRows(
        report=report,
        rules=rules,
        failing=queries.by_document([FailingTie(*row) for row in fetch(connection, queries.FAILING_TIES)]),
        texts=queries.cited_lines(connection),
        pages=queries.line_pages(connection),
        tallies=queries.by_document(fetch(connection, queries.RULE_COUNTS)),
        not_applicable=queries.by_document(fetch(connection, queries.NOT_APPLICABLE)),
        requirements=queries.by_document(fetch(connection, queries.REQUIREMENTS)),
        classes=queries.by_document(fetch(connection, queries.EXPENDITURE_BY_CLASS)),
        basic_project=queries.by_document(fetch(connection, queries.BASIC_AND_PROJECT)),
        three_public=queries.by_document(fetch(connection, queries.THREE_PUBLIC)),
    )
    for summary in documents:
        for _, rule_id, *counts, largest_gap_yuan in rows.tallies.get(summary.document_id, []):
            if rule_id in rules:
                rules[rule_id].add(summary, TieCounts(*counts), largest_gap_yuan)
    for rule in rules.values():
        rule.failures.sort(key=lambda failure: (-failure.failed, -(failure.largest_gap_yuan or 0)))
    return rows


def document_page(rows: MartRows, summary: DocumentSummary) -> DocumentPage:
    document_id = summary.document_id
    document_findings = findings(document_id, rows.failing.get(document_id, []), rows.texts, rows.pages)
    document_charts = (
        charts.expenditure_by_class(rows.classes.get(document_id, [])),
        charts.basic_and_project(rows.basic_project.get(document_id, [])),
        charts.three_public(rows.three_public.get(document_id, []), summary.fiscal_year),
    )
    return DocumentPage(
        summary=summary,
        table_findings=tuple(finding for finding in document_findings if not finding.is_narrative),
        narrative_findings=tuple(finding for finding in document_findings if finding.is_narrative),
        tallies=tuple(
            RuleTally(rule_id, rows.relation(rule_id), TieCounts(*counts))
            for _, rule_id, *counts, _ in rows.tallies.get(document_id, [])
        ),
        not_applicable=tuple(
            NotApplicable(rule_id, rows.relation(rule_id), reason, checks)
            for _, rule_id, reason, checks in rows.not_applicable.get(document_id, [])
        ),
        requirements=tuple(Requirement(*row[1:]) for row in rows.requirements.get(document_id, [])),
        charts=tuple(chart for chart in document_charts if chart is not None),
    )
