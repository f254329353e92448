"""What the reader sees on a page, in display space: x to the right, `top` downwards from the top edge,
for the page turned so that its text reads upright (a landscape table printed sideways on a portrait
page, or a page carrying /Rotate, comes out as a landscape page)."""

from dataclasses import dataclass


@dataclass(slots=True)
class Char:
    """A printed character and its font box; size, middle and center are kept, being read often."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    middle: float = 0.0
    center: float = 0.0
    space_before: bool = False  # the PDF puts a space character before this one

    def __post_init__(self) -> None:
        self.size = self.bottom - self.top
        self.middle = (self.top + self.bottom) / 2
        self.center = (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line: horizontal at `position` (a top) from `start` to `end` (x), or vertical at
    `position` (an x) from `start` to `end` (tops)."""

    horizontal: bool
    position: float
    start: float
    end: float


@dataclass(frozen=True)
class Orientation:
    """How page space (PDF units, y upwards) maps to display space: the quarter turn that makes the
    page's text read left to right, and the page's box."""

    quarter: int  # 0, 1, 2, 3: the text's angle in page space, in quarter turns as PDFium reports it
    left: float
    bottom: float
    width: float
    height: float

    @property
    def display_width(self) -> float:
        return self.height if self.quarter % 2 else self.width

    @property
    def display_height(self) -> float:
        return self.width if self.quarter % 2 else self.height

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) in display space of a page-space point."""
        x, y = x - self.left, y - self.bottom
        if self.quarter == 0:
            return x, self.height - y
        if self.quarter == 3:  # text runs up the page (drawn turned counter-clockwise)
            return y, x
        if self.quarter == 1:  # text runs down the page
            return self.height - y, self.width - x
        return self.width - x, y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) in display space of a page-space box."""
        if self.quarter == 0:  # most pages: a shift and a flip
            return (
                left - self.left,
                right - self.left,
                self.height - (top - self.bottom),
                self.height - (bottom - self.bottom),
            )
        ax, at = self.point(left, bottom)
        bx, bt = self.point(right, top)
        return min(ax, bx), max(ax, bx), min(at, bt), max(at, bt)
