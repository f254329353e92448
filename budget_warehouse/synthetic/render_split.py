"""The split-code family (招远 2024 budget): plain title lines with `部门（单位）：…` and `单位：万元`,
codes split over 类 / 款 / 项 columns (`208 | | `, `| 05 | `, `| | 01`), amounts with thousands
separators, zeros left blank, two-level headers, and long tables continued on the next page with
the title and header printed again."""

import random
from collections.abc import Callable

from budget_warehouse.synthetic.model import FunctionNode, SyntheticDocument
from budget_warehouse.synthetic.printing import Line, Narrative, Printer, row
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

_TITLES = {
    "summary": ("收支总体情况表", "收入支出决算总表"),
    "income": ("收入总体情况表", "收入决算表"),
    "expense": ("支出总体情况表", "支出决算表"),
    "fiscal_grant_summary": ("财政拨款收支总体情况表", "财政拨款收入支出决算总表"),
    "general_budget_expense": ("一般公共预算支出情况表", "一般公共预算财政拨款支出决算表"),
    "general_budget_basic_expense": ("一般公共预算基本支出情况表", "一般公共预算财政拨款基本支出决算表"),
    "three_public": ("一般公共预算“三公”经费支出情况表", "一般公共预算财政拨款“三公”经费支出决算表"),
    "gov_fund_expense": ("政府性基金预算支出情况表", "政府性基金预算财政拨款收入支出决算表"),
    "state_capital_expense": ("国有资本经营预算支出情况表", "国有资本经营预算财政拨款支出决算表"),
}
_INCOME_COLUMNS = (
    "财政专户管理资金收入",
    "事业收入 (不含教育 收费)",
    "事业单位经 营收入",
    "其他收入",
    "上级补助收 入",
    "附属单位上 缴收入",
    "使用非财政 拨款结余",
    "上年结转",
)
_CARRY_COLUMNS = 2  # the last two; left out of final accounts' income tables, as 三明 prints them
_OTHER_INCOME_COLUMN = {"事业收入": 1, "其他收入": 3}


def render(document: SyntheticDocument) -> list[Line]:
    rng = random.Random(f"split:{document.index}:{document.department}")
    per_page = rng.randint(14, 24)
    printer = Printer(document.unit, grouped=True, blank_zero=True)
    word = phase_word(document)
    phase = 0 if document.phase == "budget" else 1
    year = document.fiscal_year
    lines = [
        Line(""),
        Line(""),
        Line(f"{year}年{document.department} 部门{word}"),
        Line(""),
        Line("目 录"),
        Line(""),
        Line("第一部分 部门概况"),
        Line(""),
        Line(f"第二部分 {year}年部门{word}表"),
        Line(""),
    ]
    lines += [Line(f"- {ordinal(n)}{titles[phase]}") for n, titles in enumerate(_TITLES.values(), 1)]
    lines += [
        Line(""),
        Line(f"第三部分 {year}年部门{word}情况说明"),
        Line(""),
        Line("第一部分"),
        Line(""),
        Line("部门概况"),
        Line(""),
        Line("一、主要职责"),
        Line(""),
    ]
    lines += duties(document)
    lines += [
        Line("二、机构设置情况"),
        Line(""),
        Line(f"纳入{document.department}{year}年部门{word}编制范围的单位包括："),
        Line(""),
    ]
    lines += [Line(f"{number}. {name}") for number, name in enumerate(sub_units(document), 1)]
    lines += [Line(""), Line("第二部分"), Line(""), Line(f"{year}年部门{word}表"), Line("")]
    tables: dict[str, Callable[[], tuple[list[Line], list[Line]]]] = {
        "summary": lambda: _summary(document, printer),
        "income": lambda: _income(document, printer),
        "expense": lambda: _expense(document, printer),
        "fiscal_grant_summary": lambda: _fiscal_grant_summary(document, printer),
        "general_budget_expense": lambda: _general_budget_expense(document, printer),
        "general_budget_basic_expense": lambda: _basic_economic(document, printer),
        "three_public": lambda: _three_public(document, printer),
        "gov_fund_expense": lambda: (_function_header("gov_fund_expense"), []),
        "state_capital_expense": lambda: (_function_header("state_capital_expense"), []),
    }
    for kind, build in tables.items():
        header, data = build()
        lines += _paged(document, kind, _TITLES[kind][phase], header, data, per_page)
        if kind in ("gov_fund_expense", "state_capital_expense"):
            fund = "政府性基金预算" if kind == "gov_fund_expense" else "国有资本经营预算"
            lines += [Line(f"（注：{year}年没有使用{fund}拨款安排的支出。）", kind, "note"), Line("")]
    lines += _explanation(document)
    return lines


def _paged(
    document: SyntheticDocument, kind: str, title: str, header: list[Line], data: list[Line], per_page: int
) -> list[Line]:
    """The table's pages: each starts with the title, department and unit lines and the header."""
    lines: list[Line] = []
    for start in range(0, max(len(data), 1), per_page):
        lines += [
            Line(title, kind, "title"),
            Line(""),
            Line(f"部门（单位）：{document.department}", kind, "page"),
            Line(""),
            Line(f"单位：{document.unit}", kind, "unit"),
            Line(""),
        ]
        lines += [Line(line.text, kind, "header") for line in header]
        lines += data[start : start + per_page]
        lines.append(Line(""))
    return lines


def _codes(node: FunctionNode) -> list[str]:
    """`208 | | `, `| 05 | `, `| | 01`: each level prints only its own part of the code."""
    if node.level == 1:
        return [node.code, "", ""]
    if node.level == 2:
        return ["", node.code[3:5], ""]
    return ["", "", node.code[5:7]]


def _summary(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "summary"
    value = "预算数" if document.phase == "budget" else "决算数"
    general, other = document.general_budget, document.other_income
    incomes = [
        ("一、财政拨款", general),
        ("一般公共预算拨款收入", general),
        ("政府性基金预算拨款收入", 0),
        ("国有资本经营预算拨款收入", 0),
        ("二、财政专户管理资金收入", 0),
        ("三、事业收入（不含教育收费）", other if document.other_income_label == "事业收入" else 0),
        ("四、事业单位经营收入", 0),
        ("五、其他收入", other if document.other_income_label == "其他收入" else 0),
    ]
    expenses = expense_classes(document, lambda node: node.total)
    header = [row(["收 入", "", "支 出", ""], kind, "header"), row(["项目", value, "项目", value], kind, "header")]
    data = []
    for number in range(max(len(incomes), len(expenses))):
        left = [incomes[number][0], printer.amount(incomes[number][1])] if number < len(incomes) else ["", ""]
        right = [expenses[number][0], printer.amount(expenses[number][1])] if number < len(expenses) else ["", ""]
        data.append(row([*left, *right], kind, "label", key=right[0] or left[0], amount_from=1))
    total, carry = document.total, document.carry_over
    data += [
        row(["本年收入合计", printer.amount(total), "本年支出合计", printer.amount(total)], kind, "total", "total"),
        row(["上级补助收入", "", "", ""], kind, "label"),
        row(["附属单位上缴收入", "", "对附属单位补助支出", ""], kind, "label"),
        row(["使用非财政拨款结余", "", "上缴上级支出", ""], kind, "label"),
        row(["上年结转", printer.amount(carry), "结转下年", printer.amount(carry)], kind, "label", "carry_over"),
        row(
            ["收入总计", printer.amount(total + carry), "支出总计", printer.amount(total + carry)],
            kind,
            "total",
            "grand_total",
        ),
    ]
    return header, data


def _income(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "income"
    other_column = _OTHER_INCOME_COLUMN[document.other_income_label]
    columns = _INCOME_COLUMNS if document.phase == "budget" else _INCOME_COLUMNS[:-_CARRY_COLUMNS]

    def amounts(total: int, general: int, other: int) -> list[str]:
        rest = [0] * len(columns)
        rest[other_column] = other
        return printer.amounts([total, general, general, 0, 0, *rest])

    header = [
        row(["科目编码", "", "", "科目名称", "合计", "财政拨款收入", "", "", "", *columns], kind, "header"),
        row(
            [
                "类",
                "款",
                "项",
                "",
                "",
                "小计",
                "一般公共预 算收入",
                "政府性基金 预算收入",
                "国有资本经 营预算收入",
                *[""] * len(columns),
            ],
            kind,
            "header",
        ),
    ]
    data = [
        row(
            ["", "", "", "合 计", *amounts(document.total, document.general_budget, document.other_income)],
            kind,
            "total",
            "total",
            amount_from=4,
        )
    ]
    data += [
        row(
            [*_codes(node), node.name, *amounts(node.total, node.general, node.project_other)],
            kind,
            role_of(node),
            node.code,
            parent_key(node, False),
            amount_from=4,
        )
        for node in printed_nodes(document, lambda n: n.total, items_only=False)
    ]
    return header, data


def _function_header(kind: str) -> list[Line]:
    return [
        row(["科目编码", "", "", "科目名称", "合 计", "基本支出", "", "", "项目支出"], kind, "header"),
        row(["类", "款", "项", "", "", "小 计", "人员支出", "日常公用支出", ""], kind, "header"),
    ]


def _expense(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "expense"
    header = [
        row(["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"], kind, "header"),
        row(["类", "款", "项", "", "", "", ""], kind, "header"),
    ]
    data = [
        row(
            ["", "", "", "合 计", *printer.amounts([document.total, document.basic, document.project])],
            kind,
            "total",
            "total",
            amount_from=4,
        )
    ]
    data += [
        row(
            [*_codes(node), node.name, *printer.amounts([node.total, node.basic, node.project])],
            kind,
            role_of(node),
            node.code,
            parent_key(node, False),
            amount_from=4,
        )
        for node in printed_nodes(document, lambda n: n.total, items_only=False)
    ]
    return header, data


def _fiscal_grant_summary(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "fiscal_grant_summary"
    value = "预算数" if document.phase == "budget" else "决算数"
    general = document.general_budget
    incomes = [
        ("一、一般公共预算拨款收入", general),
        ("二、政府性基金预算拨款收入", 0),
        ("三、国有资本经营预算拨款收入", 0),
    ]
    if document.phase == "budget":
        header = [
            row(["收入", "", "支出", "", ""], kind, "header"),
            row(["项目", value, "项目", value, "", ""], kind, "header"),
            row(["", "", "", "总计", "一般公共预算", "政府性基金预算"], kind, "header"),
        ]
    else:  # 三明's shape: the expense side's columns named by fund
        header = [
            row(["收入", "", "支出", "", ""], kind, "header"),
            row(
                ["项目", "金额", "项目（按功能分类）", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
                kind,
                "header",
            ),
        ]
    data = []
    for number, (label, amount) in enumerate(expense_classes(document, lambda node: node.general)):
        left = [incomes[number][0], printer.amount(incomes[number][1])] if number < len(incomes) else ["", ""]
        data.append(
            row([*left, label, printer.amount(amount), printer.amount(amount), ""], kind, "label", label, amount_from=1)
        )
    data += [
        row(
            [
                "本年收入合计",
                printer.amount(general),
                "本年支出合计",
                printer.amount(general),
                printer.amount(general),
                "",
            ],
            kind,
            "total",
            "total",
        ),
        row(["上年结转", "", "结转下年", "", "", ""], kind, "label"),
        row(
            ["收入总计", printer.amount(general), "支出总计", printer.amount(general), printer.amount(general), ""],
            kind,
            "total",
            "grand_total",
        ),
    ]
    return header, data


def _general_budget_expense(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "general_budget_expense"

    def amounts(node: FunctionNode) -> list[str]:
        return printer.amounts([node.general, node.basic, node.personnel, node.public_use, node.project_general])

    data = [row(["", "", "", "合 计", *amounts(document.totals)], kind, "total", "total", amount_from=4)]
    data += [
        row(
            [*_codes(node), node.name, *amounts(node)],
            kind,
            role_of(node),
            node.code,
            parent_key(node, False),
            amount_from=4,
        )
        for node in printed_nodes(document, lambda n: n.general, items_only=False)
    ]
    return _function_header(kind), data


def _basic_economic(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "general_budget_basic_expense"
    header = [
        row(
            ["科目编码", "", "部门预算支出经济分类科目名称", f"基本支出{phase_word(document)}", "", ""], kind, "header"
        ),
        row(["类", "款", "", "小计", "人员支出", "日常公用支出"], kind, "header"),
    ]

    def amounts(code: str, amount: int) -> list[str]:
        personnel = code[:3] != "302"
        return printer.amounts([amount, amount if personnel else 0, 0 if personnel else amount])

    data = [
        row(
            ["", "", "合计", *printer.amounts([document.basic, document.personnel, document.public_use])],
            kind,
            "total",
            "total",
            amount_from=3,
        )
    ]
    for economic in document.basic_economy:
        data.append(
            row(
                [economic.code, "", economic.name, *amounts(economic.code, economic.amount)],
                kind,
                "class",
                economic.code,
                "total",
                amount_from=3,
            )
        )
        data += [
            row(
                [economic.code, item.code[3:], item.name, *amounts(item.code, item.amount)],
                kind,
                "item",
                item.code,
                economic.code,
                amount_from=3,
            )
            for item in economic.items
        ]
    return header, data


def _three_public(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    """Column-wise, the year before beside the year (budgets); row-wise in final accounts."""
    kind = "three_public"
    three = document.three_public
    if document.phase == "final":
        header = [row(["项目", "决算数"], kind, "header")]
        data = [row(["合计", printer.amount(three.total)], kind, "total", "total", amount_from=1)] + [
            row([label, printer.amount(amount)], kind, "label", key, parent, 1)
            for label, amount, key, parent in (
                ("1、因公出国（境）费", three.overseas_travel, "overseas_travel", "total"),
                ("2、公务用车购置及运行维护费", three.vehicles, "vehicles", "total"),
                ("其中：（1）公务用车购置费", three.vehicle_purchase, "vehicle_purchase", "vehicles"),
                ("（2）公务用车运行维护费", three.vehicle_operation, "vehicle_operation", "vehicles"),
                ("3、公务接待费", three.reception, "reception", "total"),
            )
        ]
        return header, data
    year = document.fiscal_year
    leaves = ["合计", "因公出国 (境) 经费", "公务用车购置及运行维护费", "", "", "公务接待费"]
    subs = ["", "", "小计", "公务用车购置 经费", "公务用车运行 维护费", ""]
    header = [
        row([f"{year - 1}年预算数", "", "", "", "", "", f"{year}年预算数", "", "", "", "", ""], kind, "header"),
        row([*leaves, *leaves], kind, "header"),
        row([*subs, *subs], kind, "header"),
    ]
    values = [
        three.prior_total,
        three.prior_overseas_travel,
        three.prior_vehicles,
        three.prior_vehicle_purchase,
        three.prior_vehicle_operation,
        three.prior_reception,
        three.total,
        three.overseas_travel,
        three.vehicles,
        three.vehicle_purchase,
        three.vehicle_operation,
        three.reception,
    ]
    return header, [row(printer.amounts(values), kind, "total", "total", amount_from=0)]


def _explanation(document: SyntheticDocument) -> list[Line]:
    word = phase_word(document)
    lines = [
        Line("第三部分"),
        Line(""),
        Line(f"{document.fiscal_year}年部门{word}情况说明"),
        Line(""),
        Line(f"一、收支{word}总体情况"),
        Line(""),
        income_narrative(document, grouped=True),
        Line(""),
        expense_narrative(document, grouped=True),
        Line(""),
        # 支出总计 after a 财政拨款 total is the 财政拨款收支总表's, not the all-funds 收支总表's
        (
            Narrative()
            .add(f"{document.fiscal_year}年财政拨款收入总计")
            .figure("fiscal_grant_income_total", document.general_budget, grouped=True)
            .add("万元，支出总计")
            .figure("fiscal_grant_expense_total", document.general_budget, grouped=True)
            .add("万元。")
            .line()
        ),
        Line(""),
        Line("二、一般公共预算支出情况"),
        Line(""),
    ]
    if document.phase == "final":
        lines += general_budget_scopes(document, grouped=True, item_style="name")
    else:
        lines += general_budget_narrative(document, grouped=True)
    lines += [Line("三、一般公共预算基本支出情况"), Line("")]
    lines += basic_narrative(document, grouped=True)
    three_public = (
        three_public_scopes(document, grouped=True)
        if document.phase == "final"
        else three_public_narrative(document, grouped=True)
    )
    lines += [Line("四、“三公”经费情况"), Line(""), three_public, Line("")]
    return lines + glossary("第四部分 名词解释")
