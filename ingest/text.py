"""Cell and line text as printed in PDF renderings: tags, wrapped CJK text, amounts, codes."""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

_TAG = re.compile(r"</?(?:b|p|strong|em|i|br)\s*/?>", re.IGNORECASE)
_MARKDOWN = re.compile(r"^\s*(?:#+\s*|-\s+)|\*\*")
# A space between two CJK characters (or CJK and a full-width bracket) is a wrap
# artefact of the PDF rendering, not a word boundary.
_CJK = r"\u3400-\u9fff\uff08\uff09\u3001\u201c\u201d"
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$")
# Accountants print a negative in brackets, `(12.00)`: only with decimals or separators, so that an
# ordinal `(1)` stays a label.
_BRACKETED = re.compile(r"^\((\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.\d*)\)$")
# Full-width digits and signs (PDF extraction, some converters), and the minus signs printed.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９，．－（）−–", "0123456789,.-()--")
_CODE = re.compile(r"^\d{2,7}$")
_WHITESPACE = re.compile(r"\s+")
# Labels, headers and many amounts repeat within and across documents: the pure cell functions
# below are cached (bounded), which takes about a quarter off the parse time of a synthetic corpus.
_CACHED_CELLS = 1 << 16


def strip_tags(text: str) -> str:
    return _TAG.sub("", text) if "<" in text else text


@lru_cache(maxsize=_CACHED_CELLS)
def clean_cell(cell: str) -> str:
    """A cell as printed: tags gone, wrap spaces inside CJK text joined, ends trimmed."""
    return _WRAP_SPACE.sub("", strip_tags(cell)).strip()


def clean_line(line: str) -> str:
    """A prose/heading line without markdown decoration."""
    line = strip_tags(line)
    # Most lines have no decoration: the pattern, which looks for `**` at every position, is run
    # only on a line that could hold one (`\s` and str.strip() agree on what whitespace is).
    if "**" in line or line.lstrip()[:1] in ("#", "-"):
        line = _MARKDOWN.sub("", line)
    return clean_cell(line)


@lru_cache(maxsize=_CACHED_CELLS)
def compact(text: str) -> str:
    """All whitespace removed: for matching titles, units and header words."""
    return _WHITESPACE.sub("", strip_tags(text))


def split_cells(line: str) -> list[str]:
    return [clean_cell(cell) for cell in line.rstrip("\n").split("\t")]


@dataclass(frozen=True)
class Amount:
    value: Decimal
    decimals: int
    normalized: str  # plain decimal text, e.g. "4643.47"


@lru_cache(maxsize=_CACHED_CELLS)
def parse_amount(cell: str) -> Amount | None:
    """An exact decimal from a printed amount (`4,643.47`, `0.00`, `162247`, `-12.00`, `(12.00)`, full-width
    digits, spaces left inside a number by PDF extraction); None otherwise (`—`, `-`, `/`, blank: no figure)."""
    text = _WHITESPACE.sub("", cell).translate(_HALF_WIDTH)
    bracketed = _BRACKETED.match(text)
    if bracketed:
        text = "-" + bracketed.group(1)
    match = _AMOUNT.match(text)
    if not match:
        return None
    fraction = match.group(1)
    normalized = text.replace(",", "").rstrip(".")
    return Amount(Decimal(normalized), len(fraction) if fraction else 0, normalized)


_NO_FIGURE = re.compile(r"^[-—–－―‐/／\\]+$")


def is_no_figure(cell: str) -> bool:
    """`—`, `-`, `/` printed in an amount cell: no figure, like a blank cell."""
    return bool(_NO_FIGURE.match(cell.strip()))


def is_code(cell: str) -> bool:
    """Classification codes are printed as bare digit runs: 208, 05, 2101501, 505003."""
    return bool(_CODE.match(cell))
