"""What parsing a document yields: plain frozen records, no behaviour."""

from dataclasses import dataclass, field

from ingest.metadata import DocumentMetadata
from ingest.narrative.figures import NarrativeFigure
from ingest.performance.records import PerformanceReading
from ingest.text import Amount


@dataclass(frozen=True)
class Cell:
    column_index: int
    header_path: str | None
    text: str
    amount: Amount | None


@dataclass(frozen=True)
class RowCodes:
    subject_code: str | None = None
    economic_code: str | None = None
    government_economic_code: str | None = None
    sub_unit_code: str | None = None
    printed: str | None = None
    from_name: bool = False  # the code is not printed: read from the row's name and level


@dataclass(frozen=True)
class StatementRow:
    source_line: int
    row_role: str  # header / data
    column_group: int
    side: str | None
    group_header: str | None
    printed_sequence: str | None
    label: str | None
    label_extra: str | None
    codes: RowCodes
    realigned: bool
    line_text: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class StatementTable:
    title: str | None
    title_line: int | None
    statement_kind: str
    kind_source: str | None  # title / contents (an untitled table placed by the contents) / None
    unit: str | None
    unit_source: str | None  # printed / inferred (from the document's other tables or its prose) / None
    unit_line: int | None
    first_line: int
    last_line: int
    page_count: int
    header_rows: int
    note: str | None
    note_line: int | None
    rows: tuple[StatementRow, ...]


@dataclass(frozen=True)
class TocEntry:
    line_number: int
    title: str
    statement_kind: str


@dataclass(frozen=True)
class Issue:
    line_number: int | None
    severity: str  # error / warning
    message: str
    part: str | None = None  # the part of the document that failed (statement table, narrative …)
    exception: str | None = None  # what the failing part raised, and where


@dataclass(frozen=True)
class ParsedDocument:
    metadata: DocumentMetadata
    toc: tuple[TocEntry, ...]
    tables: tuple[StatementTable, ...]
    issues: tuple[Issue, ...]
    performance: PerformanceReading = field(default_factory=PerformanceReading)
    narrative: tuple[NarrativeFigure, ...] = ()  # figures stated in the prose
