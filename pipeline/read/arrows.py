"""Delta arrows in a PDF, whatever the producer drew them with.

Four encodings are seen: a Unicode arrow glyph, a letter in a symbol or
dingbat font, a small filled path, and a small raster image. Direction is
decided by shape; colour is only recorded (a profile colours arrows by
whether the change is good or bad news, so colour can contradict shape).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import cache

import regex

from ..catalogue.data import ARROW_GLYPHS, DINGBAT_ARROWS

# An arrow is small: bigger filled shapes are bars, logos or boxes.
MAX_ARROW_SIZE = 24.0
MIN_ARROW_SIZE = 2.0
GRID = 16

CID_RE = regex.compile(r"\(cid:(\d+)\)")


@cache
def font_family(fontname: str) -> str:
    """Fold "ABCDEF+Wingdings-Regular" to "wingdings"."""
    name = fontname.split("+", 1)[-1].lower()
    name = regex.sub(r"[-,](regular|bold|italic|oblique|normal|roman)$", "", name)
    return regex.sub(r"[^a-z0-9]", "", name)


def dingbat_direction(fontname: str, text: str) -> str | None:
    """Direction of a glyph in a symbol font, by font and code; None if not an arrow."""
    codes = DINGBAT_ARROWS.get(font_family(fontname))
    if codes is None:
        return None
    m = CID_RE.fullmatch(text)
    if m:
        code = int(m.group(1))
    elif len(text) == 1:
        code = ord(text)
        # Symbol fonts often map their glyphs into the private use area.
        code = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    else:
        return None
    return codes.get(code)


def is_symbol_font(fontname: str) -> bool:
    return font_family(fontname) in DINGBAT_ARROWS


def glyph_direction(text: str) -> str | None:
    return ARROW_GLYPHS.get(text) if len(text) == 1 else None


def colour_name(colour) -> str | None:
    """Name a PDF fill colour (grey, RGB or CMYK tuple) as red, green or grey."""
    if colour is None:
        return None
    if isinstance(colour, (int, float)):
        colour = (colour,)
    values = [float(v) for v in colour if isinstance(v, (int, float))]
    if len(values) == 1:
        return "grey"
    if len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    if len(values) != 3:
        return None
    r, g, b = values
    if r - max(g, b) > 0.25:
        return "red"
    if g - max(r, b) > 0.15:
        return "green"
    if max(values) - min(values) < 0.12:
        return "grey"
    return None


# Axes an arrow can lie on, as unit vectors in page coordinates (y grows
# downwards): up, right, up-right, down-right.
AXES = ((0.0, -1.0), (1.0, 0.0), (0.7071, -0.7071), (0.7071, 0.7071))
BINS = 12
ELONGATED = 1.5  # a shape this many times longer than wide lies along its length


def mask_direction(mask: list[list[bool]]) -> str | None:
    """Which way an inked shape points: to the end where it narrows into a tip.

    Along each axis the shape's width is profiled from end to end. A tip
    widens as one moves in from it (a triangle's apex, an arrowhead, a
    chevron's point); a shaft's end keeps its width and a triangle's base
    narrows. So the tip is the end that widens most going inwards, whether
    the arrow is a filled triangle, a shafted arrow, a stroked line arrow or
    a chevron. A long shape is judged along its length only (a diagonal
    arrow); a compact one along whichever axis tells its ends apart best.
    A square or a blob points nowhere (None).
    """
    points = [(c + 0.5, r + 0.5) for r, row in enumerate(mask) for c, v in enumerate(row) if v]
    if len(points) < 4:
        return None
    best, best_strength = None, 0.15
    for axis, weight in axis_weights(points):
        strength = tip_strength(points, axis) * weight
        if abs(strength) > best_strength + 1e-9:
            best, best_strength = (axis, 1 if strength > 0 else -1), abs(strength)
    if best is None:
        return None
    (ux, uy), sign = best
    dx, dy = ux * sign, uy * sign
    if dy < -0.38:
        return "up"
    if dy > 0.38:
        return "down"
    return "flat" if dx > 0 else None


def axis_weights(points) -> list[tuple[tuple[float, float], float]]:
    """The axes to judge a shape along, each with how much its verdict counts.

    A long shape is judged along its length (a diagonal arrow) or across it
    (a wide triangle, a chevron); a compact one along the page's axes only:
    its diagonals run into corners that only look like tips.
    """
    if elongation(points) >= ELONGATED:
        length = elongation_axis(points)
        across = min(AXES, key=lambda a: abs(a[0] * length[0] + a[1] * length[1]))
        return [(length, 1.0), (across, 0.9)]
    return [(a, 1.0) for a in AXES if a[0] == 0 or a[1] == 0]


def covariance(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points) / n
    syy = sum((p[1] - my) ** 2 for p in points) / n
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points) / n
    return sxx, syy, sxy


def elongation(points: list[tuple[float, float]]) -> float:
    """How many times longer than wide the shape is (from its second moments)."""
    sxx, syy, sxy = covariance(points)
    half, root = (sxx + syy) / 2, (((sxx - syy) / 2) ** 2 + sxy ** 2) ** 0.5
    small = half - root
    return ((half + root) / small) ** 0.5 if small > 1e-9 else float("inf")


def elongation_axis(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The one of AXES nearest the shape's length."""
    sxx, syy, sxy = covariance(points)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    ux, uy = math.cos(angle), math.sin(angle)
    return max(AXES, key=lambda a: abs(a[0] * ux + a[1] * uy))


def tip_strength(points: list[tuple[float, float]], axis: tuple[float, float]) -> float:
    """How much more the shape's far end (along axis) widens inwards than its near end.

    Positive: the tip is at the far end; negative: at the near end. In units
    of the shape's widest width.
    """
    ux, uy = axis
    along = [x * ux + y * uy for x, y in points]
    across = [-x * uy + y * ux for x, y in points]
    lo, hi = min(along), max(along)
    if hi - lo < 2:
        return 0.0
    low: list[float | None] = [None] * BINS
    high: list[float | None] = [None] * BINS
    for t, s in zip(along, across):
        i = min(BINS - 1, int((t - lo) / (hi - lo) * BINS))
        low[i] = s if low[i] is None or s < low[i] else low[i]
        high[i] = s if high[i] is None or s > high[i] else high[i]
    # A shape fewer pixels long than the bins leaves some empty: they take
    # the width of the bin before.
    widths: list[float] = []
    for l, h in zip(low, high):
        widths.append((h - l + 1) if l is not None else (widths[-1] if widths else 0.0))
    widest = max(widths)
    inner = BINS // 4
    near = widths[inner] - widths[0]
    far = widths[BINS - 1 - inner] - widths[BINS - 1]
    return (far - near) / widest


def trim(profile: list[int]) -> list[int]:
    """Drop the empty ends of a row or column profile."""
    start = next((i for i, v in enumerate(profile) if v), len(profile))
    end = len(profile) - next((i for i, v in enumerate(reversed(profile)) if v), 0)
    return profile[start:end]


def polygon_direction(points: list[tuple[float, float]]) -> str | None:
    """Direction of a filled polygon (y grows downwards)."""
    return mask_direction(rasterize([(tuple(points), True, 0.0)]))


def rasterize(parts: list[tuple[tuple, bool, float]], grid: int = GRID * 2) -> list[list[bool]]:
    """Ink a grid over the parts' joint box: (points, filled, stroke width) each.

    Filled parts are filled even-odd; stroked ones are inked within half
    their stroke width (at least half a cell) of each segment. Cells are
    square, so the shape keeps its proportions.
    """
    xs = [p[0] for pts, _, _ in parts for p in pts]
    ys = [p[1] for pts, _, _ in parts for p in pts]
    if not xs:
        return []
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    pad = max((w for _, filled, w in parts if not filled), default=0.0) / 2
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    side = max(x1 - x0, y1 - y0)
    if side <= 0:
        return []
    cell = side / grid
    cols, rows = max(1, round((x1 - x0) / cell)), max(1, round((y1 - y0) / cell))
    mask = [[False] * cols for _ in range(rows)]
    for pts, filled, width in parts:
        reach = max(width / 2, cell * 0.6)
        for r in range(rows):
            y = y0 + (r + 0.5) * cell
            row = mask[r]
            if filled:
                # Even-odd along the row: a cell is inside when an odd number
                # of the outline's crossings of this row lie to its right.
                crossings = row_crossings(pts, y)
                if not crossings:
                    continue
                for c in range(cols):
                    if not row[c]:
                        right = len(crossings) - bisect_right(crossings, x0 + (c + 0.5) * cell)
                        row[c] = right % 2 == 1
                continue
            for c in range(cols):
                if not row[c]:
                    row[c] = near_polyline(pts, x0 + (c + 0.5) * cell, y, reach)
    return mask


def row_crossings(points, y: float) -> list[float]:
    """Where the closed outline's edges cross the line at height y, sorted by x."""
    xs = []
    n = len(points)
    for i in range(n):
        (xa, ya), (xb, yb) = points[i], points[(i + 1) % n]
        if (ya > y) != (yb > y):
            xs.append(xa + (y - ya) * (xb - xa) / (yb - ya))
    xs.sort()
    return xs


def near_polyline(points, x: float, y: float, reach: float) -> bool:
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        dx, dy = xb - xa, yb - ya
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - xa) * dx + (y - ya) * dy) / length))
        px, py = xa + t * dx - x, ya + t * dy - y
        if px * px + py * py <= reach * reach:
            return True
    return False


def image_direction(pixels: list[list[tuple[int, int, int]]]) -> tuple[str | None, str | None]:
    """Direction and colour of a small rendered image, from its inked pixels."""
    mask = [[min(p) < 200 or max(p) - min(p) > 60 for p in row] for row in pixels]
    inked = [p for row, mrow in zip(pixels, mask) for p, m in zip(row, mrow) if m]
    if not inked:
        return None, None
    mean = tuple(sum(p[i] for p in inked) / len(inked) / 255 for i in range(3))
    return mask_direction(mask), colour_name(mean)
