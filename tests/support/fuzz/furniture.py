"""Running heads, folios and funding notices, and the frame they leave for content."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.fuzz.pen import GREY, WHITE, Pen
from tests.support.pdf_pages import CLOSING, FUNDING_EU, FUNDING_US

BAR_COLOURS = ((0.55, 0.12, 0.16), (0.12, 0.3, 0.5), (0.2, 0.2, 0.25))
EU_BLUE = (0.0, 0.2, 0.6)
SIDE_WORDS = ("GLOBAL", "ORGANIZED", "CRIME", "INDEX")


@dataclass(frozen=True)
class Frame:
    """The part of a page left for content, in top-down coordinates."""

    left: float
    right: float
    top: float
    bottom: float


def frame(pen: Pen) -> Frame:
    layout = pen.layout
    m, w, h = layout.margin, pen.width, pen.height
    left, right, top = m, w - m, m + 14
    if layout.running_head == "bar":
        top = 26 + 22
    elif layout.running_head == "side":
        # (A strip as wide as its widest word, letter-spaced or not, and a gutter.)
        left = m + max(58.0, max(pen.measure(word, 7, bold=True) for word in SIDE_WORDS) + 14)
    elif layout.running_head == "side-rotated":
        left = m + 22
    return Frame(left, right, top, h - m - 16)


def index_name(spec: dict) -> str:
    return f"GLOBAL ORGANIZED CRIME INDEX {spec['edition']}"


def draw_furniture(pen: Pen, spec: dict, page: int) -> None:
    """Draw the running head and the folio of one page."""
    layout, f = pen.layout, frame(pen)
    m, w, h = layout.margin, pen.width, pen.height
    country, name = spec["country"], index_name(spec)
    colour = BAR_COLOURS[layout.seed % len(BAR_COLOURS)]
    number = str(page) if layout.folio != "Page N" else f"Page {page}"
    if layout.running_head == "top":
        pen.text(m, m, name, 7, bold=True, colour=GREY)
        pen.text(w - m, m, country, 7, colour=GREY, align="right")
        pen.rect(m, m + 4, w - 2 * m, 0.5, fill=GREY)
    elif layout.running_head == "bar":
        pen.rect(0, 0, w, 26, fill=colour)
        pen.text(m, 16.5, f"{country}  |  {name}", 8, bold=True, colour=WHITE)
        if layout.folio == "bar":
            pen.text(w - m, 16.5, str(page), 9, bold=True, colour=WHITE, align="right")
    elif layout.running_head == "side":
        pen.rect(m, m, 50, 3, fill=colour)
        for i, word in enumerate((*SIDE_WORDS, str(spec["edition"]))):
            pen.text(m, m + 16 + 9 * i, word, 7, bold=True, colour=colour)
        for i, word in enumerate(pen.wrap(country, 50, 7)):
            pen.text(m, m + 70 + 9 * i, word, 7, colour=GREY)
    else:
        pen.rect(m, m, 12, h - 2 * m, fill=colour)
        pen.rotated(m + 8.5, h - m - 12, f"{name}   {country}", 7, bold=True, colour=WHITE)
    if layout.folio != "bar":
        where = w / 2 if layout.seed % 2 else f.right
        pen.text(where, h - m + 2, number, 7, colour=GREY,
                 align="centre" if layout.seed % 2 else "right")


def funding_height(pen: Pen) -> float:
    return 62.0 if pen.layout.funding else 0.0


def draw_funding(pen: Pen, page: int) -> None:
    """Draw the funding notices in the foot of a score page (different per page, as real ones)."""
    if not pen.layout.funding:
        return
    f = frame(pen)
    top = f.bottom - funding_height(pen) + 10
    if page == 1:
        for i, line in enumerate(pen.wrap(FUNDING_US, 120, 6.5)):
            pen.text(f.left, top + 8 * i, line, 6.5, colour=GREY)
        x = f.left + 140
        pen.rect(x, top - 8, 30, 20, fill=EU_BLUE)
        pen.text(x + 8, top + 6, "EU", 8, bold=True, colour=WHITE)
        pen.text(x + 36, top, "Funded by", 6.5, colour=GREY)
        pen.text(x + 36, top + 8, "the European Union", 6.5, colour=GREY)
        width = f.right - (x + 130)
        for i, line in enumerate(pen.wrap(FUNDING_EU, width, 6.5)):
            pen.text(x + 130, top + 8 * i, line, 6.5, colour=GREY)
        return
    pen.text(f.left, top, FUNDING_US, 6.5, colour=GREY)
    pen.text(f.left, top + 9, "Funded by the European Union", 6.5, colour=GREY)
    for i, line in enumerate(pen.wrap(FUNDING_EU, f.right - f.left, 6.5)):
        pen.text(f.left, top + 18 + 8 * i, line, 6.5, colour=GREY)


def closing_height(pen: Pen) -> float:
    f = frame(pen)
    return 10 + 8 * len(pen.wrap(CLOSING, f.right - f.left, 6.5)) if pen.layout.funding else 0


def draw_closing(pen: Pen) -> None:
    """The closing funding footnote at the foot of the last narrative page, under a rule."""
    if not pen.layout.funding:
        return
    f = frame(pen)
    lines = pen.wrap(CLOSING, f.right - f.left, 6.5)
    top = f.bottom - 8 * len(lines) + 4
    pen.rect(f.left, top - 11, 80, 0.5, fill=GREY)
    for i, line in enumerate(lines):
        pen.text(f.left, top + 8 * i, line, 6.5, italic=True, colour=GREY)
