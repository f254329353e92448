"""The characters of a page with their boxes (PDFium's text page), in display space."""

import ctypes
import math
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.pdf.geometry import Char, Orientation

# Characters sampled to find which way a page's text runs.
_ANGLE_SAMPLES = 64


def page_text(page: pdfium.PdfPage) -> tuple[str, pdfium.PdfTextPage]:
    textpage = page.get_textpage()
    return textpage.get_text_range(), textpage


def orientation(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str) -> Orientation:
    """The quarter turn that makes most of the page's text read left to right."""
    left, bottom, right, top = page.get_mediabox()
    indices = [index for index, char in enumerate(text) if not char.isspace()]
    step = max(1, len(indices) // _ANGLE_SAMPLES)
    quarters = Counter(
        round(pdfium_c.FPDFText_GetCharAngle(textpage.raw, index) / (math.pi / 2)) % 4 for index in indices[::step]
    )
    quarter = quarters.most_common(1)[0][0] if quarters else 0
    return Orientation(quarter, left, bottom, right - left, top - bottom)


def page_chars(textpage: pdfium.PdfTextPage, text: str, turn: Orientation) -> list[Char]:
    """Printed characters with their font boxes, which share one height along a line of one size; a
    space is kept as a mark on the character after it (spaces are also read back from gaps)."""
    box = pdfium_c.FS_RECTF()
    pointer = ctypes.byref(box)
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    raw = textpage.raw
    chars: list[Char] = []
    space = False
    for index, char in enumerate(text):
        if char in "\r\n\ufffe":
            continue
        if char.isspace():
            space = True
            continue
        loose_box(raw, index, pointer)
        x0, x1, top, bottom = turn.box(box.left, box.bottom, box.right, box.top)
        if x1 - x0 <= 0 and bottom - top <= 0:
            continue
        chars.append(Char(char, x0, x1, top, bottom, space_before=space))
        space = False
    return chars
