"""The five sample documents printed as PDFs, one printing each, so that every layout the PDF reader
must handle is in some document (budget_warehouse.synthetic.pdf)."""

from functools import cache

from budget_warehouse.synthetic.pdf import PdfStyle, render_pdf
from tests.helpers import SAMPLE_FILES, SAMPLES

STYLES = {
    "quanzhou": PdfStyle(running_header="泉州市医疗保障局部门预算"),  # landscape pages, header wrapped
    "zhaoyuan": PdfStyle(landscape="rotated", table_font_size=11),  # /Rotate 90 pages, labels wrapped
    "fuzhou": PdfStyle(landscape="turned", running_header="福州市医疗保障局"),  # wide tables printed sideways
    "sanming": PdfStyle(),
    "guan": PdfStyle(
        table_font_size=11, running_header="固安县医疗保障局 2024 年部门预算", page_number_format="第 {} 页"
    ),
}


@cache
def sample_pdf(name: str) -> bytes:
    return render_pdf((SAMPLES / SAMPLE_FILES[name]).read_text(encoding="utf-8"), STYLES[name])
