"""The findings report opened from disk in headless Chromium, as a reader opens it: every request
it makes is recorded through the DevTools protocol (Playwright driving Debian's chromium, never a
browser of its own), and what the pages show is read from the rendered DOM."""

import shutil
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.report import write_report
from tests.helpers import SAMPLE_FILES

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is installed with the test extras")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Nothing of Chromium's own may reach out either (updates, sync, field trials …). Playwright starts
# each browser with a fresh temporary profile (--user-data-dir).
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# The samples' document ids (the first 16 hex digits of their sha256).
DOCUMENT_IDS = {
    "quanzhou": "c967766e8cda23ef",
    "zhaoyuan": "fa2eda4f0436252d",
    "fuzhou": "af5d9fe4558aa0c1",
    "sanming": "c8173ad01a80dd0a",
    "guan": "0177d57cdab15e5b",
}
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


@pytest.fixture(scope="module")
def report(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        ids = dict(connection.execute("select file_name, document_id from raw.documents").fetchall())
    assert {name: ids[file] for name, file in SAMPLE_FILES.items()} == DOCUMENT_IDS
    return write_report(built_warehouse, tmp_path_factory.mktemp("report") / "report").parent


class Visit:
    """A browser context that records every request, failed request, console error and page error."""

    def __init__(self, context):
        self.context = context
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", lambda request: self.failed.append(f"{request.url}: {request.failure}"))

    def open(self, path: Path):
        page = self.context.new_page()
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(path.as_uri(), wait_until="load")
        if page.locator("script.vega-lite").count():
            page.wait_for_function("document.body.dataset.chartsDrawn === 'true'", timeout=30_000)
        return page


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (apt-get install chromium): the report is not opened in a browser")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def visit(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield Visit(context)
    context.close()


def _document(report: Path, name: str) -> Path:
    return report / "documents" / f"{DOCUMENT_IDS[name]}.html"


def test_no_page_of_the_report_makes_a_network_request(report: Path, visit: Visit):
    pages = [report / "index.html", report / "rules" / "index.html", report / "rules" / "T_TABLE_TOTAL_EQ_SUM_TOP.html"]
    pages += [_document(report, name) for name in DOCUMENT_IDS]
    for path in pages:
        page = visit.open(path)
        for chart in page.locator("figure.chart .vega").all():
            # The vendored vega scripts drew every chart (an SVG), from the report's own folder.
            assert chart.get_attribute("data-rendered") == "true"
            assert chart.locator("svg").count() == 1
        page.close()
    assert visit.requests, "the browser recorded no request at all"
    assert [url for url in visit.requests if not url.startswith(LOCAL_SCHEMES)] == []
    assert visit.failed == []
    assert visit.errors == []
    assert any(url.endswith("/assets/vendor/vega-lite.min.js") for url in visit.requests)


def test_the_index_lists_the_five_samples_with_their_counts(report: Path, built_warehouse: Path, visit: Visit):
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        expected = {
            document_id: (checked, passed, rounding, failed, not_applicable)
            for document_id, checked, passed, rounding, failed, not_applicable in connection.execute("""
                select document_id, count(*), count(*) filter (where status = 'pass'),
                       count(*) filter (where status = 'rounding'), count(*) filter (where status = 'fail'),
                       count(*) filter (where status = 'not_applicable')
                from marts.fct_tie_check group by document_id""").fetchall()
        }
    page = visit.open(report / "index.html")
    rows = page.locator("#documents tbody tr")
    assert rows.count() == 5
    shown = {}
    for row in rows.all():
        cells = [
            int(row.locator(f"td[data-column={column}]").inner_text())
            for column in ("checked", "passed", "rounding", "failed", "not_applicable")
        ]
        shown[row.get_attribute("data-document")] = tuple(cells)
        assert row.locator("td").nth(1).inner_text().split("\n")[-1] in SAMPLE_FILES.values()
    assert shown == expected
    assert expected[DOCUMENT_IDS["zhaoyuan"]][3] == 24 and expected[DOCUMENT_IDS["quanzhou"]][3] == 0
    # Worst first: the documents with failing ties lead, 招远 (24) first; those without follow.
    order = [row.get_attribute("data-document") for row in rows.all()]
    assert order[0] == DOCUMENT_IDS["zhaoyuan"]
    assert set(order[3:]) == {DOCUMENT_IDS["quanzhou"], DOCUMENT_IDS["sanming"]}
    assert "山东省 烟台市 招远市" in rows.nth(0).inner_text()


def test_the_index_filters_by_phase_region_and_status_and_sorts(report: Path, visit: Visit):
    page = visit.open(report / "index.html")
    visible = page.locator("#documents tbody tr:visible")
    page.select_option("select[name=phase]", "final")
    assert [row.get_attribute("data-document") for row in visible.all()] == [DOCUMENT_IDS["sanming"]]
    assert page.locator("#shown").inner_text() == "1 / 5 份"
    page.select_option("select[name=phase]", "")
    page.select_option("select[name=province]", "福建省")
    page.select_option("select[name=status]", "fail")
    assert [row.get_attribute("data-document") for row in visible.all()] == [DOCUMENT_IDS["fuzhou"]]
    page.select_option("select[name=status]", "")
    page.select_option("select[name=province]", "")
    page.select_option("select[name=year]", "2020")
    assert [row.get_attribute("data-document") for row in visible.all()] == [DOCUMENT_IDS["fuzhou"]]
    page.select_option("select[name=year]", "")
    # Sorting by 不适用: most first (固安, 14), then fewest first (招远 and 三明, 2 each, in the index order).
    header = page.locator("#documents thead th[data-key=not_applicable]")
    header.click()
    assert visible.first.get_attribute("data-document") == DOCUMENT_IDS["guan"]
    assert header.get_attribute("aria-sort") == "descending"
    header.click()
    assert [row.get_attribute("data-document") for row in visible.all()][:2] == [
        DOCUMENT_IDS["zhaoyuan"],
        DOCUMENT_IDS["sanming"],
    ]


def test_zhaoyuan_shows_the_gap_between_its_total_and_its_classes_with_both_sides_lines(report: Path, visit: Visit):
    page = visit.open(_document(report, "zhaoyuan"))
    card = page.locator("#table-findings article.finding[data-rule=T_TABLE_TOTAL_EQ_SUM_TOP]").filter(
        has=page.locator("ol.printed li[data-line='113']")
    )
    assert card.count() == 1
    assert card.locator(".relation").inner_text().startswith("合计 = Σ 类")
    figures = card.locator("table.figures tbody tr")
    assert figures.count() == 3
    for row in figures.all():
        assert row.locator("td.lhs").inner_text() == "4,643.47"
        assert row.locator("td.rhs").inner_text().startswith("4,575.26")
        assert row.locator("td.difference").inner_text() == "+68.21"
        assert row.locator("td.tolerance").inner_text() == "± 0.015"
    lhs = card.locator("section.side.lhs li")
    assert lhs.count() == 1
    assert "第 113 行" in lhs.inner_text() and "合 计" in lhs.inner_text() and "4,643.47" in lhs.inner_text()
    rhs = card.locator("section.side.rhs li")
    assert [item.get_attribute("data-line") for item in rhs.all()] == ["114", "122"]
    assert "社会保障和就业支出" in rhs.nth(0).inner_text() and "232.61" in rhs.nth(0).inner_text()
    assert "卫生健康支出" in rhs.nth(1).inner_text() and "4,342.65" in rhs.nth(1).inner_text()
    assert page.locator("#counts td").nth(3).inner_text() == "24"


def test_guan_shows_the_three_public_contradiction_of_its_prose(report: Path, visit: Visit):
    page = visit.open(_document(report, "guan"))
    card = page.locator("#narrative-findings article.finding[data-rule=T_NARRATIVE_THREE_PUBLIC_EQ_TABLE]")
    assert card.count() == 1
    assert card.locator("td.lhs").inner_text() == "0.00"
    assert card.locator("td.rhs").inner_text() == "2.00"
    assert card.locator("td.difference").inner_text() == "-2.00"
    assert "公务用车购置及运维费0.00万元" in card.locator("section.side.lhs li[data-line='431']").inner_text()
    assert "二、公务用车购置及运维费" in card.locator("section.side.rhs li[data-line='377']").inner_text()
    # Its 三公 chart: 2024's 2.32 against 2023's 5.32, derived from the prose's stated change.
    chart = page.locator("#chart-three_public table.chart-data tbody tr").first
    assert chart.inner_text().split("\t") == ["“三公”经费合计", "5.32", "2.32"]


def test_quanzhou_shows_no_failure(report: Path, visit: Visit):
    page = visit.open(_document(report, "quanzhou"))
    assert page.locator("article.finding").count() == 0
    assert page.locator("#table-findings .none").is_visible()
    assert page.locator("#narrative-findings .none").is_visible()
    assert page.locator("#counts td").nth(3).inner_text() == "0"
    assert page.locator("#charts figure.chart").count() == 3


def test_a_rule_page_links_to_the_documents_where_it_fails(report: Path, visit: Visit):
    page = visit.open(report / "rules" / "T_NARRATIVE_THREE_PUBLIC_EQ_TABLE.html")
    rows = page.locator("#failures tbody tr")
    assert [row.get_attribute("data-document") for row in rows.all()] == [DOCUMENT_IDS["guan"]]
    rows.first.locator("a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"documents/{DOCUMENT_IDS['guan']}.html#table-findings")


def test_a_document_page_prints_to_pdf_without_the_site_navigation(report: Path, visit: Visit):
    page = visit.open(_document(report, "zhaoyuan"))
    page.emulate_media(media="print")
    assert page.locator("header.site nav").is_hidden()
    assert page.locator("figure.chart svg").count() == 3
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
