"""Page models from pypdfium2: the text page's characters and the page objects, read in C.

The fast source. It gives what the pdfplumber source gives (the same words,
fonts, sizes, colours and, within half a point, boxes), built the way
pdfplumber builds them: a char's box runs from its origin by its advance,
its height is the font size from the font's descent below the baseline, and
words break at spaces, at gaps wider than 1.5 pt and where the font, size
or colour changes. What pdfium cannot give (the glyph code of a symbol
font pdfminer has no Unicode for, rotated text) sends that page to the
pdfplumber source; `PdfiumPages.fallback_pages` lists those pages.

    pages = pdf_to_pages(data)
    for page in pages: ...
    pages.fallback_pages  # page numbers the pdfplumber source read
"""

from __future__ import annotations

import ctypes
import re
import zlib
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..records import ReadError
from .model import Graphic, PageModel, Pixels, Token
from .source_words import chars_to_tokens

# Images bigger than this are photos or logos: their pixels are not read.
MAX_DECODED_IMAGE = 32.0
# pdfplumber's word tolerance: a wider gap between two glyphs starts a new word.
X_TOLERANCE = 1.5
# Fake bold draws a run twice this close (pdfplumber's dedupe tolerance).
TWIN_TOLERANCE = 1.0
# pdfium's advance for a glyph can differ a little from the PDF's widths
# (pdfminer's); the next glyph's origin within this distance is the true end.
ADVANCE_SLACK = 0.5

# Fonts whose codes pdfminer reads without Unicode: their pages go to
# pdfplumber, except the ZapfDingbats codes below.
SYMBOL_FONTS = re.compile(r"^(Symbol|ZapfDingbats|Wingdings.*|Webdings|.*Dingbats.*)$", re.I)
# ZapfDingbats (the standard font, not embedded): the Unicode pdfium gives
# for each code pdfminer prints as "(cid:N)" with no width, arrows among them
# (measured by drawing every code; see tests/test_source_parity.py).
ZAPF_CID = dict(zip(
    "\u2768\u2769\u276a\u276b\u276c\u276d\u276e\u276f\u2770\u2771\u2772\u2773\u2774\u2775"
    "\u2464\u2469\u277e\u2780\u2789\u278c\u2791\u2792\u2793\u2794\u2192\u2194\u2195\u2798"
    "\u2799\u279a\u279b\u279c\u279d\u279e\u279f\u27a0\u27a2\u27a4\u27a5\u27a6\u27a7\u27ac"
    "\u27ad\u27ae\u27af\u27b2\u27b3\u27b4\u27b6\u27b7\u27bc\u27bd\u27be",
    (*range(0x80, 0x8e), 0xb0, 0xb5, 0xbe, 0xc0, 0xc9, 0xcc, *range(0xd1, 0xe1), 0xe2,
     *range(0xe4, 0xe8), *range(0xec, 0xf0), 0xf2, 0xf3, 0xf4, 0xf6, 0xf7, 0xfc, 0xfd, 0xfe),
    strict=True))
# Text pdfium gives for a glyph it could not map: private use, replacement, NUL.
UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd\x00]")

ENCRYPTED = "the PDF is encrypted; a password is needed"


class Fallback(Exception):
    """This page needs the pdfplumber source."""


class PdfiumPages:
    """The page models of a PDF, one at a time; an iterator like the pdfplumber source's.

    The document opens at the first `next()`, so a ReadError comes from
    iterating, as it does from the pdfplumber source's generator.
    """

    def __init__(self, data: bytes):
        self.data = data
        self.fallback_pages: list[int] = []  # pages the pdfplumber source read
        self._pages: Iterator[PageModel] | None = None

    def __iter__(self) -> PdfiumPages:
        return self

    def __next__(self) -> PageModel:
        if self._pages is None:
            self._pages = self._read()
        return next(self._pages)

    def _read(self) -> Iterator[PageModel]:
        doc = open_pdf(self.data)
        plumber = None
        try:
            n_pages = len(doc)
            if not n_pages:
                raise ReadError("document", "the PDF has no pages")
            fonts = FontNames(self.data)
            for number in range(1, n_pages + 1):
                try:
                    page = doc[number - 1]
                except Exception as exc:
                    raise ReadError(f"page {number}",
                                    f"cannot read the page ({type(exc).__name__}: {exc})") from None
                try:
                    model = page_to_model(page, number, fonts)
                except Fallback:
                    model = None
                except ReadError:
                    raise
                except Exception as exc:
                    raise ReadError(f"page {number}",
                                    f"cannot read the page ({type(exc).__name__}: {exc})") from None
                finally:
                    page.close()
                if model is None:
                    if plumber is None:
                        plumber = PlumberPages(self.data)
                    model = plumber.page(number)
                    self.fallback_pages.append(number)
                yield model
        finally:
            if plumber is not None:
                plumber.close()
            doc.close()


def pdf_to_pages(data: bytes) -> PdfiumPages:
    """Yield each page of the PDF as a page model; `.fallback_pages` says which pdfplumber read."""
    return PdfiumPages(data)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes with pdfium; ReadError if they cannot be."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD,
                                               pdfium_c.FPDF_ERR_SECURITY):
            raise ReadError("document", ENCRYPTED) from None
        raise ReadError("document", f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:
        raise ReadError("document", f"not a readable PDF ({type(exc).__name__}: {exc})") from None


class PlumberPages:
    """The pdfplumber source on the same bytes, opened on the first page that needs it."""

    def __init__(self, data: bytes):
        from . import source_pdfplumber

        self.source = source_pdfplumber
        self.pdf = source_pdfplumber.open_pdf(data)

    def page(self, number: int) -> PageModel:
        page = self.pdf.pages[number - 1]
        try:
            return self.source.page_to_model(page, number)
        finally:
            page.close()

    def close(self) -> None:
        self.pdf.close()


class FontNames:
    """Font names as the PDF spells them: pdfium drops a subset's "AAAAAA+" prefix."""

    SUBSET = re.compile(rb"/BaseFont\s*/([A-Z]{6})\+([^\s/<>\[\]()%{}]+)")
    OBJSTM = re.compile(rb"/Type\s*/ObjStm.*?stream\r?\n", re.S)

    def __init__(self, data: bytes):
        self.data = data
        self._prefixes: dict[str, set[str]] | None = None

    def prefixes(self) -> dict[str, set[str]]:
        if self._prefixes is None:
            found: dict[str, set[str]] = {}
            for chunk in self.chunks():
                for prefix, name in self.SUBSET.findall(chunk):
                    found.setdefault(unescape_name(name), set()).add(prefix.decode("latin-1"))
            self._prefixes = found
        return self._prefixes

    def chunks(self) -> Iterator[bytes]:
        yield self.data
        # Object streams (PDF 1.5) hide their dictionaries in a deflated stream.
        for match in self.OBJSTM.finditer(self.data):
            end = self.data.find(b"endstream", match.end())
            try:
                yield zlib.decompress(self.data[match.end():end])
            except zlib.error:
                continue

    def full_name(self, base: str, embedded: bool) -> str:
        """The name pdfplumber reports; Fallback when two subsets share the base name."""
        if not embedded:
            return base
        prefixes = self.prefixes().get(base)
        if not prefixes:
            return base
        if len(prefixes) > 1:
            raise Fallback(f"subsets {sorted(prefixes)} of {base}")
        return f"{next(iter(prefixes))}+{base}"


def unescape_name(name: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                  name).decode("latin-1")


# --- text -------------------------------------------------------------------------


def page_to_model(page: pdfium.PdfPage, number: int, fonts: FontNames) -> PageModel:
    """One page's words (fake bold undone) and drawn objects; Fallback when pdfium cannot."""
    width, height = page.get_size()
    model = PageModel(number=number, width=float(width), height=float(height))
    textpage = page.get_textpage()
    try:
        chars = page_chars(textpage, float(height), fonts)
    finally:
        textpage.close()
    model.tokens = chars_to_tokens(chars, X_TOLERANCE)
    model.n_chars = sum(len(t.text) for t in model.tokens)
    model.graphics = page_graphics(page, float(height))
    return model


class Run:
    """One text object: a show-text operation's glyphs, in one font, size and colour."""

    __slots__ = ("key", "metrics", "top", "bottom", "zapf", "chars")

    def __init__(self, key: tuple, metrics: tuple, top: float, bottom: float, zapf: bool):
        self.key = key  # (font, size, colour)
        self.metrics = metrics  # (font handle, size, horizontal scale): what an advance depends on
        self.top, self.bottom = top, bottom
        self.zapf = zapf  # ZapfDingbats codes pdfminer prints as "(cid:N)"
        self.chars: list[list] = []  # [text, x0, x1] per glyph


def page_chars(textpage, height: float, fonts: FontNames) -> list[tuple]:
    """The page's glyphs in content order as (text, x0, x1, top, bottom, key), twins dropped."""
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != n:  # a glyph outside the BMP, or one pdfium left out: ask char by char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, i)) for i in range(n))
    # pdfium marks a hyphen that ends a line as U+FFFE; the PDF drew a hyphen.
    text = text.replace("\ufffe", "-")
    if UNMAPPED.search(text):
        raise Fallback("a glyph pdfium has no Unicode for")
    calls = fast_calls()
    get_origin, get_box = calls["origin"], calls["box"]
    get_object, is_generated = calls["object"], calls["generated"]
    tp_address = ctypes.cast(tp, ctypes.c_void_p).value
    x, y = ctypes.c_double(), ctypes.c_double()
    x_at, y_at = ctypes.addressof(x), ctypes.addressof(y)
    rect = pdfium_c.FS_RECTF()
    rect_at = ctypes.addressof(rect)
    runs: list[Run] = []
    by_object: dict[int, Run] = {}
    # A glyph's advance, per font and size: the loose box's right edge less
    # the origin, asked once per glyph (the box's left edge takes in a
    # glyph's overhang, so the origin starts the box).
    advances: dict[tuple, dict[str, float]] = {}
    run = None
    last_object = None
    glyph_advance: dict[str, float] = {}
    previous_x = None
    for i, ch in enumerate(text):
        if ch.isspace() and is_generated(tp_address, i):
            continue  # pdfium's own space or line break between objects
        address = get_object(tp_address, i)
        if address != last_object:
            last_object = address
            run = by_object.get(address)
            if run is None:
                obj = ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT)
                run = by_object[address] = object_run(tp, i, obj, height, fonts)
            runs.append(run)  # a run seen before (never in practice) is resumed
            glyph_advance = advances.setdefault(run.metrics, {})
            previous_x = None
        get_origin(tp_address, i, x_at, y_at)
        x0 = x.value
        if x0 == previous_x:
            # A ligature pdfium spells out: every letter has the ligature's
            # origin and box, which is no letter's own advance.
            get_box(tp_address, i, rect_at)
            run.chars[-1][2] = rect.right
            run.chars.append([ch, x0, rect.right])
            continue
        previous_x = x0
        advance = glyph_advance.get(ch)
        if advance is None:
            get_box(tp_address, i, rect_at)
            advance = rect.right - x0
            if i + 1 < n and not text[i + 1].isspace():
                get_origin(tp_address, i + 1, x_at, y_at)
                if x.value == x0:  # the first letter of a spelt-out ligature
                    run.chars.append([ch, x0, rect.right])
                    continue
            glyph_advance[ch] = advance
        run.chars.append([ch, x0, x0 + advance])
    runs = drop_twins(runs)
    out: list[tuple] = []
    for run in runs:
        chars = run.chars
        # A glyph ends where the next one starts when pdfium's advance is a
        # hair off the PDF's; kerning or spacing wider than that is a real gap.
        for a, b in zip(chars, chars[1:]):
            if abs(b[1] - a[2]) <= ADVANCE_SLACK and b[1] > a[1]:
                a[2] = b[1]
        top, bottom, key = run.top, run.bottom, run.key
        if run.zapf:
            out.extend((zapf_text(c[0]), c[1], c[1], top, bottom, key) for c in chars)
        else:
            out.extend((c[0], c[1], c[2], top, bottom, key) for c in chars)
    return out


_FAST: dict[str, object] = {}


def fast_calls() -> dict[str, object]:
    """The per-glyph text page calls with plain integer arguments and results.

    pypdfium2's bindings build a pointer object for every returned text
    object and check every argument's type; at several thousand glyphs a
    page that is most of the time spent.
    """
    if not _FAST:
        def proto(function, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(
                ctypes.cast(function, ctypes.c_void_p).value)

        ptr, i = ctypes.c_void_p, ctypes.c_int
        _FAST.update(
            origin=proto(pdfium_c.FPDFText_GetCharOrigin, i, ptr, i, ptr, ptr),
            box=proto(pdfium_c.FPDFText_GetLooseCharBox, i, ptr, i, ptr),
            object=proto(pdfium_c.FPDFText_GetTextObject, ctypes.c_size_t, ptr, i),
            generated=proto(pdfium_c.FPDFText_IsGenerated, i, ptr, i))
    return _FAST


def object_run(tp, index: int, obj, height: float, fonts: FontNames) -> Run:
    """Font, size, colour and vertical extent of the text object holding char `index`."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
    if abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6 or matrix.a <= 0 or matrix.d <= 0:
        raise Fallback("rotated or mirrored text")
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    buffer = ctypes.create_string_buffer(256)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
    base = buffer.value.decode("utf-8", "replace")
    embedded = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
    name = fonts.full_name(base, embedded)
    zapf = False
    if SYMBOL_FONTS.match(base):
        if base != "ZapfDingbats" or embedded:
            raise Fallback(f"symbol font {base}")
        zapf = True
    size = float(pdfium_c.FPDFText_GetFontSize(tp, index))
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(tp, index, origin_x, origin_y)
    # pdfminer's char: `size` tall, standing on the font's descent below the baseline.
    bottom = height - (origin_y.value + descent(font, name) * size)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)
    colour = (decimal_255(r.value), decimal_255(g.value), decimal_255(b.value))
    metrics = (ctypes.cast(font, ctypes.c_void_p).value, size, matrix.a)
    return Run((name, size, colour), metrics, bottom - size, bottom, zapf)


_AFM_DESCENT: dict[str, float] | None = None


def descent(font, name: str) -> float:
    """The font's descent per point of size, as pdfminer takes it (negative)."""
    global _AFM_DESCENT
    if _AFM_DESCENT is None:
        from pdfminer.fontmetrics import FONT_METRICS

        _AFM_DESCENT = {k: float(v[0].get("Descent", 0) or 0) / 1000
                        for k, v in FONT_METRICS.items()}
    if name in _AFM_DESCENT:  # the standard fonts: pdfminer's own metrics
        return _AFM_DESCENT[name]
    value = ctypes.c_float()
    if not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), value):
        return 0.0
    return -abs(value.value) / 1000


def zapf_text(ch: str) -> str:
    code = ZAPF_CID.get(ch)
    if code is None:
        raise Fallback(f"ZapfDingbats glyph {ch!r}")
    return f"(cid:{code})"


def drop_twins(runs: list[Run]) -> list[Run]:
    """Drop runs drawn again within the tolerance of an earlier one, as fake bold does.

    Twins are found by their text, font and size first (one dict look-up a
    run); only a page with a repeated run compares positions.
    """
    seen: dict[tuple, list[Run]] = {}
    twins: set[int] = set()
    for run in runs:
        if not run.chars:
            continue
        key = ("".join(c[0] for c in run.chars), run.key[0], round(run.key[1], 1))
        earlier = seen.setdefault(key, [])
        x, top = run.chars[0][1], run.top
        if any(abs(e.chars[0][1] - x) <= TWIN_TOLERANCE and abs(e.top - top) <= TWIN_TOLERANCE
               for e in earlier):
            twins.add(id(run))
        else:
            earlier.append(run)
    if not twins:
        return runs
    return [run for run in runs if id(run) not in twins]


def decimal_255(value: int) -> float:
    """A colour byte as the shortest decimal fraction that rounds to it (26 -> 0.1)."""
    for digits in (1, 2, 3):
        guess = round(value / 255, digits)
        if round(guess * 255) == value or abs(guess * 255 - value) <= 0.5:
            return guess
    return value / 255


# --- graphics ---------------------------------------------------------------------


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
