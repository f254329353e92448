"""PDF reading speed: the reader (ingest.pdf) against PDFium's own text-and-boxes extraction of the same
files (pypdfium2, the floor any reader over PDFium pays), pdfplumber's tables and text, and
pdfminer.six's layout analysis (what pdfplumber stands on).

The PDFs are the five bundled samples rendered by budget_warehouse.synthetic.pdf (ruled tables,
merged headers, landscape pages printed upright, turned and with /Rotate). Each figure is the best
of `--repeat` runs over all files (`--slow-repeat` for pdfplumber and pdfminer.six), in one process.

    .venv/bin/python benchmarks/pdf_reading.py [--repeat 5] [--slow-repeat 1] [--cid | --font FILE]
"""

import argparse
import ctypes
import io
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budget_warehouse.synthetic.pdf import PdfStyle, render_pdf
from ingest.pdf.reader import read_pdf

SAMPLES = Path(__file__).resolve().parent.parent / "documents" / "samples"
STYLES = (
    {"running_header": "部门预算公开"},
    {"landscape": "rotated"},
    {"landscape": "turned", "running_header": "部门预算公开"},
    {},
    {"running_header": "部门预算公开", "page_numbers": False},
)
# Published PDFs embed their fonts (a subset): with a TrueType CJK font on the machine the PDFs embed
# it too; the built-in CID font is not embedded, and PDFium then spends most of its time on fonts.
EMBEDDED_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def text_and_boxes(content: bytes) -> None:
    """Every page's text and every character's box, through pypdfium2's public API."""
    document = pdfium.PdfDocument(content)
    for page in document:
        textpage = page.get_textpage()
        textpage.get_text_range()
        for index in range(textpage.count_chars()):
            textpage.get_charbox(index)


def text_boxes_and_paths(content: bytes) -> None:
    """As above (font boxes, one call a character) plus every path object's bounds: what the reader reads."""
    document = pdfium.PdfDocument(content)
    box = pdfium_c.FS_RECTF()
    pointer = ctypes.byref(box)
    for page in document:
        textpage = page.get_textpage()
        for index in range(len(textpage.get_text_range())):
            pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, pointer)
        for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            path.get_bounds()


def reader(content: bytes) -> None:
    reading = read_pdf(content)
    assert reading.text is not None, reading.error


def pdfplumber_tables_and_text(content: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.extract_text()


def pdfminer_layout(content: bytes) -> None:
    from pdfminer.high_level import extract_pages

    for _ in extract_pages(io.BytesIO(content)):
        pass


def best_of(function: Callable[[bytes], None], files: list[bytes], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for content in files:
            function(content)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of PDFium and the reader (best kept)")
    parser.add_argument("--slow-repeat", type=int, default=1, help="runs of pdfplumber and pdfminer.six")
    parser.add_argument("--font", help="TrueType font file to embed (default: WenQuanYi Micro Hei when installed)")
    parser.add_argument("--cid", action="store_true", help="print with the built-in CID font, not embedded")
    arguments = parser.parse_args()
    font = None if arguments.cid else arguments.font or (str(EMBEDDED_FONT) if EMBEDDED_FONT.exists() else None)
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    files = [render_pdf(text, PdfStyle(**style, font_file=font)) for text, style in zip(texts, STYLES, strict=True)]
    pages = sum(len(pdfium.PdfDocument(content)) for content in files)
    print(
        f"{len(files)} PDFs, {pages} pages, {sum(map(len, files)) / 1e6:.2f} MB, font: {font or 'STSong-Light (CID, not embedded)'}"
    )
    floor = best_of(text_and_boxes, files, arguments.repeat)
    rows = [
        ("pypdfium2 text + char boxes (floor)", floor),
        ("pypdfium2 text + char boxes + path bounds", best_of(text_boxes_and_paths, files, arguments.repeat)),
        ("ingest.pdf reader (text form out)", best_of(reader, files, arguments.repeat)),
        ("pdfplumber extract_tables + extract_text", best_of(pdfplumber_tables_and_text, files, arguments.slow_repeat)),
        ("pdfminer.six extract_pages (layout)", best_of(pdfminer_layout, files, arguments.slow_repeat)),
    ]
    print(f"{'':44} {'seconds':>8} {'ms/page':>8} {'× floor':>8}")
    for name, seconds in rows:
        print(f"{name:44} {seconds:8.3f} {1000 * seconds / pages:8.1f} {seconds / floor:8.2f}")


if __name__ == "__main__":
    main()
