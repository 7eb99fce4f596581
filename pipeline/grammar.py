"""The printed forms of a score line and a rank line, parsed from clean text.

These parsers face messy text: they return None for anything that is not
their form and never raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

import regex

from .catalogue.data import SCORE_SCALE
from .normalize import ARROWS, DIRECTION

NUMBER = r"\d{1,2}[.,]\d{1,2}"

# "HUMAN TRAFFICKING 4.50 ↗ 0.50", "CRIMINAL MARKETS 4.27 ↗ 0.17",
# "5.03 ↗ 0.23", "FLORA CRIMES 3.50 n/a", "FLORA CRIMES 3.50" (2021).
SCORE_LINE_RE = re.compile(
    rf"""^(?P<label>[^\d{ARROWS}]*?)\s*(?<![\d.,])(?P<score>{NUMBER})
        (?:\s*(?P<arrow>[{ARROWS}])?\s*(?P<sign>[+-])?\s*(?P<delta>{NUMBER})
           |\s*(?P<na_arrow>[{ARROWS}])?\s*(?P<na>n\s*/\s*a|N\s*/\s*A|-))?
        \s*$""",
    flags=re.VERBOSE,
)

# A line that has a score-like number but is not a clean score line is a
# garbled score: "HUMAN TRAFFICKING 4.5O ↗ 0.50".
TWO_DECIMALS_RE = re.compile(r"\d{1,2}[.,]\d{2}")
# These two search whole paragraphs, where the regex module is the faster;
# the anchored line patterns above are faster in the standard library's re.
HAS_SCORE_RE = regex.compile(r"\d[.,]\d")
SCORE_LIKE_RE = regex.compile(r"\d\s*[.,]\s*[\dOoIl]{1,2}\b|[\dOo][.,]\d")


@dataclass(frozen=True)
class ScoreLine:
    label: str
    score: Decimal
    delta: Decimal | None  # signed; None where none printed, n/a, or the sign is unknown
    direction: str | None  # "up" | "down" | "flat"; None where no delta
    arrow: str | None  # the arrow glyph printed, if any
    delta_printed: bool  # a delta magnitude (or n/a) was printed
    delta_na: bool
    sign_unknown: bool  # a non-zero delta with neither arrow nor sign
    magnitude: Decimal | None = None  # the delta as printed, unsigned
    arrow_conflict: bool = False  # an explicit sign the arrow contradicts ("↗ -0.50")


@dataclass(frozen=True)
class RankLine:
    rank: int
    suffix: str | None
    out_of: int
    area_words: str  # "" for the global line
    rank_change: int | None
    arrow: str | None


def to_decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def parse_score_line(text: str) -> ScoreLine | None:
    """Parse "LABEL SCORE [ARROW] [DELTA]"; None if the text is not that form."""
    if not HAS_SCORE_RE.search(text):  # most lines hold no score: skip the long match
        return None
    m = SCORE_LINE_RE.match(text)
    if not m or not TWO_DECIMALS_RE.fullmatch(m["score"]):
        return None
    score = to_decimal(m["score"])
    label = m["label"].strip()
    if m["delta"] is not None:
        if not TWO_DECIMALS_RE.fullmatch(m["delta"]):
            return None
        return _score_with_delta(label, score, m["arrow"], m["sign"], to_decimal(m["delta"]))
    na = m["na"] is not None and m["na"] != "-"
    # A lone "-" after the score means "no change printed": treat as a zero delta.
    if m["na"] == "-":
        return ScoreLine(label, score, Decimal("0.00"), "flat", m["na_arrow"], True, False, False)
    arrow = m["na_arrow"]
    return ScoreLine(label, score, None, None, arrow, na, na, False)


def _score_with_delta(label, score, arrow, sign, magnitude) -> ScoreLine:
    direction = DIRECTION.get(arrow) if arrow else None
    if magnitude == 0:
        # A zero delta is flat whatever the arrow says.
        return ScoreLine(label, score, Decimal("0.00"), "flat", arrow, True, False, False)
    if sign:
        delta = magnitude if sign == "+" else -magnitude
        signed = "up" if delta > 0 else "down"
        return ScoreLine(label, score, delta, signed, arrow, True, False, False, magnitude,
                         arrow_conflict=direction is not None and direction != signed)
    if direction in ("up", "down"):
        delta = magnitude if direction == "up" else -magnitude
        return ScoreLine(label, score, delta, direction, arrow, True, False, False, magnitude)
    # A non-zero delta with a flat arrow or none at all: the sign is unknown.
    return ScoreLine(label, score, None, None, arrow, True, False, True, magnitude)


def parse_rank_line(text: str) -> RankLine | None:
    """Parse "99th [out] of 193 [AREA] countries [in AREA][,] [ARROW CHANGE | -]"; None otherwise.

    The whole line must be the rank phrase; `parse_row` finds one among other pieces.
    """
    if not text[:1].isdigit() or " of " not in text.lower():
        return None
    m = RANK_PHRASE_RE.match(text)
    if not m or text[m.end():].strip():
        return None
    return rank_match_to_line(m)


def is_score_like(text: str) -> bool:
    """True where the text holds something that looks like a score number."""
    return bool(SCORE_LIKE_RE.search(text))


# --- rows of cells, read by role ----------------------------------------------------
#
# A row is whatever the reader saw on one baseline (a PDF row's cells, a
# table row, a text line). Its pieces are given roles by their form, not
# their place: a rank phrase, a score, a change (arrow or word with a
# magnitude, a signed magnitude, n/a, a dash), and label words. So
# "CRIMINALITY SCORE: 5.03 ↗ 0.23", "5.03 | ↗ 0.23 | CRIMINALITY SCORE" and
# "↗ 0.23  5.03" read alike.

RANK_PHRASE_RE = regex.compile(
    rf"""(?<![\d.,])(?P<rank>\d{{1,3}})\s*(?P<suffix>st|nd|rd|th)?\s+(?:out\s+)?of\s+(?P<out_of>\d{{1,3}})\s+
        (?P<pre>[^\d{ARROWS}|]*?)\s*countries\b
        (?:\s+in\s+(?P<post>[^\d{ARROWS}|]+?))?
        (?=\s*[,;]?\s*(?:[{ARROWS}+=]|[–—-](?![A-Za-z])|\d|\bup\b|\bdown\b|\.?\s*$))
        \s*(?:[,;]\s*)?(?:(?P<arrow>[{ARROWS}])\s*(?P<sign>[+-])?\s*(?P<change>\d{{1,3}})\b
             |(?P<word>up|down)\s+(?P<word_change>\d{{1,3}})\b
             |(?P<sign_only>[+-])(?P<signed>\d{{1,3}})\b
             |(?P<zero>0)\b
             |(?P<dash>[-–—=])(?!\w)
             |(?P<flat>→))?""",
    flags=regex.VERBOSE | regex.IGNORECASE,
)
TOKEN_RE = regex.compile(
    rf"""(?P<num>(?<![\w.,])[+-]?\s?\d{{1,2}}[.,]\d{{1,2}}(?![\d.,]*\d))
        |(?P<arrow>[{ARROWS}])
        |(?P<word>(?<!\w)(?:up|down)(?=\s+[+-]?\d))
        |(?P<na>(?<!\w)n\s*/\s*a(?!\w))
        |(?P<dash>(?<![\w-])[-–—=](?![\w-]))
        |(?P<text>[^\s|]+)""",
    flags=regex.VERBOSE | regex.IGNORECASE,
)
LABEL_STRIP = " :|-–—•*·,;.Δ"
# A change in brackets, "(+0.23)", "(↗ 0.23)", "[n/a]", "(↗ 13)", "(change: ↘ 1.50)"; a
# score out of ten, "5.03/10".
BRACKETED_CHANGE_RE = regex.compile(
    rf"[(\[]\s*(?:(?:change|delta|Δ)\s*:?\s*)?((?:[{ARROWS}]|up|down)?\s*[+-]?\s*\d{{1,3}}(?:[.,]\d{{2}})?|n\s*/\s*a|[-–—=])\s*[)\]]",
    regex.IGNORECASE)
OUT_OF_TEN_RE = regex.compile(r"(\d[.,]\d{2})\s*/\s*10(?:[.,]0+)?(?![\d.,])")
# A row that holds only a change: "down 0.13", "↗ 2", "+3", "–", "n/a", "0".
CHANGE_ONLY_RE = re.compile(
    rf"^(?:(?:[{ARROWS}]|up|down)\s*)?[+-]?\s*\d{{1,3}}(?:[.,]\d{{2}})?$|^[-–—=]$|^(?:[{ARROWS}]\s*)?n\s*/\s*a$",
    re.IGNORECASE)


def is_change_only(text: str) -> bool:
    return bool(CHANGE_ONLY_RE.match(text.strip()))


@dataclass(frozen=True)
class RowParse:
    """What one row holds: label words, at most one score with its change, rank lines."""

    label: str
    score: ScoreLine | None
    ranks: tuple[tuple[RankLine, str], ...]  # each rank line with its printed text
    garbled: bool  # a number-like piece that is no score, change or rank
    # The score came before its change (None: no change, or two bare numbers).
    score_first: bool | None = None
    # Two bare numbers read against their column's order: one was off the score scale.
    by_scale: bool = False


def rank_match_to_line(m) -> RankLine:
    change: int | None = None
    arrow = m["arrow"] or m["flat"]
    if m["change"] is not None:
        magnitude = int(m["change"])
        direction = DIRECTION[m["arrow"]]
        if m["sign"]:
            change = magnitude if m["sign"] == "+" else -magnitude
        elif direction == "up":
            change = magnitude
        elif direction == "down":
            change = -magnitude
        else:
            change = 0 if magnitude == 0 else None
    elif m["word_change"] is not None:
        change = int(m["word_change"]) * (1 if m["word"].lower() == "up" else -1)
    elif m["signed"] is not None:
        change = int(m["signed"]) * (1 if m["sign_only"] == "+" else -1)
    elif m["dash"] or m["flat"] or m["zero"]:
        change = 0
    area = " ".join(part.strip() for part in (m["pre"], m["post"]) if part and part.strip())
    return RankLine(int(m["rank"]), m["suffix"], int(m["out_of"]), area, change, arrow)


def parse_row(cells: tuple[str, ...] | list[str], change_first: bool = False) -> RowParse:
    """Give each piece of a row its role; never raises.

    Stages read the same rows again (segment, then extract): parses are cached.
    """
    return _parse_row(tuple(cells), change_first)


@lru_cache(maxsize=16384)
def _parse_row(cells: tuple[str, ...], change_first: bool = False) -> RowParse:
    """Give each piece of a row its role.

    Two bare numbers are a score and its change, in that order, unless
    `change_first` (a table whose change column stands left of its scores).
    """
    text = " ".join(c for c in cells if c)
    if "(" in text or "[" in text or "/" in text:
        # "(+0.23)", "[↗ 13]": a change in brackets; "5.03/10": a score out of ten.
        text = OUT_OF_TEN_RE.sub(r"\1", BRACKETED_CHANGE_RE.sub(r" \1 ", text))
    ranks = []
    if " of " in text or " OF " in text:
        for m in RANK_PHRASE_RE.finditer(text):
            ranks.append((rank_match_to_line(m), m.group(0).strip()))
        if ranks:
            text = RANK_PHRASE_RE.sub(" ", text)
    tokens = [(m.lastgroup, m.group(0)) for m in TOKEN_RE.finditer(text)]
    bare = sum(kind == "num" and value[:1] not in "+-" for kind, value in tokens)
    marked = any(kind in ("arrow", "word", "na") or (kind == "num" and value[:1] in "+-")
                 for kind, value in tokens)
    # Only two bare numbers leave the order open; a marked change shows it,
    # and so does a number off the score scale ("8.20 0.00": 0.00 is the change).
    by_scale = False  # the scale, not the column's order, told the score
    if bare == 2 and not marked:
        first, second = (on_score_scale(v) for kind, v in tokens if kind == "num")
        by_scale = first != second and second != change_first
        change_first = second if first != second else change_first
    change_first = change_first and bare >= 2 and not marked
    label: list[str] = []
    score = change = None  # change: (arrow, sign, magnitude | None, na, dash)
    arrow = None
    garbled = False
    score_first = None
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else (None, "")
        if kind == "text":
            if any(ch.isdigit() for ch in value):
                garbled = True
            label.append(value)
        elif kind in ("arrow", "word"):
            arrow = value if kind == "arrow" else {"up": "↗", "down": "↘"}[value.lower()]
            if nxt[0] == "num" and change is None:
                change = (arrow, *split_sign(nxt[1]), False, False)
                score_first = score is not None
                i += 1
            elif nxt[0] == "na" and change is None:
                change = (arrow, None, None, True, False)
                score_first = score is not None
                i += 1
            elif change is not None and change[0] is None and change[2] is not None \
                    and i and tokens[i - 1][0] == "num" and nxt[0] != "num":
                # The arrow after its magnitude: "4.50 0.50 ↗".
                change = (arrow, *change[1:])
                score_first = score is not None
        elif kind == "num":
            sign, magnitude = split_sign(value)
            if sign is None and score is None and not (change_first and change is None):
                score = magnitude
            elif change is None:
                change = (None, sign, magnitude, False, False)
                if sign:  # a bare second number tells nothing of the order
                    score_first = score is not None
            else:
                garbled = True
        elif kind == "na" and change is None:
            change = (arrow, None, None, True, False)
            score_first = score is not None
        elif kind == "dash" and change is None and (score is not None or label):
            # A hyphen says "no change"; an en or em dash, like n/a, "no delta".
            change = (arrow, None, None, value in "–—", value not in "–—")
        i += 1
    label_text = " ".join(label).strip(LABEL_STRIP)
    if score is None:
        return RowParse(label_text, None, tuple(ranks), garbled or change is not None)
    if not TWO_DECIMALS_RE.fullmatch(score):
        return RowParse(label_text, None, tuple(ranks), True)
    return RowParse(label_text, change_to_score_line(label_text, score, change),
                    tuple(ranks), garbled, score_first, by_scale)


def on_score_scale(number: str) -> bool:
    """Whether a bare number could be a score: two decimals, 1 to 10."""
    low, high = SCORE_SCALE
    return bool(TWO_DECIMALS_RE.fullmatch(number)) and low <= to_decimal(number) <= high


def split_sign(value: str) -> tuple[str | None, str]:
    value = value.replace(" ", "")
    if value[:1] in "+-":
        return value[0], value[1:]
    return None, value


def change_to_score_line(label: str, score_text: str, change) -> ScoreLine | None:
    score = to_decimal(score_text)
    if change is None:
        return ScoreLine(label, score, None, None, None, False, False, False)
    arrow, sign, magnitude, na, dash = change
    if na:
        return ScoreLine(label, score, None, None, arrow, True, True, False)
    if dash:
        return ScoreLine(label, score, Decimal("0.00"), "flat", arrow, True, False, False)
    if not TWO_DECIMALS_RE.fullmatch(magnitude):
        return None
    return _score_with_delta(label, score, arrow, sign, to_decimal(magnitude))
