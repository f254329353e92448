// The report's behaviour: sortable tables, the index's filters, and the charts (Vega-Lite specs
// inlined in the page, drawn by the vendored vega scripts). Everything works from disk.
"use strict";

function cellValue(row, index, numeric) {
  const cell = row.cells[index];
  const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
  return numeric ? Number.parseFloat(raw) || 0 : raw;
}

function makeSortable(table) {
  const headers = Array.from(table.tHead.rows[0].cells);
  const collator = new Intl.Collator("zh-CN", { numeric: true });
  headers.forEach((header, index) => {
    header.addEventListener("click", () => {
      const numeric = header.dataset.type === "number";
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = cellValue(a, index, numeric);
        const y = cellValue(b, index, numeric);
        const order = numeric ? x - y : collator.compare(x, y);
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  });
}

function setUpFilters(form, table) {
  const shown = document.getElementById("shown");
  const noMatch = document.getElementById("no-match");
  const rows = Array.from(table.tBodies[0].rows);
  const apply = () => {
    const data = new FormData(form);
    const text = (data.get("text") || "").trim().toLowerCase();
    let count = 0;
    for (const row of rows) {
      const visible =
        ["province", "city", "year", "phase", "status"].every((key) => {
          const wanted = data.get(key);
          return !wanted || row.dataset[key] === wanted;
        }) && (!text || row.cells[1].textContent.toLowerCase().includes(text));
      row.hidden = !visible;
      if (visible) count += 1;
    }
    shown.textContent = `${count} / ${rows.length}`;
    noMatch.hidden = count > 0;
  };
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
}

async function drawCharts() {
  const specs = document.querySelectorAll("script.vega-lite");
  if (!specs.length || typeof vega === "undefined" || typeof vegaLite === "undefined") return;
  for (const script of specs) {
    const target = document.getElementById(script.dataset.target);
    try {
      const spec = vegaLite.compile(JSON.parse(script.textContent)).spec;
      const view = new vega.View(vega.parse(spec), { renderer: "svg", container: target, hover: true });
      await view.runAsync();
      target.dataset.rendered = "true";
    } catch (error) {
      target.textContent = `图表无法绘制：${error}`;
      target.dataset.rendered = "error";
    }
  }
  document.body.dataset.chartsDrawn = "true";
}

document.querySelectorAll("table.sortable").forEach(makeSortable);
const filters = document.getElementById("filters");
if (filters) setUpFilters(filters, document.getElementById("documents"));
drawCharts();
