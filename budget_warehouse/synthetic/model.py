"""The content of one synthetic disclosure, before it is printed: amounts in 分 of 万元 (integers),
so that every total is an exact sum of its parts. Frozen records with derived totals only."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FunctionNode:
    """A 功能分类 类, 款 or 项 line: basic expenditure (人员 + 公用, all from the general budget) and
    project expenditure (from the general budget and from other income); a 类 or 款 holds the sums
    of the 项 under it."""

    code: str
    name: str
    level: int  # 1 类, 2 款, 3 项
    personnel: int
    public_use: int
    project_general: int
    project_other: int

    @property
    def basic(self) -> int:
        return self.personnel + self.public_use

    @property
    def project(self) -> int:
        return self.project_general + self.project_other

    @property
    def general(self) -> int:
        return self.basic + self.project_general

    @property
    def total(self) -> int:
        return self.basic + self.project


@dataclass(frozen=True)
class EconomicItem:
    code: str  # 部门经济分类 款 (5 digits) or 类 (3 digits)
    name: str
    amount: int


@dataclass(frozen=True)
class EconomicClass:
    code: str
    name: str
    items: tuple[EconomicItem, ...]

    @property
    def amount(self) -> int:
        return sum(item.amount for item in self.items)


@dataclass(frozen=True)
class ThreePublicCategories:
    """The four “三公” categories of one quantity (spent, or budgeted)."""

    overseas_travel: int
    vehicle_purchase: int
    vehicle_operation: int
    reception: int

    @property
    def vehicles(self) -> int:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def total(self) -> int:
        return self.overseas_travel + self.vehicles + self.reception


@dataclass(frozen=True)
class ThreePublic(ThreePublicCategories):
    """“三公”经费 of the year and of the year before."""

    prior_overseas_travel: int
    prior_vehicle_purchase: int
    prior_vehicle_operation: int
    prior_reception: int

    @property
    def prior_vehicles(self) -> int:
        return self.prior_vehicle_purchase + self.prior_vehicle_operation

    @property
    def prior_total(self) -> int:
        return self.prior_overseas_travel + self.prior_vehicles + self.prior_reception


@dataclass(frozen=True)
class ItemBudget:
    """Final accounts state, beside each 项's spending (its 决算), what was budgeted for it from the
    general budget: the budget passed at the start of the year (年初预算) and the budget after the
    year's adjustments (全年预算)."""

    code: str
    initial: int
    full_year: int


@dataclass(frozen=True)
class ThreePublicBudget(ThreePublicCategories):
    """Final accounts: the “三公” 全年预算 of each category, beside what was spent (ThreePublic)."""


@dataclass(frozen=True)
class PriorYear:
    """What the prose of a document says of the year before (上年), never printed in its tables."""

    general_budget: int
    three_public: int


@dataclass(frozen=True)
class SyntheticDocument:
    index: int
    family: str  # layout family, see budget_warehouse.synthetic.render
    department: str
    place: str
    department_code: str
    fiscal_year: int
    phase: str  # budget / final
    unit: str  # 万元 / 元: the unit every table is printed in
    items: tuple[FunctionNode, ...]  # 项 lines (level 3), in code order
    nodes: tuple[FunctionNode, ...]  # 类, 款 and 项, see function_tree
    basic_economy: tuple[EconomicClass, ...]  # 基本支出 by 部门经济分类 (301, 302, 303)
    project_economy: tuple[EconomicItem, ...]  # general-budget 项目支出 by economic 类
    three_public: ThreePublic
    carry_over: int  # 年初结转和结余 = 年末结转和结余 (final accounts; 0 in budgets)
    other_income_label: str  # the income line the non-general-budget money is printed on
    budgets: tuple[ItemBudget, ...] = ()  # final accounts: each 项 with general-budget money, in items' order
    three_public_budget: ThreePublicBudget = ThreePublicBudget(0, 0, 0, 0)  # final accounts
    prior_year: PriorYear = PriorYear(0, 0)

    @property
    def initial_budget(self) -> int:
        """The general budget's 年初预算 (final accounts)."""
        return sum(budget.initial for budget in self.budgets)

    @property
    def full_year_budget(self) -> int:
        """The general budget's 全年预算 (final accounts)."""
        return sum(budget.full_year for budget in self.budgets)

    def budget_of(self, code: str) -> ItemBudget:
        return next(budget for budget in self.budgets if budget.code == code)

    @property
    def totals(self) -> FunctionNode:
        """The 合计 line: every 项 summed."""
        return FunctionNode("", "合计", 0, self.personnel, self.public_use, self.project_general, self.other_income)

    @property
    def general_budget(self) -> int:
        return sum(item.general for item in self.items)

    @property
    def other_income(self) -> int:
        return sum(item.project_other for item in self.items)

    @property
    def total(self) -> int:
        return sum(item.total for item in self.items)

    @property
    def basic(self) -> int:
        return sum(item.basic for item in self.items)

    @property
    def project(self) -> int:
        return sum(item.project for item in self.items)

    @property
    def personnel(self) -> int:
        return sum(item.personnel for item in self.items)

    @property
    def public_use(self) -> int:
        return sum(item.public_use for item in self.items)

    @property
    def project_general(self) -> int:
        return sum(item.project_general for item in self.items)


def function_tree(items: tuple[FunctionNode, ...], names: dict[str, str]) -> tuple[FunctionNode, ...]:
    """类, 款 and 项 nodes in printed order (each 类, then each of its 款 followed by its 项), each with
    the sums of the 项 under it."""
    codes = {item.code[:length] for item in items for length in (3, 5, 7)}
    nodes = []
    for code in sorted(codes):
        under = [item for item in items if item.code.startswith(code)]
        nodes.append(
            FunctionNode(
                code,
                under[0].name if len(code) == 7 else names[code],
                {3: 1, 5: 2, 7: 3}[len(code)],
                sum(i.personnel for i in under),
                sum(i.public_use for i in under),
                sum(i.project_general for i in under),
                sum(i.project_other for i in under),
            )
        )
    return tuple(nodes)


def wan_yuan(cents: int) -> Decimal:
    """An amount of the model in 万元, exact."""
    return Decimal(cents) / 100
