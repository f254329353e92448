"""Performance target values (绩效目标值) parsed by a small grammar: a tokenizer plus four rules.

Tokens (whitespace is insignificant, except that it separates two digit runs):
    OP      prefix comparison: ≥ ≧ >= 大于等于 不低于 不少于 不小于 | ≤ ≦ <= 小于等于 不高于 不超过 不大于
            | = 等于 | > 大于 高于 | < 小于 低于   (full-width ＝ ＞ ＜ ％ and digits read as half-width)
    SUFFIX  trailing comparison: 以上 (>=), 以内 / 以下 (<=)
    MARK    qualitative markers: 定性, 定性指标, 文字描述
    NUMBER  digits with optional thousands commas and decimals; BAD_NUMBER when the run is not a number
    TEXT    any other run of characters

Rules, tried in order:
    quantitative := [OP] NUMBER [unit] [SUFFIX]     OP and SUFFIX must agree when both are printed
    unit         := atom ('/' atom)*                 atoms from a closed vocabulary, synonyms mapped (百分比 → %,
                                                     元/人/年 → 元/年/人)
    qualitative  := [OP] [MARK] wording [MARK]       wording has no NUMBER unless a MARK is printed;
                                                     the operator is dropped, the wording kept as value_text
    anything else (an operator or unit without a value, a broken number, stray words) is malformed.

A plain value without an operator (`16人`, `100%`, `1年`) is a point target: operator '='.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

_PREFIX_OPERATORS = {
    "≥": ">=",
    "≧": ">=",
    "⩾": ">=",
    ">=": ">=",
    "大于等于": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "≤": "<=",
    "≦": "<=",
    "⩽": "<=",
    "<=": "<=",
    "小于等于": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "不大于": "<=",
    "=": "=",
    "等于": "=",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
}
_SUFFIX_OPERATORS = {"以上": ">=", "以内": "<=", "以下": "<="}
_QUALITATIVE_MARKS = frozenset({"定性", "定性指标", "文字描述"})
_UNIT_SYNONYMS = {"百分比": "%"}
# A rate per person and year prints with its denominators in either order (元/人/年 in 固安, 元/年/人 in
# 招远); one spelling is kept so the two compare equal.
_RATE_SYNONYMS = {"元/人/年": "元/年/人"}
_UNIT_ATOMS = frozenset(
    {
        "%",
        "‰",
        "百分点",
        "元",
        "千元",
        "万元",
        "亿元",
        "万",
        "人",
        "人次",
        "万人",
        "万人次",
        "名",
        "户",
        "家",
        "个",
        "项",
        "次",
        "批次",
        "起",
        "件",
        "份",
        "辆",
        "台",
        "套",
        "所",
        "座",
        "处",
        "篇",
        "场",
        "期",
        "条",
        "张",
        "倍",
        "年",
        "季度",
        "月",
        "周",
        "天",
        "日",
        "工作日",
        "小时",
        "分钟",
        "分",
    }
)
# Full-width forms print in some documents; map them so one grammar covers both widths.
_HALF_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "％": "%",
        "＝": "=",
        "＞": ">",
        "＜": "<",
        "／": "/",
        "．": ".",
        "－": "-",
        "−": "-",
    }
)
# Whitespace is dropped unless it sits between two digits, where it would otherwise glue two numbers into one.
_INSIGNIFICANT_SPACE = re.compile(r"(?<![0-9])\s+|\s+(?![0-9])")
_KEYWORDS = sorted([*_PREFIX_OPERATORS, *_SUFFIX_OPERATORS, *_QUALITATIVE_MARKS], key=len, reverse=True)
_LEXER = re.compile(
    rf"(?P<number>-?[0-9][0-9.,]*)|(?P<keyword>{'|'.join(map(re.escape, _KEYWORDS))})|(?P<space>\s+)|(?P<text>.)",
    re.DOTALL,
)
_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?")


@dataclass(frozen=True)
class Target:
    text: str  # as printed (whitespace-normalized); the cells joined by a space for three-cell layouts
    operator: str | None  # '>=', '<=', '=', '>', '<'; None when qualitative or absent
    value: Decimal | None  # exact, as printed
    unit: str | None  # normalized unit
    is_qualitative: bool
    parse_status: str  # 'parsed' | 'qualitative' | 'malformed' | 'empty'
    value_text: str | None = None  # a qualitative target's wording, operator and 定性 markers removed


class _Token(NamedTuple):
    kind: str  # 'op' | 'suffix' | 'mark' | 'number' | 'bad_number' | 'text'
    lexeme: str


def normalize_unit(unit: str) -> str:
    """A unit without spaces, each '/'-separated atom mapped to its canonical name (百分比 → %), a rate to
    its canonical order (元/人/年 → 元/年/人)."""
    compact = "".join(unit.translate(_HALF_WIDTH).split())
    atoms = "/".join(_UNIT_SYNONYMS.get(atom, atom) for atom in compact.split("/"))
    return _RATE_SYNONYMS.get(atoms, atoms)


def parse_target(text: str | None, *, symbol: str | None = None, unit: str | None = None) -> Target:
    """Parse a printed target; `symbol`/`unit` are the extra cells of layouts printing 符号 | 值 | 单位 apart."""
    printed = " ".join(" ".join(cell.split()) for cell in (symbol, text, unit) if cell and cell.strip())
    if not printed:
        return Target(printed, None, None, None, False, "empty")
    tokens = _tokenize(printed)
    if (quantity := _quantitative(tokens)) is not None:
        operator, value, normalized_unit = quantity
        return Target(printed, operator, value, normalized_unit, False, "parsed")
    if (wording := _qualitative(tokens)) is not None:
        return Target(printed, None, None, None, True, "qualitative", wording)
    return Target(printed, None, None, None, False, "malformed")


def is_comparison(text: str) -> bool:
    """A cell holding only a comparison (`≥`, `大于等于`) or a qualitative marker (`文字描述`): the 符号 / 方向
    cell of layouts that print the comparison apart from the value."""
    tokens = _tokenize(text)
    return len(tokens) == 1 and tokens[0].kind in ("op", "mark")


def looks_like_target(text: str) -> bool:
    """A cell that reads as a target rather than an indicator name: a value the grammar parses, or one that
    opens with a comparison or carries a 定性 marker (then it is a target even when malformed)."""
    tokens = _tokenize(text)
    if not tokens:
        return False
    return tokens[0].kind == "op" or any(token.kind == "mark" for token in tokens) or _quantitative(tokens) is not None


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _LEXER.finditer(_INSIGNIFICANT_SPACE.sub("", text.translate(_HALF_WIDTH))):
        kind, lexeme = match.lastgroup or "text", match.group()  # every alternative is a named group
        if kind == "space":
            continue
        if kind == "number":
            kind = "number" if _NUMBER.fullmatch(lexeme) else "bad_number"
        elif kind == "keyword":
            kind = "op" if lexeme in _PREFIX_OPERATORS else "suffix" if lexeme in _SUFFIX_OPERATORS else "mark"
        elif tokens and tokens[-1].kind == "text":  # characters of one run form one TEXT token
            tokens[-1] = _Token("text", tokens[-1].lexeme + lexeme)
            continue
        tokens.append(_Token(kind, lexeme))
    return tokens


def _quantitative(tokens: list[_Token]) -> tuple[str, Decimal, str | None] | None:
    """quantitative := [OP] NUMBER [unit] [SUFFIX]; None when the tokens do not match."""
    rest = list(tokens)
    prefix = _PREFIX_OPERATORS[rest.pop(0).lexeme] if rest and rest[0].kind == "op" else None
    if not rest or rest[0].kind != "number":
        return None
    value = Decimal(rest.pop(0).lexeme.replace(",", ""))
    unit = None
    if rest and rest[0].kind == "text" and (unit := _unit(rest.pop(0).lexeme)) is None:
        return None
    suffix = _SUFFIX_OPERATORS[rest.pop(0).lexeme] if rest and rest[0].kind == "suffix" else None
    if rest or (prefix and suffix and prefix != suffix):
        return None
    return prefix or suffix or "=", value, unit


def _unit(text: str) -> str | None:
    """unit := atom ('/' atom)*; None when an atom is outside the vocabulary (a stray word, not a unit)."""
    normalized = normalize_unit(text)
    return normalized if all(atom in _UNIT_ATOMS for atom in normalized.split("/")) else None


def _qualitative(tokens: list[_Token]) -> str | None:
    """qualitative := [OP] [MARK] wording [MARK]; the wording, or None when the tokens do not match."""
    marked = any(token.kind == "mark" for token in tokens)
    if not marked and any(token.kind in ("number", "bad_number") for token in tokens):
        return None  # a number outside the quantitative rule is a misprint, not a description
    body = tokens[1:] if tokens[0].kind == "op" else tokens
    # Markers are only stripped at the ends: inside a run they are ordinary characters.
    while body and body[0].kind == "mark":
        body = body[1:]
    while body and body[-1].kind == "mark":
        body = body[:-1]
    wording = "".join(token.lexeme for token in body)
    # Operators, markers, a unit or dashes with no words printed are a missing value, not a description.
    has_words = any(token.kind == "text" and any(char.isalpha() for char in token.lexeme) for token in body)
    return wording if has_words and _unit(wording) is None else None
