"""Arrow marks in the ways designers draw them: glyphs, symbol fonts, paths, images."""

from __future__ import annotations

import io
import math
import random
from functools import cache

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader

from tests.support.fuzz.pen import Pen
from tests.support.layout import DEJAVU, GREEN, GREY, RED, arrow_colour

GLYPHS = {
    ("unicode-arrows", "diagonal"): (DEJAVU, {"up": "\u2197", "down": "\u2198", "flat": "\u2192"}, 1.0),
    ("unicode-triangles", "solid"): (DEJAVU, {"up": "\u25b2", "down": "\u25bc", "flat": "\u25ba"}, 0.75),
    ("dingbats", "arrows"): ("ZapfDingbats", {"up": "\u279a", "down": "\u2798", "flat": "\u2799"}, 0.8),
    ("dingbats", "triangles"): ("ZapfDingbats", {"up": "\u25b2", "down": "\u25bc", "flat": "\u27a4"}, 0.7),
    # Symbol's arrowup / arrowdown / arrowright: bytes 0xAD / 0xAF / 0xAE.
    ("symbol", "vertical"): ("Symbol", {"up": "\u2191", "down": "\u2193", "flat": "\u2192"}, 1.0),
}
ANGLES = {"up": 90.0, "down": -90.0, "flat": 0.0}
# A right-pointing shafted arrow in a unit box centred on the origin.
SHAFT = ((-0.5, -0.12), (0.1, -0.12), (0.1, -0.38), (0.5, 0.0), (0.1, 0.38), (0.1, 0.12),
         (-0.5, 0.12))
TRIANGLE = {"equilateral": ((-0.45, -0.5), (0.45, 0.0), (-0.45, 0.5)),
            "narrow": ((-0.5, -0.32), (0.5, 0.0), (-0.5, 0.32))}
CHEVRON = (((-0.25, -0.45), (0.25, 0.0), (-0.25, 0.45)),)
OPEN_ARROW = (((-0.5, 0.0), (0.45, 0.0)), ((0.1, -0.35), (0.45, 0.0), (0.1, 0.35)))


def mark_angle(style: str, arrow: str) -> float:
    """Direction a drawn mark points, in degrees (diagonal styles lean 45 degrees)."""
    if style in ("diagonal", "shaft") and arrow != "flat":
        return 45.0 if arrow == "up" else -45.0
    return ANGLES[arrow]


def turned(points, angle: float, cx: float, cy: float, side: float):
    a = math.radians(angle)
    cos, sin = math.cos(a), math.sin(a)
    return [(cx + side * (x * cos - y * sin), cy + side * (x * sin + y * cos)) for x, y in points]


@cache
def arrow_png(style: str, arrow: str, colour: tuple, pixels: int) -> bytes:
    """A small RGB image of an arrow on white, drawn large and scaled down (anti-aliased)."""
    big = pixels * 4
    image = Image.new("RGB", (big, big), "white")
    shape = SHAFT if style == "shaft" else TRIANGLE["equilateral"]
    angle = mark_angle(style, arrow)
    points = [(x, big - y) for x, y in turned(shape, angle, big / 2, big / 2, big * 0.9)]
    ImageDraw.Draw(image).polygon(points, fill=tuple(round(255 * c) for c in colour))
    buffer = io.BytesIO()
    image.resize((pixels, pixels), Image.LANCZOS).save(buffer, format="PNG")
    return buffer.getvalue()


class Marks:
    """Draw the change marks of one layout, coloured as it says."""

    def __init__(self, pen: Pen):
        self.pen = pen
        self.layout = pen.layout
        self.rng = random.Random(self.layout.seed * 31 + 5)

    def colour(self, dimension: str, arrow: str) -> tuple:
        scheme = self.layout.colours
        if scheme == "mono":
            return GREY if arrow == "flat" else (0.2, 0.2, 0.2)
        if scheme == "random":
            return self.rng.choice((RED, GREEN, GREY))
        return arrow_colour(dimension, arrow, scheme == "swapped")

    def width(self, size: float) -> float:
        return 0.0 if self.layout.arrows == "signed" else size * 0.95

    def draw(self, dimension: str, arrow: str, x: float, top: float, size: float) -> float:
        """Draw the mark whose left edge is x on the text baseline `top`; return its width."""
        layout, pen = self.layout, self.pen
        if arrow == "none" or layout.arrows == "signed":
            return 0.0
        colour = self.colour(dimension, arrow)
        c = pen.canvas
        key = (layout.arrows, layout.mark_style)
        if key in GLYPHS:
            font, glyphs, scale = GLYPHS[key]
            return pen.text(x, top, glyphs[arrow], size * scale, font=font, colour=colour)
        side = size * 0.8
        cx, cy = x + side / 2, pen.height - top + size * 0.33
        angle = mark_angle(layout.mark_style, arrow)
        c.saveState()
        c.setFillColorRGB(*colour)
        c.setStrokeColorRGB(*colour)
        if layout.arrows == "raster":
            pixels = 16 if layout.mark_style == "shaft" else 12
            reader = ImageReader(io.BytesIO(arrow_png(layout.mark_style, arrow, colour, pixels)))
            c.drawImage(reader, x, cy - side / 2, width=side, height=side)
        elif layout.arrows == "stroked":
            c.setLineWidth(max(0.7, size * 0.09))
            c.setLineCap(1)
            c.setLineJoin(1)
            strokes = CHEVRON if layout.mark_style == "chevron" else OPEN_ARROW
            for stroke in strokes:
                path = c.beginPath()
                points = turned(stroke, angle, cx, cy, side)
                path.moveTo(*points[0])
                for point in points[1:]:
                    path.lineTo(*point)
                c.drawPath(path, stroke=1, fill=0)
        else:
            shape = SHAFT if layout.arrows == "vector-shaft" else TRIANGLE[layout.mark_style]
            path = c.beginPath()
            points = turned(shape, angle, cx, cy, side)
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
        c.restoreState()
        return side
