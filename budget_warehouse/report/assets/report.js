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

// The index: its rows come as data (#index-data); the filters, the sort and the page decide which
// PAGE_SIZE rows are drawn. Filtering and sorting 10,000 rows of data takes milliseconds.
const PAGE_SIZE = 100;
const FILTERS = ["province", "city", "year", "phase", "status"];
const COUNT_COLUMNS = ["checked", "passed", "rounding", "failed", "not_applicable"];

function cell(text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function indexRow(row) {
  const tr = document.createElement("tr");
  tr.className = `status-${row.status}`;
  tr.dataset.document = row.document;
  tr.append(cell(row.rank));
  const name = document.createElement("td");
  const link = document.createElement("a");
  link.href = row.page;
  link.textContent = row.department;
  const file = document.createElement("small");
  file.className = "file";
  file.textContent = row.file;
  name.append(link, document.createElement("br"), file);
  tr.append(name, cell(row.region), cell(row.year ?? ""), cell(row.phase_zh), cell(row.score_text, "num"));
  for (const column of COUNT_COLUMNS) {
    const td = cell(row[column], column === "failed" && row.failed ? "num fail" : "num");
    td.dataset.column = column;
    tr.append(td);
  }
  tr.append(cell(row.gap_text, "num"));
  const status = document.createElement("td");
  const badge = document.createElement("span");
  badge.className = `badge ${row.status}`;
  badge.textContent = row.status_zh;
  status.append(badge);
  tr.append(status);
  return tr;
}

function setUpIndex(form, table) {
  const data = JSON.parse(document.getElementById("index-data").textContent);
  const rows = data.rows.map((values) => Object.fromEntries(data.fields.map((field, i) => [field, values[i]])));
  const collator = new Intl.Collator("zh-CN", { numeric: true });
  const headers = Array.from(table.tHead.rows[0].cells);
  const pager = document.getElementById("pager");
  const state = { key: "rank", ascending: true, page: 0 };
  let matching = rows;

  const filter = () => {
    const values = new FormData(form);
    const text = (values.get("text") || "").trim().toLowerCase();
    matching = rows.filter(
      (row) =>
        FILTERS.every((key) => !values.get(key) || String(row[key] ?? "") === values.get(key)) &&
        (!text || `${row.department} ${row.file}`.toLowerCase().includes(text)),
    );
    sort();
  };
  const sort = () => {
    const header = headers.find((th) => th.dataset.key === state.key);
    const numeric = header.dataset.type === "number";
    const sign = state.ascending ? 1 : -1;
    matching.sort((a, b) => {
      const order = numeric ? (a[state.key] ?? 0) - (b[state.key] ?? 0) : collator.compare(a[state.key], b[state.key]);
      return sign * (order || a.rank - b.rank);
    });
    headers.forEach((th) => th.removeAttribute("aria-sort"));
    header.setAttribute("aria-sort", state.ascending ? "ascending" : "descending");
    state.page = 0;
    draw();
  };
  const draw = () => {
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const first = state.page * PAGE_SIZE;
    const shown = matching.slice(first, first + PAGE_SIZE);
    table.tBodies[0].replaceChildren(...shown.map(indexRow));
    document.getElementById("shown").textContent =
      matching.length === rows.length ? `${rows.length} 份` : `${matching.length} / ${rows.length} 份`;
    document.getElementById("no-match").hidden = matching.length > 0;
    document.getElementById("page-of").textContent = `第 ${state.page + 1} / ${pages} 页`;
    pager.hidden = pages < 2;
    pager.querySelector("[data-step='-1']").disabled = state.page === 0;
    pager.querySelector("[data-step='1']").disabled = state.page >= pages - 1;
  };

  headers.forEach((th) =>
    th.addEventListener("click", () => {
      state.ascending = state.key === th.dataset.key ? !state.ascending : th.dataset.type !== "number" || th.dataset.key === "rank";
      state.key = th.dataset.key;
      sort();
    }),
  );
  pager.addEventListener("click", (event) => {
    const step = Number(event.target.dataset.step);
    if (step) {
      state.page += step;
      draw();
      table.scrollIntoView();
    }
  });
  form.addEventListener("input", filter);
  form.addEventListener("change", filter);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  table.classList.add("sortable");
  const more = document.getElementById("more-rows");
  if (more) more.hidden = true;
  filter();
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
if (filters) setUpIndex(filters, document.getElementById("documents"));
drawCharts();
