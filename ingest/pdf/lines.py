"""Characters → text lines (by their vertical middle) → runs (split at wide gaps) → text, spaces read
back from the gaps between characters."""

from dataclasses import dataclass

from ingest.pdf.geometry import Char

SPACE_GAP = 0.15  # a gap this wide (in font heights) between two characters is a space
RUN_GAP = 1.2  # … this wide separates runs: columns, or a contents entry and its page number


@dataclass(slots=True)
class Line:
    chars: list[Char]  # left to right
    top: float = 0.0
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0

    def __post_init__(self) -> None:
        self.top = min(char.top for char in self.chars)
        self.bottom = max(char.bottom for char in self.chars)
        self.x0, self.x1 = self.chars[0].x0, self.chars[-1].x1
        self.size = max(char.size for char in self.chars)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return text_of(self.chars)


def group_lines(chars: list[Char]) -> list[Line]:
    """Characters whose vertical middles lie within half a height of each other share a line; lines
    top to bottom, characters left to right."""
    lines: list[list[Char]] = []
    middle = size = 0.0
    for char in sorted(chars, key=lambda c: c.middle):
        if lines and abs(char.middle - middle) <= 0.5 * min(size, char.size) + 0.5:
            lines[-1].append(char)
        else:
            lines.append([char])
            middle, size = char.middle, char.size
    return [Line(sorted(line, key=lambda c: c.x0)) for line in lines]


def split_runs(chars: list[Char], gap: float = RUN_GAP) -> list[list[Char]]:
    """A line's characters cut where the gap is wider than `gap` font heights."""
    runs: list[list[Char]] = []
    for char in chars:
        if runs and char.x0 - runs[-1][-1].x1 <= gap * max(char.size, runs[-1][-1].size):
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def text_of(chars: list[Char]) -> str:
    parts = []
    previous = None
    for char in chars:
        if previous is not None and (
            char.space_before or char.x0 - previous.x1 > SPACE_GAP * max(char.size, previous.size)
        ):
            parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts)


def join_wrapped(parts: list[str]) -> str:
    """Lines of one cell or paragraph joined: a wrap inside CJK text or a number adds no space; between
    two Latin words it does."""
    text = ""
    for part in parts:
        part = part.strip()
        if text and part and text[-1].isascii() and text[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            text += " "
        text += part
    return text
