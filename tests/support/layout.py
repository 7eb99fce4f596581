"""Options, page geometry and fonts shared by the fixture PDF writers.

Coordinates here are measured from the top of the page, as pdfplumber
reports `top`; the drawing code turns them into PDF's bottom-up y.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).with_name("fonts")
# Text is set in the standard Helvetica (never embedded: small files). The
# bundled DejaVu Sans draws what Helvetica lacks: the unicode arrows, and the
# whole narrative when it carries fi/fl ligature characters.
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
DEJAVU, DEJAVU_BOLD = "DejaVuSans", "DejaVuSans-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 42.5
RIGHT = PAGE_WIDTH - MARGIN
HEADER_TOP, FOOTER_TOP = 22.0, 818.0

# Score pages: x of each column of the indicator table (pdfplumber x0).
LABEL_X = MARGIN
SCORE_X = 262.0
ARROW_X = 290.0
DELTA_X = 302.0
BAR_X = 340.0
BAR_FULL = 200.0  # width of a bar for a score of 10
BAR_HEIGHT = 5.0
ROW_PITCH = 13.5
RANK_CHANGE_X = 300.0

# Narrative pages: text frame and type.
TEXT_TOP, TEXT_BOTTOM = 60.0, 782.0
GUTTER = 18.0
BODY_SIZE, BODY_LEADING = 8.5, 11.5

RED, GREEN, GREY = (0.8, 0.1, 0.1), (0.1, 0.6, 0.2), (0.5, 0.5, 0.5)
INK = (0.1, 0.1, 0.1)
BAR_COLOURS = {"criminality": (0.55, 0.12, 0.16), "resilience": (0.12, 0.35, 0.6)}

ARROW_ENCODINGS = ("unicode", "dingbat", "vector", "raster")


@dataclass(frozen=True)
class PdfOptions:
    """How to draw a fixture PDF; each option imitates one quirk of real files."""

    arrows: str = "unicode"
    columns: int = 2
    furniture: bool = True
    hyphenate: bool = False
    ligatures: bool = False
    fake_bold: bool = False
    arrow_colour_swap: bool = False

    def __post_init__(self) -> None:
        if self.arrows not in ARROW_ENCODINGS:
            raise ValueError(
                f"Unknown arrow encoding {self.arrows!r}; use one of {ARROW_ENCODINGS}")
        if self.columns not in (1, 2):
            raise ValueError(f"columns must be 1 or 2, not {self.columns!r}")


def resolved_arrow(entry: dict) -> str:
    """Return the arrow drawn beside a delta: the override, else its sign's."""
    if entry.get("arrow"):
        return entry["arrow"]
    delta = entry.get("delta")
    if delta is None or delta == "n/a" or float(delta) == 0:
        return "none"
    return "down" if delta.startswith("-") else "up"


def delta_shown(entry: dict, mark) -> str:
    """A delta as printed: "" for none (a first edition), "n/a" and unmarked deltas as
    they are, else `mark(arrow, magnitude)` with the magnitude unsigned."""
    delta = entry.get("delta")
    if delta is None:
        return ""
    arrow = resolved_arrow(entry)
    if arrow == "none":
        return delta
    return mark(arrow, delta.lstrip("-"))


def arrow_colour(dimension: str, arrow: str, swap: bool) -> tuple[float, float, float]:
    """Colour an arrow: more crime is red, more resilience is green."""
    if arrow == "flat":
        return GREY
    worse = (arrow == "up") == (dimension == "criminality")
    if swap:
        worse = not worse
    return RED if worse else GREEN


def register_fonts() -> None:
    """Register the bundled DejaVu fonts with reportlab (once)."""
    for name, file in ((DEJAVU, "DejaVuSans.ttf"), (DEJAVU_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / file)))


def text_width(text: str, font: str, size: float) -> float:
    """Return the width of a string in points."""
    return pdfmetrics.stringWidth(text, font, size)
