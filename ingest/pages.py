"""Pages of a document's text: a form feed starts a page (the PDF reader puts one on its own line
between pages; pdftotext puts one before a page's first line). Pure."""

from typing import NamedTuple

PAGE_BREAK = "\f"


class PageLines(NamedTuple):
    page_number: int
    first_line: int
    last_line: int


def page_lines(text: str) -> tuple[PageLines, ...]:
    """Each page's line range (1-based, inclusive); none for a text that marks no pages."""
    if PAGE_BREAK not in text:
        return ()
    starts = [1] + [number for number, line in enumerate(text.split("\n"), 1) if PAGE_BREAK in line and number > 1]
    line_count = text.count("\n") + 1
    ends = [start - 1 for start in starts[1:]] + [line_count]
    return tuple(PageLines(page, start, end) for page, (start, end) in enumerate(zip(starts, ends, strict=True), 1))
