"""Hard-wrap a paragraph at a column, as pdftotext and copy-paste leave it.

Hyphenation is added only where a reader with a word list would clearly
rejoin: the whole word is common and its head is not a word of its own
("traf-" / "ficking"). Compounds are broken only after their own hyphen,
and only when the joined form is not a word ("cyber-" / "dependent"
stays "cyber-dependent").
"""

from __future__ import annotations

import random
from functools import lru_cache

from wordfreq import zipf_frequency

VOWELS = set("aeiouy")
DIGRAPHS = {"ch", "sh", "th", "ph", "gh", "ck", "ng", "wh", "qu"}


@lru_cache(maxsize=None)
def zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _syllable_cut(word: str, cut: int) -> bool:
    head, tail = word[:cut], word[cut:]
    if len(head) < 4 or len(tail) < 3:
        return False
    before, after, nxt = head[-1], tail[0], tail[1]
    if before not in VOWELS and after not in VOWELS:
        return before + after not in DIGRAPHS
    return before in VOWELS and after not in VOWELS and nxt in VOWELS


def hyphen_cuts(word: str) -> list[int]:
    """Where an added hyphen may split a word, latest first ([] for most words)."""
    core = word.rstrip(".,;:)")
    if len(core) < 7 or not core.isalpha() or not core.islower() or zipf(core) < 3.0:
        return []
    return [cut for cut in range(len(core) - 3, 3, -1)
            if _syllable_cut(core, cut) and zipf(core[:cut]) < 2.5]


def compound_cuts(word: str) -> list[int]:
    """After which own hyphens a compound may break (the joined form is no word)."""
    core = word.strip(".,;:()")
    if "-" not in core[1:-1] or zipf(core.replace("-", "").lower()) >= 2.0:
        return []
    return [i + 1 for i, ch in enumerate(word) if ch == "-" and 0 < i < len(word) - 1]


# Glyph widths of a proportional font, in average characters: a PDF wraps by
# the printed width, so its lines vary in length by characters.
NARROW, WIDE = set("ijlftrI.,;:'!()-\u2019 "), set("mwMW")


def printed_width(text: str) -> float:
    return sum(0.6 if c in NARROW else 1.5 if c in WIDE else 1.2 if c.isupper() else 1.0
               for c in text)


def wrap(text: str, width: int, rng: random.Random, hyphenate: bool = False,
         break_compounds: bool = False, proportional: bool = False) -> list[str]:
    """Greedy wrap; a word that overflows may be split (randomly, not always).

    Proportional: lines are filled to `width` times the printed width of an
    average character, as a PDF set in a proportional font wraps them.
    """
    if proportional:
        scale = printed_width(text) / len(text)

        def fits(candidate: str) -> bool:
            return printed_width(candidate) <= width * scale
    else:
        def fits(candidate: str) -> bool:
            return len(candidate) <= width
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if fits(candidate) or not line:
            line = candidate
            continue
        split = None
        if break_compounds and rng.random() < 0.8:
            for cut in reversed(compound_cuts(word)):
                if fits(f"{line} {word[:cut]}"):
                    split = (word[:cut], word[cut:])
                    break
        if split is None and hyphenate and rng.random() < 0.6:
            for cut in hyphen_cuts(word):
                if fits(f"{line} {word[:cut]}-"):
                    split = (word[:cut] + "-", word[cut:])
                    break
        if split:
            lines.append(f"{line} {split[0]}")
            line = split[1]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines
