"""Stage 1 for PDFs: a profile PDF into the same Document the text path reads.

A source adapter reads each page into the page model (`model.py`): words
with boxes, fonts and colours, and drawn paths, rects and images. Arrows
are found in it whatever they were drawn with (`arrows.py`), then the
layout analysis (`layout.py`) cuts the page into blocks, rows and cells in
reading order. Rows that repeat at the page edges on most pages (running
heads, page numbers) are furniture and are set aside.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from . import DEFAULT_PDF_SOURCE
from ..records import ArrowMark, Cell, Document, Finding, Line, ReadError, Rule, Severity
from .arrows import (
    CID_RE,
    MAX_ARROW_SIZE,
    MIN_ARROW_SIZE,
    colour_name,
    dingbat_direction,
    glyph_direction,
    image_direction,
    is_symbol_font,
    mask_direction,
    rasterize,
)
from .layout import (
    SETTINGS,
    Block,
    LayoutSettings,
    Row,
    Word,
    at_page_edge,
    body_size,
    cut,
    furniture_key,
    mark_asides,
)
from .layout import PAGE_NUMBER_RE
from .model import Graphic, PageModel

GLYPH = {"up": "↗", "down": "↘", "flat": "→"}
SYMBOL_TEXT = "-+−=.,%()0123456789"


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    blocks: list[Block] = field(default_factory=list)
    margin_text: list[str] = field(default_factory=list)  # rotated text: side-margin furniture
    boxes: list[tuple] = field(default_factory=list)  # drawn boxes that may frame a callout
    findings: list[Finding] = field(default_factory=list)
    n_chars: int = 0


def pdf_bytes_to_document(data: bytes, source_path: str, source: str = DEFAULT_PDF_SOURCE,
                          settings: LayoutSettings = SETTINGS) -> Document:
    """Read a PDF into rows of cells with pages, boxes and arrows; ReadError if it cannot be."""
    if not data:
        raise ReadError("byte 0", "the file is empty")
    if source == "pdfium":
        from .source_pdfium import pdf_to_pages
    else:
        from .source_pdfplumber import pdf_to_pages
    models = pdf_to_pages(data)
    pages = [page_to_layout(page, settings) for page in models]
    # The body size is the document's: a page with one line left over and a
    # footnote in smaller type would take its running text for a pull quote.
    body = body_size([b for p in pages for b in p.blocks])
    for page in pages:
        mark_asides(page.blocks, page.boxes, body, settings)
    if not any(p.n_chars for p in pages):
        raise ReadError("document", "no text layer (image-only PDF); run OCR first")
    doc = layouts_to_document(pages, data, source_path)
    fallback = getattr(models, "fallback_pages", ())
    if fallback:
        # Pages pypdfium2 could not give whole (dingbat glyph codes, say) were
        # read with pdfplumber; the run summary counts them.
        doc = replace(doc, findings=doc.findings + (Finding(
            Severity.INFO, Rule.UNREADABLE,
            f"{len(fallback)} page(s) read with pdfplumber instead of pypdfium2: "
            f"{', '.join(map(str, fallback))}", "document", str(len(fallback))),),
            fallback_pages=len(fallback))
    return doc


def page_to_layout(page: PageModel, settings: LayoutSettings = SETTINGS) -> PageLayout:
    """One page model into blocks of rows in reading order (asides marked later, per document)."""
    out = PageLayout(page.number, page.width, page.height, findings=list(page.findings),
                     n_chars=page.n_chars)
    words: list[Word] = []
    for token in page.tokens:
        if not token.upright:
            out.margin_text.append(token.text)
            continue
        word = token_to_word(token, out)
        if word is not None:
            words.append(word)
    words += drawn_arrows(page.graphics, out, settings)
    out.boxes = callout_boxes(page, settings)
    out.blocks = cut([w._replace(box=box_around(w, out.boxes)) for w in words], settings)
    return out


def box_around(word: Word, boxes: list[tuple], slack: float = 2.0) -> tuple | None:
    """The smallest drawn box a word stands inside (a callout's frame or tint), if any."""
    around = [(x0, top, x1, bottom) for x0, top, x1, bottom in boxes
              if x0 - slack <= word.x0 and word.x1 <= x1 + slack and top - slack <= word.top
              and word.bottom <= bottom + slack]
    return min(around, key=lambda b: (b[2] - b[0]) * (b[3] - b[1])) if around else None


def callout_boxes(page: PageModel, settings: LayoutSettings) -> list[tuple]:
    """Drawn rectangles big enough to frame a callout, smaller than the page."""
    boxes = []
    for g in page.graphics:
        if g.kind not in ("rect", "path") or not (g.fill or g.stroke):
            continue
        if g.kind == "path" and not (g.closed and len(g.subpaths) == 1
                                     and len(g.subpaths[0]) in (4, 5)):
            continue
        w, h = g.x1 - g.x0, g.bottom - g.top
        if settings.box_min <= min(w, h) and h <= settings.box_max * page.height:
            boxes.append((g.x0, g.top, g.x1, g.bottom))
    return boxes + [box for box in ruled_frames(page.graphics, settings.frame_slack)
                    if settings.box_min <= min(box[2] - box[0], box[3] - box[1])
                    and box[3] - box[1] <= settings.box_max * page.height]


def ruled_frames(graphics: list[Graphic], slack: float) -> list[tuple]:
    """Boxes drawn as four rules (an HTML border): two rules of one extent, one
    above the other with no such rule between, and a rule down each end joining them."""
    rules = [g for g in graphics if g.kind == "path" and is_straight_stroke(g)]
    across = sorted((g for g in rules if g.height <= slack), key=lambda g: (g.x0, g.x1, g.top))
    down = [g for g in rules if g.width <= slack]
    frames = []
    for upper, lower in zip(across, across[1:]):
        if abs(upper.x0 - lower.x0) > slack or abs(upper.x1 - lower.x1) > slack:
            continue
        ends = [x for x in (upper.x0, upper.x1)
                if any(abs(v.x0 - x) <= slack and v.top <= upper.top + slack
                       and v.bottom >= lower.bottom - slack for v in down)]
        if len(ends) == 2:
            frames.append((upper.x0, upper.top, upper.x1, lower.bottom))
    return frames


def token_to_word(token, out: PageLayout) -> Word | None:
    """A token as a word; a glyph arrow (Unicode or dingbat) as its arrow glyph."""
    text, font = token.text, token.font
    arrow = None
    if is_symbol_font(font) and not glyph_direction(text):
        direction = dingbat_direction(font, text)
        if direction is None and not text.strip(SYMBOL_TEXT):
            # The Symbol font's minus, plus and digits sit at their ASCII codes.
            return Word(text, token.x0, token.top, token.x1, token.bottom, token.size, None, font)
        if direction is None:
            # A star or a bullet: its letter is not text.
            out.findings.append(Finding(
                Severity.WARNING, Rule.UNKNOWN_GLYPH,
                f"symbol {text!r} in font {font} is not an arrow; dropped",
                f"page {out.number}", text))
            return None
        arrow = ArrowMark(direction, colour_name(token.colour), "dingbat")
        text = GLYPH[direction]
    elif glyph_direction(text):
        arrow = ArrowMark(glyph_direction(text), colour_name(token.colour), "unicode")
        text = GLYPH[arrow.direction]
    if CID_RE.search(text):
        out.findings.append(Finding(
            Severity.WARNING, Rule.UNKNOWN_GLYPH,
            f"glyph(s) {', '.join(CID_RE.findall(text))} in font {font} have no text; "
            "dropped", f"page {out.number}", text))
        text = CID_RE.sub("", text)
        if not text:
            return None
    return Word(text, token.x0, token.top, token.x1, token.bottom, token.size, arrow, font)


# --- drawn arrows ----------------------------------------------------------------------


def drawn_arrows(graphics: list[Graphic], out: PageLayout,
                 settings: LayoutSettings = SETTINGS) -> list[Word]:
    """Arrows drawn as small paths (filled or stroked, in one piece or several) or images."""
    words = []
    for mark in group_marks([g for g in graphics if g.kind == "path" and is_arrow_part(g)]):
        if is_rule_piece(mark, settings.frame_slack):
            continue
        direction = mask_direction(rasterize(
            [(pts, g.fill, g.line_width or 1.0) for g in mark for pts in outline(g)]))
        filled = [g for g in mark if g.fill]
        colour = colour_name((filled[0].fill_colour if filled else mark[0].stroke_colour))
        words.append(arrow_word(mark, direction, colour, "vector", out))
    for image in graphics:
        if image.kind != "image" or not is_arrow_sized(image) or image.pixels is None:
            continue
        direction, colour = image_direction(image.pixels)
        words.append(arrow_word([image], direction, colour, "raster", out))
    return [w for w in words if w is not None]


def is_straight_stroke(g: Graphic) -> bool:
    """One stroked line from one point to another: a rule, or a piece of a border."""
    return bool(g.stroke) and len(g.subpaths) == 1 and len(g.subpaths[0]) == 2


def is_rule_piece(mark: list[Graphic], slack: float) -> bool:
    """Straight strokes on one line, with no head: a table cell's border, cell by cell."""
    if not all(is_straight_stroke(g) and not g.fill for g in mark):
        return False
    return all(g.width <= slack and abs(g.x0 - mark[0].x0) <= slack for g in mark) \
        or all(g.height <= slack and abs(g.top - mark[0].top) <= slack for g in mark)


def outline(g: Graphic) -> list[tuple]:
    """A path's subpaths as point lists; a closed stroke goes back to its start."""
    if g.fill or not g.closed:
        return [pts for pts in g.subpaths if pts]
    return [(*pts, pts[0]) for pts in g.subpaths if pts]


def is_arrow_part(g: Graphic) -> bool:
    """A path small enough to be an arrow or a stroke of one (bars and rules are longer)."""
    w, h = g.x1 - g.x0, g.bottom - g.top
    return max(w, h) <= MAX_ARROW_SIZE and max(w, h) >= MIN_ARROW_SIZE and (g.fill or g.stroke)


def is_arrow_sized(g: Graphic) -> bool:
    w, h = g.x1 - g.x0, g.bottom - g.top
    return MIN_ARROW_SIZE <= w <= MAX_ARROW_SIZE and MIN_ARROW_SIZE <= h <= MAX_ARROW_SIZE


def group_marks(parts: list[Graphic], slack: float = 1.0) -> list[list[Graphic]]:
    """Group paths that touch into marks: a shaft and its head drawn as two strokes are one arrow."""
    groups: list[list[Graphic]] = []
    boxes: list[list[float]] = []
    for g in sorted(parts, key=lambda g: (g.top, g.x0)):
        for group, box in zip(groups, boxes):
            if (g.x0 <= box[2] + slack and g.x1 >= box[0] - slack
                    and g.top <= box[3] + slack and g.bottom >= box[1] - slack
                    and max(box[2], g.x1) - min(box[0], g.x0) <= MAX_ARROW_SIZE
                    and max(box[3], g.bottom) - min(box[1], g.top) <= MAX_ARROW_SIZE):
                group.append(g)
                box[:] = [min(box[0], g.x0), min(box[1], g.top), max(box[2], g.x1),
                          max(box[3], g.bottom)]
                break
        else:
            groups.append([g])
            boxes.append([g.x0, g.top, g.x1, g.bottom])
    return [g for g, box in zip(groups, boxes)
            if MIN_ARROW_SIZE <= max(box[2] - box[0], box[3] - box[1])]


def arrow_word(mark: list[Graphic], direction: str | None, colour: str | None, encoding: str,
               out: PageLayout) -> Word | None:
    x0, top = min(g.x0 for g in mark), min(g.top for g in mark)
    x1, bottom = max(g.x1 for g in mark), max(g.bottom for g in mark)
    if direction is None:
        out.findings.append(Finding(
            Severity.WARNING, Rule.UNKNOWN_GLYPH,
            f"a small {encoding} shape near x={x0:.0f}, y={top:.0f} does not "
            "read as an arrow", f"page {out.number}", encoding))
        return None
    return Word(GLYPH[direction], x0, top, x1, bottom, bottom - top,
                ArrowMark(direction, colour, encoding))


# --- the document ------------------------------------------------------------------------


def runs_on(last: Row | None, first: Row) -> bool:
    """Whether a new column's first row goes on with the paragraph before the break.

    Text is wrapped only when the next word does not fit: if the first word
    of the new column would have fitted on the last line, that line ended
    its paragraph; and in justified text, so did a line that stops short of
    the column's edge.
    """
    if last is None or not last.column_width:
        return False
    width = last.x1 - last.x0
    if not last.ragged and width < last.column_width - SETTINGS.flush * last.size:
        return False
    return width + last.space + first.first_word_width > last.column_width


def repeated_furniture(pages: list[PageLayout]) -> tuple[set[str], set[tuple]]:
    """Rows that repeat on most pages: at the page edges by their text (digits
    folded), and anywhere when at the very same place; and page numbers."""
    seen: dict[str, set[int]] = {}
    placed: dict[tuple, set[int]] = {}
    for page in pages:
        for block in page.blocks:
            for row in block.rows:
                key = furniture_key(row.text)
                placed.setdefault(place_key(row, key), set()).add(page.number)
                if at_page_edge(row, page.width, page.height):
                    seen.setdefault(key, set()).add(page.number)
    enough = max(3, (len(pages) + 1) // 2)
    edge = {k for k, on in seen.items() if len(on) >= enough or PAGE_NUMBER_RE.fullmatch(k)}
    return edge, {k for k, on in placed.items() if len(on) >= enough}


def place_key(row: Row, key: str) -> tuple:
    return key, round(row.x0 / 2), round(row.top / 2)


def row_to_line(row: Row, line_no: int, page: int, continues: bool = False) -> Line:
    cells = tuple(Cell(c.text, "", (round(c.x0, 2), round(c.top, 2), round(c.x1, 2),
                                    round(c.bottom, 2)), c.arrows, c.size)
                  for c in row.cells) if len(row.cells) > 1 else ()
    arrows = tuple(a for c in row.cells for a in c.arrows)
    label = [c for c in row.cells if any(ch.isalpha() for ch in c.text)
             and not any(ch.isdigit() for ch in c.text)]
    box = label[0] if label else row
    return Line(line_no, page, row.text,
                bbox=(round(box.x0, 2), round(box.top, 2), round(box.x1, 2), round(box.bottom, 2)),
                arrows=arrows, continues=continues, cells=cells, aside=row.aside)


def layouts_to_document(pages: list[PageLayout], data: bytes, source_path: str) -> Document:
    """Set aside running heads and page numbers; number the rows as lines."""
    repeated, repeated_at = repeated_furniture(pages)
    lines: list[Line] = []
    furniture: list[Line] = []
    findings: list[Finding] = []
    last: Row | None = None

    def blank(page: int) -> None:
        if lines and lines[-1].raw:
            lines.append(Line(len(lines) + 1, page, ""))

    after_aside = False
    for page in pages:
        findings.extend(page.findings)
        furniture.extend(Line(0, page.number, text) for text in page.margin_text)
        first_on_page = True
        # A running head atop a column is no text: the column starts below it.
        column_start = False
        for block in page.blocks:
            first_in_block = True
            column_start = column_start or block.column_start
            kept: list[Row] = []
            for row in block.rows:
                key = furniture_key(row.text)
                if (at_page_edge(row, page.width, page.height) and key in repeated) \
                        or place_key(row, key) in repeated_at:
                    furniture.append(Line(0, page.number, row.text,
                                          bbox=(row.x0, row.top, row.x1, row.bottom)))
                    continue
                kept.append(row)
                # A callout may break a paragraph as a column break does.
                starts_column = first_on_page or (first_in_block and (
                    column_start or after_aside))
                if first_in_block or row.blank_before:
                    blank(page.number)
                continues = starts_column and not row.aside and not row.blank_before \
                    and runs_on(last, row)
                lines.append(row_to_line(row, len(lines) + 1, page.number, continues))
                first_on_page, first_in_block = False, False
                if not row.aside:
                    last = row
            if kept:
                after_aside = all(r.aside for r in kept)
                column_start = False
    return Document(
        source_path=source_path, source_format="pdf",
        sha256=hashlib.sha256(data).hexdigest(), page_count=len(pages),
        lines=tuple(lines), furniture=tuple(furniture), findings=tuple(findings),
    )
