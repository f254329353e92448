"""Three layout families unlike any bundled sample, as other provinces and converters print them.

- `bracketed_codes`: the cover names the department broken over two lines and prints the year on a
  line of its own; a contents list of `表1 …` titles; each title directly followed by
  `编制部门：XX局 单位：元`; the code in the name's cell (`[2101501]行政运行`, `2101501 行政运行`,
  `2101501-行政运行`); amounts with thousands separators, zeros as `—`.
- `names_only`: a district cover (`XX县2026年县级部门预算`) with the department in a labelled field
  (`预算主管部门：XX局`); `附表1-N` titles with the year and the unit on the title's line (`金额单位：万元`);
  no codes at all: names with `（类）（款）（项）` suffixes or indented by level.
- `no_blank_lines`: no blank line anywhere; titles directly followed by `单位：…`; the “三公” table
  printed without a unit (inferred from the document's other tables); final accounts print 年初预算数
  and 全年预算数 beside the 决算数 columns; the 基本支出 table in three side-by-side groups, 公用经费
  first, the group totals on one row.

The narrative is rendered one section per function (`overview_section`, `general_budget_section`,
`basic_section`, `three_public_section`), each returning its lines, so that a section's wording can
be varied without touching the tables. Final accounts state the general budget's 年初预算, 全年预算 and
决算 in one sentence and explain each 项 (named by code, by its 类 / 款 / 项 names, or by name with
（项）, family by family), and the “三公” budget beside its 决算; the bracketed family's budgets give
the prior year's 预算数. Where the tables print the 年初预算数 and 全年预算数 those figures are
checkable too, and the tables print the model's budgets (render_scopes).
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from budget_warehouse.synthetic.model import FunctionNode, SyntheticDocument
from budget_warehouse.synthetic.printing import Line, Printer, row
from budget_warehouse.synthetic.render_common import (
    basic_narrative,
    duties,
    expense_classes,
    expense_narrative,
    general_budget_narrative,
    glossary,
    income_narrative,
    ordinal,
    parent_key,
    phase_word,
    printed_nodes,
    role_of,
    three_public_narrative,
)
from budget_warehouse.synthetic.render_scopes import (
    FINAL,
    FULL_YEAR,
    INITIAL,
    general_budget_scopes,
    prior_year_general_budget,
    three_public_scopes,
)

FAMILIES = ("bracketed_codes", "names_only", "no_blank_lines")
_KINDS = (
    "summary",
    "income",
    "expense",
    "fiscal_grant_summary",
    "general_budget_expense",
    "general_budget_basic_expense",
    "gov_fund_expense",
    "state_capital_expense",
    "three_public",
)
_TITLES = {  # statement kind → (budget title, final-accounts title)
    "summary": ("收支总表", "收入支出决算总表"),
    "income": ("收入总表", "收入决算表"),
    "expense": ("支出总表", "支出决算表"),
    "fiscal_grant_summary": ("财政拨款收支总表", "财政拨款收入支出决算总表"),
    "general_budget_expense": ("一般公共预算支出表", "一般公共预算财政拨款支出决算表"),
    "general_budget_basic_expense": ("一般公共预算基本支出表", "一般公共预算财政拨款基本支出决算表"),
    "gov_fund_expense": ("政府性基金预算支出表", "政府性基金预算财政拨款收入支出决算表"),
    "state_capital_expense": ("国有资本经营预算支出表", "国有资本经营预算财政拨款支出决算表"),
    "three_public": ("一般公共预算“三公”经费支出表", "一般公共预算财政拨款“三公”经费支出决算表"),
}
_LEVEL_WORDS = {1: "类", 2: "款", 3: "项"}
_NO_FIGURE = "—"


@dataclass(frozen=True)
class _Style:
    family: str
    printer: Printer
    code_form: str  # bracketed / spaced / dashed / suffix / indent / columns
    budget_columns: bool  # final accounts print 年初预算数 and 全年预算数 beside the 决算数
    three_groups: bool  # the 基本支出 table in side-by-side 公用经费 | 人员经费 groups


def render(document: SyntheticDocument) -> list[Line]:
    rng = random.Random(f"{document.family}:{document.index}:{document.department}")
    style = _style(document, rng)
    lines = _cover(document, style) + _contents(document, style)
    lines += [Line("第一部分 部门概况"), Line(""), Line("一、主要职责"), Line("")]
    lines += duties(document)
    lines += [Line(f"第二部分 {document.fiscal_year}年度部门{phase_word(document)}表"), Line("")]
    for number, kind in enumerate(_KINDS, 1):
        lines += _table_head(document, style, kind, number)
        lines += _TABLES[kind](document, style, rng)
        lines.append(Line(""))
    lines += _explanation(document, style)
    if style.family == "no_blank_lines":
        lines = [line for line in lines if line.text.strip()]
    return lines


def _style(document: SyntheticDocument, rng: random.Random) -> _Style:
    final = document.phase == "final"
    if document.family == "bracketed_codes":
        printer = Printer(document.unit, grouped=True, blank_zero=False)
        return _Style(document.family, printer, rng.choice(("bracketed", "spaced", "dashed")), False, False)
    if document.family == "names_only":
        printer = Printer(document.unit, grouped=rng.random() < 0.5, blank_zero=True)
        return _Style(document.family, printer, rng.choice(("suffix", "indent")), False, False)
    printer = Printer(document.unit, grouped=rng.random() < 0.5, blank_zero=False)
    return _Style(document.family, printer, "columns", final, True)


# --- cover, contents, titles ----------------------------------------------------------------------


def _cover(document: SyntheticDocument, style: _Style) -> list[Line]:
    word, year = phase_word(document), document.fiscal_year
    organ = document.department.removeprefix(document.place)
    if style.family == "bracketed_codes":  # the name broken over two lines, the year on its own
        return [Line(""), Line(document.place), Line(organ), Line(f"年度部门{word}"), Line(str(year)), Line("")]
    if style.family == "names_only":  # the place on the cover, the department in a labelled field
        level = document.place[-1]
        return [Line(f"{document.place}{year}年{level}级部门{word}"), Line(f"预算主管部门：{organ}"), Line("")]
    return [Line(f"{year} 年度部门{word}"), Line(document.department), Line("")]


def _title(document: SyntheticDocument, style: _Style, kind: str, number: int) -> str:
    title = _TITLES[kind][0 if document.phase == "budget" else 1]
    if style.family == "bracketed_codes":
        return f"表{number} {title}"
    if style.family == "names_only":
        return f"附表1-{number} {document.fiscal_year}年部门{title}"
    return f"{ordinal(number)}{title}"


def _contents(document: SyntheticDocument, style: _Style) -> list[Line]:
    titles = [_title(document, style, kind, number) for number, kind in enumerate(_KINDS, 1)]
    if style.family == "names_only":
        return [Line("目  录"), *(Line(f"{title}…………{2 + number}") for number, title in enumerate(titles)), Line("")]
    return [Line("目录"), *(Line(title) for title in titles), Line("")]


def _table_head(document: SyntheticDocument, style: _Style, kind: str, number: int) -> list[Line]:
    """The title and the department and unit lines, printed as the family prints them."""
    title = _title(document, style, kind, number)
    unit = document.unit
    if style.family == "bracketed_codes":
        return [Line(title, kind, "title"), Line(f"编制部门：{document.department} 单位：{unit}", kind, "unit")]
    if style.family == "names_only":
        return [Line(""), Line(f"{title} 金额单位：{unit}", kind, "unit"), Line("")]
    if kind == "three_public":  # printed without a unit: the document's other tables say it
        return [Line(title, kind, "title")]
    return [Line(title, kind, "title"), Line(f"单位：{unit}", kind, "unit")]


# --- identifiers ------------------------------------------------------------------------------------


def _identifier_header(style: _Style, economic: bool = False) -> list[str]:
    if style.code_form == "columns":
        return ["科目编码", "科目名称"]
    return ["经济分类科目" if economic else "项目"]


def _identifiers(style: _Style, code: str, name: str, level: int) -> list[str]:
    """The cells naming a coded row, in the family's code form."""
    form = style.code_form
    if form == "columns":
        return [code, name]
    if form == "bracketed":
        return [f"[{code}]{name}"]
    if form == "spaced":
        return [f"{code} {name}"]
    if form == "dashed":
        return [f"{code}-{name}"]
    if form == "suffix":
        return [f"{name}（{_LEVEL_WORDS[level]}）"]
    return ["  " * (level - 1) + name]  # indent


def _total_identifiers(style: _Style, label: str = "合计") -> list[str]:
    return ["", label] if style.code_form == "columns" else [label]


def _amount(style: _Style, cents: int, total: bool = False) -> str:
    """A zero is `—` or blank where the family prints it so, but a 合计 line always prints its figures."""
    if cents == 0 and total:
        return Printer(style.printer.unit, style.printer.grouped, blank_zero=False).amount(0)
    if cents == 0 and style.family == "bracketed_codes":
        return _NO_FIGURE
    return style.printer.amount(cents)


def _amounts(style: _Style, values: list[int], total: bool = False) -> list[str]:
    return [_amount(style, value, total) for value in values]


def _function_rows(
    document: SyntheticDocument,
    style: _Style,
    kind: str,
    value: Callable[[FunctionNode], int],
    columns: Callable[[FunctionNode], list[int]],
    total: FunctionNode,
) -> list[Line]:
    width = len(_identifier_header(style))
    lines = [
        row([*_total_identifiers(style), *_amounts(style, columns(total))], kind, "total", "total", amount_from=width)
    ]
    for node in printed_nodes(document, value, items_only=False):
        lines.append(
            row(
                [*_identifiers(style, node.code, node.name, node.level), *_amounts(style, columns(node))],
                kind,
                role_of(node),
                node.code,
                parent_key(node, False),
                amount_from=width,
            )
        )
    return lines


# --- tables -----------------------------------------------------------------------------------------


def _summary(document: SyntheticDocument, style: _Style, _: random.Random) -> list[Line]:
    kind = "summary"
    value = "预算数" if document.phase == "budget" else "决算数"
    incomes = [
        ("一般公共预算拨款收入", document.general_budget),
        ("政府性基金预算拨款收入", 0),
        ("国有资本经营预算拨款收入", 0),
        (document.other_income_label, document.other_income),
    ]
    expenses = expense_classes(document, lambda node: node.total)
    lines = [row(["收入", value, "支出", value], kind, "header")]
    for number in range(max(len(incomes), len(expenses))):
        left = (
            [ordinal(number + 1) + incomes[number][0], _amount(style, incomes[number][1])]
            if number < len(incomes)
            else ["", ""]
        )
        right = [expenses[number][0], _amount(style, expenses[number][1])]
        lines.append(row([*left, *right], kind, "label", key=right[0], amount_from=1))
    total, carry = _amount(style, document.total), _amount(style, document.carry_over)
    grand = _amount(style, document.total + document.carry_over)
    return [
        *lines,
        row(["本年收入合计", total, "本年支出合计", total], kind, "total", "total"),
        row(["年初结转和结余", carry, "年末结转和结余", carry], kind, "label", "carry_over"),
        row(["收入总计", grand, "支出总计", grand], kind, "total", "grand_total"),
    ]


def _income(document: SyntheticDocument, style: _Style, _: random.Random) -> list[Line]:
    kind = "income"
    header = [*_identifier_header(style), "合计", "一般公共预算拨款收入", document.other_income_label]
    return [
        row(header, kind, "header"),
        *_function_rows(
            document,
            style,
            kind,
            lambda node: node.total,
            lambda node: [node.total, node.general, node.project_other],
            document.totals,
        ),
    ]


def _expense(document: SyntheticDocument, style: _Style, _: random.Random) -> list[Line]:
    kind = "expense"
    header = [*_identifier_header(style), "合计", "基本支出", "项目支出"]
    return [
        row(header, kind, "header"),
        *_function_rows(
            document,
            style,
            kind,
            lambda node: node.total,
            lambda node: [node.total, node.basic, node.project],
            document.totals,
        ),
    ]


def _fiscal_grant_summary(document: SyntheticDocument, style: _Style, _: random.Random) -> list[Line]:
    kind = "fiscal_grant_summary"
    value = "预算数" if document.phase == "budget" else "决算数"
    general = document.general_budget
    incomes = [("一般公共预算拨款", general), ("政府性基金预算拨款", 0), ("国有资本经营预算拨款", 0)]
    lines = [row(["收入", value, "支出", value], kind, "header")]
    for number, (label, amount) in enumerate(expense_classes(document, lambda node: node.general)):
        left = (
            [ordinal(number + 1) + incomes[number][0], _amount(style, incomes[number][1])]
            if number < len(incomes)
            else ["", ""]
        )
        lines.append(row([*left, label, _amount(style, amount)], kind, "label", key=label, amount_from=1))
    total = _amount(style, general)
    return [*lines, row(["收入合计", total, "支出合计", total], kind, "total", "total")]


def _general_budget_expense(document: SyntheticDocument, style: _Style, _: random.Random) -> list[Line]:
    kind = "general_budget_expense"
    if not style.budget_columns:
        header = [*_identifier_header(style), "合计", "基本支出", "项目支出"]
        return [
            row(header, kind, "header"),
            *_function_rows(
                document,
                style,
                kind,
                lambda node: node.general,
                lambda node: [node.general, node.basic, node.project_general],
                document.totals,
            ),
        ]
    # 年初预算数 | 全年预算数 | 决算数 (合计 | 基本支出 | 项目支出): each 项's budgets as its model has them
    # (the prose states the same), a 类 or 款 printing the sums of its 项, so every column adds up.
    initial = {budget.code: budget.initial for budget in document.budgets}
    full_year = {budget.code: budget.full_year for budget in document.budgets}

    def budgets(node: FunctionNode) -> list[int]:
        codes = [code for code in initial if code.startswith(node.code)]
        return [sum(initial[c] for c in codes), sum(full_year[c] for c in codes)]

    width = len(_identifier_header(style))
    header = [
        row([*_identifier_header(style), "年初预算数", "全年预算数", "决算数", "", ""], kind, "header"),
        row([*[""] * width, "", "", "合计", "基本支出", "项目支出"], kind, "header"),
    ]
    return header + _function_rows(
        document,
        style,
        kind,
        lambda node: node.general,
        lambda node: [*budgets(node), node.general, node.basic, node.project_general],
        document.totals,
    )


def _basic_economic(document: SyntheticDocument, style: _Style, _: random.Random) -> list[Line]:
    kind = "general_budget_basic_expense"
    value = "预算数" if document.phase == "budget" else "决算数"
    if style.three_groups:
        return _basic_in_groups(document, style, value)
    width = len(_identifier_header(style, economic=True))
    lines = [
        row([*_identifier_header(style, economic=True), "合计", "人员经费", "公用经费"], kind, "header"),
        row(
            [
                *_total_identifiers(style),
                *_amounts(style, [document.basic, document.personnel, document.public_use], True),
            ],
            kind,
            "total",
            "total",
            amount_from=width,
        ),
    ]

    def amounts(code: str, amount: int) -> list[str]:
        personnel = code[:3] != "302"
        return _amounts(style, [amount, amount if personnel else 0, 0 if personnel else amount])

    for economic in document.basic_economy:
        lines.append(
            row(
                [*_identifiers(style, economic.code, economic.name, 1), *amounts(economic.code, economic.amount)],
                kind,
                "class",
                economic.code,
                "total",
                amount_from=width,
            )
        )
        lines += [
            row(
                [*_identifiers(style, item.code, item.name, 2), *amounts(item.code, item.amount)],
                kind,
                "item",
                item.code,
                economic.code,
                amount_from=width,
            )
            for item in economic.items
        ]
    return lines


def _basic_in_groups(document: SyntheticDocument, style: _Style, value: str) -> list[Line]:
    """公用经费 | 人员经费 | 人员经费 (continued) side by side, each group 科目编码 | 科目名称 | amount,
    closed by one row printing 公用经费合计 and 人员经费合计 (the latter under the last group)."""
    kind = "general_budget_basic_expense"
    by_class = {economic.code: economic for economic in document.basic_economy}

    def column(code: str) -> list[list[str]]:
        economic = by_class.get(code)
        if economic is None:
            return []
        cells = [[economic.code, economic.name, style.printer.amount(economic.amount)]]
        return cells + [[item.code, item.name, style.printer.amount(item.amount)] for item in economic.items]

    groups = [column("302"), column("301"), column("303")]
    height = max(len(group) for group in groups)
    lines = [
        row(["公用经费", "", "", "人员经费", "", "", "", "", ""], kind, "header"),
        row(["科目编码", "科目名称", value] * 3, kind, "header"),
    ]
    for index in range(height):
        cells = []
        for group in groups:
            cells += group[index] if index < len(group) else ["", "", ""]
        lines.append(row(cells, kind, "side_by_side"))
    public, personnel = style.printer.amount(document.public_use), style.printer.amount(document.personnel)
    lines.append(row(["公用经费合计", "", public, "人员经费合计", "", "", "", "", personnel], kind, "group_total"))
    return lines


def _empty(kind: str) -> Callable[[SyntheticDocument, _Style, random.Random], list[Line]]:
    fund = "政府性基金预算" if kind == "gov_fund_expense" else "国有资本经营预算"

    def render_empty(document: SyntheticDocument, style: _Style, _: random.Random) -> list[Line]:
        header = [*_identifier_header(style), "合计", "基本支出", "项目支出"]
        return [
            row(header, kind, "header"),
            Line(f"注：本部门{document.fiscal_year}年度没有使用{fund}财政拨款安排的支出，本表无数据。", kind, "note"),
        ]

    return render_empty


def _three_public(document: SyntheticDocument, style: _Style, _: random.Random) -> list[Line]:
    kind = "three_public"
    three = document.three_public
    value = "预算数" if document.phase == "budget" else "决算数"
    parts = [
        ("因公出国（境）费", three.overseas_travel, "overseas_travel", "total"),
        ("公务用车购置及运行维护费", three.vehicles, "vehicles", "total"),
        ("其中：公务用车购置费", three.vehicle_purchase, "vehicle_purchase", "vehicles"),
        ("公务用车运行维护费", three.vehicle_operation, "vehicle_operation", "vehicles"),
        ("公务接待费", three.reception, "reception", "total"),
    ]
    if not style.budget_columns:
        lines = [
            row(["项目", value], kind, "header"),
            row(["合计", _amount(style, three.total, True)], kind, "total", "total", amount_from=1),
        ]
        return lines + [
            row([label, _amount(style, amount)], kind, "label", key, parent, 1) for label, amount, key, parent in parts
        ]
    planned = document.three_public_budget
    budget = {
        "overseas_travel": planned.overseas_travel,
        "vehicles": planned.vehicles,
        "vehicle_purchase": planned.vehicle_purchase,
        "vehicle_operation": planned.vehicle_operation,
        "reception": planned.reception,
        "total": planned.total,
    }
    lines = [
        row(["项目", "全年预算数", "决算数"], kind, "header"),
        row(["合计", *_amounts(style, [budget["total"], three.total], True)], kind, "total", "total", amount_from=1),
    ]
    return lines + [
        row([label, *_amounts(style, [budget[key], amount])], kind, "label", key, parent, 1)
        for label, amount, key, parent in parts
    ]


_TABLES: dict[str, Callable[[SyntheticDocument, _Style, random.Random], list[Line]]] = {
    "summary": _summary,
    "income": _income,
    "expense": _expense,
    "fiscal_grant_summary": _fiscal_grant_summary,
    "general_budget_expense": _general_budget_expense,
    "general_budget_basic_expense": _basic_economic,
    "gov_fund_expense": _empty("gov_fund_expense"),
    "state_capital_expense": _empty("state_capital_expense"),
    "three_public": _three_public,
}


# --- narrative, one function per section ----------------------------------------------------------

# How each family names the 项 it explains in final accounts (budget_warehouse.synthetic.render_scopes).
_ITEM_STYLES = {"bracketed_codes": "code", "names_only": "levels", "no_blank_lines": "name"}


def _printed_scopes(style: _Style) -> frozenset[str]:
    """The scopes the family's tables print, so that the prose states only checkable figures as such."""
    return frozenset({FINAL, INITIAL, FULL_YEAR}) if style.budget_columns else frozenset({FINAL})


def overview_section(document: SyntheticDocument, number: int, style: _Style) -> list[Line]:
    word = phase_word(document)
    grouped = style.printer.grouped
    return [
        Line(f"{ordinal(number)}收入支出{word}总体情况"),
        Line(""),
        income_narrative(document, grouped),
        Line(""),
        expense_narrative(document, grouped),
        Line(""),
    ]


def general_budget_section(document: SyntheticDocument, number: int, style: _Style) -> list[Line]:
    """Final accounts: 年初预算 / 全年预算 / 决算 in one sentence and each 项 explained; budgets: the 项
    as the samples list them, the bracketed family with the prior year's 预算数 beside the year's."""
    grouped = style.printer.grouped
    lines = [Line(f"{ordinal(number)}一般公共预算财政拨款支出情况"), Line("")]
    if document.phase == "final":
        return lines + general_budget_scopes(document, grouped, _ITEM_STYLES[style.family], _printed_scopes(style))
    if style.family == "bracketed_codes":
        lines += [prior_year_general_budget(document, grouped), Line("")]
    return lines + general_budget_narrative(document, grouped)


def basic_section(document: SyntheticDocument, number: int, style: _Style) -> list[Line]:
    return [
        Line(f"{ordinal(number)}一般公共预算财政拨款基本支出情况"),
        Line(""),
        *basic_narrative(document, style.printer.grouped),
    ]


def three_public_section(document: SyntheticDocument, number: int, style: _Style) -> list[Line]:
    grouped = style.printer.grouped
    return [
        Line(f"{ordinal(number)}“三公”经费支出情况"),
        Line(""),
        three_public_scopes(document, grouped, _printed_scopes(style))
        if document.phase == "final"
        else three_public_narrative(document, grouped),
        Line(""),
    ]


SECTIONS: tuple[Callable[[SyntheticDocument, int, _Style], list[Line]], ...] = (
    overview_section,
    general_budget_section,
    basic_section,
    three_public_section,
)


def _explanation(document: SyntheticDocument, style: _Style) -> list[Line]:
    lines = [Line(f"第三部分 {document.fiscal_year}年度部门{phase_word(document)}情况说明"), Line("")]
    for number, section in enumerate(SECTIONS, 1):
        lines += section(document, number, style)
    lines += [
        Line(f"{ordinal(len(SECTIONS) + 1)}其他重要事项说明"),
        Line(""),
        Line("本部门无其他需要说明的事项。"),
        Line(""),
    ]
    return lines + glossary("第四部分 名词解释")
