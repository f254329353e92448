"""Pieces every layout family prints: ordinals, the 功能分类 类 list of the 收支总表, the rows of a
function-coded table, and the prose of the 概况 and 情况说明 parts."""

from collections.abc import Callable

from budget_warehouse.synthetic.model import FunctionNode, SyntheticDocument
from budget_warehouse.synthetic.printing import Line, Narrative
from budget_warehouse.synthetic.reference import reference

_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (up to 99)."""
    tens, units = divmod(number, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return text + (_DIGITS[units] if units else "") if number else _DIGITS[0]


def ordinal(number: int) -> str:
    return f"{chinese_number(number)}、"


def expense_classes(document: SyntheticDocument, value: Callable[[FunctionNode], int]) -> list[tuple[str, int]]:
    """Every 功能分类 类 of the national list, numbered, with the document's amount (0 when absent)."""
    amounts = {node.code: value(node) for node in document.nodes if node.level == 1}
    return [
        (ordinal(number) + subject.name, amounts.get(subject.code, 0))
        for number, subject in enumerate(reference().function_classes, 1)
    ]


def printed_nodes(
    document: SyntheticDocument, value: Callable[[FunctionNode], int], items_only: bool
) -> list[FunctionNode]:
    """The 类 / 款 / 项 rows a table prints: those with an amount in it; only 项 in a table that
    lists only 项."""
    return [node for node in document.nodes if value(node) and (node.level == 3 or not items_only)]


def parent_key(node: FunctionNode, items_only: bool) -> str:
    if items_only or node.level == 1:
        return "total"
    return node.code[:3] if node.level == 2 else node.code[:5]


def role_of(node: FunctionNode) -> str:
    return {1: "class", 2: "group", 3: "item"}[node.level]


def phase_word(document: SyntheticDocument) -> str:
    return "预算" if document.phase == "budget" else "决算"


_DUTIES = (
    "贯彻执行国家和省有关法律法规和方针政策，研究拟订本行业相关政策、规划和标准并组织实施。",
    "负责本行业资金的监督管理，建立健全资金安全防控机制，推进支付方式改革。",
    "组织制定并实施本行业服务体系建设规划，推动公共服务标准化、规范化。",
    "负责本行业信息化建设，提升政务服务和信息公开水平。",
    "按有关规定承担所属行业和领域安全生产职责。",
    "完成上级党委、政府交办的其他任务。",
)
_SUB_UNIT_KINDS = ("服务中心", "管理中心", "监测中心", "信息中心")


def duties(document: SyntheticDocument) -> list[Line]:
    lines = [Line(f"{document.department}的主要职责是："), Line("")]
    for number, text in enumerate(_DUTIES, 1):
        lines += [Line(f"（{chinese_number(number)}）{text}"), Line("")]
    return lines


def sub_units(document: SyntheticDocument) -> list[str]:
    """The department's own office and the units under it (names derived from its own)."""
    stem = document.department.removesuffix("局")
    count = 1 + document.index % 3
    return [document.department, *(stem + kind for kind in _SUB_UNIT_KINDS[: count - 1])]


def income_narrative(document: SyntheticDocument, grouped: bool) -> Line:
    year, word = document.fiscal_year, phase_word(document)
    return (
        Narrative()
        .add(
            f"按照综合预算的原则，部门所有收入和支出均纳入部门{word}管理。{year}年，{document.department}部门收入{word}为"
        )
        .figure("income_total", document.total, grouped)
        .add("万元。其中：一般公共预算拨款收入")
        .figure("general_budget_income", document.general_budget, grouped)
        .add(f"万元、{document.other_income_label}")
        .figure("other_income", document.other_income, grouped)
        .add("万元。")
        .line()
    )


def expense_narrative(document: SyntheticDocument, grouped: bool) -> Line:
    word = phase_word(document)
    return (
        Narrative()
        .add(f"相应安排支出{word}")
        .figure("expense_total", document.total, grouped)
        .add("万元。其中：基本支出")
        .figure("basic", document.basic, grouped)
        .add("万元、项目支出")
        .figure("project", document.project, grouped)
        .add("万元。")
        .line()
    )


def general_budget_narrative(document: SyntheticDocument, grouped: bool) -> list[Line]:
    """The total, then one sentence per 项 (泉州: `（一）2080501-行政单位离退休 15.18 万元。`)."""
    lines = [
        (
            Narrative()
            .add(f"{document.fiscal_year}年度一般公共预算拨款支出")
            .figure("general_budget_expense", document.general_budget, grouped)
            .add("万元。其中（按项级科目分类统计）：")
            .line()
        ),
        Line(""),
    ]
    items = [item for item in document.items if item.general]
    for number, item in enumerate(items, 1):
        lines += [
            (
                Narrative()
                .add(f"（{chinese_number(number)}）{item.code}-{item.name} ")
                .figure(f"item:{item.code}", item.general, grouped)
                .add(f" 万元。主要用于{item.name}方面的支出。")
                .line()
            ),
            Line(""),
        ]
    return lines


def basic_narrative(document: SyntheticDocument, grouped: bool) -> list[Line]:
    return [
        (
            Narrative()
            .add(f"{document.fiscal_year} 年度一般公共预算拨款基本支出 ")
            .figure("basic", document.basic, grouped)
            .add(" 万元，其中：")
            .line()
        ),
        Line(""),
        (
            Narrative()
            .add("(一) 人员经费 ")
            .figure("personnel", document.personnel, grouped)
            .add(
                " 万元，主要包括：基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、住房公积金、退休费、生活补助。"
            )
            .line()
        ),
        Line(""),
        (
            Narrative()
            .add("(二) 公用经费 ")
            .figure("public_use", document.public_use, grouped)
            .add(
                " 万元，主要包括：办公费、印刷费、水费、电费、邮电费、差旅费、维修（护）费、会议费、培训费、公务接待费。"
            )
            .line()
        ),
        Line(""),
    ]


def three_public_narrative(document: SyntheticDocument, grouped: bool) -> Line:
    three = document.three_public
    return (
        Narrative()
        .add(f"{document.fiscal_year}年，我部门财政拨款“三公”经费{phase_word(document)}安排")
        .figure("three_public_total", three.total, grouped)
        .add("万元，其中因公出国（境）费")
        .figure("overseas_travel", three.overseas_travel, grouped)
        .add("万元；公务用车购置及运行费")
        .figure("vehicles", three.vehicles, grouped)
        .add("万元（其中：公务用车购置费")
        .figure("vehicle_purchase", three.vehicle_purchase, grouped)
        .add("万元，公务用车运行费")
        .figure("vehicle_operation", three.vehicle_operation, grouped)
        .add("万元）；公务接待费")
        .figure("reception", three.reception, grouped)
        .add("万元。")
        .line()
    )


_GLOSSARY = (
    (
        "财政拨款收入",
        "指财政当年拨付的资金，包括一般公共预算拨款收入、政府性基金预算拨款收入、国有资本经营预算拨款收入。",
    ),
    ("事业收入", "指事业单位开展专业业务活动及辅助活动所取得的收入。"),
    ("事业单位经营收入", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
    (
        "其他收入",
        "指除上述“财政拨款收入”、“事业收入”、“事业单位经营收入”等以外的收入。主要是事业单位固定资产出租收入、存款利息收入等。",
    ),
    ("结转结余资金", "指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金，或项目已完成等产生的结余资金。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务或事业发展目标所发生的支出。"),
    ("事业单位经营支出", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。"),
    ("上缴上级支出", "指下级单位上缴上级的支出。"),
    ("对附属单位补助支出", "指对下级单位补助发生的支出。"),
    (
        "“三公”经费",
        "纳入财政预决算管理的“三公”经费，是指使用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"
        "其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；"
        "公务用车购置及运行费反映单位公务用车购置支出（含车辆购置税、牌照费）及燃料费、维修费、过桥过路费、保险费、安全奖励费用等支出；"
        "公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。",
    ),
    (
        "机关运行经费",
        "指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、"
        "会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
    ),
)


def glossary(heading: str) -> list[Line]:
    """The 名词解释 every disclosure ends with."""
    lines = [Line(heading), Line("")]
    for number, (term, meaning) in enumerate(_GLOSSARY, 1):
        lines += [Line(f"**{ordinal(number)}{term}：**{meaning}"), Line("")]
    return lines
