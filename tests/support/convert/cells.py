"""Write one number, delta, rank or rank change as a converter would."""

from __future__ import annotations

import re

from tests.support.convert.style import Style

SUPERSCRIPTS = {"st": "ˢᵗ", "nd": "ⁿᵈ", "rd": "ʳᵈ", "th": "ᵗʰ"}
WORDS = {"up": "up", "down": "down"}


def direction(entry: dict) -> str:
    """up, down, flat or none: the spec's override, else the delta's sign."""
    if entry.get("arrow"):
        return entry["arrow"]
    delta = entry.get("delta")
    if delta is None or delta == "n/a" or float(delta) == 0:
        return "flat"
    return "down" if delta.startswith("-") else "up"


def glyph(style: Style, way: str) -> str:
    return style.glyphs[{"up": 0, "down": 1, "flat": 2}[way]]


def arrowed(style: Style, way: str, magnitude: str) -> str:
    """An arrow (LaTeX, Unicode or word) and an unsigned number."""
    if style.arrows == "latex":
        if style.latex_arrow_only:  # MinerU: "$\nearrow$ 0.23"
            return f"${glyph(style, way)}$ {magnitude}"
        return f"${glyph(style, way)} {magnitude}$"
    if style.arrows == "word":
        return f"{WORDS[way]} {magnitude}"
    return f"{glyph(style, way)} {magnitude}"


def delta_cell(style: Style, entry: dict) -> str:
    """The delta: "$\\nearrow 0.23$", "↗ 0.23", "up 0.23", "+0.23", "0.00", "n/a" or ""."""
    delta = entry.get("delta")
    if delta is None:
        return ""
    if delta == "n/a":
        return style.na
    way = direction(entry)
    magnitude = delta.lstrip("-")
    if way == "none":  # the spec says: no arrow, a signed number
        return delta.replace("-", style.minus)
    if style.arrows == "sign":
        if float(delta) == 0:
            return magnitude
        return ("+" if way == "up" else style.minus) + magnitude
    if way == "flat":
        if style.zero_arrow or style.arrows == "latex" and entry.get("arrow") == "flat":
            return arrowed(style, "flat", magnitude) if style.arrows != "word" else magnitude
        return magnitude
    return arrowed(style, way, magnitude)


def ordinal(style: Style, text: str) -> str:
    """The ordinal of a rank text: 99th, 99<sup>th</sup>, 99^th^ or 99ᵗʰ."""
    def write(m: re.Match) -> str:
        number, suffix = m.group(1), m.group(2)
        if style.ordinal == "sup":
            return f"{number}<sup>{suffix}</sup>"
        if style.ordinal == "caret":
            return f"{number}^{suffix}^"
        if style.ordinal == "unicode":
            return number + SUPERSCRIPTS[suffix]
        if style.ordinal == "latex":  # Mathpix
            return f"${number}^{{\\text {{{suffix} }}}}$"
        return number + suffix
    return re.sub(r"^(\d+)(st|nd|rd|th)\b", write, text)


def rank_change_cell(style: Style, change: int | None) -> str:
    """A rank change: "$\\nearrow 13$", "↘ 3", "+13", "up 13", or -, –, =, 0, → 0 for none."""
    if change is None:
        return ""
    if change == 0:
        if style.rank_zero == "arrow":
            if style.arrows == "latex":
                return f"${glyph(style, 'flat')} 0$"
            return "0" if style.arrows in ("word", "sign") else f"{glyph(style, 'flat')} 0"
        return style.rank_zero
    way = "up" if change > 0 else "down"
    if style.rank_change == "signed" or style.arrows == "sign":
        return ("+" if change > 0 else style.minus) + str(abs(change))
    if style.rank_change == "word" or style.arrows == "word":
        return f"{WORDS[way]} {abs(change)}"
    return arrowed(style, way, str(abs(change)))


def score_and_delta(style: Style, entry: dict, sep: str = " ") -> str:
    delta = delta_cell(style, entry)
    return f"{entry['score']}{sep}{delta}" if delta else entry["score"]
