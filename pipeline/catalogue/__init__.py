"""The catalogue: look up what a printed name means, per edition.

The data is in `data.py`, `countries.csv` and `regions.csv`; this module
only loads it and answers questions about it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import regex

from .data import (
    COMPOSITE_NAMES,
    DIMENSIONS,
    EDITIONS,
    HEADLINE_LABELS,
    INDICATOR_KEYWORDS,
    INDICATORS,
    ORDER_2021,
    PILLARS,
    PREVIOUS_EDITION,
    SECTION_TREE,
    WORKBOOK_COMPOSITE_SUFFIX,
    WORKBOOK_ORDER,
)

__all__ = [
    "Area", "Country", "Match", "DIMENSIONS", "EDITIONS", "PREVIOUS_EDITION",
    "areas", "countries", "indicator_name", "indicators_for", "is_new_in",
    "label_key", "match_area", "match_country", "match_headline", "match_indicator",
    "pillar_code", "match_section_heading", "pillar_of", "dimension_of",
    "indicators_discussed",
]


NOT_ALNUM_RE = re.compile(r"[^A-Z0-9]+")
MARK_RE = regex.compile(r"\p{M}")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    continent: str
    regions: dict  # edition -> region name


@dataclass(frozen=True)
class Area:
    edition: int
    scope: str  # "continent" | "region"
    continent: str
    name: str
    size: int
    adjectives: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """A printed label resolved to a code; `distance` 0 means an exact spelling."""

    code: str | None
    distance: int
    candidates: tuple[str, ...] = ()


@lru_cache(maxsize=8192)  # headings and labels repeat in every report
def label_key(text: str) -> str:
    """Fold a printed label to the key it is looked up by."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        if MARK_RE.search(text):  # every combining character is a mark (\p{M})
            text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.upper().replace("&", " AND ")
    return " ".join(NOT_ALNUM_RE.sub(" ", text).split())


def match_key(key: str, choices: dict[str, str]) -> Match:
    """Resolve a folded label against {folded spelling: code}, tolerating typos.

    A typo is accepted only when one code is strictly closer than every
    other: FLORA and FAUNA CRIMES are three edits apart, so a single slip
    cannot turn one into the other.
    """
    if key in choices:
        return Match(choices[key], 0)
    if not key:
        return Match(None, 0)
    best: dict[str, int] = {}
    for spelling, code in choices.items():
        allowed = max(1, len(spelling) // 8)
        if abs(len(spelling) - len(key)) > allowed:
            continue
        m = regex.fullmatch(
            f"(?:{regex.escape(spelling)}){{e<={allowed}}}", key, flags=regex.BESTMATCH
        )
        if m:
            cost = sum(m.fuzzy_counts)
            best[code] = min(cost, best.get(code, cost))
    ranked = sorted(best.items(), key=lambda kv: (kv[1], kv[0]))
    nearest = tuple(code for code, _ in ranked[:3])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return Match(None, 0, nearest or nearest_by_prefix(key, choices))
    return Match(ranked[0][0], ranked[0][1], nearest)


def nearest_by_prefix(key: str, choices: dict[str, str]) -> tuple[str, ...]:
    """Name up to three codes sharing the longest leading word with `key`."""
    words = key.split()
    if not words:
        return ()
    hits = [code for spelling, code in choices.items() if spelling.split()[:1] == words[:1]]
    return tuple(dict.fromkeys(hits))[:3]


# --- indicators and pillars ---------------------------------------------------


@cache
def indicators_for(edition: int, pillar: str | None = None) -> tuple[str, ...]:
    """Indicator codes the edition has, in report order."""
    codes = [c for c, (p, _, eds, _) in INDICATORS.items() if edition in eds]
    if edition == 2021:
        markets = list(ORDER_2021)
        codes = markets + [c for c in codes if c not in markets]
    if pillar is not None:
        codes = [c for c in codes if INDICATORS[c][0] == pillar]
    return tuple(codes)


def pillar_of(indicator: str) -> str:
    return INDICATORS[indicator][0]


def dimension_of(pillar: str) -> str:
    return PILLARS[pillar][0]


def indicator_name(indicator: str) -> str:
    return INDICATORS[indicator][1]


def is_new_in(indicator: str, edition: int) -> bool:
    """True where the indicator first appears in `edition` (its delta is n/a)."""
    editions = INDICATORS[indicator][2]
    previous = PREVIOUS_EDITION.get(edition)
    return edition in editions and previous is not None and previous not in editions


@cache
def _indicator_spellings() -> dict[str, str]:
    spellings = {}
    for code, (_, name, _, extra) in INDICATORS.items():
        for text in (name, *extra):
            spellings[label_key(text)] = code
    return spellings


def match_indicator(label: str) -> Match:
    return match_key(label_key(label), _indicator_spellings())


@cache
def _pillar_spellings() -> dict[str, str]:
    return {label_key(t): code for code, (_, names) in PILLARS.items() for t in names}


def pillar_code(label: str) -> str | None:
    """The pillar a label spells exactly ("CRIMINAL MARKETS"), else None."""
    return _pillar_spellings().get(label_key(label))


@cache
def _headline_spellings() -> dict[str, str]:
    return {label_key(t): dim for dim, names in HEADLINE_LABELS.items() for t in names}


def match_headline(label: str) -> Match:
    """Resolve "CRIMINALITY SCORE" / "RESILIENCE SCORE" to the dimension."""
    return match_key(label_key(label), _headline_spellings())


def workbook_columns(edition: int) -> tuple[tuple[str, str], ...]:
    """(header, code) of the published workbook's score columns for an edition, in order."""
    have = set(indicators_for(edition))
    columns = []
    for code in WORKBOOK_ORDER[2023]:
        if code in COMPOSITE_NAMES:
            columns.append((COMPOSITE_NAMES[code] + WORKBOOK_COMPOSITE_SUFFIX[edition], code))
        elif code in have:
            columns.append((INDICATORS[code][1], code))
    return tuple(columns)


# --- countries and areas ------------------------------------------------------


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def countries() -> tuple[Country, ...]:
    rows = _read_csv("countries.csv")
    return tuple(
        Country(
            iso3=r["iso3"],
            name=r["name"],
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            continent=r["continent"],
            regions={2021: r["region_2021"], 2023: r["region_2023"], 2025: r["region_2023"]},
        )
        for r in rows
    )


@cache
def _country_spellings() -> dict[str, str]:
    spellings = {}
    for c in countries():
        for text in (c.name, *c.aliases):
            spellings.setdefault(label_key(text), c.iso3)
    return spellings


def match_country(title: str) -> Match:
    return match_key(label_key(title), _country_spellings())


def country(iso3: str) -> Country:
    return next(c for c in countries() if c.iso3 == iso3)


@cache
def areas(edition: int) -> tuple[Area, ...]:
    return tuple(
        Area(
            edition=int(r["edition"]),
            scope=r["scope"],
            continent=r["continent"],
            name=r["area"],
            size=int(r["size"]),
            adjectives=tuple(r["adjectives"].split("|")),
        )
        for r in _read_csv("regions.csv")
        if int(r["edition"]) == edition
    )


@cache
def _area_spellings(edition: int) -> tuple[dict[str, str], dict[str, Area]]:
    spellings, by_name = {}, {}
    for area in areas(edition):
        by_name[area.name] = area
        for text in (*area.adjectives, area.name):
            spellings[label_key(text)] = area.name
    return spellings, by_name


def match_area(adjective: str, edition: int) -> tuple[Area | None, Match]:
    """Resolve the words before "countries" in a rank line to a continent or region."""
    spellings, by_name = _area_spellings(edition)
    m = match_key(label_key(adjective), spellings)
    return (by_name[m.code] if m.code else None), m


# --- narrative sections -------------------------------------------------------


@cache
def _section_spellings(edition: int) -> dict[str, tuple[str, str | None, str | None]]:
    """{folded heading: (section, heading, subheading)} for one edition."""
    found = {}
    for section, (title, headings) in SECTION_TREE.items():
        found[label_key(title)] = (section, None, None)
        for heading, subs in headings.items():
            found[label_key(heading)] = (section, heading, None)
            for sub, eds in subs.items():
                if edition in eds:
                    found[label_key(sub)] = (section, heading, sub)
    return found


def match_section_heading(text: str, edition: int) -> tuple[str, str | None, str | None] | None:
    """Place a heading line in the section tree, or None if it is not one."""
    if len(text) > 60:  # a paragraph, not a heading
        return None
    return _section_spellings(edition).get(label_key(text))


def word_frequency(word: str) -> float:
    """How common an English word is, on wordfreq's Zipf scale (0 unknown, 7 "the")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


# Keywords are matched against the words of the lower-cased text. A word is a
# run of \w joined by single hyphens ("oil-rich"); a keyword matches a word or
# a hyphenated start of one ("oil" in "oil-rich", not in "crude-oil"); the
# words of a phrase must be consecutive words. The stdlib's re: a plain pattern.
TOKEN_RE = re.compile(r"\w+(?:-\w+)*")
# The same words in ASCII text, faster: every other character becomes a space.
ASCII_GAPS = str.maketrans({c: " " for c in map(chr, range(128))
                            if not (c.isalnum() or c in "_-")})


def words_of(text: str) -> list[str]:
    """TOKEN_RE.findall(text), quicker where the text is ASCII (most prose)."""
    if not text.isascii():
        return TOKEN_RE.findall(text)
    gaps = text.translate(ASCII_GAPS)
    # A hyphen that does not join two word characters ("a - b", "a--b") is a gap
    # too; such text is rare enough to leave to the regular expression.
    if "-" in gaps and (" -" in gaps or "- " in gaps or "--" in gaps
                        or gaps.startswith("-") or gaps.endswith("-")):
        return TOKEN_RE.findall(text)
    return gaps.split()


@dataclass(frozen=True)
class _Keywords:
    """An edition's (and pillar's) indicator keywords, indexed for quick tests."""

    order: dict[str, int]  # indicator code -> its place in the report
    words: dict[str, tuple[str, ...]]  # one-word keyword -> codes
    phrases: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # first word -> (code, needles)
    prefixes: tuple[tuple[str, str], ...]  # (code, " prefix") of one-word wildcards
    hyphen_heads: frozenset[str]  # "state" of "state-embedded": a longer opening may match


@cache
def _keywords(edition: int, pillar: str | None) -> _Keywords:
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    prefixes = []
    for code in indicators_for(edition, pillar):
        for keyword in INDICATOR_KEYWORDS[code]:
            phrase, wildcard = keyword.lower().rstrip("*"), keyword.endswith("*")
            first, _, rest = phrase.partition(" ")
            if not rest and not wildcard:
                words.setdefault(phrase, []).append(code)
            elif not rest:
                prefixes.append((code, f" {phrase}"))
            else:
                # In the words joined by single spaces: " phrase " or " phrase-..."
                needles = (f" {phrase}",) if wildcard else (f" {phrase} ", f" {phrase}-")
                phrases.setdefault(first, []).append((code, needles))
    return _Keywords({code: n for n, code in enumerate(indicators_for(edition, pillar))},
                     {w: tuple(codes) for w, codes in words.items()},
                     {w: tuple(found) for w, found in phrases.items()}, tuple(prefixes),
                     frozenset(w.partition("-")[0] for w in words if "-" in w))


def indicators_discussed(text: str, edition: int, pillar: str | None = None) -> tuple[str, ...]:
    """Indicator codes of the edition (and pillar) whose keywords the text mentions.

    A narrative section discusses the indicators of its own pillar: the
    mafia paragraph's "arms and drug trafficking" is about the mafia.
    Keywords are whole words ("oil" also opens "oil-rich"; "fraud*" is any
    word starting "fraud"); a phrase's words must follow one another.
    """
    keywords = _keywords(edition, pillar)
    text = text.lower()
    tokens = words_of(text)
    words = set(tokens)
    if "-" in text:  # "oil-rich-area" opens with "oil" and "oil-rich" too
        for token in [t for t in words if "-" in t]:
            head = token.partition("-")[0]
            words.add(head)
            if head in keywords.hyphen_heads:  # only a hyphenated keyword needs the rest
                parts = token.split("-")
                words.update("-".join(parts[:k]) for k in range(2, len(parts)))
    joined = f" {' '.join(tokens)} "
    found = {code for word in words.intersection(keywords.words)
             for code in keywords.words[word]}
    for first in words.intersection(keywords.phrases):
        for code, needles in keywords.phrases[first]:
            if code not in found and any(n in joined for n in needles):
                found.add(code)
    found.update(code for code, needle in keywords.prefixes if needle in joined)
    return tuple(sorted(found, key=keywords.order.__getitem__))
