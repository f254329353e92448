"""The numbered family (固安 2024 budget): `## 部门预算收支总表` headings, the department code and
name (`362 固安县医疗保障局`) and `预算年度：2024` over each page, a 序号 column and a 栏次 row under
the header, 类 / 款 / 项 codes whole in one column, zeros left blank, plain amounts, and long
tables continued on the next page with those lines and the header printed again."""

import random
from collections.abc import Callable

from budget_warehouse.synthetic.model import SyntheticDocument
from budget_warehouse.synthetic.printing import Line, Narrative, Printer, bold, row
from budget_warehouse.synthetic.render_common import (
    duties,
    expense_classes,
    glossary,
    ordinal,
    parent_key,
    phase_word,
    printed_nodes,
    role_of,
    three_public_narrative,
)
from budget_warehouse.synthetic.render_scopes import (
    general_budget_scopes,
    prior_year_general_budget,
    three_public_scopes,
)

_TITLES = {
    "summary": "收支总表",
    "income": "收入总表",
    "expense": "支出总表",
    "fiscal_grant_summary": "财政拨款收支总表",
    "general_budget_expense": "一般公共预算财政拨款支出表",
    "general_budget_basic_expense": "一般公共预算财政拨款基本支出表",
    "gov_fund_expense": "政府性基金预算财政拨款支出表",
    "state_capital_expense": "国有资本经营预算财政拨款支出表",
    "three_public": "财政拨款“三公”经费支出表",
}


def render(document: SyntheticDocument) -> list[Line]:
    rng = random.Random(f"numbered:{document.index}:{document.department}")
    per_page = rng.randint(16, 26)
    printer = Printer(document.unit, grouped=False, blank_zero=True)
    word = phase_word(document)
    prefix = f"部门{word}"
    lines = [
        Line(""),
        Line(""),
        Line(f"# {document.fiscal_year} 年{document.department}部门{word}信息公开目录"),
        Line(""),
        Line(f"## 部门{word}公开表"),
        Line(""),
    ]
    lines += [Line(f"{prefix}{title} .....\t{2 * n - 1}") for n, title in enumerate(_TITLES.values(), 1)]
    lines += [
        Line(""),
        Line(f"## 部门{word}信息公开情况说明"),
        Line(""),
        Line(f"一、部门职责及机构设置情况 .....\t{2 * len(_TITLES)}"),
        Line(f"二、部门{word}安排的总体情况 .....\t{2 * len(_TITLES) + 1}"),
        Line(""),
    ]
    tables: dict[str, Callable[[], tuple[list[Line], list[Line]]]] = {
        "summary": lambda: _summary(document, printer),
        "income": lambda: _income(document, printer),
        "expense": lambda: _expense(document, printer),
        "fiscal_grant_summary": lambda: _fiscal_grant_summary(document, printer),
        "general_budget_expense": lambda: _general_budget_expense(document, printer),
        "general_budget_basic_expense": lambda: _basic_economic(document, printer),
        "gov_fund_expense": lambda: (_function_header("gov_fund_expense"), []),
        "state_capital_expense": lambda: (_function_header("state_capital_expense"), []),
        "three_public": lambda: _three_public(document, printer),
    }
    for kind, build in tables.items():
        header, data = build()
        lines += [Line(f"## {prefix}{_TITLES[kind]}", kind, "title"), Line("")]
        lines += _paged(document, kind, header, data, per_page)
        if not data:
            fund = "政府性基金预算" if kind == "gov_fund_expense" else "国有资本经营预算"
            lines += [Line(f"注：无{fund}财政拨款{word}，空表列示。", kind, "note"), Line("")]
    lines += _explanation(document, printer)
    return lines


def _paged(document: SyntheticDocument, kind: str, header: list[Line], data: list[Line], per_page: int) -> list[Line]:
    """Pages of the table, each headed by the department line, the year, the unit and the header."""
    lines: list[Line] = []
    year_label = "预算年度" if document.phase == "budget" else "决算年度"
    for start in range(0, max(len(data), 1), per_page):
        lines += [
            Line(f"{document.department_code} {document.department}", kind, "page"),
            Line(""),
            Line(f"{year_label}：{document.fiscal_year}", kind, "page"),
            Line(""),
            Line(f"单位：{document.unit}", kind, "unit"),
            Line(""),
        ]
        lines += [Line(line.text, kind, "header") for line in header]
        lines += data[start : start + per_page]
        lines += [Line(""), Line("")]
    return lines


def _column_numbers(count: int, kind: str) -> Line:
    return row(["栏次", *map(str, range(1, count + 1))], kind, "header")


def _numbered(lines: list[Line]) -> list[Line]:
    """Prefix each data line with its 序号 (1, 2, …) and shift its amount columns accordingly."""
    for number, line in enumerate(lines, 1):
        line.text = f"{number}\t{line.text}"
        line.amount_from = None if line.amount_from is None else line.amount_from + 1
    return lines


def _summary(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "summary"
    value = "预算数" if document.phase == "budget" else "决算数"
    incomes = [
        ("一般公共预算拨款收入", document.general_budget),
        ("政府性基金预算拨款收入", 0),
        ("国有资本经营预算拨款收入", 0),
        ("财政专户管理资金收入", 0),
        ("单位资金", document.other_income),
    ]
    header = [
        row(["序号", "收入", "", "支出", ""], kind, "header"),
        row(["", "项 目", value, "项 目", value], kind, "header"),
        _column_numbers(4, kind),
    ]
    data = []
    for number, (label, amount) in enumerate(expense_classes(document, lambda node: node.total)):
        left = (
            [ordinal(number + 1) + incomes[number][0], printer.amount(incomes[number][1])]
            if number < len(incomes)
            else ["", ""]
        )
        data.append(row([*left, label, printer.amount(amount)], kind, "label", label, amount_from=1))
    total, carry = printer.amount(document.total), printer.amount(document.carry_over)
    grand = printer.amount(document.total + document.carry_over)
    data += [
        row([bold("本年收入合计"), bold(total), bold("本年支出合计"), bold(total)], kind, "total", "total"),
        row(["上年结转结余", carry, "年终结转结余", carry], kind, "label", "carry_over"),
        row([bold("收入总计"), bold(grand), bold("支出总计"), bold(grand)], kind, "total", "grand_total"),
    ]
    return header, _numbered(data)


def _income(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "income"
    carry = ["上年结转"] if document.phase == "budget" else []  # final accounts print none (三明)
    header = [
        row(["序号", "功能分类科目", "", "合计", "本年收入", "", "", *carry], kind, "header"),
        row(
            ["", "科目编码", "科目名称", "", "小计", "财政拨款收入", document.other_income_label, *[""] * len(carry)],
            kind,
            "header",
        ),
        _column_numbers(6 + len(carry), kind),
    ]

    def amounts(total: int, general: int, other: int) -> list[str]:
        return printer.amounts([total, total, general, other, *[0] * len(carry)])

    data = [
        row(
            ["", bold("合计"), *map(bold, amounts(document.total, document.general_budget, document.other_income))],
            kind,
            "total",
            "total",
            amount_from=2,
        )
    ]
    data += [
        row(
            [node.code, node.name, *amounts(node.total, node.general, node.project_other)],
            kind,
            role_of(node),
            node.code,
            parent_key(node, False),
            amount_from=2,
        )
        for node in printed_nodes(document, lambda n: n.total, items_only=False)
    ]
    return header, _numbered(data)


def _function_header(kind: str) -> list[Line]:
    return [
        row(["序号", "功能分类科目", "", "合计", "基本支出", "项目支出"], kind, "header"),
        row(["", "科目编码", "科目名称", "", "", ""], kind, "header"),
        _column_numbers(5, kind),
    ]


def _expense(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "expense"
    data = [
        row(
            ["", "合计", *printer.amounts([document.total, document.basic, document.project])],
            kind,
            "total",
            "total",
            amount_from=2,
        )
    ]
    data += [
        row(
            [node.code, node.name, *printer.amounts([node.total, node.basic, node.project])],
            kind,
            role_of(node),
            node.code,
            parent_key(node, False),
            amount_from=2,
        )
        for node in printed_nodes(document, lambda n: n.total, items_only=False)
    ]
    return _function_header(kind), _numbered(data)


def _fiscal_grant_summary(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "fiscal_grant_summary"
    general = document.general_budget
    incomes = [("一般公共预算拨款", general), ("政府性基金预算拨款", 0), ("国有资本经营预算拨款", 0)]
    header = [
        row(["序号", "收入", "", "支出", "", "", ""], kind, "header"),
        row(
            [
                "",
                "项目",
                "金额",
                "项目",
                "合计",
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
            ],
            kind,
            "header",
        ),
        _column_numbers(7, kind),
    ]
    data = []
    for number, (label, amount) in enumerate(expense_classes(document, lambda node: node.general)):
        left = (
            [ordinal(number + 1) + incomes[number][0], printer.amount(incomes[number][1])]
            if number < len(incomes)
            else ["", ""]
        )
        data.append(row([*left, label, *printer.amounts([amount, amount, 0, 0])], kind, "label", label, amount_from=1))
    total = printer.amount(general)
    data += [
        row(
            [bold("本年收入合计"), bold(total), bold("本年支出合计"), bold(total), bold(total), "", ""],
            kind,
            "total",
            "total",
        ),
        row(["年初财政拨款结转和结余", "", "年末财政拨款结转和结余", "", "", "", ""], kind, "label"),
        row(
            [bold("收入总计"), bold(total), bold("支出总计"), bold(total), bold(total), "", ""],
            kind,
            "total",
            "grand_total",
        ),
    ]
    return header, _numbered(data)


def _general_budget_expense(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "general_budget_expense"
    data = [
        row(
            ["", "合计", *printer.amounts([document.general_budget, document.basic, document.project_general])],
            kind,
            "total",
            "total",
            amount_from=2,
        )
    ]
    data += [
        row(
            [node.code, node.name, *printer.amounts([node.general, node.basic, node.project_general])],
            kind,
            role_of(node),
            node.code,
            parent_key(node, False),
            amount_from=2,
        )
        for node in printed_nodes(document, lambda n: n.general, items_only=False)
    ]
    return _function_header(kind), _numbered(data)


def _basic_economic(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "general_budget_basic_expense"
    header = [
        row(["序号", "支出部门经济分类科目", "", "一般公共预算基本支出", "", ""], kind, "header"),
        row(["", "科目编码", "科目名称", "合计", "人员经费", "公用经费"], kind, "header"),
        _column_numbers(5, kind),
    ]

    def amounts(code: str, amount: int) -> list[str]:
        personnel = code[:3] != "302"
        return printer.amounts([amount, amount if personnel else 0, 0 if personnel else amount])

    data = [
        row(
            ["", "合计", *printer.amounts([document.basic, document.personnel, document.public_use])],
            kind,
            "total",
            "total",
            amount_from=2,
        )
    ]
    for economic in document.basic_economy:
        data.append(
            row(
                [economic.code, economic.name, *amounts(economic.code, economic.amount)],
                kind,
                "class",
                economic.code,
                "total",
                amount_from=2,
            )
        )
        data += [
            row(
                [item.code, item.name, *amounts(item.code, item.amount)],
                kind,
                "item",
                item.code,
                economic.code,
                amount_from=2,
            )
            for item in economic.items
        ]
    return header, _numbered(data)


def _three_public(document: SyntheticDocument, printer: Printer) -> tuple[list[Line], list[Line]]:
    kind = "three_public"
    three = document.three_public
    header = [
        row(["序号", "项 目", "资 金 性 质", "", "", ""], kind, "header"),
        row(
            ["", "", "合计", "一般公共预算 财政拨款", "政府性基金 预算拨款", "国有资本经营 预算财政拨款"],
            kind,
            "header",
        ),
        _column_numbers(5, kind),
    ]
    lines = [
        ("合计", three.total, "total", None),
        ("“三公”经费小计", three.total, "subtotal", "total"),
        ("一、因公出国（境）费", three.overseas_travel, "overseas_travel", "subtotal"),
        ("其中：教学科研人员因公出国（境）费", 0, "research_overseas_travel", "overseas_travel"),
        ("其他因公出国（境）费", three.overseas_travel, "other_overseas_travel", "overseas_travel"),
        ("二、公务用车购置及运维费", three.vehicles, "vehicles", "subtotal"),
        ("其中：公务用车购置费", three.vehicle_purchase, "vehicle_purchase", "vehicles"),
        ("公务用车运行维护费", three.vehicle_operation, "vehicle_operation", "vehicles"),
        ("三、公务接待费", three.reception, "reception", "subtotal"),
    ]
    data = [
        row(
            [label, *printer.amounts([amount, amount, 0, 0])],
            kind,
            "total" if key == "total" else "label",
            key,
            parent,
            amount_from=1,
        )
        for label, amount, key, parent in lines
    ]
    return header, _numbered(data)


def _explanation(document: SyntheticDocument, printer: Printer) -> list[Line]:
    word = phase_word(document)
    year = document.fiscal_year
    lines = [
        Line(f"# {document.department} {year} 年部门{word}信息公开情况说明"),
        Line(""),
        Line("## 一、部门职责及机构设置情况"),
        Line(""),
        Line("### 部门职责："),
        Line(""),
    ]
    lines += duties(document)
    lines += [
        Line(f"## 二、部门{word}安排的总体情况"),
        Line(""),
        Line("### 1、收入说明"),
        Line(""),
        (
            Narrative()
            .add(f"反映本部门当年全部收入。{year}年{word}收入")
            .figure("income_total", document.total, False)
            .add("万元，其中：一般公共预算收入")
            .figure("general_budget_income", document.general_budget, False)
            .add("万元，单位资金收入")
            .figure("other_income", document.other_income, False)
            .add("万元。")
            .line()
        ),
        Line(""),
        Line("### 2、支出说明"),
        Line(""),
        (
            Narrative()
            .add(f"{year}年支出{word}")
            .figure("expense_total", document.total, False)
            .add("万元，其中基本支出")
            .figure("basic", document.basic, False)
            .add("万元，包括人员经费")
            .figure("personnel", document.personnel, False)
            .add("万元和日常公用经费")
            .figure("public_use", document.public_use, False)
            .add("万元；项目支出")
            .figure("project", document.project, False)
            .add("万元。")
            .line()
        ),
        Line(""),
        Line("### 3、一般公共预算财政拨款支出说明"),
        Line(""),
    ]
    if document.phase == "final":
        lines += general_budget_scopes(document, grouped=False, item_style="levels")
    else:
        lines += [prior_year_general_budget(document, grouped=False), Line("")]
    lines += [
        Line("## 三、机关运行经费安排情况"),
        Line(""),
        (
            Narrative()
            .add(f"{year}年，我部门机关运行经费共计安排")
            .figure("public_use", document.public_use, False, checkable=False)
            .add("万元，主要用于日常维修、办公用房水电费、物业管理费等日常运行支出。")
            .line()
        ),
        Line(""),
        Line(f"## 四、财政拨款“三公”经费{word}情况及增减变化原因"),
        Line(""),
        three_public_scopes(document, grouped=False)
        if document.phase == "final"
        else three_public_narrative(document, grouped=False),
        Line(""),
        Line("## 五、其他需要说明的事项"),
        Line(""),
        Line("本部门无其他需要说明的事项。"),
        Line(""),
    ]
    return lines + glossary("## 六、名词解释")
