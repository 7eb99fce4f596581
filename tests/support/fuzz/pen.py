"""Text on a reportlab canvas in a layout's type: fonts, condensing, top-down coordinates."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from tests.support.fuzz.design import Layout
from tests.support.layout import DEJAVU, DEJAVU_BOLD, register_fonts

INK = (0.1, 0.1, 0.1)
GREY = (0.45, 0.45, 0.45)
WHITE = (1.0, 1.0, 1.0)
FAMILIES = {
    # regular -> (bold, italic)
    "Helvetica": ("Helvetica-Bold", "Helvetica-Oblique"),
    "Times-Roman": ("Times-Bold", "Times-Italic"),
    "Courier": ("Courier-Bold", "Courier-Oblique"),
    DEJAVU: (DEJAVU_BOLD, "Helvetica-Oblique"),
}
MINUS = "\u2212"


class Pen:
    """Draw strings with their baseline measured from the page top, as pdfplumber's `top`."""

    def __init__(self, canvas: Canvas, layout: Layout):
        register_fonts()
        self.canvas = canvas
        self.layout = layout
        self.width, self.height = layout.size
        self.scale = layout.hscale / 100

    def face(self, bold: bool = False, italic: bool = False) -> str:
        bold_face, italic_face = FAMILIES[self.layout.font]
        return italic_face if italic else bold_face if bold else self.layout.font

    def char_space(self, text: str, size: float, bold: bool, font: str | None) -> float:
        """The letter-spacing the layout gives this text: bold capitals only (titles, labels)."""
        if font or not bold or not self.layout.tracking or text.upper() != text \
                or not any(c.isalpha() for c in text):
            return 0.0
        return self.layout.tracking * size

    def measure(self, text: str, size: float, bold: bool = False, italic: bool = False,
                font: str | None = None) -> float:
        face = font or self.face(bold, italic)
        scale = 1.0 if font else self.scale
        spacing = self.char_space(text, size, bold, font) * len(text)
        return (pdfmetrics.stringWidth(text, face, size) + spacing) * scale

    def text(self, x: float, top: float, text: str, size: float, *, bold: bool = False,
             italic: bool = False, colour=INK, align: str = "left", font: str | None = None,
             rise: float = 0.0) -> float:
        """Draw text; align "right" puts its right edge at x. Returns the width."""
        width = self.measure(text, size, bold, italic, font)
        if align == "right":
            x -= width
        elif align == "centre":
            x -= width / 2
        obj = self.canvas.beginText(x, self.height - top)
        obj.setFont(font or self.face(bold, italic), size)
        obj.setHorizScale(100 if font else self.layout.hscale)
        obj.setFillColorRGB(*colour)
        obj.setRise(rise)
        obj.setCharSpace(self.char_space(text, size, bold, font))
        obj.textOut(text)
        self.canvas.drawText(obj)
        return width

    def rotated(self, x: float, top: float, text: str, size: float, *, bold: bool = False,
                colour=INK) -> None:
        """Draw text reading bottom to top, its baseline a vertical line at x."""
        c = self.canvas
        c.saveState()
        c.translate(x, self.height - top)
        c.rotate(90)
        c.setFont(self.face(bold), size)
        c.setFillColorRGB(*colour)
        c.drawString(0, 0, text)
        c.restoreState()

    def rect(self, x: float, top: float, w: float, h: float, *, fill=None, stroke=None,
             line_width: float = 0.6) -> None:
        """Draw a rectangle given by its top-left corner."""
        c = self.canvas
        c.saveState()
        if fill:
            c.setFillColorRGB(*fill)
        if stroke:
            c.setStrokeColorRGB(*stroke)
            c.setLineWidth(line_width)
        c.rect(x, self.height - top - h, w, h, stroke=1 if stroke else 0, fill=1 if fill else 0)
        c.restoreState()

    def wrap(self, text: str, width: float, size: float, bold: bool = False,
             italic: bool = False) -> list[str]:
        """Break text into lines no wider than width (no hyphenation)."""
        lines, line = [], ""
        for word in text.split():
            joined = f"{line} {word}" if line else word
            if line and self.measure(joined, size, bold, italic) > width:
                lines.append(line)
                line = word
            else:
                line = joined
        return lines + ([line] if line else [])


def signed(delta: str) -> str:
    """Print a delta with its sign: "+0.50", "\u22120.50", "0.00"."""
    if delta.startswith("-"):
        return MINUS + delta[1:]
    return delta if float(delta) == 0 else "+" + delta
