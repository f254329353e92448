"""How figures are written in the report."""

from decimal import Decimal


def amount(value: Decimal | None) -> str:
    """An exact amount with thousands separators and at least two decimals (`4,643.47`, `0.00`,
    `0.015`): trailing zeros of the warehouse's scale are dropped, significant digits never."""
    if value is None:
        return "—"
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:,.{places}f}"


def signed(value: Decimal | None) -> str:
    """A difference, with its sign."""
    if value is None:
        return "—"
    text = amount(value)
    return text if value < 0 else f"+{text}"


def share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"
