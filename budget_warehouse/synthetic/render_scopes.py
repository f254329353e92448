"""Prose stating several scopes of one quantity, in the ways final accounts and budgets word it: the
年初预算, 全年预算 and 决算 of the general budget in one sentence, item-by-item explanations of each 项
(named by its code, by its name with （项）, or by its 类 / 款 / 项 names), the “三公” budget beside what
was spent, and the prior year's figure. A figure is offered to fault injection only in a scope the
document's tables print (`printed`): a misstated 年初预算 no table prints could not be found."""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from budget_warehouse.synthetic.model import FunctionNode, SyntheticDocument
from budget_warehouse.synthetic.printing import Line, Narrative
from budget_warehouse.synthetic.reference import reference
from budget_warehouse.synthetic.render_common import chinese_number

FINAL, INITIAL, FULL_YEAR = "final", "initial_budget", "full_year_budget"
ITEM_STYLES = ("code", "name", "levels")  # 2101501-行政运行 / 行政运行（项） / …（类）…（款）…（项）


def general_budget_scopes(
    document: SyntheticDocument, grouped: bool, item_style: str, printed: frozenset[str] = frozenset({FINAL})
) -> list[Line]:
    """Final accounts: the general budget's 年初预算, 全年预算 and 决算 in one sentence, then each 项's."""
    year = document.fiscal_year
    lines = [
        (
            Narrative()
            .add(f"{year}年度一般公共预算财政拨款支出年初预算为")
            .figure("general_budget_expense:initial_budget", document.initial_budget, grouped, INITIAL in printed)
            .add("万元，全年预算为")
            .figure("general_budget_expense:full_year_budget", document.full_year_budget, grouped, FULL_YEAR in printed)
            .add("万元，支出决算为")
            .figure("general_budget_expense:final", document.general_budget, grouped, FINAL in printed)
            .add(f"万元，完成全年预算的{_percent(document.general_budget, document.full_year_budget)}%。")
            .line()
        ),
        Line(""),
    ]
    items = [item for item in document.items if item.general]
    names = Counter(item.name for item in items)
    for number, item in enumerate(items, 1):
        style = item_style if names[item.name] == 1 else "code"  # a name two 项 share names neither
        lines += [_item_explanation(document, number, item, style, grouped, printed), Line("")]
    return lines


def _item_explanation(
    document: SyntheticDocument, number: int, item: FunctionNode, style: str, grouped: bool, printed: frozenset[str]
) -> Line:
    budget = document.budget_of(item.code)
    names = reference().names
    opening = {
        "code": f"（{chinese_number(number)}）{item.code}-{item.name}：",
        "name": f"{number}、{item.name}（项）。",
        "levels": f"（{chinese_number(number)}）{names[item.code[:3]]}（类）{names[item.code[:5]]}（款）{item.name}（项）。",
    }[style]
    comparison = "小于" if item.general < budget.full_year else "大于"
    return (
        Narrative()
        .add(opening + "年初预算为")
        .figure(f"item:{item.code}:initial_budget", budget.initial, grouped, INITIAL in printed)
        .add("万元，全年预算为")
        .figure(f"item:{item.code}:full_year_budget", budget.full_year, grouped, FULL_YEAR in printed)
        .add("万元，支出决算为")
        .figure(f"item:{item.code}:final", item.general, grouped, FINAL in printed)
        .add(
            f"万元，完成全年预算的{_percent(item.general, budget.full_year)}%。决算数{comparison}全年预算数的主要原因是"
        )
        .add("严格执行预算，压减一般性支出。" if comparison == "小于" else "年中追加了工作经费。")
        .line()
    )


def three_public_scopes(
    document: SyntheticDocument, grouped: bool, printed: frozenset[str] = frozenset({FINAL})
) -> Line:
    """Final accounts: the “三公” budget and what was spent, and the change on the prior year. A table
    printing its 全年预算数 is matched by the words 全年预算; otherwise the prose says only 预算."""
    three, budget = document.three_public, document.three_public_budget.total
    change = three.total - document.prior_year.three_public
    verb = "增加" if change >= 0 else "减少"
    full_year = FULL_YEAR in printed
    return (
        Narrative()
        .add(f"{document.fiscal_year}年度“三公”经费财政拨款支出{'全年预算' if full_year else '预算'}为")
        .figure(f"three_public_total:{FULL_YEAR if full_year else 'budget'}", budget, grouped, full_year)
        .add("万元，支出决算为")
        .figure("three_public_total:final", three.total, grouped)
        .add(f"万元，完成预算的{_percent(three.total, budget)}%，比上年{verb}")
        .figure("three_public_total:change", abs(change), grouped, checkable=False)
        .add("万元。")
        .line()
    )


def prior_year_general_budget(document: SyntheticDocument, grouped: bool) -> Line:
    """A budget's general-budget expenditure beside the prior year's, stated as such (上年预算数)."""
    return (
        Narrative()
        .add(f"{document.fiscal_year}年一般公共预算拨款支出预算")
        .figure("general_budget_expense", document.general_budget, grouped)
        .add("万元，上年预算数为")
        .figure("general_budget_expense:prior_year", document.prior_year.general_budget, grouped, checkable=False)
        .add("万元。")
        .line()
    )


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / Decimal(whole or 1)).quantize(Decimal("0.1"), ROUND_HALF_UP)
