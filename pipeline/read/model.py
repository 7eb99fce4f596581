"""The page model: what a PDF page holds, whichever library read it.

A source adapter (`source_pdfplumber`, `source_pdfium`) turns each page
into positioned tokens (words, each in one font, size and colour) and
graphics (paths with their points, rects, images with their pixels).
Everything after it (arrows, layout, the document) reads only this model,
never a PDF library's objects. Coordinates are PDF points from the page's
top-left corner, y growing downwards, as pdfplumber reports `top`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Finding

Point = tuple[float, float]
Colour = tuple[float, ...]  # as the PDF gives it: grey (1), RGB (3) or CMYK (4), each 0..1
Pixels = tuple[tuple[tuple[int, int, int], ...], ...]  # RGB rows, top row first


@dataclass(frozen=True, slots=True)
class Token:
    """A word: a run of characters in one font, size and colour, with no gap inside."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    font: str = ""
    size: float = 0.0
    colour: Colour | None = None
    upright: bool = True  # False for rotated text (a running head up a side margin)


@dataclass(frozen=True, slots=True)
class Graphic:
    """A drawn object: a path (its subpaths as point lists), a rect, or an image."""

    kind: str  # "path" | "rect" | "image"
    x0: float
    top: float
    x1: float
    bottom: float
    subpaths: tuple[tuple[Point, ...], ...] = ()
    fill: bool = False
    stroke: bool = False
    fill_colour: Colour | None = None
    stroke_colour: Colour | None = None
    line_width: float = 0.0
    closed: bool = False  # the path closes on itself (`h`), so its stroke outlines an area
    pixels: Pixels | None = None  # images the size of an arrow only

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PageModel:
    number: int
    width: float
    height: float
    tokens: list[Token] = field(default_factory=list)
    graphics: list[Graphic] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what the source noticed
    n_chars: int = 0
