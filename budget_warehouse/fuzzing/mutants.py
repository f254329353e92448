"""Mutants of a document: the edits a careless user, a broken export or a fuzzer makes to a text
rendering — lines deleted, swapped or duplicated, digits changed, table blocks shuffled, tabs
removed, random Unicode inserted, the text cut short, very long lines.

A mutation is a small frozen record of integers (and text), read modulo the document's size, so any
mutation applies to any document: the fuzz tests draw them with hypothesis (which shrinks them), the
fuzz script with `random_mutations`. `mutate` applies them in order.
"""

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from budget_warehouse.synthetic.corpus import generate_document

_DIGIT = re.compile(r"\d")
# What a very long line is made of: digits and separators (a table row run together), CJK prose,
# tabs alone, a cell repeated.
LONG_LINE_PIECES = ("1234.56\t", "预算支出合计", "\t", "2,345,678.90", "项目", " ", "—", "9")


@dataclass(frozen=True)
class DeleteLines:
    at: int
    count: int

    def apply(self, lines: list[str]) -> list[str]:
        start = self.at % len(lines)
        return lines[:start] + lines[start + self.count :]


@dataclass(frozen=True)
class SwapLines:
    first: int
    second: int

    def apply(self, lines: list[str]) -> list[str]:
        a, b = self.first % len(lines), self.second % len(lines)
        swapped = list(lines)
        swapped[a], swapped[b] = swapped[b], swapped[a]
        return swapped


@dataclass(frozen=True)
class DuplicateLines:
    at: int
    count: int

    def apply(self, lines: list[str]) -> list[str]:
        start = self.at % len(lines)
        end = start + self.count
        return lines[:end] + lines[start:end] + lines[end:]


@dataclass(frozen=True)
class ChangeDigit:
    nth: int  # which digit of the text, modulo the number of digits
    digit: int

    def apply(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        digits = [match.start() for match in _DIGIT.finditer(text)]
        if not digits:
            return lines
        at = digits[self.nth % len(digits)]
        return (text[:at] + str(self.digit % 10) + text[at + 1 :]).split("\n")


@dataclass(frozen=True)
class ShuffleTableBlocks:
    """The grid blocks (runs of tab-separated lines) put in another order, the prose between them kept."""

    seed: int

    def apply(self, lines: list[str]) -> list[str]:
        runs: list[list[str]] = []
        for line in lines:
            grid = "\t" in line
            if runs and ("\t" in runs[-1][0]) == grid:
                runs[-1].append(line)
            else:
                runs.append([line])
        grids = [index for index, run in enumerate(runs) if "\t" in run[0]]
        order = list(grids)
        random.Random(self.seed).shuffle(order)
        shuffled = list(runs)
        for place, source in zip(grids, order, strict=True):
            shuffled[place] = runs[source]
        return [line for run in shuffled for line in run]


@dataclass(frozen=True)
class RemoveTabs:
    at: int
    count: int
    replacement: str = ""  # "" runs the cells together, " " leaves them apart

    def apply(self, lines: list[str]) -> list[str]:
        start = self.at % len(lines)
        end = start + self.count
        return lines[:start] + [line.replace("\t", self.replacement) for line in lines[start:end]] + lines[end:]


@dataclass(frozen=True)
class InsertText:
    at: int  # a character position, modulo the text's length
    text: str

    def apply(self, lines: list[str]) -> list[str]:
        whole = "\n".join(lines)
        at = self.at % (len(whole) + 1)
        return (whole[:at] + self.text + whole[at:]).split("\n")


@dataclass(frozen=True)
class Truncate:
    at: int  # a character position, modulo the text's length

    def apply(self, lines: list[str]) -> list[str]:
        whole = "\n".join(lines)
        return whole[: self.at % (len(whole) + 1)].split("\n")


@dataclass(frozen=True)
class LongLine:
    at: int
    piece: int  # which of LONG_LINE_PIECES, modulo their number
    length: int  # characters

    def apply(self, lines: list[str]) -> list[str]:
        piece = LONG_LINE_PIECES[self.piece % len(LONG_LINE_PIECES)]
        line = (piece * (self.length // len(piece) + 1))[: self.length]
        start = self.at % (len(lines) + 1)
        return [*lines[:start], line, *lines[start:]]


def generated_base(position: int) -> str:
    """A generated document to mutate (budget_warehouse.synthetic), half of them with a fault injected."""
    return generate_document(position, fault_rate=0.5, seed=23).text


Mutation = (
    DeleteLines
    | SwapLines
    | DuplicateLines
    | ChangeDigit
    | ShuffleTableBlocks
    | RemoveTabs
    | InsertText
    | Truncate
    | LongLine
)


def mutate(text: str, mutations: list[Mutation]) -> str:
    lines = text.split("\n")
    for mutation in mutations:
        lines = mutation.apply(lines) or [""]
    return "\n".join(lines)


def random_mutations(rng: random.Random, most: int = 6, long_line: int = 200_000) -> list[Mutation]:
    """One to `most` mutations drawn at random; long lines up to `long_line` characters, half of them
    short enough for the parser to read (ingest.parser.MAX_LINE_CHARACTERS)."""
    return [
        _DRAWS[rng.randrange(len(_DRAWS))](rng, rng.randrange(1 << 20), long_line) for _ in range(rng.randint(1, most))
    ]


_DRAWS: tuple[Callable[[random.Random, int, int], Mutation], ...] = (
    lambda rng, at, _: DeleteLines(at, rng.randint(1, 40)),
    lambda rng, at, _: SwapLines(at, rng.randrange(1 << 20)),
    lambda rng, at, _: DuplicateLines(at, rng.randint(1, 40)),
    lambda rng, at, _: ChangeDigit(at, rng.randrange(10)),
    lambda rng, at, _: ShuffleTableBlocks(at),
    lambda rng, at, _: RemoveTabs(at, rng.randint(1, 40), rng.choice(("", " "))),
    lambda rng, at, _: InsertText(at, random_unicode(rng, rng.randint(1, 40))),
    lambda rng, at, _: Truncate(at),
    lambda rng, at, longest: LongLine(
        at, rng.randrange(len(LONG_LINE_PIECES)), rng.choice((rng.randint(100, 20_000), rng.randint(1_000, longest)))
    ),
)


def random_unicode(rng: random.Random, length: int) -> str:
    """Characters from anywhere in Unicode (surrogates left out: a decoded text holds none), with
    the characters a table is made of (tabs, line breaks, digits) more likely."""
    characters = []
    for _ in range(length):
        pick = rng.random()
        if pick < 0.3:
            characters.append(rng.choice("\t\n0123456789.,-%"))
        else:
            code = rng.randrange(0x110000)
            characters.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd")
    return "".join(characters)
