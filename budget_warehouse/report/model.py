"""What each page of the report shows: plain records assembled from the marts' rows."""

from dataclasses import dataclass, field
from decimal import Decimal

PHASE_ZH = {"budget": "预算", "final": "决算"}

# A document's status in the index: a failing tie accuses the document; without one it holds.
STATUS_FAIL = "fail"
STATUS_HOLDS = "holds"
STATUS_UNCHECKED = "unchecked"
STATUS_ZH = {STATUS_FAIL: "有不符", STATUS_HOLDS: "全部相符", STATUS_UNCHECKED: "无可核对"}

# (requirement kind, status) → what the page says.
REQUIREMENT_STATUS_ZH = {
    ("table", "present"): "已公开",
    ("table", "present_empty_with_note"): "空表，附说明",
    ("table", "present_empty_without_note"): "空表，无说明",
    ("table", "missing"): "未公开",
    ("explanation", "present"): "已说明",
    ("explanation", "missing"): "未说明",
}


@dataclass(frozen=True, slots=True)
class TieCounts:
    checked: int = 0
    passed: int = 0
    rounding: int = 0
    failed: int = 0
    not_applicable: int = 0

    def __add__(self, other: "TieCounts") -> "TieCounts":
        return TieCounts(
            self.checked + other.checked,
            self.passed + other.passed,
            self.rounding + other.rounding,
            self.failed + other.failed,
            self.not_applicable + other.not_applicable,
        )

    @property
    def holds(self) -> int:
        return self.passed + self.rounding

    @property
    def decided(self) -> int:
        """Checks where both sides were found: those that can hold or fail."""
        return self.passed + self.rounding + self.failed


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    document_id: str
    file_name: str
    department_name: str | None
    province: str | None
    city: str | None
    county: str | None
    fiscal_year: int | None
    phase: str | None
    completeness_score: Decimal | None
    counts: TieCounts
    largest_gap_yuan: Decimal | None

    @property
    def region(self) -> str:
        parts = [self.province, self.city, self.county]
        return " ".join(part for i, part in enumerate(parts) if part and part not in parts[:i])

    @property
    def phase_zh(self) -> str:
        return PHASE_ZH.get(self.phase or "", self.phase or "")

    @property
    def status(self) -> str:
        if self.counts.failed:
            return STATUS_FAIL
        return STATUS_HOLDS if self.counts.decided else STATUS_UNCHECKED

    @property
    def status_zh(self) -> str:
        return STATUS_ZH[self.status]

    @property
    def page(self) -> str:
        return f"documents/{self.document_id}.html"

    @property
    def title(self) -> str:
        return f"{self.department_name or self.file_name} {self.fiscal_year or ''} 年{self.phase_zh}"


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """A line of the document as printed, cited by its number (and page where known)."""

    line: int
    page: int | None
    text: str | None

    @property
    def cells(self) -> list[str]:
        """The line's tab-separated cells: blank cells between figures are kept (they hold a
        column's place), blank cells after the last one are not."""
        return (self.text or "").rstrip("\t \n").split("\t")


@dataclass(frozen=True, slots=True)
class TieFigure:
    """One column (measure) of a failing tie."""

    column: str | None
    lhs: Decimal | None
    rhs: Decimal | None
    term_count: int | None
    difference: Decimal | None
    tolerance: Decimal | None


@dataclass(frozen=True, slots=True)
class Finding:
    """Failing ties of one rule at one place of a document, citing the same printed lines: a card."""

    rule_id: str
    rule_group: str
    relation_zh: str
    lhs_table: str | None
    rhs_table: str | None
    place: str
    unit: str | None
    figures: tuple[TieFigure, ...]
    lhs_lines: tuple[PrintedLine, ...]
    rhs_lines: tuple[PrintedLine, ...]

    @property
    def largest_gap(self) -> Decimal:
        return max((abs(figure.difference) for figure in self.figures if figure.difference is not None), default=0)

    @property
    def is_narrative(self) -> bool:
        return self.rule_group == "narrative"


@dataclass(frozen=True, slots=True)
class RuleTally:
    """A rule's checks in one document."""

    rule_id: str
    relation_zh: str
    counts: TieCounts


@dataclass(frozen=True, slots=True)
class NotApplicable:
    rule_id: str
    relation_zh: str
    reason: str | None
    checks: int


@dataclass(frozen=True, slots=True)
class Requirement:
    requirement_id: str
    kind: str
    caption_zh: str
    status: str
    evidence_text: str | None
    evidence_line: int | None
    points: Decimal | None
    weight: Decimal | None

    @property
    def status_zh(self) -> str:
        return REQUIREMENT_STATUS_ZH.get((self.kind, self.status), self.status)

    @property
    def is_met(self) -> bool:
        return self.points is not None and self.weight is not None and self.points >= self.weight


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart: its Vega-Lite spec (JSON text) and the figures it draws, as a table to read."""

    key: str
    title: str
    note: str
    spec_json: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class DocumentPage:
    summary: DocumentSummary
    table_findings: tuple[Finding, ...]
    narrative_findings: tuple[Finding, ...]
    tallies: tuple[RuleTally, ...]
    not_applicable: tuple[NotApplicable, ...]
    requirements: tuple[Requirement, ...]
    charts: tuple[Chart, ...]


@dataclass(frozen=True, slots=True)
class RuleFailure:
    """A document where a rule fails, for the rule's page."""

    summary: DocumentSummary
    failed: int
    largest_gap_yuan: Decimal | None


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    rule_group: str
    relation_zh: str
    description: str
    severity: str
    tolerance: str


@dataclass(slots=True)
class RulePage:
    rule: Rule
    counts: TieCounts = field(default_factory=TieCounts)
    documents_checked: int = 0
    documents_holding: int = 0
    failures: list[RuleFailure] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"rules/{self.rule.rule_id}.html"

    def add(self, summary: DocumentSummary, counts: TieCounts, largest_gap_yuan: Decimal | None) -> None:
        """Count a document's checks of this rule."""
        self.counts += counts
        self.documents_checked += 1
        if counts.failed:
            self.failures.append(RuleFailure(summary, counts.failed, largest_gap_yuan))
        elif counts.decided:
            self.documents_holding += 1

    @property
    def hold_rate(self) -> float | None:
        """Share of decided checks that hold (pass or rounding); None when none was decided."""
        return self.counts.holds / self.counts.decided if self.counts.decided else None
