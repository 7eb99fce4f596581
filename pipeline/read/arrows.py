"""Delta arrows in a PDF, whatever the producer drew them with.

Four encodings are seen: a Unicode arrow glyph, a letter in a symbol or
dingbat font, a small filled path, and a small raster image. Direction is
decided by shape; colour is only recorded (a profile colours arrows by
whether the change is good or bad news, so colour can contradict shape).
"""

from __future__ import annotations

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


def mask_direction(mask: list[list[bool]]) -> str | None:
    """Which way a filled shape points: towards the end where it narrows to a tip.

    A triangle pointing up is a pixel wide at its top and widest at its
    bottom; an arrow with a shaft is also narrowest at its tip, its shaft
    being wider than the tip. A square or a diagonal arrow reads as None.
    """
    rows = trim([sum(r) for r in mask])
    cols = trim([sum(c) for c in zip(*mask)] if mask else [])
    if len(rows) < 3 or len(cols) < 3:
        return None

    def ends(profile: list[int]) -> float:
        """Wide end minus narrow end, over the widest: + when the far end is narrower."""
        k = max(1, len(profile) // 8)
        near, far = sum(profile[:k]) / k, sum(profile[-k:]) / k
        return (near - far) / max(profile)

    vertical = -ends(rows)  # + when the top is the narrow end: pointing up
    horizontal = ends(cols)  # + when the right is the narrow end: pointing right
    if max(abs(vertical), abs(horizontal)) < 0.15:
        return None
    if abs(vertical) >= abs(horizontal):
        return "up" if vertical > 0 else "down"
    return "flat"


def trim(profile: list[int]) -> list[int]:
    """Drop the empty ends of a row or column profile."""
    start = next((i for i, v in enumerate(profile) if v), len(profile))
    end = len(profile) - next((i for i, v in enumerate(reversed(profile)) if v), 0)
    return profile[start:end]


def polygon_direction(points: list[tuple[float, float]]) -> str | None:
    """Direction of a filled path, rasterized onto a small grid (y grows downwards)."""
    if len(points) < 3:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return None
    mask = []
    for row in range(GRID):
        y = y0 + (row + 0.5) * (y1 - y0) / GRID
        mask.append([inside(points, x0 + (col + 0.5) * (x1 - x0) / GRID, y)
                     for col in range(GRID)])
    return mask_direction(mask)


def inside(points: list[tuple[float, float]], x: float, y: float) -> bool:
    """Even-odd point-in-polygon test."""
    hit = False
    n = len(points)
    for i in range(n):
        (xa, ya), (xb, yb) = points[i], points[(i + 1) % n]
        if (ya > y) != (yb > y) and x < xa + (y - ya) * (xb - xa) / (yb - ya):
            hit = not hit
    return hit


def image_direction(pixels: list[list[tuple[int, int, int]]]) -> tuple[str | None, str | None]:
    """Direction and colour of a small rendered image, from its inked pixels."""
    mask = [[min(p) < 200 or max(p) - min(p) > 60 for p in row] for row in pixels]
    inked = [p for row, mrow in zip(pixels, mask) for p, m in zip(row, mrow) if m]
    if not inked:
        return None, None
    mean = tuple(sum(p[i] for p in inked) / len(inked) / 255 for i in range(3))
    return mask_direction(mask), colour_name(mean)


def image_pixels(image: dict) -> list[list[tuple[int, int, int]]] | None:
    """Decode a small uncompressed-or-deflated RGB or grey image straight from its stream."""
    try:
        width, height = image["srcsize"]
        space = str(image.get("colorspace", [""])[0]).strip("/'")
        filters = [str(name).strip("/'") for name, _ in image["stream"].get_filters()]
        if image.get("bits") != 8 or not set(filters) <= {"FlateDecode"}:
            return None
        channels = {"DeviceRGB": 3, "DeviceGray": 1}.get(space)
        data = image["stream"].get_data()
    except Exception:  # any odd image: fall back to rendering it
        return None
    if channels is None or len(data) < width * height * channels:
        return None
    rows = []
    for row in range(int(height)):
        start = row * width * channels
        pixels = data[start:start + width * channels]
        rows.append([tuple(pixels[i:i + 3]) if channels == 3 else (pixels[i],) * 3
                     for i in range(0, len(pixels), channels)])
    return rows


def rendered_pixels(page, image: dict) -> list[list[tuple[int, int, int]]]:
    """Render the image's box of the page (any encoding, masks included) and read it back."""
    bbox = (image["x0"], image["top"], image["x1"], image["bottom"])
    rendered = page.crop(bbox, strict=False).to_image(resolution=144).original.convert("RGB")
    w, h = rendered.size
    raw = rendered.tobytes()
    return [[tuple(raw[i:i + 3]) for i in range(row * w * 3, (row + 1) * w * 3, 3)]
            for row in range(h)]
