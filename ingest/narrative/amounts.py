"""Amounts printed in prose: `10,650.53万元`, `55897万元`, `4,023.00 万元`, `1.8 亿元`, vehicle counts `2辆`.

A number is an amount only when a unit follows it; percentages (`12.42%`), years (`2024年`) and
other counts (`2个项目`, `106 批次`) have no such unit and are never read as amounts. A threshold
(`单位价值100万元（含）以上设备`) is a bound, not a figure, and is skipped too.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

# Money units first (longest first), then the one count unit the narrative figures keep: vehicles.
MONEY_UNITS = ("亿元", "万元", "千元", "元")
VEHICLE_UNIT = "辆"
_FULL_WIDTH = str.maketrans({chr(0xFF10 + digit): str(digit) for digit in range(10)} | {"．": ".", "％": "%"})
_AMOUNT = re.compile(
    r"(?<![\d.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|千元|元|辆)"
)
_THRESHOLD = re.compile(r"\s*(?:[（(]含[）)])?\s*(?:以上|以下|以内)")
_PERCENT = re.compile(r"(?<![\d.,])(?P<number>\d+(?:\.\d+)?)\s*%")


@dataclass(frozen=True)
class AmountMention:
    value: Decimal  # exact, as printed
    unit: str  # 亿元 / 万元 / 千元 / 元 / 辆
    decimals: int  # digits printed after the decimal point: the figure's rounding
    start: int  # offsets in the text searched
    end: int
    printed: str  # as printed, e.g. "4,023.00 万元"

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS


@dataclass(frozen=True)
class PercentMention:
    value: Decimal
    start: int
    end: int


def half_width(text: str) -> str:
    """Full-width digits read as ASCII; one character for one, so offsets stay valid."""
    return text.translate(_FULL_WIDTH)


def find_amounts(text: str) -> list[AmountMention]:
    """Every amount with a unit in `text`, in order; thresholds (`100万元以上`) left out."""
    text = half_width(text)
    mentions = []
    for match in _AMOUNT.finditer(text):
        if _THRESHOLD.match(text, match.end()):
            continue
        number = match.group("number").replace(",", "")
        decimals = len(number.partition(".")[2])
        mentions.append(
            AmountMention(Decimal(number), match.group("unit"), decimals, match.start(), match.end(), match.group(0))
        )
    return mentions


def has_amount(text: str) -> bool:
    """Whether `text` prints an amount that find_amounts reads, without reading it."""
    text = half_width(text)
    return any(not _THRESHOLD.match(text, match.end()) for match in _AMOUNT.finditer(text))


def find_percents(text: str) -> list[PercentMention]:
    text = half_width(text)
    return [PercentMention(Decimal(m.group("number")), m.start(), m.end()) for m in _PERCENT.finditer(text)]
