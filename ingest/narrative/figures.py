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

Each figure has its scopes (ingest.narrative.scopes): the quantity its words name (年初预算, 全年预算,
决算, 上年 …; a part listed after 其中 has its whole's) and the money they cover (一般公共预算, 财政拨款 …:
the figure's own words, else those of the figure it restates or is part of, else of the sentence's
first figure, else of the section's heading). A clause that names only another scope of the figure
before it (`年初预算为100.00万元，支出决算为98.76万元`) restates that figure's subject. Within an
item-by-item explanation (ingest.narrative.items: `2、行政运行（项）。全年预算为…`) a figure whose words
name no other subject is the item's, and every figure is flagged as the item's until a figure names
a subject of the department's on its own (not as a part) or the next list item begins.
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
from ingest.narrative.items import Item, read_item
from ingest.narrative.scopes import UNKNOWN, funding_of, names_only_a_scope, read_scope_words
from ingest.narrative.sentences import Sentence, starts_item
from ingest.narrative.subjects import (
    FUNCTION_SUBJECT,
    MONEY,
    UNCLASSIFIED,
    VEHICLES,
    Subject,
    last_clause,
    names_nothing,
    resolve_subject,
)

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
    amount_scope: str  # initial_budget / adjusted_budget / full_year_budget / budget / final / prior_year / unknown
    scope_year: int | None  # a year printed before the amount (2023年决算数)
    funding_scope: str  # general_budget / gov_fund / state_capital / non_fiscal / fiscal_grant / all_funds / unknown
    is_item_explanation: bool  # stated in the explanation of one 功能分类 项
    item_path: str | None  # that 项's 类 / 款 / 项 names as printed, '/'-joined
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
    amount_scope: str
    scope_year: int | None
    funding_scope: str | None
    item: Item | None
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
            amount_scope=self.amount_scope,
            scope_year=self.scope_year,
            funding_scope=self.funding_scope or UNKNOWN,
            is_item_explanation=self.item is not None,
            item_path=self.item.path if self.item else None,
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

    def close_to(self, whole: "_Figure | None") -> None:
        """Close the lists opened after `whole`'s: a figure restating another scope of `whole` is no
        longer one of the parts listed before it."""
        while self._lists and self._lists[-1][0] is not whole:
            self._lists.pop()


@dataclass
class _Context:
    """What the sentences before say of the next one: the item explained, the fund of the headings."""

    item: Item | None = None
    item_section_line: int | None = None
    section_line: int | None = None
    section_funding: str | None = None  # the fund named by the heading above, or by the one above an item heading

    def enter(self, sentence: Sentence) -> None:
        if sentence.section_line != self.section_line:
            self.section_line = sentence.section_line
            heading_item = read_item(sentence.section) if sentence.section else None
            if heading_item is None:
                self.section_funding = funding_of(sentence.section)
            self.item, self.item_section_line = heading_item, sentence.section_line
        if starts_item(sentence.text):
            self.item = read_item(_before_first_amount(sentence.text))


def read_figures(sentences: tuple[Sentence, ...]) -> tuple[NarrativeFigure, ...]:
    figures: list[_Figure] = []
    previous: list[_Figure] = []  # figures of the latest sentence that had any, in the same section
    context = _Context()
    for sentence in sentences:
        if previous and previous[0].sentence.section_line != sentence.section_line:
            previous = []
        context.enter(sentence)
        stated = _read_sentence(sentence, previous, len(figures), context)
        figures.extend(stated)
        if stated:
            previous = stated
    return tuple(figure.freeze() for figure in figures)


def _before_first_amount(text: str) -> str:
    amounts = find_amounts(text)
    return text[: amounts[0].start] if amounts else text


def _read_sentence(sentence: Sentence, previous: list[_Figure], seq: int, context: _Context) -> list[_Figure]:
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
        unit_kind = VEHICLES if token.unit == VEHICLE_UNIT else MONEY
        words_region = strip_change_words(region) if direction else region
        figure = _read_figure(seq + len(stated) + 1, sentence, token, words_region, stated, lists, context, unit_kind)
        figure.is_change_only = direction is not None
        if direction:
            figure.set_change(signed(token.value, direction), token.unit, _printed_change(region, token))
        last_change = direction
        stated.append(figure)
        targets = [figure]
    _apply_direction(text[end:], targets or previous[:1])
    return stated


def _read_figure(
    seq: int,
    sentence: Sentence,
    token: AmountMention,
    region: str,
    stated: list[_Figure],
    lists: _OpenLists,
    context: _Context,
    unit_kind: str,
) -> _Figure:
    """The figure `token` states, `region` being the words printed since the previous number."""
    clause = last_clause(region)
    words = read_scope_words(region)
    clause_scope = read_scope_words(clause).amount_scope
    restated = _restated(stated, clause, lists)
    if restated is not None:
        lists.close_to(restated.parent)
        subject, parent = restated.subject, restated.parent
    else:
        parent = lists.innermost
        subject = resolve_subject(region, sentence.section, unit_kind)
        if context.item and unit_kind == MONEY and subject.kind != FUNCTION_SUBJECT:
            if names_only_a_scope(clause) or names_nothing(clause) or read_item(clause) == context.item:
                subject = Subject(FUNCTION_SUBJECT, context.item.code, context.item.name)
            elif subject.kind != UNCLASSIFIED and parent is None:
                context.item = None  # the prose speaks of the department again
    frame = stated[0] if stated and stated[0].parent is None else None
    return _Figure(
        seq,
        sentence,
        token,
        subject,
        False,
        parent,
        amount_scope=clause_scope or (parent.amount_scope if parent else UNKNOWN),
        scope_year=words.scope_year or (parent.scope_year if parent else None),
        funding_scope=words.funding_scope
        or (restated.funding_scope if restated else None)
        or (parent.funding_scope if parent else None)
        or (frame.funding_scope if frame else None)
        or context.section_funding,
        item=context.item,
    )


def _restated(stated: list[_Figure], clause: str, lists: _OpenLists) -> _Figure | None:
    """The figure of the sentence whose subject a clause naming only a scope speaks of again: the
    latest figure stated with an amount that is not a part listed in this sentence."""
    own = {id(figure) for figure in stated}
    for figure in reversed(stated):
        if figure.is_change_only or (figure.parent is not None and id(figure.parent) in own):
            continue
        return figure if names_only_a_scope(clause, figure.subject.text) else None
    return None


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
