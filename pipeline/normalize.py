"""Stage 2, normalize: raw lines into clean text the extractors can trust.

Every arrow, whatever encoding the converter or PDF used, becomes one of
three glyphs: UP (↗), DOWN (↘) or FLAT (→). The raw line is kept beside the
clean one for provenance.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

import regex

from .catalogue.data import ARROW_GLYPHS, LATEX_ARROW_MACROS
from .records import Cell, Document, Line

UP, DOWN, FLAT = "↗", "↘", "→"
ARROWS = UP + DOWN + FLAT
DIRECTION = {UP: "up", DOWN: "down", FLAT: "flat"}

UNICODE_ARROWS = {glyph: {"up": UP, "down": DOWN, "flat": FLAT}[d]
                  for glyph, d in ARROW_GLYPHS.items()}
LATEX_ARROWS = {macro: {"up": UP, "down": DOWN, "flat": FLAT}[d]
                for macro, d in LATEX_ARROW_MACROS.items()}

HYPHENS = dict.fromkeys("\u2010\u2011\u2012\u2212\ufe63\uff0d\u00ad", "-")
SPACES = dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                       "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u0085\t\x0b", " ")
# Zero-width and direction marks; a soft hyphen inside a line (one at a line
# end is a hyphenation point, see HYPHENS).
INVISIBLE = dict.fromkeys("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063"
                          "\u2064\u180e\ufeff\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069", "")
# Superscript digits are footnote marks glued to a word ("trafficking¹"): profiles print no powers.
FOOTNOTE_DIGITS = dict.fromkeys("⁰¹²³⁴⁵⁶⁷⁸⁹", "")
# Ordinal suffixes set in Unicode superscript letters: "83ʳᵈ", "5ᵗʰ".
SUPERSCRIPT_LETTERS = dict(zip("ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "abcdefghijklmnoprstuvwxyz"))
LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
CHAR_MAP = str.maketrans({**HYPHENS, **SPACES, **INVISIBLE, **LIGATURES, **SUPERSCRIPT_LETTERS,
                          **FOOTNOTE_DIGITS,
                          **{k: v for k, v in UNICODE_ARROWS.items() if len(k) == 1}})

LATEX_ARROW_RE = regex.compile(r"\\(" + "|".join(sorted(LATEX_ARROWS, key=len, reverse=True))
                               + r")(?![A-Za-z])")
# `99<sup>th</sup>`, `99^{th}`, `99^{\text{th}}`, `99^th^` (Pandoc), `99^th`
SUPERSCRIPT_RE = regex.compile(
    r"<sup>\s*(\w+)\s*</sup>|\^\{\s*(?:\\(?:text|mathrm|rm)\s*\{\s*)?(\w+)\s*\}?\s*\}|\^(st|nd|rd|th)\^|\^(st|nd|rd|th)\b"
)
# Footnote marks: Markdown's `[^1]` (superscript digits: see FOOTNOTE_DIGITS).
FOOTNOTE_RE = regex.compile(r"\[\^[^\]\s]{1,12}\]")
MATH_DELIMITERS_RE = regex.compile(r"\$+|\\[()\[\]]")
LATEX_SPACING_RE = regex.compile(r"\\[,;:! ]|\\quad|\\qquad|~")
LATEX_TEXT_RE = regex.compile(r"\\(?:text|mathrm|mathbf|textbf|textit|emph|textsc|textsf|underline|mathit|rm|bf|it)\s*\{([^{}]*)\}")
HTML_TAG_RE = regex.compile(r"</?[A-Za-z][^<>]*>")
HTML_BREAK_RE = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
# What converters leave where the PDF had a picture: docling's `<!-- image -->`,
# marker's and MinerU's `![](_page_0_Picture_1.jpeg)`, pymupdf4llm's
# `==> picture [612 x 100] intentionally omitted <==`.
PLACEHOLDER_RE = regex.compile(
    r"<!--.*?(?:-->|$)|!\[[^\]]*\]\([^)]*\)|(?:\*\*|__)?\s*=+>\s*picture\b.*?<=+\s*(?:\*\*|__)?|"
    r"\[(?:image|figure|picture|img)(?:\s*[:\d][^\]]*)?\]",
    regex.IGNORECASE)
# List bullets before a rank line or row: "- 99th of 193 countries", "• HUMAN TRAFFICKING 4.50".
BULLET_RE = re.compile(r"[-*+•·‣◦▪●]\s+(?=\S)|\d{1,2}[.)]\s+(?=\S)")
# Section numbering: "1. CRIMINALITY", "2.1 CRIMINAL MARKETS", "2.1.3 PEOPLE".
# Two decimals are a score ("4.27 CRIMINAL MARKETS"), never numbering.
NUMBERING_RE = re.compile(r"(\d{1,2}(?:\.\d(?!\d))*)\.?\s+(?=\S)")
HEADING_RE = regex.compile(r"^\s{0,3}(#{1,6})\s+")
EMPHASIS_RE = regex.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)")
ESCAPED_RE = regex.compile(r"\\([*_&#%$\[\]()\-.])")
# The rewrites keep the regex module: its \w and \s differ from the standard
# library's on superscript digits and control characters. The stdlib scans
# for a character some rewrite looks for; most lines have none and skip them.
MARKUP_RE = re.compile(r"[\\<^*_$&{}~=\[]")
BULLET_STARTS = frozenset("-*+•·‣◦▪●0123456789")


def normalize_text(raw: str) -> tuple[str, int]:
    """Clean one raw line; return the text and its markdown heading level."""
    text = raw if raw.isascii() else raw.translate(CHAR_MAP)  # CHAR_MAP maps no ASCII
    heading = HEADING_RE.match(text) if "#" in text[:4] else None
    level = len(heading.group(1)) if heading else 0
    if heading:
        text = text[heading.end():]
    # Each rewrite runs only where its mark is present: most lines are plain prose.
    if not MARKUP_RE.search(text):
        text = " ".join(text.split())
        return (strip_bullet(text, level) if text[:1] in BULLET_STARTS and " " in text[:8]
                else (text, level))
    if "\\" in text:
        text = LATEX_ARROW_RE.sub(lambda m: f" {LATEX_ARROWS[m.group(1)]} ", text)
    if "<sup" in text or "^" in text:
        text = SUPERSCRIPT_RE.sub(superscript, text)
    if "\\" in text or "~" in text:
        text = LATEX_TEXT_RE.sub(r"\1", text)
        text = LATEX_SPACING_RE.sub(" ", text)
    if "<!" in text or "[" in text or "=>" in text:
        if "[^" in text:
            text = FOOTNOTE_RE.sub("", text)
        text = PLACEHOLDER_RE.sub(" ", text)
    if "<" in text:
        if "<b" in text or "<B" in text:
            text = HTML_BREAK_RE.sub(" ", text)
        text = HTML_TAG_RE.sub("", text)
    if "*" in text or "_" in text:
        text = EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(3), text)
    if "$" in text or "\\" in text:
        text = MATH_DELIMITERS_RE.sub(" ", text)
    if "{" in text or "}" in text:
        text = text.replace("{", "").replace("}", "")
    if "\\" in text:
        text = ESCAPED_RE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
        if not text.isascii():  # &nbsp; &#8203; &shy;
            text = text.translate(CHAR_MAP)
    text = " ".join(text.split())
    return (strip_bullet(text, level) if text[:1] in BULLET_STARTS and " " in text[:8]
                else (text, level))


def superscript(m) -> str:
    """An ordinal's raised suffix joins its number ("99th"); raised digits are a footnote mark."""
    text = next(g for g in m.groups() if g)
    return "" if text.isdigit() else text


def is_upper_label(text: str) -> bool:
    """Upper-case words, as a heading or a row's label prints."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def strip_bullet(text: str, level: int) -> tuple[str, int]:
    """Take a list bullet or section number off a heading, rank line or row.

    Prose keeps its dashes (a wrapped line may start "- particularly ..."),
    and a value keeps its sign ("- 0.50" is a delta). Return the text and
    the heading level, a numbered heading's depth where it had no `#`.
    """
    numbered = NUMBERING_RE.match(text)
    if numbered and "." in numbered.group(0):
        rest = text[numbered.end():]
        if is_upper_label(rest) and not any(map(str.isdigit, rest)):
            return rest, level or numbered.group(1).count(".") + 1
    bullet = BULLET_RE.match(text)
    if bullet:
        rest = text[bullet.end():]
        if text[0] in "•·‣◦▪●" or is_upper_label(rest) or (
                rest[0].isdigit() and any(c.isalpha() for c in rest)):
            return rest, level
    return text, level


def normalize_cell(raw: str) -> str:
    """Clean one cell; most ("4.50", "HUMAN TRAFFICKING") are clean already."""
    if raw.isascii() and raw.isprintable() and not MARKUP_RE.search(raw) and (
            " " not in raw or (raw[0] not in BULLET_STARTS and raw[0] not in " #"
                               and raw[-1] != " " and "  " not in raw)):
        return raw
    return normalize_text(raw)[0]


def normalize_document(doc: Document) -> Document:
    """Fill in the clean text of every line."""
    lines = []
    for line in doc.lines:
        if not line.raw and not line.text:  # a blank line stays as it is
            lines.append(line)
            continue
        if line.cells:
            cells = tuple([Cell(c.raw, text, c.bbox, c.arrows, c.size)
                           for c in line.cells if (text := normalize_cell(c.raw))])
            text, level = " ".join([c.text for c in cells]), 0
        else:
            cells = ()
            text, level = normalize_text(line.raw)
        # Line's fields in order: quicker than _replace, called for every line.
        lines.append(Line(line.line_no, line.page, line.raw, text, line.bbox,
                          level or line.heading_level, line.arrows, line.continues, cells,
                          line.aside))
    return replace(doc, lines=tuple(lines))

