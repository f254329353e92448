"""Pages as HTML: the Jinja templates of the package, with the report's filters."""

from decimal import Decimal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from budget_warehouse.report.format import amount, share, signed

WAN = Decimal(10_000)


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def _wan(yuan: Decimal | None) -> str:
    return "" if yuan is None else amount(yuan / WAN)


def _wan_value(yuan: Decimal | None) -> str:
    """For sorting: the amount in 万元 as plain text (no separators)."""
    return "0" if yuan is None else f"{yuan / WAN:f}"


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("budget_warehouse.report", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(amount=amount, signed=signed, share=share, score=_score, wan=_wan, wan_value=_wan_value)
    return env
