"""The prose of a document as sentences, each under the heading it sits under, with its source lines.

Prose is what ingest.blocks leaves outside the grid blocks (table rows) and the table of contents.
A heading is a markdown heading (`## 二、…`), a bold line, or a short line opening with an ordinal
(`三、机关运行经费情况`, `（二）公务接待费`) without sentence punctuation; no heading states an amount.
Lines wrapped by the PDF rendering are joined (`…支出 3,238.00` / `万元。…`); a sentence ends at
`。！？`, at a heading, at a new list item (`1.`, `（一）`) and where a table interrupts the prose.
"""

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from ingest.blocks import Block, split_blocks, toc_line_numbers
from ingest.narrative.amounts import find_amounts, has_amount
from ingest.text import clean_line

_MARKDOWN_HEADING = re.compile(r"^\s*#+\s")
_BOLD_LINE = re.compile(r"^\s*\*\*[^*]+\*\*\s*$")
_ORDINAL = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+、|\d+[.．](?!\d)|\d+[)）])"
)
_SENTENCE_END = re.compile(r"[。！？]")
# Sentence punctuation anywhere (`十、基本支出：指…` wrapped mid-definition) means the line is prose.
_SENTENCE_PUNCTUATION = re.compile(r"[。；;，,：:]")
_MAX_HEADING_CHARS = 40


@dataclass(frozen=True)
class Sentence:
    text: str  # the cleaned prose of the sentence, wrapped lines joined
    section: str | None  # the heading it sits under, cleaned; None before the first heading
    section_line: int | None
    line_starts: tuple[tuple[int, int], ...]  # (offset in text, source line) of each physical line

    def line_at(self, offset: int) -> int:
        """The source line on which the character at `offset` is printed."""
        line = self.line_starts[0][1]
        for start, number in self.line_starts:
            if start > offset:
                break
            line = number
        return line


def is_heading(raw_line: str, next_raw_line: str | None = None) -> bool:
    """`next_raw_line` is the prose line printed after it: a list item wrapped before its amount
    (`(三) 2080505-…支出` / `440.31 万元，…`) is not a heading."""
    text = clean_line(raw_line)
    if not text:
        return False
    marked = bool(_MARKDOWN_HEADING.match(raw_line) or _BOLD_LINE.match(raw_line))
    # The cheap tests of its form first: asked of every prose line, most of which are sentences.
    if not marked and not (
        _ORDINAL.match(text) and len(text) <= _MAX_HEADING_CHARS and not _SENTENCE_PUNCTUATION.search(text)
    ):
        return False
    if has_amount(text):
        return False
    return marked or next_raw_line is None or not _opens_with_amount(clean_line(next_raw_line))


def _opens_with_amount(text: str) -> bool:
    amounts = find_amounts(text)
    return bool(amounts) and amounts[0].start == 0


def starts_item(text: str) -> bool:
    """A list item (`1. …`, `（二）…`) starts a new sentence even when the line before did not end one."""
    return bool(_ORDINAL.match(text))


def document_sentences(
    lines: list[str], blocks: list[Block] | None = None, table_lines: Collection[int] = ()
) -> tuple[Sentence, ...]:
    """Every sentence of the document's prose, in order. `blocks` are the document's grid blocks
    (split here when not given); `table_lines` are lines that belong to statement tables though
    they are not grid rows (the department and unit lines under a title), never prose."""
    sentences: list[Sentence] = []
    section: tuple[str | None, int | None] = (None, None)
    if blocks is None:
        blocks = split_blocks(lines, toc_line_numbers(lines))
    for run in _prose_runs(lines, blocks, set(table_lines)):
        builder = _SentenceBuilder(section)
        for index, (number, raw_line) in enumerate(run):
            following = run[index + 1][1] if index + 1 < len(run) else None
            if is_heading(raw_line, following):
                sentences.extend(builder.flush())
                section = (clean_line(raw_line), number)
                builder = _SentenceBuilder(section)
                continue
            text = clean_line(raw_line)
            if starts_item(text):
                sentences.extend(builder.flush())
            sentences.extend(builder.add(text, number))
        sentences.extend(builder.flush())
    return tuple(sentences)


def _prose_runs(lines: list[str], blocks: list[Block], table_lines: set[int]) -> Iterator[list[tuple[int, str]]]:
    """Runs of physical prose lines (number, text) between tables; a table ends a run."""
    if not blocks:  # prose only: every line outside the table of contents
        toc = toc_line_numbers(lines)
        yield [
            (number, line)
            for number, line in enumerate(lines, 1)
            if number not in toc and line.strip() and "\t" not in line
        ]
        return
    for text_lines in [blocks[0].context, *(block.trailer for block in blocks)]:
        yield [
            (number, lines[number - 1])
            for text_line in text_lines
            for number in range(text_line.line_number, text_line.end_line + 1)
            if lines[number - 1].strip() and number not in table_lines
        ]


class _SentenceBuilder:
    """Accumulates physical lines and cuts complete sentences off the front."""

    def __init__(self, section: tuple[str | None, int | None]) -> None:
        self._section = section
        self._text = ""
        self._line_starts: list[tuple[int, int]] = []

    def add(self, text: str, line_number: int) -> list[Sentence]:
        if not text:
            return []
        self._line_starts.append((len(self._text), line_number))
        self._text += text
        complete = []
        while match := _SENTENCE_END.search(self._text):
            complete.extend(self._cut(match.end()))
        return complete

    def flush(self) -> list[Sentence]:
        return self._cut(len(self._text))

    def _cut(self, end: int) -> list[Sentence]:
        text, rest = self._text[:end], self._text[end:]
        starts = tuple((offset, line) for offset, line in self._line_starts if offset < end)
        remaining = [(offset - end, line) for offset, line in self._line_starts if offset >= end]
        if rest and (not remaining or remaining[0][0] > 0):
            # the line that held the cut continues into the rest
            remaining.insert(0, (0, starts[-1][1]))
        self._text, self._line_starts = rest, remaining
        stripped = text.strip()
        if not stripped:
            return []
        lead = len(text) - len(text.lstrip())
        starts = tuple((max(offset - lead, 0), line) for offset, line in starts)
        return [Sentence(stripped, self._section[0], self._section[1], starts)]
