"""The narrative in 1-3 columns: headings (some across all columns), a callout, hyphenation.

Lines are set here and then flowed: down each column, over pages, jumping the
callout box, balancing the columns above a heading that spans them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from wordfreq import zipf_frequency

from tests.support.fuzz.furniture import Frame, closing_height, frame
from tests.support.fuzz.pen import INK, WHITE, Pen
from tests.support.pdf_narrative import may_hyphenate_at

ACCENTS = ((0.55, 0.12, 0.16), (0.12, 0.3, 0.5), (0.15, 0.4, 0.3))
TINT = (0.92, 0.94, 0.97)
GUTTER = 16.0
MIN_WORD_ZIPF = 3.0  # split a word only if a word list knows it whole


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    leading: float
    before: float = 0.0       # space above, unless at the top of a column
    bold: bool = False
    colour: tuple = INK
    indent: float = 0.0
    keep: bool = False        # a heading: keep with the next lines
    justify: bool = False
    para: int | None = None   # paragraph number, for checking breaks
    span: bool = False        # across all columns
    joins: bool = False       # ends in a hyphen added to split a word


def hyphen_split(word: str, room: float, pen: Pen, size: float) -> tuple[str, str] | None:
    """Split a plain lowercase word with an added hyphen, only where a word list would rejoin it."""
    core = word.rstrip(".,;:)")
    if not (core.isalpha() and core.islower() and len(core) >= 7):
        return None
    if zipf_frequency(core, "en") < MIN_WORD_ZIPF:
        return None
    for cut in range(len(core) - 3, 3, -1):
        if may_hyphenate_at(core, cut) and pen.measure(core[:cut] + "-", size) <= room:
            return core[:cut] + "-", word[cut:]
    return None


def wrap(pen: Pen, words: list[str], width: float, first_indent: float, size: float,
         bold: bool, hyphenate: bool) -> list[tuple[str, bool]]:
    """Break words into (line, ends in an added hyphen)."""
    lines, line, queue = [], "", list(words)
    while queue:
        word = queue.pop(0)
        room = width - (first_indent if not lines else 0)
        joined = f"{line} {word}" if line else word
        if pen.measure(joined, size, bold) <= room or not line:
            line = joined
            continue
        parts = None
        if hyphenate and pen.measure(line, size, bold) < 0.88 * room:
            parts = hyphen_split(word, room - pen.measure(line + " ", size, bold), pen, size)
        if parts:
            lines.append((f"{line} {parts[0]}", True))
            line, queue = "", [parts[1]] + queue
        else:
            lines.append((line, False))
            line, queue = "", [word] + queue
    return lines + ([(line, False)] if line else [])


def set_lines(pen: Pen, narrative: list[dict], column_width: float, full_width: float) -> list[Line]:
    """Set the narrative's headings and paragraphs as lines."""
    layout = pen.layout
    accent = ACCENTS[layout.seed % len(ACCENTS)]
    body, lead = layout.body_size, layout.body_size * 1.38
    out, seen, para = [], (None, None), 0
    after_heading = True

    def heading(text, size, leading, before, colour, span=False):
        width = full_width if span else column_width
        for i, line in enumerate(pen.wrap(text, width, size, bold=True)):
            out.append(Line(line, size, leading, before if i == 0 else 0.0, True, colour,
                            keep=True, span=span))

    for entry in narrative:
        if seen[0] != entry["section"]:
            heading(entry["section"], 14.0, 19.0, 14.0, accent, span=layout.span_headings)
        if seen != (entry["section"], entry["heading"]):
            heading(entry["heading"], 10.5, 14.0, 8.0, INK)
        seen = (entry["section"], entry["heading"])
        if entry["subheading"]:
            heading(entry["subheading"], body + 0.5, body * 1.5, 5.0, accent)
        after_heading = True
        for text in entry["paragraphs"]:
            indent = body * 1.3 if layout.para_style == "indent" and not after_heading else 0.0
            gap = lead * 0.5 if layout.para_style == "gap" and not after_heading else 0.0
            lines = wrap(pen, text.split(), column_width, indent, body, False, layout.hyphenate)
            for i, (line, joins) in enumerate(lines):
                out.append(Line(line, body, lead, gap if i == 0 else 0.0, joins=joins,
                                indent=indent if i == 0 else 0.0,
                                justify=layout.justify and i < len(lines) - 1, para=para))
            para += 1
            after_heading = False
    return out


@dataclass
class Page:
    lefts: list[float]
    placed: list = None  # (x, top, line)
    blocked: list = None  # (column, top, bottom)


def fill(lines: list[Line], start: int, y0: float, bottoms: list[float],
         blocked: list[tuple[int, float, float]]) -> tuple[int, list[tuple[int, float, Line]]]:
    """Set lines down the columns from y0; return how many fit and where (column, baseline top)."""
    placed, i = [], start
    for column, bottom in enumerate(bottoms):
        y = y0
        while i < len(lines):
            line = lines[i]
            y_line = y + (line.before if y > y0 else 0.0)
            for c, b_top, b_bottom in blocked:
                if c == column and y_line + line.leading > b_top and y_line < b_bottom:
                    y_line = b_bottom + 6
            need = line.leading
            if line.keep:  # a heading keeps with what follows
                need += sum(n.leading + n.before for n in lines[i + 1:i + 3])
            if y_line + need > bottom:
                break
            placed.append((column, y_line + line.size, line))
            y = y_line + line.leading
            i += 1
    return i - start, placed


def flow(pen: Pen, lines: list[Line], f: Frame, bottom: float, callout: tuple | None
         ) -> list[list[tuple[float, float, Line]]]:
    """Place every line on pages; return per page a list of (x, baseline top, line)."""
    layout = pen.layout
    n = layout.columns
    width = (f.right - f.left - GUTTER * (n - 1)) / n
    lefts = [f.left + k * (width + GUTTER) for k in range(n)]
    pages: list[list] = [[]]
    y0, i = f.top, 0
    while i < len(lines):
        if lines[i].span:
            line = lines[i]
            top = y0 + (line.before if y0 > f.top else 0)
            if top + line.leading + 3 * lines[-1].leading > bottom:
                pages.append([])
                top = f.top
            for _, b_top, b_bottom in callout_blocks(callout, len(pages) == 1, n):
                if top + line.leading > b_top and top < b_bottom:
                    top = b_bottom + 6
            pages[-1].append((f.left, top + line.size, line))
            y0, i = top + line.leading + 4, i + 1
            continue
        end = next((k for k in range(i, len(lines)) if lines[k].span), len(lines))
        segment = lines[:end]
        blocked = callout_blocks(callout, len(pages) == 1, n)
        count, placed = fill(segment, i, y0, [bottom] * n, blocked)
        if i + count < end or (end == len(lines) and not layout.balance_end):
            if count == 0 and y0 == f.top:
                raise ValueError("a line does not fit in an empty column")
            pages[-1] += [(lefts[c], top, line) for c, top, line in placed]
            i += count
            if i < end:
                pages.append([])
                y0 = f.top
            else:
                y0 = max(top - line.size + line.leading for _, top, line in placed)
            continue
        h = max(0.0, (sum(ln.leading + ln.before for ln in segment[i:]) / n) - 20)
        while True:
            count, placed = fill(segment, i, y0, [min(bottom, y0 + h)] * n, blocked)
            if i + count == end:
                break
            h += 1.0
        pages[-1] += [(lefts[c], top, line) for c, top, line in placed]
        y0 = max(top - line.size + line.leading for _, top, line in placed) + 4
        i = end
    return pages


def callout_box(pen: Pen, f: Frame) -> tuple[int, float, float, float, float, list[str], float]:
    """(column, x, top, width, height, lines, size) of the callout on the first narrative page."""
    layout = pen.layout
    n = layout.columns
    width = (f.right - f.left - GUTTER * (n - 1)) / n
    column = layout.seed % n
    size = 12.5 if layout.callout == "quote" else 10.0
    text = f"\u201c{layout.callout_text}\u201d" if layout.callout == "quote" else layout.callout_text
    lines = pen.wrap(text, width - 20, size, bold=layout.callout == "box",
                     italic=layout.callout == "quote")
    height = len(lines) * size * 1.3 + 20
    top = f.top + (f.bottom - f.top) * 0.3 if layout.callout_at == "top" else f.bottom - height - 40
    return column, f.left + column * (width + GUTTER), top, width, height, lines, size


def callout_blocks(callout, first_page: bool, n: int) -> list[tuple[int, float, float]]:
    if not callout or not first_page:
        return []
    column, _, top, _, height, _, _ = callout
    return [(column, top - 8, top + height)]


def draw_callout(pen: Pen, callout) -> None:
    _, x, top, width, height, lines, size = callout
    layout = pen.layout
    accent = ACCENTS[layout.seed % len(ACCENTS)]
    quote = layout.callout == "quote"
    pen.rect(x, top, width, height, fill=TINT if quote else accent)
    if quote:
        pen.rect(x, top, 3, height, fill=accent)
    for i, line in enumerate(lines):
        pen.text(x + 10, top + 10 + size + size * 1.3 * i, line, size, bold=not quote,
                 italic=quote, colour=accent if quote else WHITE)


def draw_line(pen: Pen, x: float, top: float, line: Line, width: float) -> None:
    x += line.indent
    if not line.justify or " " not in line.text:
        pen.text(x, top, line.text, line.size, bold=line.bold, colour=line.colour)
        return
    words = line.text.split(" ")
    inked = sum(pen.measure(w, line.size) for w in words)
    space = (width - line.indent - inked) / (len(words) - 1)
    for word in words:
        x += pen.text(x, top, word, line.size, colour=line.colour) + space


def layout_story(pen: Pen, narrative: list[dict]):
    """Set and flow the narrative, making sure some paragraph runs over a column or page."""
    f = frame(pen)
    n = pen.layout.columns
    width = (f.right - f.left - GUTTER * (n - 1)) / n
    lines = set_lines(pen, narrative, width, f.right - f.left)
    callout = callout_box(pen, f)
    bottom = f.bottom - closing_height(pen)
    for shrink in range(0, 400, 7):
        pages = flow(pen, lines, f, bottom - shrink, callout)
        where = {}
        for p, page in enumerate(pages):
            for x, _, line in page:
                if line.para is not None:
                    where.setdefault(line.para, set()).add((p, x))
        if any(len(spots) > 1 for spots in where.values()):
            return pages, callout, width
    raise ValueError("no paragraph runs over a column or page")


def draw_story(pen: Pen, spec: dict, narrative: list[dict], first_page: int, finish) -> None:
    pages, callout, width = layout_story(pen, narrative)
    for p, page in enumerate(pages):
        if p == 0:
            draw_callout(pen, callout)
        for x, top, line in page:
            draw_line(pen, x, top, line, width)
        finish(first_page + p, p == len(pages) - 1)


def drawn_paragraphs(pen: Pen, narrative: list[dict]) -> list[str]:
    """The paragraphs as set and placed, lines rejoined (a self-check of the flow)."""
    pages, _, _ = layout_story(pen, narrative)
    texts: dict[int, str] = {}
    for page in pages:
        for _, _, line in page:
            if line.para is None:
                continue
            before = texts.get(line.para, "")
            if before and not before.endswith("\0"):
                before += " "
            texts[line.para] = before.rstrip("\0") + (line.text[:-1] + "\0" if line.joins else line.text)
    return [texts[k] for k in sorted(texts)]
