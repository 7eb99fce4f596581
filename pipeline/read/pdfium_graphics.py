"""Graphics from pdfium's page objects: paths (one per subpath, as pdfminer paints them),
rects and images, in top-down page points, for the pypdfium2 page-model source."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .model import Graphic, Pixels

# Images bigger than this are photos or logos: their pixels are not read.
MAX_DECODED_IMAGE = 32.0


def decimal_255(value: int) -> float:
    """A colour byte as the shortest decimal fraction that rounds to it (26 -> 0.1)."""
    for digits in (1, 2, 3):
        guess = round(value / 255, digits)
        if round(guess * 255) == value or abs(guess * 255 - value) <= 0.5:
            return guess
    return value / 255


def page_graphics(page: pdfium.PdfPage, height: float) -> list[Graphic]:
    """Paths (one graphic per subpath, as pdfminer paints them), rects and images."""
    graphics: list[Graphic] = []
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        collect(pdfium_c.FPDFPage_GetObject(raw, i), IDENTITY, height, graphics)
    return graphics


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def collect(obj, outer: tuple, height: float, graphics: list[Graphic]) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        graphics.extend(path_graphics(obj, outer, height))
    elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        graphics.append(image_graphic(obj, outer, height))
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        inner = compose(object_matrix(obj), outer)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            collect(pdfium_c.FPDFFormObj_GetObject(obj, i), inner, height, graphics)


def object_matrix(obj) -> tuple:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def compose(m: tuple, n: tuple) -> tuple:
    """m then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def path_graphics(obj, outer: tuple, height: float) -> list[Graphic]:
    """A path object's subpaths in top-down page points, each its own graphic."""
    a, b, c, d, e, f = compose(object_matrix(obj), outer)
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    fill_colour = object_colour(pdfium_c.FPDFPageObj_GetFillColor, obj)
    stroke_colour = object_colour(pdfium_c.FPDFPageObj_GetStrokeColor, obj)
    width = ctypes.c_float()
    pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[list, bool, bool]] = []  # (points, closed, all straight)
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(([point], False, True))
        else:
            points, closed, straight = subpaths[-1]
            points.append(point)
            subpaths[-1] = (points, closed, straight and kind == pdfium_c.FPDF_SEGMENT_LINETO)
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            points, _, straight = subpaths[-1]
            subpaths[-1] = (points, True, straight)
    out = []
    for points, closed, straight in subpaths:
        # pdfium closes a subpath with a line back to its start; pdfminer's `h` adds none.
        if closed and len(points) > 2 and same_point(points[-1], points[0]):
            points = points[:-1]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        rect = straight and is_rect(points, closed)
        out.append(Graphic(
            "rect" if rect else "path", min(xs), min(ys), max(xs), max(ys),
            (rect_corners(xs, ys) if rect else tuple(points),), fill_mode.value != 0,
            bool(stroke.value), fill_colour, stroke_colour, float(width.value),
            True if rect else closed))
    return out


def same_point(p: tuple, q: tuple) -> bool:
    return abs(p[0] - q[0]) < 1e-3 and abs(p[1] - q[1]) < 1e-3


def is_rect(points: list, closed: bool) -> bool:
    """pdfminer's rect: four corners, closed, sides along the axes."""
    if len(points) == 5 and same_point(points[4], points[0]):
        points = points[:4]
    elif len(points) != 4 or not closed:
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    eq = lambda u, v: abs(u - v) < 1e-3  # noqa: E731
    return (eq(x0, x1) and eq(y1, y2) and eq(x2, x3) and eq(y3, y0)) or \
        (eq(y0, y1) and eq(x1, x2) and eq(y2, y3) and eq(x3, x0))


def rect_corners(xs: list, ys: list) -> tuple:
    """A rect's corners in pdfplumber's order (bottom-left, bottom-right, top-right, top-left)."""
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    return ((x0, bottom), (x1, bottom), (x1, top), (x0, top))


def object_colour(getter, obj) -> tuple[float, ...] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return None
    return (decimal_255(r.value), decimal_255(g.value), decimal_255(b.value))


def image_graphic(obj, outer: tuple, height: float) -> Graphic:
    """An image's box; its pixels when it is the size of an arrow."""
    a, b, c, d, e, f = compose(object_matrix(obj), outer)
    xs = [e, a + e, c + e, a + c + e]
    ys = [height - f, height - (b + f), height - (d + f), height - (b + d + f)]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    small = max(x1 - x0, bottom - top) <= MAX_DECODED_IMAGE
    return Graphic("image", x0, top, x1, bottom, pixels=image_pixels(obj) if small else None)


def image_pixels(obj) -> Pixels | None:
    """The image's own pixels (decoded, any filter), as RGB rows."""
    bitmap = pdfium_c.FPDFImageObj_GetBitmap(obj)
    if not bitmap:
        return None
    try:
        fmt = pdfium_c.FPDFBitmap_GetFormat(bitmap)
        w, h = pdfium_c.FPDFBitmap_GetWidth(bitmap), pdfium_c.FPDFBitmap_GetHeight(bitmap)
        stride = pdfium_c.FPDFBitmap_GetStride(bitmap)
        channels = {pdfium_c.FPDFBitmap_Gray: 1, pdfium_c.FPDFBitmap_BGR: 3,
                    pdfium_c.FPDFBitmap_BGRx: 4, pdfium_c.FPDFBitmap_BGRA: 4}.get(fmt)
        if channels is None or w <= 0 or h <= 0:
            return None
        buffer = pdfium_c.FPDFBitmap_GetBuffer(bitmap)
        data = ctypes.string_at(buffer, stride * h)
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)
    rows = []
    for row in range(h):
        line = data[row * stride:row * stride + w * channels]
        if channels == 1:
            rows.append(tuple((v, v, v) for v in line))
        else:
            rows.append(tuple((line[i + 2], line[i + 1], line[i])
                              for i in range(0, len(line), channels)))
    return tuple(rows)
