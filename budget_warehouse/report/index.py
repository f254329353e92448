"""The index's rows: written out for its first page, and as data for report.js to filter, sort and
page through (a table of 10,000 rows written out whole takes a browser tens of seconds to lay out)."""

import json
from decimal import Decimal

from budget_warehouse.report.format import amount
from budget_warehouse.report.model import DocumentSummary

FIRST_ROWS = 100  # rows written into the page: the worst documents, shown even without scripts
WAN = Decimal(10_000)
FIELDS = (
    "rank", "document", "page", "department", "file", "region", "province", "city", "year", "phase", "phase_zh",
    "score", "score_text", "checked", "passed", "rounding", "failed", "not_applicable", "gap", "gap_text",
    "status", "status_zh",
)  # fmt: skip


def index_rows(documents: list[DocumentSummary]) -> list[dict]:
    """One row per document, worst first; `score` and `gap` are sort keys, `*_text` what is shown."""
    rows = []
    for rank, document in enumerate(documents, start=1):
        score = document.completeness_score
        gap = document.largest_gap_yuan / WAN if document.largest_gap_yuan is not None else None
        rows.append(
            {
                "rank": rank,
                "document": document.document_id,
                "page": document.page,
                "department": document.department_name or document.file_name,
                "file": document.file_name,
                "region": document.region,
                "province": document.province or "",
                "city": document.city or "",
                "year": document.fiscal_year,
                "phase": document.phase or "",
                "phase_zh": document.phase_zh,
                "score": float(score) if score is not None else -1,  # a sort key; the text is exact
                "score_text": f"{score.normalize():f}" if score is not None else "—",
                "checked": document.counts.checked,
                "passed": document.counts.passed,
                "rounding": document.counts.rounding,
                "failed": document.counts.failed,
                "not_applicable": document.counts.not_applicable,
                "gap": float(gap) if gap is not None else 0,
                "gap_text": amount(gap) if gap is not None else "",
                "status": document.status,
                "status_zh": document.status_zh,
            }
        )
    return rows


def index_json(rows: list[dict]) -> str:
    """The rows as {"fields": [...], "rows": [[...], ...]}, safe inside a <script> element."""
    data = {"fields": FIELDS, "rows": [[row[field] for field in FIELDS] for row in rows]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
