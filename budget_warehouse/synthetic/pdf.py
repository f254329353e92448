"""A document in the text form the parser reads (documents/samples/) printed as a PDF the way departments
publish theirs: ruled tables with merged header cells, cells wrapping in narrow columns, tables
continued over page breaks with their header repeated, wide tables on landscape pages, a running
header and page numbers. Chinese text in reportlab's built-in CID font (STSong-Light), so no font file
is needed; the PDF refers to the font by name, as many published disclosures do.

reportlab is a test / benchmark dependency: it is imported here only, when a PDF is rendered.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ingest.text import is_code, parse_amount, strip_tags

FONT = "STSong-Light"
_TOC_LINE = re.compile(r"^(?P<title>.*?(?:\.{2,}|·{2,}|…+))\s*(?:</b>)?\s*\t\s*(?:<b>)?\s*(?P<page>\d+)")
_HEADING = re.compile(r"^(#+)\s*(.*)$")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")


@dataclass(frozen=True)
class PdfStyle:
    """How a document is printed. Each switch is a layout real disclosures use."""

    ruled: bool = True  # tables drawn with rules (False: aligned text only)
    running_header: str | None = None  # printed at the top of every page
    page_numbers: bool = True  # a page number at the foot of every page
    page_number_format: str = "- {} -"  # or 第 {} 页, …
    landscape_columns: int = 9  # a table at least this wide is printed on a landscape page
    # How a landscape page is printed: "page" (a landscape page), "rotated" (a portrait page whose
    # content is turned and which carries /Rotate 90, so viewers show it upright) or "turned" (the same
    # content without /Rotate: the table reads sideways on a portrait page).
    landscape: str = "page"
    # A TrueType font file to embed (subset), as most published PDFs do; None: the built-in CID font,
    # referred to by name and not embedded.
    font_file: str | None = None
    font_size: float = 10.5
    table_font_size: float = 8.5


@dataclass
class _Text:
    text: str
    size: float
    space_before: float
    centered: bool = False  # a title or cover printed over several lines


@dataclass(frozen=True)
class _Toc:
    title: str
    page: str


@dataclass
class _Grid:
    rows: list[list[str]]


def render_pdf(text: str, style: PdfStyle | None = None) -> bytes:
    """The PDF of a text-form document. Rows are kept whole on a page where they fit; a document with
    a row taller than a page is printed again with rows split over pages."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        return _render(text, style or PdfStyle(), split_rows=False)
    except LayoutError:
        return _render(text, style or PdfStyle(), split_rows=True)


def _render(text: str, style: PdfStyle, split_rows: bool) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate

    font = _register_font(style)
    margin = 56.0
    buffer = io.BytesIO()
    document = BaseDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin)
    portrait_w, portrait_h = A4
    land_w, land_h = landscape(A4)
    furniture = _furniture(style, font)
    templates = [
        PageTemplate(
            "portrait",
            [Frame(margin, margin, portrait_w - 2 * margin, portrait_h - 2 * margin, id="p")],
            onPage=lambda canvas, doc: furniture(canvas, portrait_w, portrait_h),
            pagesize=A4,
        )
    ]
    if style.landscape in ("rotated", "turned"):
        # The page stays portrait; what is drawn is turned a quarter counter-clockwise (page point
        # (W - Y, X) for display point (X, Y)), so it reads upright once the page is turned clockwise.
        def turned(canvas, doc) -> None:
            canvas.transform(0, 1, -1, 0, portrait_w, 0)
            furniture(canvas, land_w, land_h)

        template = PageTemplate(
            "landscape",
            [Frame(margin, margin, land_w - 2 * margin, land_h - 2 * margin, id="l")],
            onPage=turned,
            # With a rotation, reportlab writes the page size transposed: landscape here is a portrait MediaBox.
            pagesize=landscape(A4) if style.landscape == "rotated" else A4,
        )
        template.rotation = 90 if style.landscape == "rotated" else 0  # read by reportlab when the page ends
        templates.append(template)
    else:
        templates.append(
            PageTemplate(
                "landscape",
                [Frame(margin, margin, land_w - 2 * margin, land_h - 2 * margin, id="l")],
                onPage=lambda canvas, doc: furniture(canvas, land_w, land_h),
                pagesize=landscape(A4),
            )
        )
    document.addPageTemplates(templates)
    story: list = []
    orientation = "portrait"
    elements = _elements(text)
    for index, element in enumerate(elements):
        if isinstance(element, _Grid):
            wide = max(len(row) for row in element.rows) >= style.landscape_columns
            wanted = "landscape" if wide else "portrait"
            if wanted != orientation:
                story += _switch(wanted, NextPageTemplate)
                orientation = wanted
                # The title and unit above the table go with it onto the new page.
                story += _pull_context(story, elements, index)
            width = (land_w if wide else portrait_w) - 2 * margin
            story.append(_table(element, width, style, font, split_rows))
        else:
            if orientation != "portrait" and isinstance(element, _Text) and _is_prose(element.text):
                story += _switch("portrait", NextPageTemplate)
                orientation = "portrait"
            story.append(_flowable(element, style, font))
    document.build(story)
    return buffer.getvalue()


def _register_font(style: PdfStyle) -> str:
    """The name of the font to print with, registered with reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"Embedded-{Path(style.font_file).stem}" if style.font_file else FONT
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, style.font_file) if style.font_file else UnicodeCIDFont(FONT))
    return name


def _furniture(style: PdfStyle, font: str) -> Callable:
    """Running header and page number, drawn on every page (the reader must drop them)."""

    def draw(canvas, width: float, height: float) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        if style.running_header:
            canvas.drawCentredString(width / 2, height - 34, style.running_header)
            canvas.setLineWidth(0.5)
            canvas.line(56, height - 40, width - 56, height - 40)
        if style.page_numbers:
            canvas.drawCentredString(width / 2, 30, style.page_number_format.format(canvas.getPageNumber()))
        canvas.restoreState()

    return draw


def _elements(text: str) -> list[_Text | _Toc | _Grid]:
    """The text form read back into what is printed: headings and lines, contents entries, grids."""
    elements: list[_Text | _Toc | _Grid] = []
    blank_before = True
    for raw_line in text.split("\n"):
        line = raw_line.rstrip("\r\n")
        if not line.strip():
            blank_before = True
            continue
        toc = _TOC_LINE.match(line)
        if toc:
            elements.append(_Toc(strip_tags(toc.group("title")).strip(), toc.group("page")))
        elif "\t" in line:
            cells = [strip_tags(cell).strip() for cell in line.split("\t")]
            if elements and isinstance(elements[-1], _Grid):
                elements[-1].rows.append(cells)
            else:
                elements.append(_Grid([cells]))
        else:
            heading = _HEADING.match(line)
            level = len(heading.group(1)) if heading else 0
            body = strip_tags(heading.group(2) if heading else line).strip()
            size = {1: 15.0, 2: 13.5, 3: 12.0}.get(level, 10.5 if level == 0 else 11.0)
            element = _Text(body, size, 8.0 if blank_before else 0.0)
            previous = elements[-1] if elements else None
            if not blank_before and isinstance(previous, _Text) and not _is_prose(body + previous.text):
                previous.centered = element.centered = True
            elements.append(element)
        blank_before = False
    return elements


def _is_prose(text: str) -> bool:
    return len(text) > 40


def _switch(template: str, next_page_template: type) -> list:
    from reportlab.platypus import PageBreak

    return [next_page_template(template), PageBreak()]


def _pull_context(story: list, elements: list, index: int) -> list:
    """Move the title / unit lines printed right above a table after the page break that precedes it."""
    moved = []
    cursor = index - 1
    while cursor >= 0 and isinstance(elements[cursor], _Text) and len(moved) < 3:
        if _is_prose(elements[cursor].text):
            break
        moved.insert(0, story.pop(-3))  # the flowable before NextPageTemplate + PageBreak
        cursor -= 1
    return moved


def _flowable(element: _Text | _Toc, style: PdfStyle, font: str):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    if isinstance(element, _Toc):
        text_style = ParagraphStyle("toc", fontName=font, fontSize=style.font_size, leading=style.font_size * 1.5)
        table = Table(
            [[Paragraph(escape(element.title), text_style), Paragraph(escape(element.page), text_style)]],
            colWidths=[400, 40],
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
        return table
    size = element.size if element.size != 10.5 else style.font_size
    text_style = ParagraphStyle(
        "text",
        fontName=font,
        fontSize=size,
        leading=size * 1.5,
        spaceBefore=element.space_before,
        firstLineIndent=2 * size if _is_prose(element.text) else 0,
        alignment=1 if element.centered else 0,
        wordWrap="CJK",
    )
    return Paragraph(escape(element.text), text_style)


def header_count(rows: list[list[str]]) -> int:
    """Header lines of a grid: the lines above its first line printing an amount, a code or a numbered label."""
    for index, row in enumerate(rows):
        filled = [cell for cell in row if cell]
        if any(parse_amount(cell) is not None or is_code(cell) for cell in filled):
            return index
        if filled and _ORDINAL.match(filled[0]):
            return index
    return min(1, len(rows))


def header_spans(header: list[list[str]], width: int) -> list[tuple[int, int, int, int]]:
    """Merged header cells as (first column, first row, last column, last row), read the way the
    parser's header reader reads a text rendering (ingest.layout): a text is carried right over the
    empty cells of its row while the rows below have a text there, and down over the empty cells
    below it."""
    rows = [row + [""] * (width - len(row)) for row in header]
    covered = [[False] * width for _ in rows]
    spans = []
    for top, row in enumerate(rows):
        for column, text in enumerate(row):
            if not text or covered[top][column]:
                continue
            right = column
            while (
                right + 1 < width
                and not row[right + 1]
                and not covered[top][right + 1]
                and any(lower[right + 1] for lower in rows[top + 1 :])
            ):
                right += 1
            bottom = top
            while bottom + 1 < len(rows) and not any(rows[bottom + 1][c] for c in range(column, right + 1)):
                bottom += 1
            for r in range(top, bottom + 1):
                for c in range(column, right + 1):
                    covered[r][c] = True
            if right > column or bottom > top:
                spans.append((column, top, right, bottom))
    return spans


def _table(grid: _Grid, available: float, style: PdfStyle, font: str, split_rows: bool):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    width = max(len(row) for row in grid.rows)
    rows = [row + [""] * (width - len(row)) for row in grid.rows]
    headers = header_count(rows)
    size = style.table_font_size
    padding = 3.0
    natural = [
        max([stringWidth(row[c], font, size) + 2 * padding for row in rows[headers:]] + [4 * size + 2 * padding])
        for c in range(width)
    ]
    header_natural = [
        max([stringWidth(row[c], font, size) + 2 * padding for row in rows[:headers]] + [0]) for c in range(width)
    ]
    floors = [
        max(
            [
                stringWidth(row[c], font, size) + 2 * padding
                for row in rows[headers:]
                if parse_amount(row[c]) is not None
            ]
            + [0]
        )
        for c in range(width)
    ]
    wanted = [max(n, min(h, 6 * size)) for n, h in zip(natural, header_natural, strict=True)]
    widths = _fit_widths(wanted, floors, available)
    text_style = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.3, wordWrap="CJK")
    number_style = ParagraphStyle("number", parent=text_style, alignment=2)
    header_style = ParagraphStyle("head", parent=text_style, alignment=1)
    data = [
        [
            Paragraph(escape(cell), header_style if r < headers else number_style if parse_amount(cell) else text_style)
            for cell in row
        ]
        for r, row in enumerate(rows)
    ]
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if style.ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    # A column header (a few short lines over amounts) has merged cells and is repeated on every page
    # the table runs on; a form's first lines are no header: its text cells run on to the right instead.
    first_data = rows[headers] if headers < len(rows) else []
    column_header = (
        0 < headers <= 3
        and all(len(cell) <= 24 for row in rows[:headers] for cell in row)
        and sum(parse_amount(cell) is not None for cell in first_data) >= 2
    )
    if column_header:
        commands += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in header_spans(rows[:headers], width)]
    commands += [("SPAN", (c0, r), (width - 1, r)) for r, c0 in _trailing_spans(rows, headers if column_header else 0)]
    repeated = headers if column_header else 0
    table = Table(data, colWidths=widths, repeatRows=repeated, splitInRow=int(split_rows))
    table.setStyle(TableStyle(commands))
    return table


def _trailing_spans(rows: list[list[str]], headers: int) -> list[tuple[int, int]]:
    """Body rows of text (a goal, a note) whose last printed cell runs on over the empty cells to the
    right of it, as forms merge them: (row, first column of the merged cell)."""
    spans = []
    for index, row in enumerate(rows[headers:], headers):
        filled = [column for column, cell in enumerate(row) if cell]
        if filled and filled[-1] < len(row) - 1 and not any(parse_amount(cell) for cell in row):
            spans.append((index, filled[-1]))
    return spans


def _fit_widths(widths: list[float], floors: list[float], available: float) -> list[float]:
    """Column widths that fill the frame: short of it, every column grows; past it, the widest
    columns give way (their text cells wrap), never below their floor (amounts and codes do not wrap)."""
    total = sum(widths)
    if total <= available:
        return [w * available / total for w in widths]
    fitted = list(widths)
    step = 2.0
    while sum(fitted) > available + 0.5:
        shrinkable = [c for c in range(len(fitted)) if fitted[c] - step >= max(floors[c], 20.0)]
        if not shrinkable:
            break  # the table is wider than the page: it runs over the margin, as some do
        widest = max(shrinkable, key=fitted.__getitem__)
        fitted[widest] -= step
    return fitted
