"""A random document model for a position in the corpus: deterministic for (seed, index), and the
same document at that position however many documents the corpus has."""

import math
import random

from budget_warehouse.synthetic.model import (
    EconomicClass,
    EconomicItem,
    FunctionNode,
    ItemBudget,
    PriorYear,
    SyntheticDocument,
    ThreePublic,
    ThreePublicBudget,
    function_tree,
)
from budget_warehouse.synthetic.reference import ORGANS, PERSONNEL_CLASSES, PROJECT_CLASSES, PUBLIC_USE_CLASS, reference

# The samples' layouts, then three unlike any sample (render_provinces).
FAMILIES = ("headings", "split_codes", "numbered", "bracketed_codes", "names_only", "no_blank_lines")
_FAMILY_WEIGHTS = (4, 3, 3, 3, 3, 3)
YEARS = tuple(range(2019, 2026))
PHASES = ("budget", "final")
_YUAN_SHARE = 0.15  # documents printed in 元 rather than 万元
_OTHER_INCOME_SHARE = 0.3  # documents with money besides the general budget
_SCALES = (1, 10, 100)  # small, middling and large departments


def draw_document(index: int, seed: int) -> SyntheticDocument:
    rng = random.Random(f"{seed}:{index}")
    place, organ, year, phase = _identity(index, seed)
    scale = rng.choice(_SCALES)
    items = _items(rng, scale)
    names = reference().names
    three_public = _three_public(rng)
    # Drawn apart, so that adding them left every other figure of a seed's corpus as it was.
    scopes = random.Random(f"scopes:{seed}:{index}")
    return SyntheticDocument(
        index=index,
        family=rng.choices(FAMILIES, _FAMILY_WEIGHTS)[0],
        department=place + organ,
        place=place,
        department_code=str(rng.randint(100, 999)),
        fiscal_year=year,
        phase=phase,
        unit="元" if rng.random() < _YUAN_SHARE else "万元",
        items=items,
        nodes=function_tree(items, names),
        basic_economy=_basic_economy(rng, sum(i.personnel for i in items), sum(i.public_use for i in items)),
        project_economy=_project_economy(rng, sum(i.project_general for i in items)),
        three_public=three_public,
        carry_over=rng.randint(100, 50_000) if phase == "final" and rng.random() < 0.5 else 0,
        other_income_label=rng.choice(("其他收入", "事业收入")),
        budgets=_budgets(scopes, items) if phase == "final" else (),
        three_public_budget=_three_public_budget(scopes, three_public)
        if phase == "final"
        else ThreePublicBudget(0, 0, 0, 0),
        prior_year=PriorYear(
            _other_than(scopes, sum(item.general for item in items)), _other_than(scopes, three_public.total)
        ),
    )


def _budgets(rng: random.Random, items: tuple[FunctionNode, ...]) -> tuple[ItemBudget, ...]:
    """Each 项's 年初预算 and 全年预算 beside what it spent: near it, never equal to it (a rule comparing
    a budget with a 决算 column would pass by chance otherwise)."""
    return tuple(
        ItemBudget(item.code, _other_than(rng, item.general), _other_than(rng, item.general))
        for item in items
        if item.general
    )


def _three_public_budget(rng: random.Random, spent: ThreePublic) -> ThreePublicBudget:
    """A budget for each “三公” category with spending, near what was spent and never equal to it."""

    def budget(amount: int) -> int:
        return _other_than(rng, amount) if amount else 0

    return ThreePublicBudget(
        budget(spent.overseas_travel),
        budget(spent.vehicle_purchase),
        budget(spent.vehicle_operation),
        budget(spent.reception) if spent.total else 100,  # a budget left unspent
    )


def _other_than(rng: random.Random, amount: int) -> int:
    """An amount within a fifth of `amount` (at least 1.00), different from it."""
    other = max(100, int(amount * rng.uniform(0.8, 1.2)))
    return other + 100 if other == amount else other


def _identity(index: int, seed: int) -> tuple[str, str, int, str]:
    """Department, year and phase: a bijection of the index onto all combinations, so no two
    documents of a corpus are versions of one another."""
    places = reference().places
    sizes = (len(places), len(ORGANS), len(YEARS), len(PHASES))
    combinations = math.prod(sizes)
    rng = random.Random(f"identity:{seed}")
    step = rng.randrange(1, combinations)
    while math.gcd(step, combinations) != 1:
        step += 1
    position = (step * index + rng.randrange(combinations)) % combinations
    digits = []
    for size in sizes:
        position, digit = divmod(position, size)
        digits.append(digit)
    return places[digits[0]], ORGANS[digits[1]], YEARS[digits[2]], PHASES[digits[3]]


def _items(rng: random.Random, scale: int) -> tuple[FunctionNode, ...]:
    chosen = sorted(rng.sample(reference().function_items, rng.randint(4, 14)), key=lambda s: s.code)
    other_income = rng.random() < _OTHER_INCOME_SHARE
    items = []
    for subject in chosen:
        kind = rng.random()
        has_basic, has_project = kind < 0.65, kind >= 0.45
        personnel = rng.randint(100, 30_000) * scale if has_basic else 0
        public_use = int(personnel * rng.uniform(0, 0.35)) if has_basic and rng.random() < 0.7 else 0
        project_general = rng.randint(100, 50_000) * scale if has_project else 0
        project_other = rng.randint(100, 20_000) * scale if has_project and other_income and rng.random() < 0.4 else 0
        items.append(FunctionNode(subject.code, subject.name, 3, personnel, public_use, project_general, project_other))
    return tuple(items)


def _basic_economy(rng: random.Random, personnel: int, public_use: int) -> tuple[EconomicClass, ...]:
    households = personnel * rng.randint(0, 15) // 100
    shares = {
        PERSONNEL_CLASSES[0]: personnel - households,
        PERSONNEL_CLASSES[1]: households,
        PUBLIC_USE_CLASS: public_use,
    }
    classes = []
    for code in sorted(shares):
        if shares[code]:
            classes.append(_economic_class(rng, code, shares[code]))
    return tuple(classes)


def _economic_class(rng: random.Random, code: str, amount: int) -> EconomicClass:
    candidates = reference().economic_items[code]
    count = min(rng.randint(1, min(9, len(candidates))), amount)
    chosen = sorted(rng.sample(candidates, count), key=lambda s: s.code)
    return EconomicClass(
        code,
        reference().name(code),
        tuple(
            EconomicItem(subject.code, subject.name, part)
            for subject, part in zip(chosen, partition(rng, amount, count), strict=False)
        ),
    )


def _project_economy(rng: random.Random, project_general: int) -> tuple[EconomicItem, ...]:
    if not project_general:
        return ()
    parts = partition(rng, project_general, min(len(PROJECT_CLASSES), project_general))
    return tuple(
        EconomicItem(code, reference().name(code), part) for code, part in zip(PROJECT_CLASSES, parts, strict=False)
    )


def _three_public(rng: random.Random) -> ThreePublic:
    def maybe(chance: float, low: int, high: int) -> int:
        return rng.randint(low, high) if rng.random() < chance else 0

    return ThreePublic(
        overseas_travel=maybe(0.2, 100, 2_000),
        vehicle_purchase=maybe(0.1, 1_000, 4_000),
        vehicle_operation=maybe(0.6, 100, 3_000),
        reception=maybe(0.9, 10, 3_000),
        prior_overseas_travel=maybe(0.2, 100, 2_000),
        prior_vehicle_purchase=maybe(0.1, 1_000, 4_000),
        prior_vehicle_operation=maybe(0.6, 100, 3_000),
        prior_reception=maybe(0.9, 10, 3_000),
    )


def partition(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split into `parts` positive integers (parts ≤ total)."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=False)]
