"""Stage 1 for PDFs: a profile PDF into the same Document the text path reads.

Each page is read once (one `extract_words` pass plus the page's drawn
objects) and closed. Words become lines in reading order: a two-column
narrative page reads its left column top to bottom, then its right, with the
gutter found from where the words are. Arrows drawn as dingbats, paths or
images become the arrow glyphs the text path uses. Lines repeated in the
top or bottom band of most pages are page furniture and are set aside.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from operator import itemgetter
from statistics import median

import pdfplumber
import regex
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from .arrows import (
    CID_RE,
    MAX_ARROW_SIZE,
    MIN_ARROW_SIZE,
    colour_name,
    dingbat_direction,
    glyph_direction,
    image_direction,
    image_pixels,
    is_symbol_font,
    polygon_direction,
    rendered_pixels,
)
from ..records import ArrowMark, Document, Finding, Line, ReadError, Rule, Severity

GLYPH = {"up": "↗", "down": "↘", "flat": "→"}
BAND = 0.07  # top and bottom share of the page where running heads and footers sit
NUMERIC_RE = regex.compile(r"^[\d.,+\-–/%]+$|^n/a$", flags=regex.IGNORECASE)


@dataclass
class Token:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    arrow: ArrowMark | None = None


@dataclass
class PageLine:
    text: str
    bbox: tuple[float, float, float, float]
    arrows: tuple[ArrowMark, ...]
    label_bbox: tuple[float, float, float, float]
    blank_before: bool = False
    column_start: bool = False  # first line of a column (or page)
    band: bool = False  # in the top or bottom band, where running heads sit
    column_width: float = 0.0  # width of the column's fullest line
    first_word_width: float = 0.0
    space: float = 0.0  # the typical gap between words on this line


@dataclass
class PageText:
    number: int
    height: float
    lines: list[PageLine] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    n_chars: int = 0


def pdf_bytes_to_document(data: bytes, source_path: str) -> Document:
    """Read a PDF into lines with pages, boxes and arrows; ReadError if it cannot be."""
    if not data:
        raise ReadError("byte 0", "the file is empty")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError("document", "the PDF is encrypted; a password is needed") from None
    except Exception as exc:  # pdfminer raises many types for a broken file
        raise ReadError("document", f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    pages: list[PageText] = []
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
                pages.append(page_to_text(page, number))
            except Exception as exc:
                raise ReadError(f"page {number}",
                                f"cannot read the page ({type(exc).__name__}: {exc})") from None
            finally:
                page.close()
    if not any(p.n_chars for p in pages):
        raise ReadError("document", "no text layer (image-only PDF); run OCR first")
    return pages_to_document(pages, data, source_path)


def page_to_text(page, number: int) -> PageText:
    """Read one page: its words, arrows and lines in reading order."""
    page = dedupe_chars(page)
    out = PageText(number=number, height=float(page.height))
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                               extra_attrs=["fontname", "size", "non_stroking_color"])
    out.n_chars = sum(len(w["text"]) for w in words)
    tokens = words_to_tokens(words, out)
    tokens += drawn_arrows(page, out)
    body = [t for t in tokens if in_body(t, out.height)]
    top = [t for t in tokens if not in_body(t, out.height) and t.top < out.height / 2]
    bottom = [t for t in tokens if not in_body(t, out.height) and t.top >= out.height / 2]
    gutter = find_gutter(body, float(page.width))
    columns = ([t for t in body if t.x1 <= gutter], [t for t in body if t.x0 >= gutter]) \
        if gutter else (body,)
    out.lines.extend(band_lines(top))
    for column in columns:
        lines = tokens_to_lines(column)
        if lines:
            lines[0].column_start = True
            full = max(ln.bbox[2] - ln.bbox[0] for ln in lines)
            for ln in lines:
                ln.column_width = full
        out.lines.extend(lines)
    out.lines.extend(band_lines(bottom))
    return out


def band_lines(tokens: list[Token]) -> list[PageLine]:
    lines = tokens_to_lines(tokens)
    for line in lines:
        line.band = True
    if lines:
        lines[0].blank_before = True
    return lines


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


def in_body(t: Token, height: float) -> bool:
    return BAND * height < t.top and t.bottom < (1 - BAND) * height


def words_to_tokens(words: list[dict], out: PageText) -> list[Token]:
    tokens = []
    for w in words:
        text, fontname = w["text"], w.get("fontname", "")
        arrow = None
        if is_symbol_font(fontname):
            direction = dingbat_direction(fontname, text)
            if direction is None:
                # A star or a bullet: its letter is not text.
                out.findings.append(Finding(
                    Severity.WARNING, Rule.UNKNOWN_GLYPH,
                    f"symbol {text!r} in font {fontname} is not an arrow; dropped",
                    f"page {out.number}", text))
                continue
            arrow = ArrowMark(direction, colour_name(w.get("non_stroking_color")), "dingbat")
            text = GLYPH[direction]
        elif glyph_direction(text):
            arrow = ArrowMark(glyph_direction(text), colour_name(w.get("non_stroking_color")),
                              "unicode")
        if CID_RE.search(text):
            out.findings.append(Finding(
                Severity.WARNING, Rule.UNKNOWN_GLYPH,
                f"glyph(s) {', '.join(CID_RE.findall(text))} in font {fontname} have no text; "
                "dropped", f"page {out.number}", text))
            text = CID_RE.sub("", text)
            if not text:
                continue
        tokens.append(Token(text, w["x0"], w["top"], w["x1"], w["bottom"],
                            float(w.get("size") or 0), arrow))
    return tokens


def drawn_arrows(page, out: PageText) -> list[Token]:
    """Arrows drawn as small filled paths or small images, as glyph tokens."""
    tokens = []
    for curve in page.curves:
        if not curve.get("fill") or not is_arrow_sized(curve):
            continue
        direction = polygon_direction(curve["pts"])
        colour = colour_name(curve.get("non_stroking_color"))
        tokens.append(arrow_token(curve, direction, colour, "vector", out))
    for image in page.images:
        if not is_arrow_sized(image):
            continue
        pixels = image_pixels(image) or rendered_pixels(page, image)
        direction, colour = image_direction(pixels)
        tokens.append(arrow_token(image, direction, colour, "raster", out))
    return [t for t in tokens if t is not None]


def is_arrow_sized(obj: dict) -> bool:
    w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
    return MIN_ARROW_SIZE <= w <= MAX_ARROW_SIZE and MIN_ARROW_SIZE <= h <= MAX_ARROW_SIZE


def arrow_token(obj: dict, direction: str | None, colour: str | None, encoding: str,
                out: PageText) -> Token | None:
    if direction is None:
        out.findings.append(Finding(
            Severity.WARNING, Rule.UNKNOWN_GLYPH,
            f"a small {encoding} shape near x={obj['x0']:.0f}, y={obj['top']:.0f} does not "
            "read as an arrow", f"page {out.number}", encoding))
        return None
    return Token(GLYPH[direction], obj["x0"], obj["top"], obj["x1"], obj["bottom"],
                 obj["bottom"] - obj["top"], ArrowMark(direction, colour, encoding))


def find_gutter(tokens: list[Token], width: float) -> float | None:
    """The x of an empty vertical band between two columns of prose, if any.

    Score pages have a gap between labels and numbers too; a gutter counts
    only when the words right of it are mostly words, not numbers.
    """
    if len(tokens) < 40:
        return None
    lo, hi = width * 0.3, width * 0.7
    # The widest stretch of [lo, hi] that no word covers.
    best: tuple[float, float] | None = None
    reach = lo
    for x0, x1 in sorted((t.x0, t.x1) for t in tokens if t.x1 > lo and t.x0 < hi):
        if x0 > reach and (best is None or x0 - reach > best[1] - best[0]):
            best = (reach, x0)
        reach = max(reach, x1)
    if reach < hi and (best is None or hi - reach > best[1] - best[0]):
        best = (reach, hi)
    if best is None or best[1] - best[0] < 6:
        return None
    gutter = (best[0] + best[1]) / 2
    left = [t for t in tokens if t.x1 <= gutter]
    right = [t for t in tokens if t.x0 >= gutter]
    if not left or not right:
        return None
    # Prose fills its column: most lines run close to the column's width.
    # Score labels beside their numbers do not. A short last column may
    # hold only a few lines; it is judged by the other.
    sides = [tokens_to_lines(side) for side in (left, right)]
    if max(len(lines) for lines in sides) < 5:
        return None
    for lines in sides:
        widths = [ln.bbox[2] - ln.bbox[0] for ln in lines]
        if len(widths) >= 5 and median(widths) < 0.7 * max(widths):
            return None
    return gutter


def tokens_to_lines(tokens: list[Token]) -> list[PageLine]:
    """Group tokens into lines by vertical overlap; mark paragraph gaps.

    A superscript ("99" "th") or an arrow drawn beside a number overlaps the
    line it belongs to, though its top and bottom differ.
    """
    rows: list[list[Token]] = []
    span = (0.0, 0.0)
    for t in sorted(tokens, key=lambda t: (t.top, t.x0)):
        overlap = min(span[1], t.bottom) - max(span[0], t.top)
        if rows and overlap >= 0.5 * min(t.bottom - t.top, span[1] - span[0]):
            rows[-1].append(t)
            span = (min(span[0], t.top), max(span[1], t.bottom))
        else:
            rows.append([t])
            span = (t.top, t.bottom)
    lines = [row_to_line(sorted(row, key=lambda t: t.x0)) for row in rows]
    pitches = [b.bbox[3] - a.bbox[3] for a, b in zip(lines, lines[1:])]
    typical = median(pitches) if pitches else 0
    for line, pitch in zip(lines[1:], pitches):
        # Paragraphs are set apart by extra space: a quarter line or more.
        if pitch > 1.25 * typical:
            line.blank_before = True
    return lines


def row_to_line(row: list[Token]) -> PageLine:
    text = ""
    for prev, t in zip([None, *row], row):
        tight = prev is not None and t.x0 - prev.x1 < 0.5
        text += t.text if (prev is None or tight) else " " + t.text
    label = [t for t in row[:next((i for i, t in enumerate(row)
                                   if NUMERIC_RE.match(t.text) or t.arrow), len(row))]]
    box = lambda ts: (min(t.x0 for t in ts), min(t.top for t in ts),
                      max(t.x1 for t in ts), max(t.bottom for t in ts))
    gaps = [t.x0 - prev.x1 for prev, t in zip(row, row[1:]) if t.x0 - prev.x1 >= 0.5]
    return PageLine(text, box(row), tuple(t.arrow for t in row if t.arrow),
                    box(label or row), first_word_width=row[0].x1 - row[0].x0,
                    space=median(gaps) if gaps else 0.28 * row[0].size)


def runs_on(last: PageLine | None, first: PageLine) -> bool:
    """Whether a new column's first line goes on with the paragraph before the break.

    Text is wrapped only when the next word does not fit: if the first word
    of the new column would have fitted on the last line, that line ended
    its paragraph.
    """
    if last is None or not last.column_width:
        return False
    width = last.bbox[2] - last.bbox[0]
    return width + last.space + first.first_word_width > last.column_width


def furniture_key(text: str) -> str:
    """Fold digits so "Page 3" and "Page 4" are the same running footer."""
    return regex.sub(r"\d+", "#", text.lower()).strip()


def pages_to_document(pages: list[PageText], data: bytes, source_path: str) -> Document:
    """Set aside repeated running heads and footers; number the lines."""
    seen: dict[str, set[int]] = {}
    for page in pages:
        for line in page.lines:
            if not line.band:
                continue
            seen.setdefault(furniture_key(line.text), set()).add(page.number)
    enough = max(3, (len(pages) + 1) // 2)
    repeated = {k for k, on in seen.items() if len(on) >= enough or regex.fullmatch(
        r"(page )?#( of #)?|# ?/ ?#", k)}
    lines: list[Line] = []
    furniture: list[Line] = []
    findings: list[Finding] = []
    last: PageLine | None = None
    after_band = False

    def emit(line: PageLine, page: int, blank: bool, continues: bool = False) -> None:
        if blank and lines and lines[-1].raw:
            lines.append(Line(len(lines) + 1, page, ""))
        lines.append(Line(len(lines) + 1, page, line.text,
                          bbox=tuple(round(v, 2) for v in line.label_bbox),
                          arrows=line.arrows, continues=continues))

    for page in pages:
        findings.extend(page.findings)
        for line in page.lines:
            if line.band:
                if furniture_key(line.text) in repeated:
                    furniture.append(Line(0, page.number, line.text, bbox=line.bbox))
                else:
                    emit(line, page.number, blank=line.blank_before or not after_band)
                    after_band = True
                continue
            if line.column_start:
                emit(line, page.number, blank=True, continues=runs_on(last, line))
            else:
                emit(line, page.number, blank=line.blank_before or after_band)
            last, after_band = line, False
    return Document(
        source_path=source_path, source_format="pdf",
        sha256=hashlib.sha256(data).hexdigest(), page_count=len(pages),
        lines=tuple(lines), furniture=tuple(furniture), findings=tuple(findings),
    )

