"""Glyphs into words the way pdfplumber's `extract_words` makes them.

A source that reads glyphs itself (pdfium) hands them here in content
order as (text, x0, x1, top, bottom, key) tuples, key being (font, size,
colour), each a glyph or a stretch of glyphs set with no gap between them
(`text` then holds them all; never a space inside), and gets the tokens pdfplumber would give: runs of glyphs with
the same key, each run cut into lines by `top` and each line, left to
right, into words at spaces and at gaps wider than the tolerance.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from .model import Token

# pdfplumber's `expand_ligatures`: the word text spells a ligature out.
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb01": "fi",
                           "\ufb02": "fl", "\ufb06": "st", "\ufb05": "st"})

KEY = itemgetter(5)
X0 = itemgetter(1)


def chars_to_tokens(chars: list[tuple], x_tolerance: float = 1.5,
                    y_tolerance: float = 2.0) -> list[Token]:
    """Group glyphs by font, size and colour, then into lines and words."""
    tokens: list[Token] = []
    append = tokens.append
    for key, run in groupby(chars, KEY):
        font, size, colour = key
        for line in run_to_lines(list(run), y_tolerance):
            line.sort(key=X0)  # stable, as pdfplumber's (x0, x0) key
            texts, x0s, x1s, tops, bottoms, _ = zip(*line)
            flat = min(tops) == max(tops)  # one baseline: every word has its top and bottom
            start = None
            for i, text in enumerate(texts):
                if text.isspace():
                    if start is not None:
                        append(word_token(texts, x0s, x1s, tops, bottoms, start, i, flat,
                                          font, size, colour))
                        start = None
                    continue
                if start is not None:
                    last = i - 1
                    if x0s[i] < x0s[last] or x0s[i] > x1s[last] + x_tolerance \
                            or abs(tops[i] - tops[last]) > y_tolerance:
                        append(word_token(texts, x0s, x1s, tops, bottoms, start, i, flat,
                                          font, size, colour))
                        start = i
                else:
                    start = i
            if start is not None:
                append(word_token(texts, x0s, x1s, tops, bottoms, start, len(texts), flat,
                                  font, size, colour))
    return tokens


def run_to_lines(run: list[tuple], tolerance: float) -> list[list[tuple]]:
    """Cluster glyphs by `top` as pdfplumber's `cluster_objects` does: chained, top first."""
    tops = sorted({c[3] for c in run})
    if len(tops) == 1:
        return [run]
    cluster = {}
    index, last = 0, tops[0]
    for top in tops:
        if top > last + tolerance:
            index += 1
        cluster[top] = index
        last = top
    lines: list[list[tuple]] = [[] for _ in range(index + 1)]
    for char in run:
        lines[cluster[char[3]]].append(char)
    return lines


def word_token(texts, x0s, x1s, tops, bottoms, start: int, end: int, flat: bool,
               font: str, size: float, colour) -> Token:
    """The word of glyphs start..end of a line, its box the union of theirs."""
    text = "".join(texts[start:end])
    if not text.isascii():
        text = text.translate(LIGATURES)
    x1 = x1s[end - 1] if end - start == 1 else max(x1s[start:end])
    if flat:
        return Token(text, x0s[start], tops[start], x1, bottoms[start], font, size, colour, True)
    return Token(text, x0s[start], min(tops[start:end]), x1, max(bottoms[start:end]),
                 font, size, colour, True)
