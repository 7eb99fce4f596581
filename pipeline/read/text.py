"""Read converted text (Markdown-like, from a PDF-to-text converter) into a Document.

Physical lines become Lines (table rows with their cells, see `rows.py`);
running heads and feet and page numbers are set aside as furniture; a
hard-wrapped text gets the paragraph breaks its wrapping hid.
"""

from __future__ import annotations

import codecs
import hashlib
import re

from ..records import Document, Finding, Line, ReadError, Rule, Severity
from .blocks import markup_to_lines
from .rows import is_blank, is_value_cell, lines_to_rows, plain

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


def bytes_to_text(data: bytes) -> tuple[str, str | None]:
    """Decode a text report: UTF-8, UTF-16/32 by their BOM, else the single-byte
    encoding charset-normalizer finds; return the text and the encoding when not UTF-8."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None if encoding == "utf-8-sig" else encoding
            except UnicodeDecodeError as exc:
                raise ReadError(f"byte {exc.start}", f"not {encoding} text, though it "
                                "starts with that byte order mark") from None
    if b"\x00" in data[:8192]:
        raise ReadError(f"byte {data.index(0)}", "binary data (NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    # A report in English is nearly all ASCII: its few other bytes (a
    # non-breaking space, a dash, an accented name) say too little for a
    # detector, which may then name any code page that maps them. Take
    # Windows' Western code page, what converters on Windows write.
    western = western_text(data)
    if western is not None:
        return western, "cp1252"
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    matches = [m for m in from_bytes(data) if not is_multi_byte_encoding(m.encoding)]
    if not matches:
        raise ReadError(f"byte {utf8_error}", "binary data, or text in no encoding "
                        "charset-normalizer knows (not UTF-8)")
    # Ties are common (Western text reads alike in cp1250 and cp1252); take
    # Windows' Western code page, what converters on Windows write, among them.
    best = min(matches, key=lambda m: (m.chaos, -m.coherence))
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    western = [m for m in tied if "cp1252" in m.could_be_from_charset]
    if western:
        return data.decode("cp1252"), "cp1252"
    return str(best), best.encoding


MOSTLY_ASCII = 0.02  # share of bytes past ASCII below which a text is English in cp1252


def western_text(data: bytes) -> str | None:
    """The text in cp1252 when it decodes there and few of its bytes are past ASCII."""
    high = len(data) - len(data.translate(None, bytes(range(128, 256))))
    if high > len(data) * MOSTLY_ASCII:
        return None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def text_bytes_to_document(data: bytes, source_path: str) -> Document:
    """Decode converted text; a form feed starts a new page."""
    if not data.strip():
        raise ReadError("byte 0", "the file is empty")
    text, encoding = bytes_to_text(data)
    physical_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "\f" not in text:  # the usual case: one page, one Line per physical line
        lines = [Line(n, 1, raw) for n, raw in enumerate(physical_lines, start=1)]
        page = 1
    else:
        lines, page = [], 1
        for line_no, physical in enumerate(physical_lines, start=1):
            for i, raw in enumerate(physical.split("\f")):
                page += 1 if i else 0
                if raw or not i:
                    lines.append(Line(line_no, page, raw))
    lines = lines_to_rows(markup_to_lines(lines, text))
    lines, furniture, sheets = set_aside_furniture(lines, page)
    lines = mark_wrapped_paragraphs(lines, sheets)
    return Document(
        source_path=source_path,
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=page,
        lines=tuple(lines),
        furniture=tuple(furniture),
        findings=() if encoding is None else (Finding(
            Severity.WARNING, Rule.ENCODING, f"not UTF-8: read as {encoding}", "whole document",
            encoding),),
    )


# --- running heads and feet ------------------------------------------------------

MARKS = " \t#*_>|"
DIGITS_RE = re.compile(r"\d+")
# "Page 3", "3 / 6", "page 3 of 6", "- 3 -", "[3]", "3": a page number alone.
PAGE_NUMBER_RE = re.compile(
    r"(?:page|p\.|pg\.?)\s*#(?:\s*(?:of|/)\s*#)?|#\s*(?:of|/)\s*#|[-–—]\s*#\s*[-–—]|\[#\]|#",
    re.IGNORECASE,
)
EDGE_LINES = 3  # lines at the top and bottom of a page a running head or foot may take
MAX_FURNITURE = 120  # characters: longer lines are text
SCORE_RE = re.compile(r"\d[.,]\d")


def furniture_key(raw: str) -> str:
    """Fold digits and markup, as the PDF reader does, so "Page 3" and "Page 4" match."""
    return DIGITS_RE.sub("#", " ".join(plain(raw).lower().split()).strip(MARKS))


def is_page_number(key: str, raw: str, page: int) -> bool:
    """A page number alone; a bare number only where it is about this page's number."""
    if not PAGE_NUMBER_RE.fullmatch(key):
        return False
    if key != "#" and not key.startswith(("-", "–", "—", "[")):
        return True
    number = int(DIGITS_RE.search(raw).group())
    return abs(number - page) <= 3


def set_aside_furniture(lines: list[Line], page_count: int
                        ) -> tuple[list[Line], list[Line], list[int]]:
    """Take out running heads, feet and page numbers; return the lines kept, the
    lines taken and the sheet of paper each kept line was printed on.

    With form feeds, as the PDF reader does: a line at a page's top or
    bottom edge that repeats (digits folded) on most pages, or a page number
    there. Without them there are no edges: a page number line ("Page 3",
    "3 / 6") anywhere, or a line standing alone that recurs three times or more.
    """
    content = [i for i, ln in enumerate(lines) if not is_blank(ln.raw)]
    if not content:
        return lines, [], [ln.page for ln in lines]
    # Only a short line can be a head, a foot or a page number: key those alone.
    keys: dict[int, str] = {}
    drop: set[int] = set()
    glued: list[Line] = []
    if page_count > 1:
        by_page: dict[int, list[int]] = {}
        for i in content:
            by_page.setdefault(lines[i].page, []).append(i)
        seen: dict[str, set[int]] = {}
        edges: list[int] = []
        for page, found in by_page.items():
            for i in dict.fromkeys(found[:EDGE_LINES] + found[-EDGE_LINES:]):
                if len(lines[i].raw) <= MAX_FURNITURE:
                    keys[i] = furniture_key(lines[i].raw)
                    seen.setdefault(keys[i], set()).add(page)
                    edges.append(i)
        enough = max(3, (page_count + 1) // 2)
        for i in edges:
            line = lines[i]
            if is_page_number(keys[i], line.raw, line.page) or (
                    len(seen[keys[i]]) >= enough and is_furniture_text(line)):
                drop.add(i)
        lines, glued = unglue_heads(lines, by_page, drop, enough)
        if glued:  # the same head where it stood alone, on fewer pages
            glued_keys = {furniture_key(g.raw) for g in glued}
            drop |= {i for i in edges if keys[i] in glued_keys}
    else:
        count: dict[str, int] = {}
        for i in content:
            if len(lines[i].raw.strip()) <= 24:
                keys[i] = key = furniture_key(lines[i].raw)
                if PAGE_NUMBER_RE.fullmatch(key) and key != "#":
                    drop.add(i)  # "Page 3": a page number, wherever it stands
        text = [i for i in content if i not in drop]
        for n, i in enumerate(text):
            raw = lines[i].raw
            # Alone between blank lines or page numbers, as a running head
            # copied from a viewer stands.
            alone = (n == 0 or text[n - 1] < i - 1 and is_blank(lines[i - 1].raw)
                     or i - 1 in drop) and (
                n + 1 == len(text) or text[n + 1] > i + 1 and is_blank(lines[i + 1].raw)
                or i + 1 in drop)
            if len(raw) <= MAX_FURNITURE and (alone or i in keys):
                keys[i] = key = furniture_key(raw)
                count[key] = count.get(key, 0) + (1 if alone else 0)
        for i, key in keys.items():
            if (count.get(key, 0) >= 3 and sum(c.isalpha() for c in key) >= 8
                    and is_furniture_text(lines[i])):
                drop.add(i)
    # The country's name opening the report stays, though printed again atop
    # every page; a running head carries the edition's year and goes everywhere.
    drop -= {i for i in content[:EDGE_LINES] if "#" not in keys.get(i, "#")}
    if not drop:
        return lines, glued, [ln.page for ln in lines]
    kept = [ln for i, ln in enumerate(lines) if i not in drop]
    return kept, glued + [lines[i] for i in sorted(drop)], sheets_of(lines, drop, page_count)


def head_text(raw: str) -> str:
    """A line as its head is compared: no zero-width spaces, non-breaking ones as spaces."""
    return plain(raw).replace("\u00a0", " ").strip()


# A word and the spaces after it; a number glued to the word after it ("2025Human") ends one too.
HEAD_WORD_RE = re.compile(r"\S+?(?:\s+|$|(?<=\d)(?=[^\W\d_]))")


def unglue_heads(lines: list[Line], by_page: dict[int, list[int]], drop: set[int], enough: int
                 ) -> tuple[list[Line], list[Line]]:
    """A running head pdftotext set on the page's first line of text, with no line
    break ("AZERBAIJAN · GLOBAL ORGANIZED CRIME INDEX 2025Human trafficking is"):
    the words most pages open with (digits folded), taken off where they are glued.

    Return the lines, with those heads cut off, and the heads as furniture.
    """
    firsts = {page: next((i for i in found if i not in drop), None) for page, found in by_page.items()}
    openings: dict[str, set[int]] = {}  # every word-boundary prefix of each page's first line
    for page, i in firsts.items():
        if i is None:
            continue
        raw = head_text(lines[i].raw)
        prefix = ""
        for m in HEAD_WORD_RE.finditer(raw[:MAX_FURNITURE]):
            prefix += m.group()
            if len(prefix) >= 16:  # the whole line counts: the head where it stood alone
                openings.setdefault(DIGITS_RE.sub("#", prefix.rstrip()), set()).add(page)
    heads = [key for key, pages in openings.items() if len(pages) >= enough]
    # Dropped heads, glued where they did not stand alone.
    heads += [DIGITS_RE.sub("#", head_text(lines[i].raw)) for i in drop
              if len(lines[i].raw.strip()) >= 16]
    if not heads:
        return lines, []
    patterns = [re.compile(re.escape(h).replace("\\#", r"\d+") + r"\s*")
                for h in sorted(set(heads), key=len, reverse=True)]
    lines, glued = list(lines), []
    for i in firsts.values():
        if i is None:
            continue
        raw = head_text(lines[i].raw)
        for pattern in patterns:
            m = pattern.match(raw)
            if m and m.end() < len(raw):
                glued.append(lines[i]._replace(raw=raw[:m.end()].rstrip(), cells=()))
                rest = raw[m.end():]
                lines[i] = lines[i]._replace(raw=rest, cells=lines_to_rows([Line(0, 0, rest)])[0].cells)
                break
    return lines, glued


def sheets_of(lines: list[Line], drop: set[int], page_count: int) -> list[int]:
    """The sheet each kept line is on: its page, or without form feeds, one more
    after each run of running heads and feet taken out, which stood where a page ended."""
    sheets, extra, cut = [], 0, False
    for i, line in enumerate(lines):
        if i in drop:
            cut = page_count == 1
            continue
        extra += cut
        cut = False
        sheets.append(line.page + extra)
    return sheets


def is_furniture_text(line: Line) -> bool:
    """Not a score or rank row, whatever it repeats: "0.00" recurs on every score page.

    A head may still come in cells ("AZERBAIJAN      3" in pdftotext's layout mode).
    An image link or an HTML comment is the converter's mark for a figure, not
    a printed head, though it recurs: normalizing drops it where it stands.
    """
    text = line.raw.strip(MARKS)
    return not (is_value_cell(text) or SCORE_RE.search(text) or "countries" in text.lower()
                or text.startswith(("![", "<!--", "<img")))


# --- hard-wrapped paragraphs -----------------------------------------------------

SENTENCE_END_RE = re.compile(r"[.!?](?:[\"”’')\]]*)$")
PARAGRAPH_START_RE = re.compile(r"[\"“‘'(\[]?[A-Z0-9]|#|\*\*|__")
RULE_RE = re.compile(r"\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})")
FIRST_WORD_RE = re.compile(r"\s*(\S*)")


def first_word(raw: str) -> str:
    """The line's first word: whether it would have fitted on the line before."""
    return FIRST_WORD_RE.match(raw).group(1)


def is_rule(raw: str) -> bool:
    """A markdown rule (`---`), which converters write where a page ended: a block of its own."""
    return bool(RULE_RE.fullmatch(raw))


def visible_length(raw: str) -> int:
    """Columns a line takes: zero-width spaces and trailing blanks take none."""
    return len(plain(raw).rstrip())


def wrap_width(lines: list[Line]) -> int | None:
    """The column a hard-wrapped text was wrapped at; None where lines run whole paragraphs.

    The longest length that two lines or more reach with five or more
    within 5% below it: a wrap fills lines to its column, while the few
    lines that run past it (a URL, a notice left whole on every page, a
    rank column set beside the headline) stand apart at their lengths.
    """
    lengths = sorted((visible_length(ln.raw) for ln in lines if ln.raw and not ln.cells),
                     reverse=True)
    if len(lengths) < 10:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    longer = 0  # lines past the width tried: few where it is the wrap's
    for width in sorted(counts, reverse=True):
        if width < 40 or longer > max(3, len(lengths) // 10):
            return None
        if counts[width] >= 2 and width <= 130:
            near_full = sum(1 for n in lengths if width * 0.95 <= n <= width)
            if near_full >= 5:
                return width
        longer += counts[width]
    return None


def mark_wrapped_paragraphs(lines: list[Line], sheets: list[int]) -> list[Line]:
    """Put back the paragraph breaks a hard-wrapped text leaves out.

    A text wrapped at a fixed width (pdftotext, 70-80 columns) may run one
    paragraph into the next with no blank line. A line that ends a sentence
    although the next line's first word would have fitted on it (by more
    than the text's `wrap_slack`) ends its paragraph. (Where the word would not have fitted the text cannot tell:
    the paragraph goes on, as a long word such as "Azerbaijan's" opens the
    next sentence as often as the next paragraph.) At a form feed the page's
    last line tells the same way whether the paragraph goes on (`continues`),
    unless the page ends, or the next begins, with more blank lines than a
    page of running text does: then its paragraph ended there. Without form
    feeds a page ends where a running head or foot was taken out (`sheets`).
    """
    width = wrap_width(lines)
    if not lines or width is None and sheets[-1] == sheets[0]:
        return lines  # whole paragraphs on one page: nothing to put back
    slack = wrap_slack(lines, sheets, width) if width is not None else 0
    trailing, leading = edge_blanks(lines, sheets)
    least = min(trailing.values(), default=0)
    least_leading = min(leading.values(), default=0)
    out: list[Line] = []
    last: Line | None = None  # the last line of running text
    last_sheet = sheets[0]
    blank = True
    for line, sheet in zip(lines, sheets):
        if is_blank(line.raw):
            blank = True
        elif line.cells:
            last, blank = None, False
        else:
            if last is not None:
                head = plain(last.raw).rstrip()
                start = plain(line.raw).lstrip()
                fits = width is not None and (
                    width - len(head) - 1 - len(first_word(start)) > slack)
                if sheet != last_sheet:
                    if not blank:
                        out.append(Line(line.line_no, line.page, ""))
                    if width is not None and not fits and trailing.get(last_sheet, 0) <= least \
                            and leading.get(sheet, 0) <= least_leading:
                        line = line._replace(continues=True)
                elif not blank and (is_rule(line.raw) or is_rule(head)):
                    out.append(Line(last.line_no, last.page, ""))
                elif (not blank and width is not None
                      and fits
                      and SENTENCE_END_RE.search(head)
                      and PARAGRAPH_START_RE.match(start)):
                    out.append(Line(last.line_no, last.page, ""))
            last, last_sheet, blank = line, sheet, False
        out.append(line)
    return out


def wrap_slack(lines: list[Line], sheets: list[int], width: int) -> int:
    """How far a word may fit on the line before by characters and still open the next.

    A text wrapped by characters never leaves a word that would fit (-1);
    one a PDF set in a proportional font wrapped by printed width does, by
    a few characters. Learnt where a line goes on with the sentence of the
    line before (it opens lower-case, and that line, the width of running
    text, ends no sentence).
    """
    slack = -1
    for (before, sheet_before), (line, sheet) in zip(zip(lines, sheets), zip(lines[1:], sheets[1:])):
        if sheet != sheet_before or before.cells or line.cells or is_blank(before.raw) \
                or is_blank(line.raw):
            continue
        start = plain(line.raw).lstrip()
        head = plain(before.raw).rstrip()
        # Prose on both lines: a rank line and the change under it ("…countries" /
        # "up 1") are no wrap.
        if start[:1].islower() and head[:1].isalpha() and not head.isupper() \
                and len(head) >= width * 0.6 and len(start.split()) >= 3 \
                and not head.endswith("-") and not SENTENCE_END_RE.search(head):
            slack = max(slack, width - len(head) - 1 - len(first_word(start)))
    # The most a page's sample shows is less than the most the font may leave:
    # where words are left that would fit, allow twice as many characters.
    return slack if slack < 0 else slack + slack // 2 + 1


def edge_blanks(lines: list[Line], sheets: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Blank lines after the last line of each sheet with text but the last, and
    before the first line of each but the first."""
    trailing: dict[int, int] = {}
    leading: dict[int, int] = {}
    for line, sheet in zip(lines, sheets):
        if not is_blank(line.raw):
            leading.setdefault(sheet, 0)
            trailing[sheet] = 0
        elif sheet in trailing:
            trailing[sheet] += 1
        else:
            leading[sheet] = leading.get(sheet, 0) + 1
    # The file's own ends are no page breaks: they set no baseline.
    first, last = min(trailing, default=0), max(trailing, default=0)
    return ({sheet: n for sheet, n in trailing.items() if sheet != last},
            {sheet: n for sheet, n in leading.items() if sheet in trailing and sheet != first})
