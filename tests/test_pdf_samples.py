"""The five sample documents printed as PDFs (budget_warehouse.synthetic.pdf: ruled tables, merged and
wrapped header cells, wrapped labels, tables continued over page breaks with their header repeated,
landscape pages printed upright, turned sideways and with /Rotate, running headers and page numbers)
and read back by ingest.pdf land what their text renderings land."""

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest.model import ParsedDocument
from ingest.pages import page_lines
from ingest.parser import parse_document
from ingest.pdf.reader import read_pdf
from ingest.text import compact
from tests.helpers import SAMPLE_FILES, SAMPLES
from tests.pdf_samples import sample_pdf


@pytest.fixture(scope="session")
def sample_pdfs() -> dict[str, bytes]:
    return {name: sample_pdf(name) for name in SAMPLE_FILES}


@pytest.fixture(scope="session")
def read_back(sample_pdfs: dict[str, bytes]) -> dict[str, str]:
    texts = {}
    for name, content in sample_pdfs.items():
        reading = read_pdf(content)
        assert reading.error is None and reading.warnings == ()
        texts[name] = reading.text
    return texts


def cells_by_table(document: ParsedDocument) -> list[tuple[str, Counter]]:
    """Per table, in order: its kind and the multiset of its printed data cells."""
    return [
        (
            table.statement_kind,
            Counter(
                (row.codes.subject_code, row.codes.economic_code, cell.header_path, cell.amount and cell.amount.value)
                for row in table.rows
                if row.row_role == "data"
                for cell in row.cells
                if cell.text
            ),
        )
        for table in document.tables
    ]


def rows_by_table(document: ParsedDocument) -> list[list[tuple]]:
    return [
        [
            (row.codes.subject_code, row.codes.economic_code, row.side, compact(row.label or ""))
            for row in table.rows
            if row.row_role == "data"
        ]
        for table in document.tables
    ]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_pdf_lands_the_tables_rows_codes_and_amounts_of_the_text(parsed, read_back, name):
    text_form, from_pdf = parsed[name], parse_document(read_back[name])
    assert [kind for kind, _ in cells_by_table(from_pdf)] == [kind for kind, _ in cells_by_table(text_form)]
    assert cells_by_table(from_pdf) == cells_by_table(text_form)
    assert rows_by_table(from_pdf) == rows_by_table(text_form)
    assert [table.unit for table in from_pdf.tables] == [table.unit for table in text_form.tables]
    assert from_pdf.metadata == text_form.metadata


def test_quanzhou_pdf_prints_its_figures_where_the_text_does(parsed, read_back):
    from_pdf = parse_document(read_back["quanzhou"])
    expense = next(table for table in from_pdf.tables if table.statement_kind == "expense")
    line = next(row for row in expense.rows if row.codes.subject_code == "2101501")
    assert {cell.header_path: cell.amount.value for cell in line.cells if cell.amount} == {
        "合计": Decimal("2535.54"),
        "基本支出": Decimal("2535.54"),
        "项目支出": Decimal("0.00"),
        "事业单位经营支出": Decimal("0.00"),
        "上缴上级支出": Decimal("0.00"),
        "对附属单位补助支出": Decimal("0.00"),
    }
    assert from_pdf.metadata.department_code == "445"


def _page_texts(content: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(content)]


def test_the_printings_have_the_layouts_the_reader_must_handle(sample_pdfs, read_back):
    """The fixtures are what they claim: landscape pages of three kinds, furniture on every page,
    wrapped header and body cells, a table continued over a page break with its header repeated."""
    documents = {name: pdfium.PdfDocument(content) for name, content in sample_pdfs.items()}
    sizes = {name: [page.get_size() for page in document] for name, document in documents.items()}
    assert any(width > height for width, height in sizes["quanzhou"])  # a landscape page
    assert any(page.get_rotation() == 90 for page in documents["zhaoyuan"])  # /Rotate 90, upright in viewers
    assert all(width < height for width, height in sizes["fuzhou"])  # a wide table printed sideways
    assert all("福州市医疗保障局" in text for text in _page_texts(sample_pdfs["fuzhou"]))
    assert "福州市医疗保障局" not in read_back["fuzhou"].split("\n")  # the running header is gone
    assert all(f"第 {number} 页" in text for number, text in enumerate(_page_texts(sample_pdfs["guan"]), 1))
    assert not re.search(r"^第 ?\d+ ?页$", read_back["guan"], re.MULTILINE)
    # Wrapped cells: printed over two lines (PDFium's text breaks them), read back whole.
    for name, header, label in (
        ("quanzhou", "事业单位经营支出", None),
        ("guan", None, "其中：教学科研人员因公出国（境）费"),
    ):
        printed = re.sub(r"[ \t]", "", "".join(_page_texts(sample_pdfs[name])))
        for text in filter(None, (header, label)):
            assert any(f"{text[:cut]}\r\n{text[cut:]}" in printed for cut in range(1, len(text)))
            assert any(text in compact(cell) for line in read_back[name].split("\n") for cell in line.split("\t"))
    # 泉州's 收支预算总表 runs onto a second page under its repeated two-line header.
    summary = parse_document(read_back["quanzhou"]).tables[1]
    pages = {
        page.page_number
        for page in page_lines(read_back["quanzhou"])
        for row in summary.rows
        if page.first_line <= row.source_line <= page.last_line
    }
    assert summary.statement_kind == "summary" and len(pages) == 2
    assert sum(row.row_role == "data" for row in summary.rows) == 38  # as many as the text prints (a row per side)
    # It and 财政拨款收支预算总表 print the header on both their pages; the text rendering once per table.
    header = "收入\t\t支出\t\n项目\t预算数\t项目\t预算数"
    assert read_back["quanzhou"].count(header) == 4
    assert (SAMPLES / SAMPLE_FILES["quanzhou"]).read_text(encoding="utf-8").count(header) == 2


def test_pages_are_apart_by_a_form_feed_line(sample_pdfs, read_back):
    for name, content in sample_pdfs.items():
        assert read_back[name].count("\n\f\n") == len(pdfium.PdfDocument(content)) - 1


def test_reading_is_deterministic(sample_pdfs, read_back):
    assert read_pdf(sample_pdfs["sanming"]).text == read_back["sanming"]


def test_a_pdf_file_keeps_its_text_and_lands_its_pages(tmp_path: Path, sample_pdfs):
    from ingest.loading import load_document

    path = tmp_path / "quanzhou.pdf"
    path.write_bytes(sample_pdfs["quanzhou"])
    loaded = load_document(path)
    assert loaded.status == "loaded" and loaded.encoding == "pdf"
    assert loaded.text is not None and loaded.text.startswith("2024 年度")
    assert loaded.raw_bytes is None  # the text is kept, not the PDF
