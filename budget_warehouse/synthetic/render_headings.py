"""The markdown-heading family (泉州 2024 budget, 三明 2024 final accounts): `# 一、收支预算总表` over
`## 2024 年度收支预算总表`, dot-leader contents, 7-digit codes in one column (only 项 rows, or
类 / 款 / 项 rows), zeros printed as 0.00, plain amounts, one page per table."""

import random

from budget_warehouse.synthetic.model import SyntheticDocument
from budget_warehouse.synthetic.printing import Line, Printer, bold, row
from budget_warehouse.synthetic.reference import reference
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
    sub_units,
    three_public_narrative,
)
from budget_warehouse.synthetic.render_scopes import general_budget_scopes, three_public_scopes

_TITLES = {  # statement kind → (budget title, final-accounts title)
    "summary": ("收支预算总表", "收入支出决算总表"),
    "income": ("收入预算总表", "收入决算表"),
    "expense": ("支出预算总表", "支出决算表"),
    "fiscal_grant_summary": ("财政拨款收支预算总表", "财政拨款收入支出决算总表"),
    "general_budget_expense": ("一般公共预算拨款支出预算表", "一般公共预算财政拨款支出决算表"),
    "gov_fund_expense": ("政府性基金预算拨款支出预算表", "政府性基金预算财政拨款收入支出决算表"),
    "state_capital_expense": ("国有资本经营预算拨款支出预算表", "国有资本经营预算财政拨款支出决算表"),
    "general_budget_economic": ("一般公共预算支出经济分类情况表", "一般公共预算财政拨款支出经济分类决算表"),
    "general_budget_basic_expense": ("一般公共预算基本支出经济分类情况表", "一般公共预算财政拨款基本支出决算表"),
    "three_public": ("一般公共预算“三公”经费支出预算表", "一般公共预算财政拨款“三公”经费支出决算表"),
}
_INCOME_LINES = {
    "budget": (
        "一般公共预算拨款收入",
        "政府性基金预算拨款收入",
        "国有资本经营预算拨款收入",
        "财政专户管理资金收入",
        "事业收入",
        "事业单位经营收入",
        "上级补助收入",
        "附属单位上缴收入",
        "其他收入",
        "上年结转结余",
    ),
    "final": (
        "一般公共预算财政拨款收入",
        "政府性基金预算财政拨款收入",
        "国有资本经营预算财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ),
}
_ECONOMIC_CLASSES = ("301", "302", "303", "307", "309", "310", "311", "312", "313", "399")


def render(document: SyntheticDocument) -> list[Line]:
    rng = random.Random(f"headings:{document.index}:{document.department}")
    items_only = document.phase == "budget" and rng.random() < 0.6
    printer = Printer(document.unit, grouped=False, blank_zero=False)
    word = phase_word(document)
    year = document.fiscal_year
    kinds = list(_TITLES)
    lines = [
        Line(""),
        Line(f"{year} 年度  "),
        Line(f"{document.department}  "),
        Line(f"部门{word}"),
        Line(""),
        Line("# 目 录"),
        Line(""),
    ]
    lines += [
        Line("<b>第一部分 部门概况</b> .....\t1"),
        Line("一、部门主要职责.....\t2"),
        Line(f"二、部门{word}单位构成.....\t4"),
        Line(f"<b>第二部分 {year} 年度部门{word}表</b> .....\t6"),
    ]
    lines += [Line(f"{ordinal(n)}{_TITLES[kind][_phase(document)]}.....\t{6 + n}") for n, kind in enumerate(kinds, 1)]
    lines += [Line(f"<b>第三部分 {year} 年度部门{word}情况说明</b> .....\t{8 + len(kinds)}"), Line("")]
    lines += [Line("# 第一部分"), Line(""), Line("## 部门概况"), Line(""), Line("## 一、部门主要职责"), Line("")]
    lines += duties(document)
    lines += _unit_composition(document)
    lines += [Line("## 第二部分"), Line(""), Line(f"# {year} 年度部门{word}表"), Line("")]
    tables = {
        "summary": lambda: _summary(document, printer),
        "income": lambda: _income(document, printer, items_only),
        "expense": lambda: _expense(document, printer, items_only),
        "fiscal_grant_summary": lambda: _fiscal_grant_summary(document, printer),
        "general_budget_expense": lambda: _general_budget_expense(document, printer, items_only),
        "gov_fund_expense": lambda: _empty(document, "gov_fund_expense", "政府性基金预算拨款"),
        "state_capital_expense": lambda: _empty(document, "state_capital_expense", "国有资本经营预算拨款"),
        "general_budget_economic": lambda: _economic(document, printer),
        "general_budget_basic_expense": lambda: _basic_economic(document, printer),
        "three_public": lambda: _three_public(document, printer),
    }
    for number, kind in enumerate(kinds, 1):
        title = _TITLES[kind][_phase(document)]
        lines += [
            Line(f"# {ordinal(number)}{title}", kind, "title"),
            Line(""),
            Line(f"## {year} 年度{title}", kind, "title"),
            Line(""),
            Line(f"单位：{document.unit}", kind, "unit"),
            Line(""),
        ]
        lines += tables[kind]()
        lines.append(Line(""))
    lines += _explanation(document)
    return lines


def _phase(document: SyntheticDocument) -> int:
    return 0 if document.phase == "budget" else 1


def _unit_composition(document: SyntheticDocument) -> list[Line]:
    word = phase_word(document)
    units = sub_units(document)
    lines = [
        Line(f"## 二、部门{word}单位构成"),
        Line(""),
        Line(
            f"从{word}单位构成看，{document.department}包括 {len(units)} 个单位，其中：列入 {document.fiscal_year} "
            f"年部门{word}编制范围的单位详细情况见下表："
        ),
        Line(""),
        Line("单位名称\t经费性质\t在职人数"),
    ]
    lines += [Line(f"{name}\t财政核拨\t{20 + 7 * number}") for number, name in enumerate(units)]
    return [*lines, Line("")]


def _summary(document: SyntheticDocument, printer: Printer) -> list[Line]:
    kind = "summary"
    value = "预算数" if document.phase == "budget" else "决算数"
    incomes = [(label, _income_amount(document, label)) for label in _INCOME_LINES[document.phase]]
    expenses = expense_classes(document, lambda node: node.total)
    lines = [
        row(["收入", "", "支出", ""], kind, "header"),
        row(["项目", value, "项目" if document.phase == "budget" else "项目（按支出功能分类）", value], kind, "header"),
    ]
    for number in range(max(len(incomes), len(expenses))):
        left = (
            [ordinal(number + 1) + incomes[number][0], printer.amount(incomes[number][1])]
            if number < len(incomes)
            else ["", ""]
        )
        right = [expenses[number][0], printer.amount(expenses[number][1])] if number < len(expenses) else ["", ""]
        lines.append(row([*left, *right], kind, "label", key=right[0] or left[0], amount_from=1))
    total = printer.amount(document.total)
    if document.phase == "budget":
        lines.append(row([bold("收入合计"), bold(total), bold("支出合计"), bold(total)], kind, "total", "total"))
        return lines
    carry = printer.amount(document.carry_over)
    grand = bold(printer.amount(document.total + document.carry_over))
    return [
        *lines,
        row([bold("本年收入合计"), bold(total), bold("本年支出合计"), bold(total)], kind, "total", "total"),
        row(["使用非财政拨款结余（含专用结余）", printer.amount(0), "结余分配", printer.amount(0)], kind, "label"),
        row(["年初结转和结余", carry, "年末结转和结余", carry], kind, "label", "carry_over"),
        row([bold("总计"), grand, bold("总计"), grand], kind, "total", "grand_total"),
    ]


def _income_amount(document: SyntheticDocument, label: str) -> int:
    if label.startswith("一般公共预算"):
        return document.general_budget
    return document.other_income if label == document.other_income_label else 0


_INCOME_COLUMNS = (
    "一般公共预算 拨款收入",
    "政府性基金 预算拨款收 入",
    "国有资本 经营预算 拨款收入",
    "财政专户 管理资金 收入",
    "事业 收入",
    "事业单位 经营收入",
    "上级补 助收入",
    "附属单位 上缴收入",
    "其他 收入",
    "上年结 转结余",
)
# Final accounts print their income table without the carry-over column (三明's 收入决算表): what
# was carried over shows only in the 收支总表, whose 总计 then differs from the table's 合计.


def _income(document: SyntheticDocument, printer: Printer, items_only: bool) -> list[Line]:
    kind = "income"
    other_column = {"事业收入": 4, "其他收入": 8}[document.other_income_label]
    columns = _INCOME_COLUMNS if document.phase == "budget" else _INCOME_COLUMNS[:-1]  # see _CARRY_COLUMNS

    def amounts(total: int, general: int, other: int) -> list[str]:
        values = [0] * len(columns)
        values[0], values[other_column] = general, other
        return printer.amounts([total, *values])

    lines = [
        row(["科目编码", "科目名称", "总计", *columns], kind, "header"),
        row(
            [bold("合计"), "", *map(bold, amounts(document.total, document.general_budget, document.other_income))],
            kind,
            "total",
            "total",
            amount_from=2,
        ),
    ]
    for node in printed_nodes(document, lambda n: n.total, items_only):
        lines.append(
            row(
                [node.code, node.name, *amounts(node.total, node.general, node.project_other)],
                kind,
                role_of(node),
                node.code,
                parent_key(node, items_only),
                amount_from=2,
            )
        )
    return lines


def _expense(document: SyntheticDocument, printer: Printer, items_only: bool) -> list[Line]:
    kind = "expense"
    header = [
        "科目编码",
        "科目名称",
        "合计",
        "基本支出",
        "项目支出",
        "事业单位经营支出",
        "上缴上级支出",
        "对附属单位补助支出",
    ]
    lines = [
        row(header, kind, "header"),
        row(
            [
                bold("合计"),
                "",
                *map(bold, printer.amounts([document.total, document.basic, document.project, 0, 0, 0])),
            ],
            kind,
            "total",
            "total",
            amount_from=2,
        ),
    ]
    for node in printed_nodes(document, lambda n: n.total, items_only):
        lines.append(
            row(
                [node.code, node.name, *printer.amounts([node.total, node.basic, node.project, 0, 0, 0])],
                kind,
                role_of(node),
                node.code,
                parent_key(node, items_only),
                amount_from=2,
            )
        )
    return lines


def _fiscal_grant_summary(document: SyntheticDocument, printer: Printer) -> list[Line]:
    kind = "fiscal_grant_summary"
    value = "预算数" if document.phase == "budget" else "决算数"
    incomes = [
        ("一般公共预算拨款收入", document.general_budget),
        ("政府性基金预算拨款收入", 0),
        ("国有资本经营预算拨款收入", 0),
    ]
    expenses = expense_classes(document, lambda node: node.general)
    lines = [row(["收入", "", "支出", ""], kind, "header"), row(["项目", value, "项目", value], kind, "header")]
    for number, (label, amount) in enumerate(expenses):
        left = (
            [ordinal(number + 1) + incomes[number][0], printer.amount(incomes[number][1])]
            if number < len(incomes)
            else ["", ""]
        )
        lines.append(row([*left, label, printer.amount(amount)], kind, "label", key=label, amount_from=1))
    total = bold(printer.amount(document.general_budget))
    return [*lines, row([bold("收入合计"), total, bold("支出合计"), total], kind, "total", "total")]


def _general_budget_expense(document: SyntheticDocument, printer: Printer, items_only: bool) -> list[Line]:
    kind = "general_budget_expense"
    lines = [
        row(["科目编码", "科目名称", "合计", "其中：", ""], kind, "header"),
        row(["", "", "", "基本支出", "项目支出"], kind, "header"),
        row(
            [
                bold("合计"),
                "",
                *map(bold, printer.amounts([document.general_budget, document.basic, document.project_general])),
            ],
            kind,
            "total",
            "total",
            amount_from=2,
        ),
    ]
    for node in printed_nodes(document, lambda n: n.general, items_only):
        lines.append(
            row(
                [node.code, node.name, *printer.amounts([node.general, node.basic, node.project_general])],
                kind,
                role_of(node),
                node.code,
                parent_key(node, items_only),
                amount_from=2,
            )
        )
    return lines


def _empty(document: SyntheticDocument, kind: str, fund: str) -> list[Line]:
    zero = "0.00"
    return [
        row(["科目编码", "科目名称", "合计", "其中：", ""], kind, "header"),
        row(["", "", "", "基本支出", "项目支出"], kind, "header"),
        row(["合计", "", zero, zero, zero], kind, "total", "total", amount_from=2),
        Line(""),
        Line(f"备注：本部门 {document.fiscal_year} 年没有使用{fund}安排的支出。", kind, "note"),
    ]


def _economic(document: SyntheticDocument, printer: Printer) -> list[Line]:
    kind = "general_budget_economic"
    value = "预算数" if document.phase == "budget" else "决算数"
    basic = {economic.code: economic.amount for economic in document.basic_economy}
    project = {item.code: item.amount for item in document.project_economy}
    lines = [
        row(["科目编码", "科目名称", value], kind, "header"),
        row(["合计", "", printer.amount(document.general_budget)], kind, "total", "total", amount_from=2),
    ]
    for code in _ECONOMIC_CLASSES:
        lines.append(
            row(
                [code, reference().name(code), printer.amount(basic.get(code, 0) + project.get(code, 0))],
                kind,
                "class",
                code,
                "total",
                amount_from=2,
            )
        )
    return lines


def _basic_economic(document: SyntheticDocument, printer: Printer) -> list[Line]:
    kind = "general_budget_basic_expense"
    value = "预算数" if document.phase == "budget" else "决算数"
    lines = [
        row(["科目编码", "科目名称", value], kind, "header"),
        row([bold("合计"), "", bold(printer.amount(document.basic))], kind, "total", "total", amount_from=2),
    ]
    for economic in document.basic_economy:
        lines.append(
            row(
                [bold(economic.code), bold(economic.name), bold(printer.amount(economic.amount))],
                kind,
                "class",
                economic.code,
                "total",
                amount_from=2,
            )
        )
        lines += [
            row(
                [item.code, item.name, printer.amount(item.amount)],
                kind,
                "item",
                item.code,
                economic.code,
                amount_from=2,
            )
            for item in economic.items
        ]
    return lines


def _three_public(document: SyntheticDocument, printer: Printer) -> list[Line]:
    kind = "three_public"
    three = document.three_public
    value = "预算数" if document.phase == "budget" else "决算数"
    return [
        row(["项目", value], kind, "header"),
        row(["合计", printer.amount(three.total)], kind, "total", "total", amount_from=1),
        row(
            ["1、因公出国（境）费用", printer.amount(three.overseas_travel)],
            kind,
            "label",
            "overseas_travel",
            "total",
            1,
        ),
        row(["2、公务接待费", printer.amount(three.reception)], kind, "label", "reception", "total", 1),
        row(["3、公务用车购置及运行费", printer.amount(three.vehicles)], kind, "label", "vehicles", "total", 1),
        row(
            ["其中：（1）公务用车购置费", printer.amount(three.vehicle_purchase)],
            kind,
            "label",
            "vehicle_purchase",
            "vehicles",
            1,
        ),
        row(
            ["（2）公务用车运行费", printer.amount(three.vehicle_operation)],
            kind,
            "label",
            "vehicle_operation",
            "vehicles",
            1,
        ),
    ]


def _explanation(document: SyntheticDocument) -> list[Line]:
    word = phase_word(document)
    lines = [
        Line("## 第三部分"),
        Line(""),
        Line(f"# {document.fiscal_year} 年度部门{word}情况说明"),
        Line(""),
        Line(f"## 一、{word}收支总体情况"),
        Line(""),
        income_narrative(document, grouped=True),
        Line(""),
        expense_narrative(document, grouped=True),
        Line(""),
        Line("## 二、一般公共预算拨款支出情况"),
        Line(""),
    ]
    if document.phase == "final":
        lines += general_budget_scopes(document, grouped=True, item_style="code")
    else:
        lines += general_budget_narrative(document, grouped=True)
    lines += [Line("## 三、一般公共预算拨款基本支出情况"), Line("")]
    lines += basic_narrative(document, grouped=True)
    lines += [
        Line("## 四、一般公共预算“三公”经费支出情况"),
        Line(""),
        three_public_scopes(document, grouped=True)
        if document.phase == "final"
        else three_public_narrative(document, grouped=True),
        Line(""),
        Line("## 五、其他重要事项说明"),
        Line(""),
        Line("本部门无其他需要说明的重要事项。"),
        Line(""),
    ]
    return lines + glossary("## 第四部分 名词解释")
