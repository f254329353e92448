"""A folder of PDFs through the whole job: the five samples as PDFs, and 泉州's text rendering beside its
PDF, ingested and built. The marts hold the samples' known amounts, read from the PDFs, with the page
each is printed on; a text and a PDF of one document are two versions of it, not duplicates; a
parser upgrade re-parses the PDFs' kept text without the files."""

import hashlib
import os
import shutil
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest

from budget_warehouse.build import build_warehouse
from ingest.batch import ingest_directory
from tests.helpers import KNOWN_AMOUNTS, PROJECT_DIR, SAMPLE_FILES, SAMPLES, query
from tests.pdf_samples import sample_pdf


@pytest.fixture(scope="module")
def pdf_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdfs")
    for name, file in SAMPLE_FILES.items():
        (folder / f"{Path(file).stem}.pdf").write_bytes(sample_pdf(name))
    text = folder / SAMPLE_FILES["quanzhou"]
    shutil.copy(SAMPLES / SAMPLE_FILES["quanzhou"], text)
    os.utime(text, (1_700_000_000, 1_700_000_000))  # the text rendering is the older version
    return folder


@pytest.fixture(scope="module")
def pdf_warehouse(pdf_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("pdf_warehouse") / "warehouse.duckdb"
    summary = ingest_directory(pdf_folder, warehouse)
    assert (summary.loaded, summary.quarantined, summary.duplicates_in_batch) == (6, 0, 0)
    build_warehouse(warehouse, PROJECT_DIR)
    return warehouse


@pytest.fixture()
def db(pdf_warehouse: Path):
    connection = duckdb.connect(str(pdf_warehouse), read_only=True)
    yield connection
    connection.close()


def test_a_text_and_a_pdf_of_one_document_are_two_versions(db, pdf_folder):
    rows = db.execute("""
        select file_name, sha256, encoding, version_rank, status from raw.documents
        where department_name = '泉州市医疗保障局' and fiscal_year = 2024 and phase = 'budget'
        order by version_rank
    """).fetchall()
    pdf_name = f"{Path(SAMPLE_FILES['quanzhou']).stem}.pdf"
    assert rows == [
        (pdf_name, hashlib.sha256((pdf_folder / pdf_name).read_bytes()).hexdigest(), "pdf", 1, "loaded"),
        (
            SAMPLE_FILES["quanzhou"],
            hashlib.sha256((SAMPLES / SAMPLE_FILES["quanzhou"]).read_bytes()).hexdigest(),
            "utf-8",
            2,
            "loaded",
        ),
    ]


def test_every_page_of_every_pdf_maps_to_its_lines(db, pdf_folder):
    for path in sorted(pdf_folder.glob("*.pdf")):
        pages = db.execute(
            """
            select p.page_number, p.first_line, p.last_line, d.line_count from raw.document_pages p
            join raw.documents d using (document_id) where d.file_name = ? order by p.page_number
            """,
            [path.name],
        ).fetchall()
        assert [page for page, *_ in pages] == list(range(1, len(pdfium.PdfDocument(path.read_bytes())) + 1))
        assert pages[0][1] == 1 and pages[-1][2] == pages[-1][3]
        assert all(previous[2] + 1 == page[1] for previous, page in pairwise(pages))
    texts = db.execute(
        "select count(*) from raw.document_pages join raw.documents using (document_id) where encoding <> 'pdf'"
    ).fetchone()
    assert texts == (0,)  # a text rendering marks no pages


@pytest.mark.parametrize(
    ("department", "year", "phase", "statement", "where", "value", "measure", "amount"), KNOWN_AMOUNTS
)
def test_known_amounts_are_read_from_the_pdfs(db, department, year, phase, statement, where, value, measure, amount):
    rows = db.execute(
        f"""
        select f.amount, f.file_name, f.source_line, f.source_page
        from marts.fct_budget_line f
        inner join marts.dim_department d on f.department_key = d.department_key
        where d.department_name = ? and f.fiscal_year = ? and f.phase = ? and f.statement = ? and f.measure = ?
            and f.{where} = ? and f.is_latest_version
        """,
        [department, year, phase, statement, measure, value],
    ).fetchall()
    assert len(rows) == 1
    printed, file_name, line, page = rows[0]
    assert printed == Decimal(amount) and file_name.endswith(".pdf")
    first, last = db.execute(
        "select first_line, last_line from raw.document_pages p join raw.documents d using (document_id)"
        " where d.file_name = ? and p.page_number = ?",
        [file_name, page],
    ).fetchone()
    assert first <= line <= last


def test_quanzhou_basic_expense_is_on_the_page_it_is_printed_on(db, pdf_folder):
    """2101501 行政运行 basic 2535.54: the page the mart names prints it (PDFium's own text of that page)."""
    file_name, page = db.execute(
        """
        select file_name, source_page from marts.fct_budget_line
        where statement = 'expense' and subject_code = '2101501' and measure = 'basic' and is_latest_version
            and file_name = ?
        """,
        [f"{Path(SAMPLE_FILES['quanzhou']).stem}.pdf"],
    ).fetchone()
    printed = pdfium.PdfDocument((pdf_folder / file_name).read_bytes())[page - 1].get_textpage().get_text_range()
    assert "2101501" in printed and "2535.54" in printed and "支出预算总表" in printed


def test_text_rendering_lines_have_no_page(db):
    assert (
        db.execute(
            "select count(*), count(source_page) from marts.fct_budget_line where file_name like '%.txt'"
        ).fetchone()[1]
        == 0
    )


def test_a_parser_upgrade_reparses_the_pdfs_without_their_files(pdf_warehouse, pdf_folder, tmp_path):
    warehouse = tmp_path / "copy.duckdb"
    shutil.copy(pdf_warehouse, warehouse)
    before = query(warehouse, "select * from raw.document_pages order by all")
    cells = query(warehouse, "select count(*), sum(amount) from raw.statement_cells")
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("update raw.documents set parser_version = 'an older parser'")
    empty = tmp_path / "gone"
    empty.mkdir()
    summary = ingest_directory(empty, warehouse, workers=1)
    assert summary.parsed_again == 6
    assert query(warehouse, "select * from raw.document_pages order by all") == before
    assert query(warehouse, "select count(*), sum(amount) from raw.statement_cells") == cells
