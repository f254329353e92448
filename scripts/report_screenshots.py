"""Screenshots of the findings report for the README: its index and the page of its worst document.

    .venv/bin/python scripts/report_screenshots.py [--warehouse build/warehouse.duckdb] [--out docs]

Writes (or brings up to date) the report beside the warehouse, opens it from disk in headless
Chromium (Debian's `chromium`, driven by Playwright) and saves `report_index.png` and
`report_document.png` in OUT. Chinese text needs a CJK font on the machine (Debian:
`apt-get install fonts-noto-cjk`); without one the script says so and the glyphs show as boxes.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from budget_warehouse.report import report_dir, write_report  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}
DOCUMENT_HEIGHT = 1500  # the top of a document page: its figures, first findings and their lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=PROJECT_DIR / "build" / "warehouse.duckdb")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "docs")
    arguments = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("no chromium on this machine: apt-get install chromium")
    if shutil.which("fc-list") and not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout:
        print("warning: no Chinese font installed (apt-get install fonts-noto-cjk): glyphs will show as boxes")
    index = write_report(arguments.warehouse, report_dir(arguments.warehouse))
    arguments.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, locale="zh-CN")
        page.goto(index.as_uri())
        page.screenshot(path=arguments.out / "report_index.png")
        worst = page.locator("#documents tbody tr a").first.get_attribute("href")
        page.goto((index.parent / worst).as_uri())
        page.wait_for_function("document.body.dataset.chartsDrawn === 'true' || !document.querySelector('.vega')")
        page.set_viewport_size({"width": VIEWPORT["width"], "height": DOCUMENT_HEIGHT})
        page.screenshot(path=arguments.out / "report_document.png")
        browser.close()
    print(f"saved {arguments.out / 'report_index.png'} and {arguments.out / 'report_document.png'} ({worst})")


if __name__ == "__main__":
    main()
