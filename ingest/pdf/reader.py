"""A PDF's bytes → the text form the parser reads, page by page, or the reason it cannot be read.

Each page: characters and ruling lines in display space (a page printed sideways is turned upright);
ruled tables from the rules, unruled ones from text alignment; the other lines in reading order (by
position, not by the order the content stream draws them), a paragraph's wrapped lines joined into
one, paragraphs apart by a blank line; running headers, footers and page numbers dropped. Pages are
separated by a form feed line, so the page of any line of the kept text can be told without the PDF
(ingest.pages).
"""

import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from ingest.pages import PAGE_BREAK
from ingest.pdf.aligned import aligned_tables
from ingest.pdf.chars import orientation, page_chars, page_text
from ingest.pdf.furniture import furniture
from ingest.pdf.grids import Table, ruled_tables
from ingest.pdf.lines import Line, group_lines, join_wrapped, split_runs, text_of
from ingest.pdf.rules import page_rules

NO_TEXT_LAYER = "no text layer: scanned PDFs need OCR, not supported yet"
# A contents entry: its dot leader, then the page number (printed apart or run on).
_CONTENTS_ENTRY = re.compile(r"^(.*?(?:\.{2,}|·{2,}|…+))\s*(\d{1,4})$")


@dataclass(frozen=True)
class PdfReading:
    text: str | None
    error: str | None
    warnings: tuple[tuple[int, str], ...] = ()  # (page, what was lost)
    page_count: int = 0


@dataclass
class _Page:
    number: int
    height: float
    tables: list[Table]
    lines: list[Line]
    right_edge: float
    left_edge: float


def is_pdf(content: bytes) -> bool:
    """PDF files start with `%PDF-` (readers accept it within the first kilobyte)."""
    return b"%PDF-" in content[:1024]


def read_pdf(content: bytes) -> PdfReading:
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            return PdfReading(None, "encrypted PDF: password-protected, cannot be read without its password")
        return PdfReading(None, f"damaged PDF: {error}")
    try:
        return _read(document)
    finally:
        document.close()


def _read(document: pdfium.PdfDocument) -> PdfReading:
    page_count = len(document)
    pages: list[_Page] = []
    warnings: list[tuple[int, str]] = []
    any_text = False
    for index in range(page_count):
        try:
            page = _read_page(document, index)
        except Exception as error:  # one damaged page loses that page only
            warnings.append((index + 1, f"page {index + 1} could not be read: {type(error).__name__}: {error}"))
            pages.append(_Page(index + 1, 0, [], [], 0, 0))
            continue
        any_text = any_text or bool(page.tables or page.lines)
        pages.append(page)
    if not page_count:
        return PdfReading(None, "damaged PDF: no pages", page_count=0)
    if not any_text:
        return PdfReading(None, NO_TEXT_LAYER, tuple(warnings), page_count)
    if not any(page.tables for page in pages):
        return PdfReading(
            None,
            f"no table found in the PDF: no ruled or aligned table on any of its {page_count} pages",
            (),
            page_count,
        )
    warnings += [
        (page.number, f"page {page.number} has no text layer (scanned?): skipped")
        for page in pages
        if not (page.tables or page.lines) and page.height
    ]
    dropped = furniture([(page.lines, page.height) for page in pages])
    texts = [_page_text(page, [line for line in page.lines if id(line) not in dropped]) for page in pages]
    return PdfReading(f"\n{PAGE_BREAK}\n".join(texts) + "\n", None, tuple(warnings), page_count)


def _read_page(document: pdfium.PdfDocument, index: int) -> _Page:
    page = document[index]
    try:
        text, textpage = page_text(page)
        try:
            turn = orientation(page, textpage, text)
            chars = page_chars(textpage, text, turn)
        finally:
            textpage.close()
        rules = page_rules(page, turn) if chars else []
    finally:
        page.close()
    tables, outside = ruled_tables(rules, chars)
    unruled, lines = aligned_tables(group_lines(outside))
    tables = sorted(tables + unruled, key=lambda table: table.top)
    # The text block's edges: where its lines and tables reach.
    return _Page(
        index + 1,
        turn.display_height,
        tables,
        lines,
        max([line.x1 for line in lines] + [table.x1 for table in tables], default=0),
        min([line.x0 for line in lines] + [table.x0 for table in tables], default=0),
    )


def _page_text(page: _Page, lines: list[Line]) -> str:
    """Paragraphs and tables top to bottom, each followed by a blank line."""
    items: list[tuple[float, str]] = [(table.top, _table_text(table)) for table in page.tables]
    items += [(top, _line_text(text)) for top, text in _paragraphs(page, lines)]
    return "\n\n".join(text for _, text in sorted(items, key=lambda item: item[0]))


def _table_text(table: Table) -> str:
    return "\n".join("\t".join(row) for row in table.rows)


def _paragraphs(page: _Page, lines: list[Line]) -> list[tuple[float, str]]:
    """A line that reaches the right edge of the text, followed closely by one that starts at the left
    edge, wraps into it."""
    paragraphs: list[tuple[float, list[list[str]]]] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and _wraps_into(previous, line, page):
            paragraphs[-1][1][-1].append(_runs_text(line))
        elif previous is not None and _centered_together(previous, line, page):
            paragraphs[-1][1].append([_runs_text(line)])
        else:
            paragraphs.append((line.top, [[_runs_text(line)]]))
        previous = line
    return [(top, "\n".join(join_wrapped(parts) for parts in lines)) for top, lines in paragraphs]


def _wraps_into(upper: Line, lower: Line, page: _Page) -> bool:
    size = upper.size
    return (
        upper.x1 >= page.right_edge - 1.5 * size
        and lower.x0 <= page.left_edge + size
        and 0 <= lower.top - upper.bottom <= 0.9 * size
        and abs(lower.size - size) <= 0.2 * size
    )


def _centered_together(upper: Line, lower: Line, page: _Page) -> bool:
    """A title or cover printed centred over several lines: each line apart, no blank line between."""
    size = upper.size
    middle = (page.left_edge + page.right_edge) / 2
    return (
        0 <= lower.top - upper.bottom <= 0.6 * size
        and abs(lower.size - size) <= 0.2 * size
        and all(abs((line.x0 + line.x1) / 2 - middle) <= size for line in (upper, lower))
    )


def _runs_text(line: Line) -> str:
    return "  ".join(text_of(run) for run in split_runs(line.chars))


def _line_text(text: str) -> str:
    """A contents entry keeps its page number apart, after a tab, as the parser expects."""
    entry = _CONTENTS_ENTRY.match(text.strip())
    return f"{entry.group(1)}\t{entry.group(2)}" if entry else text
