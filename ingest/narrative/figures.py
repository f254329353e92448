"""The figures a document's prose states: each amount with what it is about, its change against the
prior year and, for `其中` / `包括` lists, the figure it is part of.

Reading a sentence left to right, every amount is one of:
* a change of a figure already stated (`…10,650.53万元，比上年增加1,176.42万元`): a change verb right
  before it and a comparison (`比上年`, `较上年决算数`, `与2023年相比`) since the previous number; `各`
  gives it to every figure of the sentence (`收入总计 …，支出总计 …，…各减少 45.60 万元`). A sentence
  that opens with the comparison (`与2023年相比减少3.00万元`) speaks of the first figure of the
  sentence before it in the same section;
* a change stated on its own (`项目支出减少148.72万元`): a figure without an amount;
* otherwise a figure, its subject read by ingest.narrative.subjects.
A percentage is a change only after a change verb (`增长12.42%`) or right after a change amount
(`减少 109.32 万元 38.17%`); `完成全年预算的52.36%` is not. `与上年持平` is a change of zero,
`与上年基本持平` only a direction. After `其中` / `包括` the figures are parts of the figure before;
`；` closes a nested list (`其中基本支出…，包括人员经费…和日常公用经费…；项目支出…`), and a list opened
inside brackets closes with them (`5.92 万元(其中包含 20 人的特殊人群),…269.28 万元`).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from ingest.narrative.amounts import VEHICLE_UNIT, AmountMention, PercentMention, find_amounts, find_percents
from ingest.narrative.changes import (
    FLAT,
    applies_to_each,
    compares_with_prior_year,
    direction_of,
    flat_statement,
    printed_verb_before,
    signed,
    stated_direction,
    strip_change_words,
    verb_before,
)
from ingest.narrative.sentences import Sentence
from ingest.narrative.subjects import MONEY, VEHICLES, Subject, resolve_subject

_LIST_MARK = re.compile(r"(?P<opens>(?<!主要)(?:其中|包括))|(?P<bracket>[（(])|(?P<unbracket>[）)])|[；;]")


@dataclass(frozen=True)
class NarrativeFigure:
    figure_seq: int  # order in the document, from 1
    section: str | None  # the heading the sentence sits under
    section_line: int | None
    subject_kind: str  # see seeds/narrative_subjects.csv
    subject_code: str | None  # 功能分类 code when the figure is about one
    subject_text: str | None  # what the figure is about, as printed
    amount: Decimal | None  # exact, as printed; None for a change stated on its own
    unit: str  # 万元 / 元 / 亿元 / 辆 …
    decimals: int | None  # digits printed after the decimal point of the amount
    printed_amount: str | None
    change_amount: Decimal | None  # signed: negative for 减少 / 下降
    change_unit: str | None
    change_direction: str | None  # increase / decrease / flat
    change_percent: Decimal | None  # signed
    printed_change: str | None  # e.g. 减少7.50万元
    parent_figure_seq: int | None  # the figure this one is part of (其中 / 包括 lists)
    sentence: str
    source_line: int  # line the amount is printed on


@dataclass
class _Figure:
    """A figure while its sentence is read: changes and percentages arrive after the amount."""

    seq: int
    sentence: Sentence
    mention: AmountMention
    subject: Subject
    is_change_only: bool
    parent: "_Figure | None"
    change_amount: Decimal | None = None
    change_unit: str | None = None
    change_direction: str | None = None
    change_percent: Decimal | None = None
    printed_change: str | None = None

    def set_change(self, value: Decimal, unit: str, printed: str) -> None:
        if self.change_amount is None:
            self.change_amount, self.change_unit, self.printed_change = value, unit, printed
            self.change_direction = direction_of(value)

    def set_direction(self, direction: str, exact_flat: bool) -> None:
        if self.change_amount is not None or self.change_direction is not None:
            return
        self.change_direction = direction
        if direction == FLAT and exact_flat:
            self.change_amount, self.change_unit = Decimal(0), self.mention.unit

    def set_percent(self, value: Decimal) -> None:
        if self.change_percent is None:
            self.change_percent = value

    def freeze(self) -> NarrativeFigure:
        amount = None if self.is_change_only else self.mention
        return NarrativeFigure(
            figure_seq=self.seq,
            section=self.sentence.section,
            section_line=self.sentence.section_line,
            subject_kind=self.subject.kind,
            subject_code=self.subject.code,
            subject_text=self.subject.text,
            amount=amount.value if amount else None,
            unit=self.mention.unit,
            decimals=amount.decimals if amount else None,
            printed_amount=amount.printed if amount else None,
            change_amount=self.change_amount,
            change_unit=self.change_unit,
            change_direction=self.change_direction,
            change_percent=self.change_percent,
            printed_change=self.printed_change,
            parent_figure_seq=self.parent.seq if self.parent else None,
            sentence=self.sentence.text,
            source_line=self.sentence.line_at(self.mention.start),
        )


class _OpenLists:
    """The 其中 / 包括 lists open at a point of a sentence, innermost last, each with the bracket depth
    it was opened at."""

    def __init__(self) -> None:
        self._lists: list[tuple[_Figure, int]] = []
        self._depth = 0

    def read(self, region: str, opener: _Figure | None) -> None:
        """Follow `region` (the text between two numbers); a 其中 in it opens a list of `opener`'s parts."""
        for mark in _LIST_MARK.finditer(region):
            if mark.group("opens"):
                if opener and self._lists[-1:] != [(opener, self._depth)]:  # a repeated 其中 opens no second list
                    self._lists.append((opener, self._depth))
            elif mark.group("bracket"):
                self._depth += 1
            elif mark.group("unbracket"):
                self._depth = max(self._depth - 1, 0)
                while self._lists and self._lists[-1][1] > self._depth:
                    self._lists.pop()
            elif len(self._lists) > 1:  # `；` closes a nested list
                self._lists.pop()

    @property
    def innermost(self) -> _Figure | None:
        return self._lists[-1][0] if self._lists else None


def read_figures(sentences: tuple[Sentence, ...]) -> tuple[NarrativeFigure, ...]:
    figures: list[_Figure] = []
    previous: list[_Figure] = []  # figures of the latest sentence that had any, in the same section
    for sentence in sentences:
        if previous and previous[0].sentence.section_line != sentence.section_line:
            previous = []
        stated = _read_sentence(sentence, previous, len(figures))
        figures.extend(stated)
        if stated:
            previous = stated
    return tuple(figure.freeze() for figure in figures)


def _read_sentence(sentence: Sentence, previous: list[_Figure], seq: int) -> list[_Figure]:
    text = sentence.text
    tokens: list[AmountMention | PercentMention] = sorted(
        [*find_amounts(text), *find_percents(text)], key=lambda token: token.start
    )
    stated: list[_Figure] = []
    targets: list[_Figure] = []  # the figures the next change, percentage or 持平 speaks of
    lists = _OpenLists()
    last_change: str | None = None  # direction of the change amount just read, if the last token was one
    end = 0
    for token in tokens:
        region = text[end : token.start]
        end = token.end
        _apply_direction(region, targets or previous[:1])
        lists.read(region, stated[-1] if stated else (previous[-1] if previous else None))
        if isinstance(token, PercentMention):
            direction = verb_before(region) or (last_change if not region.strip() else None)
            for target in targets if direction else ():
                target.set_percent(signed(token.value, direction))
            last_change = None
            continue
        direction = verb_before(region) if token.is_money else None
        if direction and compares_with_prior_year(region):
            bases = [figure for figure in stated if not figure.is_change_only]
            if not bases and previous:
                bases = previous[:1]
            if bases:
                targets = [f for f in bases if f.change_amount is None] if applies_to_each(region) else bases[-1:]
                printed = _printed_change(region, token)
                for target in targets:
                    target.set_change(signed(token.value, direction), token.unit, printed)
                last_change = direction
                continue
        parent = lists.innermost
        unit_kind = VEHICLES if token.unit == VEHICLE_UNIT else MONEY
        if direction:
            subject = resolve_subject(strip_change_words(region), sentence.section, unit_kind)
            figure = _Figure(seq + len(stated) + 1, sentence, token, subject, True, parent)
            figure.set_change(signed(token.value, direction), token.unit, _printed_change(region, token))
            last_change = direction
        else:
            subject = resolve_subject(region, sentence.section, unit_kind)
            figure = _Figure(seq + len(stated) + 1, sentence, token, subject, False, parent)
            last_change = None
        stated.append(figure)
        targets = [figure]
    _apply_direction(text[end:], targets or previous[:1])
    return stated


def _apply_direction(region: str, targets: list[_Figure]) -> None:
    """`与上年持平` / `与上年下降` stated without an amount."""
    if not targets or not compares_with_prior_year(region) or verb_before(region):
        return
    direction = stated_direction(region)
    if direction:
        flat = flat_statement(region)
        for target in targets:
            target.set_direction(direction, bool(flat and flat[1]))


def _printed_change(region: str, token: AmountMention) -> str:
    return printed_verb_before(region) + token.printed
