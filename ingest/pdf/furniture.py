"""Page furniture: running headers and footers, page numbers. A line in the top or bottom margin band
of its page that prints a page number, or that recurs (digits aside) in the same band on many pages,
is not part of the document's text. A statement title never is furniture, however often a table
repeats it."""

import re
from collections import Counter

from ingest.pdf.lines import Line
from ingest.statement_kinds import is_statement_title
from ingest.text import compact

BAND = 0.1  # share of the page height at the top and at the bottom where furniture is printed
_RECURRING = 0.3  # share of the pages a recurring line must be printed on
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－·]*\d{1,4}[-—–－·]*|第\d+页(?:[,，/]?共\d+页)?|\d+/\d+|page\d+(?:of\d+)?)$", re.IGNORECASE
)


def furniture(pages: list[tuple[list[Line], float]]) -> set[int]:
    """ids of the lines that are furniture, for the pages' (lines outside tables, page height)."""
    keys: list[list[tuple[int, str]]] = []
    for lines, height in pages:
        keys.append([(id(line), _band(line, height) + _key(line)) for line in lines if _band(line, height)])
    counts = Counter(key for page in keys for key in {key for _, key in page})
    needed = max(2, _RECURRING * len(pages))
    dropped = set()
    for page in keys:
        for line_id, key in page:
            text = key[1:]
            if _PAGE_NUMBER.match(text) or (counts[key] >= needed and not is_statement_title(text)):
                dropped.add(line_id)
    return dropped


def _band(line: Line, height: float) -> str:
    if line.bottom <= BAND * height:
        return "T"
    if line.top >= (1 - BAND) * height:
        return "B"
    return ""


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", compact(line.text)) if not _PAGE_NUMBER.match(compact(line.text)) else compact(line.text)
