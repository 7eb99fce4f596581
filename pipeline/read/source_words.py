"""Glyphs into words the way pdfplumber's `extract_words` makes them.

A source that reads glyphs itself (pdfium) hands them here in content
order as (text, x0, x1, top, bottom, key) tuples, key being (font, size,
colour), and gets the tokens pdfplumber would give: runs of glyphs with
the same key, each run cut into lines by `top` and each line, left to
right, into words at spaces and at gaps wider than the tolerance.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from .model import Token

# pdfplumber's `expand_ligatures`: the word text spells a ligature out.
LIGATURES = {"\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb01": "fi",
             "\ufb02": "fl", "\ufb06": "st", "\ufb05": "st"}

KEY = itemgetter(5)
X0 = itemgetter(1)


def chars_to_tokens(chars: list[tuple], x_tolerance: float = 1.5,
                    y_tolerance: float = 2.0) -> list[Token]:
    """Group glyphs by font, size and colour, then into lines and words."""
    tokens: list[Token] = []
    for key, run in groupby(chars, KEY):
        font, size, colour = key
        for line in run_to_lines(list(run), y_tolerance):
            line.sort(key=X0)  # stable, as pdfplumber's (x0, x0) key
            word: list[tuple] = []
            for char in line:
                if char[0].isspace():
                    if word:
                        tokens.append(word_token(word, font, size, colour))
                        word = []
                    continue
                if word:
                    last = word[-1]
                    if char[1] < last[1] or char[1] > last[2] + x_tolerance \
                            or abs(char[3] - last[3]) > y_tolerance:
                        tokens.append(word_token(word, font, size, colour))
                        word = []
                word.append(char)
            if word:
                tokens.append(word_token(word, font, size, colour))
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


def word_token(word: list[tuple], font: str, size: float, colour) -> Token:
    text = "".join(LIGATURES.get(c[0], c[0]) for c in word)
    return Token(text, min(c[1] for c in word), min(c[3] for c in word),
                 max(c[2] for c in word), max(c[4] for c in word), font, size, colour, True)
