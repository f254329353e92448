"""PDFs that cannot be read are quarantined with a clear reason, and the batch goes on: encrypted,
damaged, scanned (no text layer), no table. A scanned page inside a readable PDF loses that page only."""

import io
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from budget_warehouse.synthetic.pdf import FONT, render_pdf
from ingest.batch import ingest_directory
from ingest.pdf.reader import NO_TEXT_LAYER, read_pdf
from tests.helpers import SAMPLE_FILES, SAMPLES

COVER = "2024 年度\n泉州市医疗保障局\n部门预算\n"


def _canvas_pdf(draw, encrypt=None) -> bytes:
    render_pdf("x\n")  # registers the CID font with reportlab
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    def draw(pdf):
        pdf.setFont(FONT, 14)
        pdf.drawString(72, 760, "2024 年度泉州市医疗保障局部门预算")

    return _canvas_pdf(draw, pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))


def _scan_image() -> Image.Image:
    """A page as a scanner sees it: a ruled table drawn into pixels, no characters."""
    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 381, 40):
        draw.line([20, y, 580, y], fill=0, width=2)
    for x in (20, 200, 400, 580):
        draw.line([x, 20, x, 380], fill=0, width=2)
    return image


def scanned_pdf() -> bytes:
    return _canvas_pdf(lambda pdf: pdf.drawImage(ImageReader(_scan_image()), 72, 300, width=450, height=300))


def test_encrypted_pdf():
    assert read_pdf(encrypted_pdf()).error == "encrypted PDF: password-protected, cannot be read without its password"


def test_damaged_pdf():
    whole = render_pdf((SAMPLES / SAMPLE_FILES["quanzhou"]).read_text(encoding="utf-8"))
    for damaged in (whole[: len(whole) // 2], b"%PDF-1.7\n%garbage\n" + bytes(range(256)) * 4):
        reading = read_pdf(damaged)
        assert reading.text is None and reading.error.startswith("damaged PDF: ")


def test_scanned_pdf_has_no_text_layer():
    reading = read_pdf(scanned_pdf())
    assert (reading.text, reading.error, reading.page_count) == (None, NO_TEXT_LAYER, 1)
    assert NO_TEXT_LAYER == "no text layer: scanned PDFs need OCR, not supported yet"


def test_pdf_without_a_table():
    prose = COVER + "\n一、部门主要职责\n\n负责全市医疗保障工作。本文件没有表格。\n"
    reading = read_pdf(render_pdf(prose))
    assert reading.text is None
    assert reading.error == "no table found in the PDF: no ruled or aligned table on any of its 1 pages"


def test_a_scanned_page_loses_that_page_only():
    document = pdfium.PdfDocument(render_pdf((SAMPLES / SAMPLE_FILES["sanming"]).read_text(encoding="utf-8")))
    pages = len(document)
    document.import_pages(pdfium.PdfDocument(scanned_pdf()))
    buffer = io.BytesIO()
    document.save(buffer)
    reading = read_pdf(buffer.getvalue())
    assert reading.error is None and reading.page_count == pages + 1
    assert reading.warnings == ((pages + 1, f"page {pages + 1} has no text layer (scanned?): skipped"),)


@pytest.fixture()
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "good.pdf").write_bytes(render_pdf((SAMPLES / SAMPLE_FILES["guan"]).read_text(encoding="utf-8")))
    (folder / "locked.pdf").write_bytes(encrypted_pdf())
    (folder / "scan.pdf").write_bytes(scanned_pdf())
    (folder / "cut.pdf").write_bytes((folder / "good.pdf").read_bytes()[:5000])
    (folder / "prose.pdf").write_bytes(render_pdf(COVER + "\n只有文字，没有表格。\n"))
    (folder / "renamed.dat").write_bytes(encrypted_pdf())  # a PDF is told by its signature, not its name
    return folder


def test_bad_pdfs_are_quarantined_and_the_batch_goes_on(bad_folder: Path, tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    summary = ingest_directory(bad_folder, warehouse, workers=1)
    assert (summary.loaded, summary.quarantined) == (1, 5)
    assert dict(summary.quarantine) == {
        "locked.pdf": "encrypted PDF: password-protected, cannot be read without its password",
        "renamed.dat": "encrypted PDF: password-protected, cannot be read without its password",
        "scan.pdf": NO_TEXT_LAYER,
        "cut.pdf": "damaged PDF: Failed to load document (PDFium: Data format error).",
        "prose.pdf": "no table found in the PDF: no ruled or aligned table on any of its 1 pages",
    }
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = connection.execute(
            "select file_name, status, encoding, raw_bytes is not null from raw.documents order by file_name"
        ).fetchall()
    finally:
        connection.close()
    assert rows == [
        ("cut.pdf", "quarantined", None, True),
        ("good.pdf", "loaded", "pdf", False),
        ("locked.pdf", "quarantined", None, True),
        ("prose.pdf", "quarantined", None, True),
        ("renamed.dat", "quarantined", None, True),
        ("scan.pdf", "quarantined", None, True),
    ]
    # Re-running changes nothing.
    again = ingest_directory(bad_folder, warehouse, workers=1)
    assert (again.loaded, again.quarantined, again.already_in_warehouse) == (0, 0, 6)
