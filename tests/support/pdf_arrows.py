"""Draw the up/down arrows beside deltas in the four ways real PDFs encode them.

What pdfplumber reports for each (checked on rendered fixtures):

- unicode: one char, text "↗" (U+2197), "↘" (U+2198) or "→" (U+2192),
  fontname "AAAAAA+DejaVuSans" (a subset prefix; the letters may differ).
- dingbat: one char in the standard ZapfDingbats font (not embedded),
  fontname "ZapfDingbats", text "(cid:218)" / "(cid:216)" / "(cid:217)":
  pdfminer has no Unicode for ZapfDingbats codes and prints the byte.
- vector: no char; one `page.curves` object, a filled closed triangle
  (3 points + close), fill=True, stroke=False, non_stroking_color = RGB.
- raster: no char; one `page.images` object, a 12 x 12 px RGB image.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from tests.support.layout import DEJAVU, PAGE_HEIGHT

UNICODE_ARROWS = {"up": "\u2197", "down": "\u2198", "flat": "\u2192"}

# ZapfDingbats byte -> the Unicode dingbat reportlab encodes to it. Rendered
# and looked at: 0xDA is a heavy north-east arrow, 0xD8 a heavy south-east
# arrow, 0xD9 a heavy rightwards arrow.
DINGBAT_ARROWS = {
    "up": (0xDA, "\u279a"),
    "down": (0xD8, "\u2798"),
    "flat": (0xD9, "\u2799"),
}

# Triangle corners in a unit square (x right, y up), apex in the arrow's direction.
TRIANGLES = {
    "up": ((0.0, 0.0), (1.0, 0.0), (0.5, 1.0)),
    "down": ((0.0, 1.0), (1.0, 1.0), (0.5, 0.0)),
    "flat": ((0.0, 0.0), (0.0, 1.0), (1.0, 0.5)),
}
RASTER_PIXELS = 12


@cache
def triangle_png(arrow: str, colour: tuple[float, float, float]) -> bytes:
    """Draw a filled triangle on white as a small PNG."""
    size = RASTER_PIXELS
    image = Image.new("RGB", (size, size), "white")
    fill = tuple(round(255 * c) for c in colour)
    # PNG rows run top to bottom: flip the unit-square y.
    points = [(x * (size - 1), (1 - y) * (size - 1)) for x, y in TRIANGLES[arrow]]
    ImageDraw.Draw(image).polygon(points, fill=fill)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def draw_arrow(canvas: Canvas, encoding: str, arrow: str, x: float, baseline_top: float,
               size: float, colour: tuple[float, float, float]) -> float:
    """Draw one arrow whose left edge is x on a text baseline; return its width."""
    if arrow == "none":
        return 0.0
    y = PAGE_HEIGHT - baseline_top
    canvas.saveState()
    canvas.setFillColorRGB(*colour)
    if encoding == "unicode":
        canvas.setFont(DEJAVU, size)
        canvas.drawString(x, y, UNICODE_ARROWS[arrow])
        width = canvas.stringWidth(UNICODE_ARROWS[arrow], DEJAVU, size)
    elif encoding == "dingbat":
        canvas.setFont("ZapfDingbats", size * 0.8)
        canvas.drawString(x, y, DINGBAT_ARROWS[arrow][1])
        width = canvas.stringWidth(DINGBAT_ARROWS[arrow][1], "ZapfDingbats", size * 0.8)
    elif encoding == "vector":
        side = size * 0.7
        path = canvas.beginPath()
        corners = [(x + cx * side, y + cy * side) for cx, cy in TRIANGLES[arrow]]
        path.moveTo(*corners[0])
        for corner in corners[1:]:
            path.lineTo(*corner)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
        width = side
    else:
        side = size * 0.75
        reader = ImageReader(io.BytesIO(triangle_png(arrow, colour)))
        canvas.drawImage(reader, x, y - 0.5, width=side, height=side)
        width = side
    canvas.restoreState()
    return width
