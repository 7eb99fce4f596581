"""Set the narrative in one or two columns, breaking lines ourselves.

Line breaks are chosen here (not by a layout engine) so the fixtures can
carry the quirks a reader must undo: words split with an added hyphen,
compounds such as "cyber-dependent" broken after their own hyphen, ligature
characters, paragraphs running on across columns and pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from tests.support.layout import (
    BODY_LEADING,
    BODY_SIZE,
    BOLD,
    DEJAVU,
    DEJAVU_BOLD,
    GUTTER,
    INK,
    MARGIN,
    PAGE_HEIGHT,
    REGULAR,
    RIGHT,
    TEXT_BOTTOM,
    TEXT_TOP,
    PdfOptions,
    text_width,
)

LIGATURES = {"fi": "\ufb01", "fl": "\ufb02"}
SUBHEADING_COLOUR = (0.55, 0.12, 0.16)
PARAGRAPH_GAP = 5.0
MIN_HYPHEN_PART = 3  # letters kept on each side of an added hyphen
VOWELS = set("aeiouy")
DIGRAPHS = {"ch", "sh", "th", "ph", "gh", "ck", "ng", "wh", "qu"}
# A word is split with an added hyphen only when leaving it whole would
# leave the line less full than this: ragged text hyphenates sparingly.
HYPHENATE_BELOW = 0.8


@dataclass(frozen=True)
class Block:
    """One thing to set: a heading at some level, or a paragraph."""

    kind: str  # "section", "heading", "subheading" or "paragraph"
    text: str


# kind -> (size, leading, space before, bold, colour)
STYLES = {
    "section": (13.0, 17.0, 10.0, True, INK),
    "heading": (10.0, 14.0, 6.0, True, INK),
    "subheading": (8.5, 12.0, 4.0, True, SUBHEADING_COLOUR),
    "paragraph": (BODY_SIZE, BODY_LEADING, 0.0, False, INK),
}


def spec_to_blocks(spec: dict) -> list[Block]:
    """List the narrative's headings and paragraphs in reading order."""
    blocks, seen = [], (None, None)
    for entry in spec["narrative"]:
        if seen[0] != entry["section"]:
            blocks.append(Block("section", entry["section"]))
        if seen != (entry["section"], entry["heading"]):
            blocks.append(Block("heading", entry["heading"]))
        seen = (entry["section"], entry["heading"])
        if entry["subheading"]:
            blocks.append(Block("subheading", entry["subheading"]))
        blocks += [Block("paragraph", text) for text in entry["paragraphs"]]
    return blocks


def ligate(word: str) -> str:
    """Write fi and fl as the single ligature characters some PDFs use."""
    for pair, glyph in LIGATURES.items():
        word = word.replace(pair, glyph)
    return word


def may_hyphenate_at(word: str, cut: int) -> bool:
    """Say whether a hyphen may be added before word[cut], roughly at a syllable."""
    head, tail = word[:cut], word[cut:]
    if len(head) < MIN_HYPHEN_PART + 1 or len(tail) < MIN_HYPHEN_PART:
        return False
    if not (head[-MIN_HYPHEN_PART:].isalpha() and tail[:MIN_HYPHEN_PART].isalpha()):
        return False
    before, after, next_ = head[-1].lower(), tail[0].lower(), tail[1].lower()
    if before not in VOWELS and after not in VOWELS:
        return before + after not in DIGRAPHS  # traf-ficking, embez-zlement
    return before in VOWELS and after not in VOWELS and next_ in VOWELS  # pro-secution


def split_word(word: str, room: float, font: str, size: float) -> tuple[str, str, bool] | None:
    """Split a word so its head fits in room: after its own hyphen, else with an added one.

    Returns (head, tail, whether the hyphen is the word's own), or None.
    Capitalised words get no added hyphen.
    """
    def fits(head: str) -> bool:
        return text_width(head, font, size) <= room

    own = [i + 1 for i, ch in enumerate(word[:-1]) if ch == "-" and i > 0]
    for cut in reversed(own):
        if fits(word[:cut]):
            return word[:cut], word[cut:], True
    if own or word[0].isupper():
        return None
    for cut in range(len(word) - MIN_HYPHEN_PART, MIN_HYPHEN_PART, -1):
        if may_hyphenate_at(word, cut) and fits(word[:cut] + "-"):
            return word[:cut] + "-", word[cut:], False
    return None


@dataclass
class WrapState:
    """Whether a compound has yet been broken after its own hyphen."""

    compound_broken: bool = False


def wrap_words(words: list[str], width: float, font: str, size: float, hyphenate: bool,
               state: WrapState) -> list[str]:
    """Break words into lines no wider than width."""
    lines, line, queue = [], "", list(words)
    while queue:
        word = queue.pop(0)
        joined = f"{line} {word}" if line else word
        room = width - text_width(f"{line} " if line else "", font, size)
        fits = text_width(joined, font, size) <= width
        # With hyphenation on, the first compound met near a line end is
        # broken after its hyphen even if it fits, so every hyphenated
        # fixture has at least one "cyber-" / "dependent" break.
        near_end = line and text_width(line, font, size) > 0.6 * width
        force = hyphenate and not state.compound_broken and near_end and "-" in word[1:-1]
        if fits and not force:
            line = joined
            continue
        sparse = line and text_width(line, font, size) < HYPHENATE_BELOW * width
        parts = None
        if hyphenate and line and (sparse or force or "-" in word[1:-1]):
            parts = split_word(word, room, font, size)
        if parts:
            state.compound_broken |= parts[2]
            lines.append(f"{line} {parts[0]}")
            line, queue = "", [parts[1]] + queue
        elif fits:
            line = joined
        elif line:
            lines.append(line)
            line, queue = "", [word] + queue
        else:
            lines.append(word)
    return lines + ([line] if line else [])


def wrap_plain(text: str, width: float, font: str, size: float) -> list[str]:
    """Break a plain string into lines without hyphenation."""
    return wrap_words(text.split(), width, font, size, False, WrapState())


def column_lefts(columns: int) -> tuple[list[float], float]:
    """Return the left x of each column and the column width."""
    width = (RIGHT - MARGIN - GUTTER * (columns - 1)) / columns
    return [MARGIN + i * (width + GUTTER) for i in range(columns)], width


def block_font(kind: str, options: PdfOptions) -> str:
    """Return the font a block is set in (fake bold sets headings in the regular face)."""
    regular, bold = (DEJAVU, DEJAVU_BOLD) if options.ligatures else (REGULAR, BOLD)
    return bold if STYLES[kind][3] and not options.fake_bold else regular


def draw_line(canvas: Canvas, text: str, x: float, top: float, kind: str,
              options: PdfOptions) -> None:
    """Draw one set line in its block's style."""
    size, _, _, bold, colour = STYLES[kind]
    font = block_font(kind, options)
    canvas.setFont(font, size)
    canvas.setFillColorRGB(*colour)
    canvas.drawString(x, PAGE_HEIGHT - top, text)
    if bold and options.fake_bold:
        canvas.drawString(x + 0.3, PAGE_HEIGHT - top, text)


def draw_narrative(canvas: Canvas, spec: dict, options: PdfOptions, *, first_page: int,
                   finish_page: Callable[[int, bool], None]) -> int:
    """Set every block in columns over as many pages as needed; return the last page."""
    lefts, width = column_lefts(options.columns)
    state = WrapState()
    page, column, y = first_page, 0, TEXT_TOP
    for block in spec_to_blocks(spec):
        size, leading, before, _, _ = STYLES[block.kind]
        font = block_font(block.kind, options)
        words = block.text.split()
        if options.ligatures and block.kind == "paragraph":
            words = [ligate(word) for word in words]
        hyphenate = options.hyphenate and block.kind == "paragraph"
        lines = wrap_words(words, width, font, size, hyphenate, state)
        if y > TEXT_TOP:
            y += before
        # A heading keeps with the first two lines of what follows it.
        if block.kind != "paragraph" and y + leading + 2 * BODY_LEADING > TEXT_BOTTOM:
            y = TEXT_BOTTOM
        for line in lines:
            if y + leading > TEXT_BOTTOM:
                column += 1
                if column == len(lefts):
                    finish_page(page, False)
                    page, column = page + 1, 0
                y = TEXT_TOP
            draw_line(canvas, line, lefts[column], y + size, block.kind, options)
            y += leading
        if block.kind == "paragraph":
            y += PARAGRAPH_GAP
    finish_page(page, True)
    return page
