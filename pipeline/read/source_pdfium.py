"""Page models from pypdfium2: the text page's characters and the page objects, read in C.

The fast source. It gives what the pdfplumber source gives (the same words,
fonts, sizes, colours and, within half a point, boxes), built the way
pdfplumber builds them: a char's box runs from its origin by its advance,
its height is the font size from the font's descent below the baseline, and
words break at spaces, at gaps wider than 1.5 pt and where the font, size
or colour changes. What pdfium cannot give (the glyph code of a symbol
font pdfminer has no Unicode for, mirrored text, a Type 3 font) sends that
page to the pdfplumber source; `PdfiumPages.fallback_pages` lists those pages.

    pages = pdf_to_pages(data)
    for page in pages: ...
    pages.fallback_pages  # page numbers the pdfplumber source read
"""

from __future__ import annotations

import ctypes
import re
from itertools import accumulate
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..records import ReadError
from .model import PageModel, Token
from .pdfium_fonts import SYMBOL_FONTS, ZAPF_CID, FontNames, afm_widths, descent
from .pdfium_graphics import decimal_255, page_graphics
from .source_words import chars_to_tokens

# pdfplumber's word tolerance: a wider gap between two glyphs starts a new word.
X_TOLERANCE = 1.5
# Fake bold draws a run twice this close (pdfplumber's dedupe tolerance).
TWIN_TOLERANCE = 1.0
# pdfium's advance for a glyph can differ a little from the PDF's widths
# (pdfminer's); the next glyph's origin within this distance is the true end.
ADVANCE_SLACK = 0.5
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
            advances: dict[tuple, dict[str, float]] = {}  # for the whole document
            for number in range(1, n_pages + 1):
                try:
                    page = doc[number - 1]
                except Exception as exc:
                    raise ReadError(f"page {number}",
                                    f"cannot read the page ({type(exc).__name__}: {exc})") from None
                try:
                    model = page_to_model(page, number, fonts, advances)
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


# --- text -------------------------------------------------------------------------


def page_to_model(page: pdfium.PdfPage, number: int, fonts: FontNames,
                  advances: dict | None = None) -> PageModel:
    """One page's words (fake bold undone) and drawn objects; Fallback when pdfium cannot."""
    width, height = page.get_size()
    model = PageModel(number=number, width=float(width), height=float(height))
    textpage = page.get_textpage()
    try:
        chars, sideways = page_chars(textpage, float(height), fonts,
                                      {} if advances is None else advances)
    finally:
        textpage.close()
    model.tokens = chars_to_tokens(chars, X_TOLERANCE) + sideways
    model.n_chars = sum(len(t.text) for t in model.tokens)
    model.graphics = page_graphics(page, float(height))
    return model


class Run:
    """One text object: a show-text operation's glyphs, in one font, size and colour."""

    __slots__ = ("key", "metrics", "top", "bottom", "zapf", "chars", "text", "upright",
                 "widths", "em")

    def __init__(self, key: tuple, metrics: tuple, top: float, bottom: float, zapf: bool):
        self.key = key  # (font, size, colour)
        self.metrics = metrics  # (font name, size, horizontal scale): what an advance depends on
        self.top, self.bottom = top, bottom
        self.zapf = zapf  # ZapfDingbats codes pdfminer prints as "(cid:N)"
        self.chars: list[tuple] = []  # (text, x0, x1, top, bottom, key) per glyph
        self.text = ""  # the object's text, generated spaces and all
        self.upright = True  # False: turned on the page (a running head up a side margin)
        self.widths: dict[str, float] | None = None  # a standard font's widths per point
        self.em = 0.0  # the font size times the horizontal scale: what a width is multiplied by


def page_chars(textpage, height: float, fonts: FontNames, advances: dict
               ) -> tuple[list[tuple], list[Token]]:
    """The page's glyphs in content order as (text, x0, x1, top, bottom, key), twins dropped;
    and the words of text turned on the page, as tokens that are not upright.

    `advances` keeps each glyph's advance per font, size and horizontal scale
    (the loose box's right edge less the origin; the box's left edge takes in
    a glyph's overhang, so the origin starts the box), across the document.
    """
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return [], []
    text = textpage.get_text_range()
    if len(text) != n:  # a glyph outside the BMP, or one pdfium left out: ask char by char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, i)) for i in range(n))
    # pdfium marks a hyphen that ends a line as U+FFFE; the PDF drew a hyphen.
    text = text.replace("\ufffe", "-")
    if UNMAPPED.search(text):
        raise Fallback("a glyph pdfium has no Unicode for")
    calls = fast_calls()
    tp_address = ctypes.cast(tp, ctypes.c_void_p).value
    runs: list[Run] = []
    by_object: dict[int, Run] = {}
    font_facts: dict[int, tuple] = {}
    sideways: list[Token] = []
    for start, end, address in object_spans(calls["object"], tp_address, n):
        if not address:
            continue  # pdfium's own spaces and line breaks, of no object
        known = by_object.get(address)
        if known is None:
            obj = ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT)
            run = by_object[address] = object_run(tp, start, obj, height, fonts, font_facts)
        else:  # an object pdfium's order came back to: its further glyphs
            run = Run(known.key, known.metrics, known.top, known.bottom, known.zapf)
            run.upright = known.upright
        if not run.upright:
            sideways.extend(turned_words(run, start, end, text, tp, height))
            continue
        runs.append(run)
        glyph_advance = advances.setdefault(run.metrics, {})
        if run.widths is not None:
            standard_advances(run, text[start:end], glyph_advance)
        run.text = text[start:end]
        if run.zapf:
            glyphs_one_by_one(run, start, end, text, glyph_advance, calls, tp_address)
        elif not glyphs_as_set(run, start, end, text, glyph_advance, calls, tp_address):
            glyphs_by_piece(run, start, end, text, glyph_advance, calls, tp_address)
    out: list[tuple] = []
    for run in drop_twins(runs):
        out.extend(run.chars)
    return out, sideways


def turned_words(run: Run, start: int, end: int, text: str, tp, height: float) -> list[Token]:
    """The words of a turned text object, each boxed by its glyphs' boxes (a rare case: a
    call a glyph). pdfplumber reads such text glyph by glyph; the words here read whole."""
    font, size, colour = run.key
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    words = []
    for match in re.finditer(r"\S+", text[start:end]):
        boxes = []
        for i in range(start + match.start(), start + match.end()):
            pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
            boxes.append((left.value, height - top.value, right.value, height - bottom.value))
        words.append(Token(match.group(), min(b[0] for b in boxes), min(b[1] for b in boxes),
                           max(b[2] for b in boxes), max(b[3] for b in boxes),
                           font, size, colour, False))
    return words


# A run's text in pieces: one whitespace char, or a stretch of anything else.
PIECES = re.compile(r"\s|\S+")
# A run's glyphs are taken as set by their advances when its last glyph's
# origin is where the advances put it, this close (no kerning, no gap inside).
RUN_SLACK = 0.01
# A piece (a word) is, this close: only its first and last origins give its
# box, and pdfium's advances drift a little from the PDF's in some embedded
# fonts; a gap that splits a word (X_TOLERANCE) is wider.
PIECE_SLACK = 0.5


def glyphs_as_set(run: Run, start: int, end: int, text: str, glyph_advance: dict,
                  calls: dict, tp: int) -> bool:
    """Append the run's pieces to `run.chars` when all its glyphs stand at their advances.

    The last glyph's origin, where the advances from the first put it, shows
    the run has no kerning, word or letter spacing, generated space or
    spelt-out ligature: two calls a run. False (nothing appended) otherwise.
    """
    try:
        advances = list(map(glyph_advance.__getitem__, text[start:end]))
    except KeyError:
        return False
    x, y = ctypes.c_double(), ctypes.c_double()
    x_at, y_at = ctypes.addressof(x), ctypes.addressof(y)
    get_origin = calls["origin"]
    get_origin(tp, start, x_at, y_at)
    x0 = last_x0 = x.value
    if end - start > 1:
        get_origin(tp, end - 1, x_at, y_at)
        last_x0 = x.value
        if last_x0 == x0:
            return False
    at = list(accumulate(advances, initial=x0))
    if abs(at[-2] - last_x0) > RUN_SLACK:
        return False
    top, bottom, key = run.top, run.bottom, run.key
    run.chars.extend((match.group(), at[match.start() - start], at[match.end() - start],
                      top, bottom, key) for match in PIECES.finditer(text, start, end))
    return True


def glyphs_by_piece(run: Run, start: int, end: int, text: str, glyph_advance: dict,
                    calls: dict, tp: int) -> None:
    """Append the run's glyphs to `run.chars`, a word-like piece at a time where it can.

    A piece whose glyphs stand at their advances from the first (checked at
    the last glyph's origin) becomes one item spanning them all: two calls a
    piece, not one or two a glyph. Any other piece (kerned, spaced out, a
    spelt-out ligature, a glyph of unknown advance) goes glyph by glyph.
    """
    get_origin, is_generated = calls["origin"], calls["generated"]
    x, y = ctypes.c_double(), ctypes.c_double()
    x_at, y_at = ctypes.addressof(x), ctypes.addressof(y)
    top, bottom, key = run.top, run.bottom, run.key
    chars = run.chars
    snap = None  # the previous item's last glyph's x0, while the next origin may end it
    for match in PIECES.finditer(text, start, end):
        a, b = match.span()
        piece = match.group()
        if b - a == 1:
            if piece.isspace() and is_generated(tp, a):
                continue  # pdfium's own space or line break between objects
            advance = glyph_advance.get(piece)
            if advance is None:
                snap = glyphs_one_by_one(run, a, b, text, glyph_advance, calls, tp, snap)
                continue
            get_origin(tp, a, x_at, y_at)
            x0 = x.value
            if x0 == snap:  # the ligature case: see glyphs_one_by_one
                snap = glyphs_one_by_one(run, a, b, text, glyph_advance, calls, tp, snap)
                continue
            if snap is not None:
                snap_end(chars, snap, x0)
            chars.append((piece, x0, x0 + advance, top, bottom, key))
            snap = x0
            continue
        try:
            advances = list(map(glyph_advance.__getitem__, piece))
        except KeyError:
            snap = glyphs_one_by_one(run, a, b, text, glyph_advance, calls, tp, snap)
            continue
        get_origin(tp, a, x_at, y_at)
        x0 = x.value
        get_origin(tp, b - 1, x_at, y_at)
        last_x0 = x.value
        if abs(x0 + sum(advances[:-1]) - last_x0) > PIECE_SLACK or x0 in (last_x0, snap):
            snap = glyphs_one_by_one(run, a, b, text, glyph_advance, calls, tp, snap)
            continue
        if snap is not None:
            snap_end(chars, snap, x0)
        chars.append((piece, x0, last_x0 + advances[-1], top, bottom, key))
        snap = last_x0


def snap_end(chars: list[tuple], last_x0: float, x0: float) -> None:
    """End the last item at `x0`, the next origin, when pdfium's advance is a hair off the PDF's.

    Wider kerning or spacing is a gap and stays one.
    """
    last = chars[-1]
    if x0 > last_x0 and abs(x0 - last[2]) <= ADVANCE_SLACK and x0 != last[2]:
        chars[-1] = (last[0], last[1], x0) + last[3:]


def glyphs_one_by_one(run: Run, start: int, end: int, text: str, glyph_advance: dict,
                      calls: dict, tp: int, snap: float | None = None) -> float | None:
    """Append glyphs start..end of the run to `run.chars`, one item each.

    Return the last glyph's x0, for the next item to end it (see `snap_end`).
    """
    get_origin, get_box, is_generated = calls["origin"], calls["box"], calls["generated"]
    x, y = ctypes.c_double(), ctypes.c_double()
    x_at, y_at = ctypes.addressof(x), ctypes.addressof(y)
    rect = pdfium_c.FS_RECTF()
    rect_at = ctypes.addressof(rect)
    n = len(text)
    top, bottom, key, zapf = run.top, run.bottom, run.key, run.zapf
    chars = run.chars
    previous_x = snap
    for i in range(start, end):
        ch = text[i]
        if ch.isspace() and is_generated(tp, i):
            continue  # pdfium's own space or line break between objects
        get_origin(tp, i, x_at, y_at)
        x0 = x.value
        if x0 == previous_x and chars:
            # A ligature pdfium spells out: every letter has the ligature's
            # origin and box, which is no letter's own advance.
            get_box(tp, i, rect_at)
            chars[-1] = chars[-1][:2] + (rect.right,) + chars[-1][3:]
            chars.append((ch, x0, rect.right, top, bottom, key))
            continue
        advance = glyph_advance.get(ch)
        if advance is None:
            get_box(tp, i, rect_at)
            advance = rect.right - x0
            if i + 1 < n and not text[i + 1].isspace():
                get_origin(tp, i + 1, x_at, y_at)
                if x.value == x0:  # the first letter of a spelt-out ligature
                    glyph = zapf_text(ch) if zapf else ch
                    chars.append((glyph, x0, rect.right, top, bottom, key))
                    previous_x = x0
                    continue
            glyph_advance[ch] = advance
        if previous_x is not None:
            snap_end(chars, previous_x, x0)
        previous_x = x0
        if zapf:  # pdfminer gives these glyphs no width
            chars.append((zapf_text(ch), x0, x0, top, bottom, key))
        else:
            chars.append((ch, x0, x0 + advance, top, bottom, key))
    return previous_x


def object_spans(get_object, textpage: int, n: int) -> list[tuple[int, int, int]]:
    """Split the text page's chars into (start, end, text object) spans.

    pdfium lists an object's glyphs together, so the end of each object is
    found by galloping and bisecting: a few calls per object, not one per glyph.
    """
    spans = []
    i = 0
    while i < n:
        address = get_object(textpage, i)
        if not address:  # a char pdfium made up, between objects anywhere: alone
            spans.append((i, i + 1, 0))
            i += 1
            continue
        low, step = i, 8  # low: the last index known to be in the object
        while True:
            probe = low + step
            if probe >= n - 1:
                probe = n - 1
                if probe == low or get_object(textpage, probe) == address:
                    low, high = probe, n
                else:
                    high = probe
                break
            if get_object(textpage, probe) != address:
                high = probe
                break
            low, step = probe, step * 2
        while high - low > 1:
            middle = (low + high) // 2
            if get_object(textpage, middle) == address:
                low = middle
            else:
                high = middle
        spans.append((i, low + 1, address))
        i = low + 1
    return spans


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


def object_run(tp, index: int, obj, height: float, fonts: FontNames,
               font_facts: dict[int, tuple]) -> Run:
    """Font, size, colour and vertical extent of the text object holding char `index`.

    `font_facts` keeps `font_to_facts` per font handle for the page (a
    handle may be reused for another font once its page is closed).
    """
    # The char's own matrix: the text matrix and every transformation above it
    # (a form XObject's too), but not the font size. Producers that set
    # "1 Tf" and scale the text matrix instead (cairo does) get their size here.
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(tp, index, matrix)
    scale = max(abs(matrix.a), abs(matrix.b), abs(matrix.c), abs(matrix.d))
    upright = abs(matrix.b) <= 1e-6 * scale and abs(matrix.c) <= 1e-6 * scale
    if matrix.a * matrix.d - matrix.b * matrix.c <= 0 or (upright and matrix.a <= 0):
        raise Fallback("mirrored or upside-down text")
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    address = ctypes.cast(font, ctypes.c_void_p).value
    facts = font_facts.get(address)
    if facts is None:
        facts = font_facts[address] = font_to_facts(font, fonts)
    name, zapf, font_descent, widths = facts
    # pdfminer's size: the glyph box's height, the font size times the vertical scale.
    size = float(pdfium_c.FPDFText_GetFontSize(tp, index)) * (matrix.d if upright else 1.0)
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(tp, index, origin_x, origin_y)
    # pdfminer's char: `size` tall, standing on the font's descent below the baseline.
    bottom = height - (origin_y.value + font_descent * size)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)
    colour = (decimal_255(r.value), decimal_255(g.value), decimal_255(b.value))
    metrics = (name, size, matrix.a)
    run = Run((name, size, colour), metrics, bottom - size, bottom, zapf)
    run.upright = upright
    if widths is not None and not zapf:
        run.widths = widths
        run.em = float(pdfium_c.FPDFText_GetFontSize(tp, index)) * matrix.a
    return run


def standard_advances(run: Run, text: str, glyph_advance: dict) -> None:
    """Give the run's glyphs not yet measured their standard widths (see `afm_widths`)."""
    widths, em = run.widths, run.em
    for ch in set(text).difference(glyph_advance):
        width = widths.get(ch)
        if width is not None:
            glyph_advance[ch] = width * em


def font_to_facts(font, fonts: FontNames) -> tuple[str, bool, float, dict | None]:
    """(name as pdfplumber gives it, ZapfDingbats?, descent per point, standard widths or
    None); Fallback if pdfium can't."""
    buffer = ctypes.create_string_buffer(256)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
    base = buffer.value.decode("utf-8", "replace")
    embedded = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
    if embedded and not font_program_size(font):
        # A Type 3 font (glyphs drawn by content streams, no font program):
        # pdfminer takes its descent from the FontBBox, pdfium from the glyphs.
        raise Fallback(f"Type 3 font {base}")
    name = fonts.full_name(base, embedded)
    if name is None:
        raise Fallback(f"two subsets of {base}")
    zapf = False
    if SYMBOL_FONTS.match(base):
        if base != "ZapfDingbats" or embedded:
            raise Fallback(f"symbol font {base}")
        zapf = True
    return name, zapf, descent(font, name), None if embedded else afm_widths(base)


def font_program_size(font) -> int:
    """Bytes of the font's program (0 for a Type 3 font, which has none)."""
    size = ctypes.c_size_t()
    if not pdfium_c.FPDFFont_GetFontData(font, None, 0, size):
        return 0
    return size.value


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
        key = (run.text, run.key[0], round(run.key[1], 1))
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
