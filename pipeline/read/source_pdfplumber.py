"""Page models from pdfplumber: one pass over each page's chars and drawn objects.

The reference source: slower than pypdfium2, but it gives every glyph's
font name and code, which dingbat arrows need.
"""

from __future__ import annotations

import io
from operator import itemgetter
from typing import Iterator

import pdfplumber
from pdfminer.encodingdb import EncodingDB
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ..records import ReadError
from .arrows import font_family
from .model import Graphic, PageModel, Pixels, Token

# Images bigger than this are photos or logos: their pixels are not read.
MAX_DECODED_IMAGE = 32.0


def open_pdf(data: bytes):
    """Open PDF bytes with pdfplumber; ReadError if they cannot be."""
    try:
        return pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError("document", "the PDF is encrypted; a password is needed") from None
    except Exception as exc:  # pdfminer raises many types for a broken file
        raise ReadError("document", f"not a readable PDF ({type(exc).__name__}: {exc})") from None


def pdf_to_pages(data: bytes) -> Iterator[PageModel]:
    """Yield each page of the PDF as a page model, closing each page after reading it."""
    pdf = open_pdf(data)
    with pdf:
        try:
            page_list = pdf.pages
        except (PDFPasswordIncorrect, PDFEncryptionError):
            raise ReadError("document", "the PDF is encrypted; a password is needed") from None
        except Exception as exc:
            raise ReadError("document", f"cannot list the PDF's pages ({exc})") from None
        if not page_list:
            raise ReadError("document", "the PDF has no pages")
        for number, page in enumerate(page_list, start=1):
            try:
                yield page_to_model(page, number)
            except ReadError:
                raise
            except Exception as exc:
                raise ReadError(f"page {number}",
                                f"cannot read the page ({type(exc).__name__}: {exc})") from None
            finally:
                page.close()


def page_to_model(page, number: int) -> PageModel:
    """One page's words (fake bold undone) and drawn objects."""
    page = dedupe_chars(page)
    # Words split where the font, size or colour changes: a raised "th" is its
    # own token, and so is an arrow glyph set beside its number.
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                               use_text_flow=False, split_at_punctuation=False,
                               extra_attrs=["fontname", "size", "non_stroking_color",
                                            "upright"])
    model = PageModel(number=number, width=float(page.width), height=float(page.height))
    model.tokens = [Token(symbol_codes(w["text"], w.get("fontname", "")), w["x0"], w["top"],
                          w["x1"], w["bottom"],
                          w.get("fontname", ""), float(w.get("size") or 0),
                          colour_tuple(w.get("non_stroking_color")), bool(w.get("upright", True)))
                    for w in words]
    model.n_chars = sum(len(w["text"]) for w in words)
    for obj in (*page.curves, *page.lines):
        model.graphics.append(path_graphic(obj))
    for obj in page.rects:
        model.graphics.append(Graphic(
            "rect", obj["x0"], obj["top"], obj["x1"], obj["bottom"],
            (tuple(obj["pts"]),), bool(obj.get("fill")), bool(obj.get("stroke")),
            colour_tuple(obj.get("non_stroking_color")), colour_tuple(obj.get("stroking_color")),
            float(obj.get("linewidth") or 0), True))
    for image in page.images:
        small = max(image["x1"] - image["x0"], image["bottom"] - image["top"]) <= MAX_DECODED_IMAGE
        pixels = (image_pixels(image) or rendered_pixels(page, image)) if small else None
        model.graphics.append(Graphic("image", image["x0"], image["top"], image["x1"],
                                      image["bottom"], pixels=pixels))
    return model


# pdfminer reads a simple font without its own encoding through Adobe's
# standard encoding, so the Symbol font's arrows come out as "›", "ﬁ", "ﬂ".
# Give such glyphs back their codes (0xAD, 0xAE, 0xAF): what the font means.
STANDARD_CODES = {text: chr(code) for code, text in EncodingDB.std2unicode.items()}


# extract_words expands the ligatures those glyphs come out as.
EXPANDED = {"fi": "\u00ae", "fl": "\u00af", "ffi": None, "ffl": None}


def symbol_codes(text: str, font: str) -> str:
    if font_family(font) not in ("symbol", "wingdings", "wingdings3"):
        return text
    if EXPANDED.get(text):
        return EXPANDED[text]
    return "".join(STANDARD_CODES.get(ch, ch) for ch in text)


def path_graphic(obj: dict) -> Graphic:
    """A curve or line as a path: its subpaths split at each move."""
    subpaths: list[list] = []
    closed = False
    for command in obj.get("path") or [("m", p) for p in obj["pts"][:1]] + \
            [("l", p) for p in obj["pts"][1:]]:
        op = command[0]
        if op == "m" or not subpaths:
            subpaths.append([])
        if op == "h":
            closed = True
            continue
        # A curve segment ends at its last point; its control points bend it
        # but stay near it at arrow sizes.
        subpaths[-1].extend(tuple(p) for p in command[1:])
    return Graphic(
        "path", obj["x0"], obj["top"], obj["x1"], obj["bottom"],
        tuple(tuple(s) for s in subpaths if s), bool(obj.get("fill")), bool(obj.get("stroke")),
        colour_tuple(obj.get("non_stroking_color")), colour_tuple(obj.get("stroking_color")),
        float(obj.get("linewidth") or 0), closed)


def colour_tuple(colour) -> tuple[float, ...] | None:
    if colour is None:
        return None
    if isinstance(colour, (int, float)):
        return (float(colour),)
    values = tuple(float(v) for v in colour if isinstance(v, (int, float)))
    return values or None


def dedupe_chars(page, tolerance: float = 1.0):
    """Drop characters drawn twice at (nearly) the same place, as fake bold does.

    pdfplumber's own `Page.dedupe_chars` does the same but sorts each
    cluster repeatedly, which costs seconds on a dense page.
    """
    # Kept chars hash by glyph, then into cells twice the tolerance wide: a
    # twin lies in the char's own cell or in the neighbours on the sides of
    # the cell the char is nearer to, four cells in all (nine for a char at a
    # cell's very middle, where float rounding could put a twin either side).
    cell = 2 * tolerance
    seen: dict[tuple, dict[tuple[int, int], list[tuple[float, float]]]] = {}
    drop: set[int] = set()
    chars = page.chars
    for char, (x, y, text, font, size) in zip(chars, map(CHAR_FIELDS, chars)):
        key = (text, font, round(size, 1))
        col, row = int(x // cell), int(y // cell)
        cells = seen.get(key)
        if cells is None:  # the first of its glyph: nothing to be a twin of
            seen[key] = {(col, row): [(x, y)]}
            continue
        dx, dy = x - col * cell - tolerance, y - row * cell - tolerance
        cols = (col - 1, col) if dx < -EDGE else (col, col + 1) if dx > EDGE \
            else (col - 1, col, col + 1)
        rows = (row - 1, row) if dy < -EDGE else (row, row + 1) if dy > EDGE \
            else (row - 1, row, row + 1)
        if is_twin(x, y, tolerance, cells, cols, rows):
            drop.add(id(char))
        else:
            cells.setdefault((col, row), []).append((x, y))
    if not drop:
        return page
    return page.filter(lambda obj: id(obj) not in drop)


CHAR_FIELDS = itemgetter("x0", "top", "text", "fontname", "size")


EDGE = 1e-6  # points: this near a cell's middle, a twin may be on either side


def is_twin(x: float, y: float, tolerance: float, cells: dict, cols, rows) -> bool:
    """Whether a kept char in the cells (cols x rows) lies within the tolerance of (x, y)."""
    for c in cols:
        for r in rows:
            for px, py in cells.get((c, r), ()):
                if abs(px - x) <= tolerance and abs(py - y) <= tolerance:
                    return True
    return False


def image_pixels(image: dict) -> Pixels | None:
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
        rows.append(tuple(tuple(pixels[i:i + 3]) if channels == 3 else (pixels[i],) * 3
                          for i in range(0, len(pixels), channels)))
    return tuple(rows)


def rendered_pixels(page, image: dict) -> Pixels | None:
    """Render the image's box of the page (any encoding, masks included) and read it back."""
    bbox = (max(0, image["x0"]), max(0, image["top"]),
            min(page.width, image["x1"]), min(page.height, image["bottom"]))
    if bbox[2] - bbox[0] < 1 or bbox[3] - bbox[1] < 1:
        return None
    try:
        rendered = page.crop(bbox, strict=False).to_image(resolution=144).original.convert("RGB")
    except Exception:  # a renderer failure leaves the image unread, not the page
        return None
    w, h = rendered.size
    raw = rendered.tobytes()
    return tuple(tuple(tuple(raw[i:i + 3]) for i in range(row * w * 3, (row + 1) * w * 3, 3))
                 for row in range(h))
