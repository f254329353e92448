"""Quirks of published PDFs that a generated one lacks, drawn on purpose with reportlab's canvas: a cover
whose content stream draws the year after the title (printed above it), a year and its 年度 drawn as
two pieces with a space between, quotation marks in another font on a raised baseline (a reader
grouping characters by their top puts them on a line of their own), a merged header cell whose text
straddles a rule drawn through it, a table without rules, and a table running over two pages with a
running header and page numbers between its parts and no repeated header, its second part with column
rules only (no rule between its rows)."""

import io
from decimal import Decimal

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from budget_warehouse.synthetic.pdf import FONT, render_pdf
from ingest.parser import parse_document
from ingest.pdf.reader import read_pdf

WIDTH, HEIGHT = A4
RUNNING_HEADER = "泉州市医疗保障局 2024 年部门预算"
# 支出预算总表: code, name, 合计, 基本支出, 项目支出 (万元); 40 rows, so that it runs over two pages.
EXPENSE_ROWS = [("", "合计", "10650.53", "5533.69", "5116.84")] + [
    (f"21015{index:02d}", f"医疗保障事务{index}", f"{100 + index}.50", f"{100 + index}.50", "0.00")
    for index in range(1, 40)
]
THREE_PUBLIC_ROWS = [
    ("合计", "14.50"),
    ("1、因公出国(境)费用", "0.00"),
    ("2、公务接待费", "7.50"),
    ("3、公务用车费", "7.00"),
]


def _text(pdf: canvas.Canvas, x: float, top: float, text: str, size: float = 10.5, font: str = FONT) -> float:
    """Draws `text` with its top `top` points below the page's top edge; returns its width."""
    pdf.setFont(font, size)
    pdf.drawString(x, HEIGHT - top - size, text)
    return stringWidth(text, font, size)


def _furniture(pdf: canvas.Canvas, number: int) -> None:
    _text(pdf, WIDTH / 2 - 80, 30, RUNNING_HEADER, 9)
    pdf.line(56, HEIGHT - 44, WIDTH - 56, HEIGHT - 44)
    _text(pdf, WIDTH / 2 - 15, HEIGHT - 40, f"第 {number} 页", 9)


def _cover(pdf: canvas.Canvas) -> None:
    # The stream draws the title first and the year last, though the year is printed above it.
    _text(pdf, 200, 300, "泉州市医疗保障局", 22)
    _text(pdf, 240, 340, "部门预算", 22)
    width = _text(pdf, 235, 250, "2024", 22)
    _text(pdf, 235 + width + 8, 250, "年度", 22)


def _quoted_title(pdf: canvas.Canvas, x: float, top: float) -> None:
    """一般公共预算“三公”经费支出预算表, its quotation marks in Helvetica, 3 points higher and smaller."""
    size = 13.0
    for piece in ("2024 年度一般公共预算", "“", "三公", "”", "经费支出预算表"):
        if piece in "“”":
            pdf.setFont("Helvetica", 10)
            pdf.drawString(x, HEIGHT - top - size + 3, piece)
            x += stringWidth(piece, "Helvetica", 10)
        else:
            x += _text(pdf, x, top, piece, size)


def _unruled_three_public(pdf: canvas.Canvas, top: float) -> None:
    _text(pdf, 70, top, "项目", 10)
    _text(pdf, 400, top, "本年预算数", 10)
    for index, (label, amount) in enumerate(THREE_PUBLIC_ROWS, 1):
        _text(pdf, 70, top + 20 * index, label, 10)
        _text(pdf, 450 - stringWidth(amount, FONT, 10), top + 20 * index, amount, 10)


COLUMNS = [56, 130, 300, 380, 460, 540]  # the expense table's column rules


def _line(pdf: canvas.Canvas, x0: float, top0: float, x1: float, top1: float) -> None:
    pdf.line(x0, HEIGHT - top0, x1, HEIGHT - top1)


def _expense_header(pdf: canvas.Canvas, top: float) -> float:
    """Two header rows: 科目编码 / 科目名称 / 合计 merged down both; 财政拨款支出 over 基本支出 and 项目支出,
    its text centred over both columns, with the rule between them drawn through it."""
    row = 18.0
    bottom = top + 2 * row
    for x in COLUMNS:
        _line(pdf, x, top, x, bottom)  # every column rule runs through both header rows
    _line(pdf, COLUMNS[0], top, COLUMNS[-1], top)
    _line(pdf, COLUMNS[3], top + row, COLUMNS[-1], top + row)  # only under 财政拨款支出
    _line(pdf, COLUMNS[0], bottom, COLUMNS[-1], bottom)
    for column, text in enumerate(("科目编码", "科目名称", "合计")):
        _text(pdf, COLUMNS[column] + 4, top + row - 5, text, 9)
    title = "财政拨款支出"
    _text(pdf, COLUMNS[4] - stringWidth(title, FONT, 9) / 2, top + 4, title, 9)
    _text(pdf, COLUMNS[3] + 4, top + row + 4, "基本支出", 9)
    _text(pdf, COLUMNS[4] + 4, top + row + 4, "项目支出", 9)
    return bottom


def _expense_rows(pdf: canvas.Canvas, top: float, rows: list[tuple[str, ...]], ruled: bool = True) -> None:
    """Body rows; unruled: only the column rules and a closing line, no rule between the rows."""
    height = 16.0
    for index, cells in enumerate(rows):
        row_top = top + index * height
        for column, text in enumerate(cells):
            if column >= 2:
                _text(pdf, COLUMNS[column + 1] - 4 - stringWidth(text, FONT, 9), row_top + 3.5, text, 9)
            elif text:
                _text(pdf, COLUMNS[column] + 4, row_top + 3.5, text, 9)
        if ruled or index == len(rows) - 1:
            _line(pdf, COLUMNS[0], row_top + height, COLUMNS[-1], row_top + height)
    for x in COLUMNS:
        _line(pdf, x, top, x, top + len(rows) * height)


def quirks_pdf() -> bytes:
    render_pdf("x\n")  # registers the CID font with reportlab
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    _cover(pdf)
    pdf.showPage()
    _furniture(pdf, 1)
    _text(pdf, 70, 80, "一、一般公共预算“三公”经费支出预算表", 14)
    _quoted_title(pdf, 70, 120)
    _text(pdf, 70, 150, "单位：万元", 10)
    _unruled_three_public(pdf, 180)
    _text(pdf, 90, 300, "2024 年“三公”经费预算 14.50 万元，其中公务接待费 7.50 万元。", 10.5)
    pdf.showPage()
    _furniture(pdf, 2)
    _text(pdf, 70, 70, "2024 年度支出预算总表", 14)
    _text(pdf, 70, 100, "单位：万元", 10)
    bottom = _expense_header(pdf, 120)
    _expense_rows(pdf, bottom, EXPENSE_ROWS[:25])
    pdf.showPage()
    _furniture(pdf, 3)  # the table goes on without its header, and without rules between its rows
    _expense_rows(pdf, 60, EXPENSE_ROWS[25:], ruled=False)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def text() -> str:
    reading = read_pdf(quirks_pdf())
    assert reading.error is None and reading.page_count == 4
    return reading.text


def test_cover_is_read_in_printed_order_with_its_spaces(text):
    assert text.startswith("2024 年度\n\n泉州市医疗保障局\n\n部门预算\n")
    metadata = parse_document(text).metadata
    assert (metadata.department_name, metadata.fiscal_year, metadata.phase) == ("泉州市医疗保障局", 2024, "budget")


def test_detached_quotation_marks_stay_in_their_line(text):
    assert "2024 年度一般公共预算“三公”经费支出预算表" in text.split("\n")
    assert "“" not in [line.strip() for line in text.split("\n")]


def test_running_headers_and_page_numbers_are_dropped(text):
    lines = [line.strip() for line in text.split("\n")]
    assert RUNNING_HEADER not in lines and not any(line.startswith("第 ") and line.endswith(" 页") for line in lines)


def test_unruled_table_is_found_from_alignment(text):
    table = next(table for table in parse_document(text).tables if table.statement_kind == "three_public")
    assert table.title == "2024 年度一般公共预算“三公”经费支出预算表" and table.unit == "万元"
    amounts = {
        row.label: (cell.header_path, cell.amount.value)
        for row in table.rows
        if row.row_role == "data"
        for cell in row.cells
        if cell.amount
    }
    assert amounts == {label: ("本年预算数", Decimal(amount)) for label, amount in THREE_PUBLIC_ROWS}


def test_straddling_header_and_table_over_two_pages(text):
    assert "科目编码\t科目名称\t合计\t财政拨款支出\t\n\t\t\t基本支出\t项目支出" in text
    [table] = [table for table in parse_document(text).tables if table.statement_kind == "expense"]
    data = [row for row in table.rows if row.row_role == "data"]
    assert len(data) == len(EXPENSE_ROWS)
    read = {
        (row.codes.subject_code, cell.header_path): cell.amount.value
        for row in data
        for cell in row.cells
        if cell.amount
    }
    expected = {}
    for code, _, total, basic, project in EXPENSE_ROWS:
        expected[(code or None, "合计")] = Decimal(total)
        expected[(code or None, "财政拨款支出/基本支出")] = Decimal(basic)
        expected[(code or None, "财政拨款支出/项目支出")] = Decimal(project)
    assert read == expected
