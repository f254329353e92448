"""Vega-Lite specs of a document's charts, drawn in the browser by the vendored vega scripts.

Amounts come in yuan (exact decimals) and are drawn in 万元. The spec's numbers are JSON numbers for
drawing only: each chart also carries its figures as exact text, shown in a table beside it.
"""

import json
from decimal import Decimal

from budget_warehouse.report.format import amount
from budget_warehouse.report.model import Chart

WAN = Decimal(10_000)
# System fonts that carry Chinese glyphs on Windows, macOS and Linux; no web font is loaded.
FONT = '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelLimit": 260, "labelFontSize": 12, "titleFontSize": 12},
    "legend": {"labelFontSize": 12},
    "text": {"fontSize": 12},
}

# Category: (name in the table, short name on the chart's axis).
THREE_PUBLIC_CATEGORIES = {
    "total": ("“三公”经费合计", "合计"),
    "overseas_travel": ("因公出国（境）费", "因公出国（境）"),
    "vehicles": ("公务用车购置及运行维护费", "公务用车"),
    "reception": ("公务接待费", "公务接待"),
}
EXPENSE_TYPES = {"basic": "基本支出", "project": "项目支出"}


def _wan(yuan: Decimal) -> Decimal:
    return yuan / WAN


def _number(value: Decimal) -> float:
    # For drawing only: the shortest repr of the float is the decimal's own text at these sizes.
    return float(value)


def _spec_json(spec: dict) -> str:
    # Inlined in a <script> element: "</" must not close it.
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def expenditure_by_class(rows: list[tuple]) -> Chart | None:
    """rows: (document, 类 code, standard name, amount in yuan, printed as a 类 row)."""
    if not rows:
        return None
    values = [
        {"label": f"{code} {name or ''}".strip(), "amount": _number(_wan(yuan))}
        for _, code, name, yuan, _ in rows
        if yuan is not None
    ]
    summed = [code for _, code, _, _, printed in rows if not printed]
    spec = {
        "config": CONFIG,
        "width": 460,
        "height": {"step": 26},
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#4c78a8", "tooltip": True},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "amount", "type": "quantitative", "title": "万元"},
        },
    }
    note = "支出总表中各类的合计数。"
    if summed:
        note += f"未印类行的 {'、'.join(summed)} 类为其所列款/项之和。"
    return Chart(
        key="classes",
        title="按功能分类（类）的支出",
        note=note,
        spec_json=_spec_json(spec),
        columns=("功能分类 类", "万元"),
        rows=tuple((f"{code} {name or ''}".strip(), amount(_wan(yuan))) for _, code, name, yuan, _ in rows),
    )


def basic_and_project(rows: list[tuple]) -> Chart | None:
    """rows: (document, measure basic / project, amount in yuan, source line)."""
    if not rows:
        return None
    values = [{"label": EXPENSE_TYPES[measure], "amount": _number(_wan(yuan))} for _, measure, yuan, _ in rows]
    spec = {
        "config": CONFIG,
        "width": 460,
        "height": {"step": 34},
        "data": {"values": values},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": ["基本支出", "项目支出"], "title": None},
            "x": {"field": "amount", "type": "quantitative", "title": "万元"},
        },
        "layer": [
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"range": ["#4c78a8", "#f58518"]},
                    }
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": {"field": "amount", "type": "quantitative", "format": ",.2f"}},
            },
        ],
    }
    lines = sorted({line for *_, line in rows})
    return Chart(
        key="basic_project",
        title="基本支出与项目支出",
        note=f"支出总表合计行（第 {'、'.join(str(line) for line in lines)} 行）。",
        spec_json=_spec_json(spec),
        columns=("", "万元"),
        rows=tuple((EXPENSE_TYPES[measure], amount(_wan(yuan))) for _, measure, yuan, _ in rows),
    )


def three_public(rows: list[tuple], fiscal_year: int | None) -> Chart | None:
    """rows: (document, category measure, this year in yuan, prior year in yuan, prior derived from prose)."""
    if not rows:
        return None
    this_year = f"{fiscal_year} 年" if fiscal_year else "本年"
    prior_year = f"{fiscal_year - 1} 年" if fiscal_year else "上年"
    order = list(THREE_PUBLIC_CATEGORIES)
    rows = sorted(rows, key=lambda row: order.index(row[1]))
    values = []
    for _, measure, current, prior, _ in rows:
        for year, yuan in ((prior_year, prior), (this_year, current)):
            if yuan is not None:
                values.append(
                    {"category": THREE_PUBLIC_CATEGORIES[measure][1], "year": year, "amount": _number(_wan(yuan))}
                )
    spec = {
        "config": CONFIG,
        "width": {"step": 40},
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "category",
                "type": "nominal",
                "sort": [short for _, short in THREE_PUBLIC_CATEGORIES.values()],
                "title": None,
                "axis": {"labelAngle": 0},
            },
            "xOffset": {"field": "year", "sort": [prior_year, this_year]},
            "y": {"field": "amount", "type": "quantitative", "title": "万元"},
            "color": {
                "field": "year",
                "type": "nominal",
                "sort": [prior_year, this_year],
                "scale": {"range": ["#9ecae9", "#4c78a8"]},
                "title": None,
            },
        },
    }
    derived = any(prior is not None and is_derived for *_, prior, is_derived in rows)
    note = "本年数取自“三公”经费支出表；上年数取自表中所列上年数"
    note += "，表中未列的由说明中“比上年增减”推算。" if derived else "。"
    return Chart(
        key="three_public",
        title="“三公”经费与上年比较",
        note=note,
        spec_json=_spec_json(spec),
        columns=("", prior_year + "（万元）", this_year + "（万元）"),
        rows=tuple(
            (
                THREE_PUBLIC_CATEGORIES[measure][0],
                amount(_wan(prior)) if prior is not None else "—",
                amount(_wan(current)) if current is not None else "—",
            )
            for _, measure, current, prior, _ in rows
        ),
    )
