"""The catalogue: look up what a printed name means, per edition.

The data is in the CSV files beside this module (read and checked by
`load.py`) and in `data.py`; this module only answers questions about it.
An edition the catalogue lacks is answered from the latest edition it has
(its template), so a new edition's reports can still be read.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .data import DIMENSIONS, HEADLINE_LABELS, INDICATOR_KEYWORDS, PILLARS, SECTION_TREE
from .load import (
    Area,
    CatalogueData,
    CatalogueError,
    Country,
    Membership,
    catalogue_dir,
    read_catalogue,
)

__all__ = [
    "Area", "Country", "Match", "Membership", "CatalogueError", "DIMENSIONS",
    "areas", "countries", "indicator_name", "indicators_for", "is_new_in",
    "label_key", "match_area", "match_country", "match_headline", "match_indicator",
    "pillar_code", "match_section_heading", "pillar_of", "dimension_of",
    "indicators_discussed", "editions", "is_known_edition", "template_edition",
    "previous_edition", "membership", "workbook_columns", "dataset_layout", "load",
]


NOT_ALNUM_RE = re.compile(r"[^A-Z0-9]+")
MARK_RE = regex.compile(r"\p{M}")


@cache
def load() -> CatalogueData:
    """The catalogue of the folder `catalogue_dir()` names, read and checked once."""
    return read_catalogue(catalogue_dir())


def __getattr__(name: str):
    # catalogue.EDITIONS and catalogue.PREVIOUS_EDITION, read from editions.csv.
    if name == "EDITIONS":
        return editions()
    if name == "PREVIOUS_EDITION":
        return {year: e.previous for year, e in load().editions.items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- editions -----------------------------------------------------------------


def editions() -> tuple[int, ...]:
    """The editions the catalogue has, oldest first."""
    return tuple(load().editions)


def is_known_edition(edition: int) -> bool:
    return edition in load().editions


def template_edition(edition: int) -> int:
    """The edition whose catalogue answers for `edition`: itself, else the latest known."""
    return edition if is_known_edition(edition) else editions()[-1]


def previous_edition(edition: int) -> int | None:
    """The edition a printed delta is measured from; for an unknown one, the latest before it."""
    known = load().editions
    if edition in known:
        return known[edition].previous
    earlier = [year for year in known if year < edition]
    return earlier[-1] if earlier else None


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
    """Indicator codes the edition (or its template) has, in report order."""
    year = template_edition(edition)
    return tuple(code for code, ind in load().indicators.items()
                 if ind.in_edition(year) and (pillar is None or ind.pillar == pillar))


def is_indicator(code: str) -> bool:
    return code in load().indicators


def pillar_of(indicator: str) -> str:
    return load().indicators[indicator].pillar


def dimension_of(pillar: str) -> str:
    return PILLARS[pillar][0]


def indicator_name(indicator: str) -> str:
    return load().indicators[indicator].name


def is_new_in(indicator: str, edition: int) -> bool:
    """True where the indicator first appears in `edition` (its delta is n/a)."""
    found = load().indicators.get(indicator)
    return (found is not None and found.first_edition == edition
            and previous_edition(edition) is not None)


def code_from_label(label: str) -> str:
    """A code for a label the catalogue does not know: "SPACE PIRACY" -> "space_piracy"."""
    return label_key(label).lower().replace(" ", "_") or "unlabelled"


@cache
def _indicator_spellings() -> dict[str, str]:
    spellings = {}
    for code, ind in load().indicators.items():
        for text in (ind.name, *ind.spellings):
            spellings[label_key(text)] = code
    return spellings


@lru_cache(maxsize=8192)
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


@lru_cache(maxsize=8192)
def match_headline(label: str) -> Match:
    """Resolve "CRIMINALITY SCORE" / "RESILIENCE SCORE" to the dimension."""
    return match_key(label_key(label), _headline_spellings())


def workbook_columns(edition: int) -> tuple[tuple[str, str], ...]:
    """(header, code) of the published workbook's score columns for an edition, in order."""
    return load().workbook_columns[template_edition(edition)]


@cache
def dataset_layout() -> tuple[tuple[str, str], ...]:
    """(header, code) of the `dataset` table: the widest edition's columns, the earliest such."""
    columns = load().workbook_columns
    return max((columns[year] for year in editions()), key=len)


# --- countries and areas ------------------------------------------------------


def countries() -> tuple[Country, ...]:
    return load().countries


@cache
def _country_spellings() -> dict[str, str]:
    spellings = {}
    for c in countries():
        for text in (c.name, *c.aliases):
            spellings.setdefault(label_key(text), c.iso3)
    return spellings


@lru_cache(maxsize=8192)
def match_country(title: str) -> Match:
    return match_key(label_key(title), _country_spellings())


@cache
def _countries_by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in countries()}


def country(iso3: str) -> Country:
    return _countries_by_iso3()[iso3]


@cache
def _memberships() -> dict[tuple[str, int], Membership]:
    return {(m.iso3, m.edition): m for m in load().memberships}


def membership(iso3: str, edition: int) -> Membership | None:
    """The country's continent and region in the edition; None where the catalogue lacks it."""
    return _memberships().get((iso3, edition))


@cache
def areas(edition: int) -> tuple[Area, ...]:
    """The continents and regions of an edition the catalogue has (none for another)."""
    return tuple(a for a in load().areas if a.edition == edition)


@cache
def _area_spellings(edition: int) -> tuple[dict[str, str], dict[str, Area]]:
    spellings, by_name = {}, {}
    for area in areas(edition):
        by_name[area.name] = area
        for text in (*area.adjectives, area.name):
            spellings[label_key(text)] = area.name
    return spellings, by_name


def match_area(words: str, edition: int) -> tuple[Area | None, Match]:
    """Resolve the area words of a rank line to a continent or region.

    The edition's own areas (its template's, for an edition the catalogue
    lacks) come first; then the other editions', newest first, so a region
    that was renamed or merged is still recognised. `Area.edition` says
    which edition the area came from. With no match, the candidates are the
    nearest area names of any edition.
    """
    key = label_key(words)
    year = template_edition(edition)
    for other in (year, *sorted((y for y in editions() if y != year), reverse=True)):
        spellings, by_name = _area_spellings(other)
        m = match_key(key, spellings)
        if m.code:
            return by_name[m.code], m
    return None, Match(None, 0, nearest_areas(key))


@cache
def _all_area_spellings() -> dict[str, Area]:
    found: dict[str, Area] = {}
    for year in sorted(editions(), reverse=True):
        for area in areas(year):
            for text in (*area.adjectives, area.name):
                found.setdefault(label_key(text), area)
    return found


def nearest_areas(key: str, limit: int = 3) -> tuple[str, ...]:
    """The names of the areas (of any edition) whose printed forms are most like `key`."""
    spellings = _all_area_spellings()
    close = difflib.get_close_matches(key, list(spellings), n=len(spellings), cutoff=0.5)
    return tuple(dict.fromkeys(spellings[k].name for k in close))[:limit]


def scope_of_nearest(key: str) -> str:
    """The scope an unknown area phrase most likely has: its nearest area's, else region.

    Continents are few and stable; a phrase no edition prints is far more
    likely a new or renamed region.
    """
    near = nearest_areas(key, 1)
    if near:
        return next(a.scope for a in _all_area_spellings().values() if a.name == near[0])
    return "region"


# --- narrative sections -------------------------------------------------------


@cache
def _section_spellings(edition: int) -> dict[str, tuple[str, str | None, str | None]]:
    """{folded heading: (section, heading, subheading)} for one edition."""
    found = {}
    for section, (title, headings) in SECTION_TREE.items():
        found[label_key(title)] = (section, None, None)
        for heading, subs in headings.items():
            found[label_key(heading)] = (section, heading, None)
            for sub, indicator in subs.items():
                if indicator is None or indicator in indicators_for(edition):
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
# The same words in ASCII text, faster: every other character becomes a space
# (a bytes table: bytes.translate is a plain lookup, str.translate a dict's).
ASCII_GAPS = bytes(c if chr(c).isalnum() or chr(c) in "_-" else 32 for c in range(128)) \
    + bytes(range(128, 256))


# Typographic punctuation and spaces, the non-ASCII most prose holds: gaps to
# TOKEN_RE as to ASCII_GAPS, so a text with only these takes the quick way.
PUNCTUATION_GAPS = str.maketrans({c: " " for c in "’‘“”–—…\u00a0\u2009\u202f\u200b"})


def spaced_words(text: str) -> str:
    """TOKEN_RE's words of the text, each between spaces (one or more): " oil-rich  areas ".

    Quicker than the regular expression where the text is ASCII (most prose).
    """
    if not text.isascii():
        text = text.translate(PUNCTUATION_GAPS)
        if not text.isascii():
            return f" {' '.join(TOKEN_RE.findall(text))} "
    gaps = text.encode("ascii").translate(ASCII_GAPS).decode("ascii")
    # A hyphen that does not join two word characters ("a - b", "a--b") is a gap
    # too; such text is rare enough to leave to the regular expression.
    if "-" in gaps and (" -" in gaps or "- " in gaps or "--" in gaps
                        or gaps.startswith("-") or gaps.endswith("-")):
        return f" {' '.join(TOKEN_RE.findall(text))} "
    return f" {gaps} "


def words_of(text: str) -> list[str]:
    """TOKEN_RE.findall(text), quicker where the text is ASCII."""
    return spaced_words(text).split()


def trie_pattern(words: set[str]) -> str:
    """One regular expression for any of the words, as a trie: "ab|ac" is "a(?:b|c)".

    The standard library tries a plain alternation's branches one by one at
    every place; a trie tests each character once. A space in a word is one
    or more spaces.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(" +" if char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


@dataclass(frozen=True)
class _Keywords:
    """An edition's (and pillar's) indicator keywords, indexed for quick tests.

    `candidates` finds the words of the text where some keyword may start
    (a trie of them all); what such a word matches alone, and the phrases it
    may open, are worked out once (`hits`) and kept.
    """

    order: dict[str, int]  # indicator code -> its place in the report
    words: dict[str, tuple[str, ...]]  # one-word keyword -> codes
    phrases: dict[str, tuple[tuple[str, re.Pattern], ...]]  # first word -> (code, rest of it)
    prefixes: tuple[tuple[str, str], ...]  # (code, prefix) of one-word wildcards
    candidates: re.Pattern  # " word" of the spaced words where a keyword may start
    hits: dict[str, tuple[frozenset[str], tuple[tuple[str, re.Pattern], ...]]]

    def token_hits(self, token: str) -> tuple[frozenset[str], tuple[tuple[str, re.Pattern], ...]]:
        """The codes a word of the text matches alone, and the phrases it may open."""
        known = self.hits.get(token)
        if known is None:
            parts = token.split("-")
            openings = ["-".join(parts[:k]) for k in range(1, len(parts) + 1)]
            codes = {code for opening in openings for code in self.words.get(opening, ())}
            codes.update(code for code, prefix in self.prefixes if token.startswith(prefix))
            if len(self.hits) > 10_000:  # the words some odd text opens with a first word
                self.hits.clear()
            known = self.hits[token] = (frozenset(codes), self.phrases.get(token, ()))
        return known


@cache
def _keywords(edition: int, pillar: str | None) -> _Keywords:
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[str, re.Pattern]]] = {}
    prefixes = []
    for code in indicators_for(edition, pillar):
        for keyword in INDICATOR_KEYWORDS[code]:
            phrase, wildcard = keyword.lower().rstrip("*"), keyword.endswith("*")
            first, *rest = phrase.split()
            if not rest and not wildcard:
                words.setdefault(phrase, []).append(code)
            elif not rest:
                prefixes.append((code, phrase))
            else:
                # The rest after the first word, over the gaps between words;
                # a whole word ends at a space or a hyphen ("... crime-related").
                pattern = "".join(f" +{re.escape(w)}" for w in rest) + ("" if wildcard else "(?=[ -])")
                phrases.setdefault(first, []).append((code, re.compile(pattern)))
    keywords = {keyword.lower().rstrip("*") for code in indicators_for(edition, pillar)
                for keyword in INDICATOR_KEYWORDS[code]}
    return _Keywords({code: n for n, code in enumerate(indicators_for(edition, pillar))},
                     {w: tuple(codes) for w, codes in words.items()},
                     {w: tuple(found) for w, found in phrases.items()}, tuple(prefixes),
                     re.compile(f" (?=(?:{trie_pattern(keywords)}))([\\w-]*)"), {})


def indicators_discussed(text: str, edition: int, pillar: str | None = None) -> tuple[str, ...]:
    """Indicator codes of the edition (and pillar) whose keywords the text mentions.

    A narrative section discusses the indicators of its own pillar: the
    mafia paragraph's "arms and drug trafficking" is about the mafia.
    Keywords are whole words ("oil" also opens "oil-rich"; "fraud*" is any
    word starting "fraud"); a phrase's words must follow one another.
    """
    keywords = _keywords(edition, pillar)
    spaced = spaced_words(text.lower())
    found: set[str] = set()
    for match in keywords.candidates.finditer(spaced):
        codes, phrases = keywords.token_hits(match.group(1))
        found.update(codes)
        for code, rest in phrases:
            if code not in found and rest.match(spaced, match.end()):
                found.add(code)
    return tuple(sorted(found, key=keywords.order.__getitem__))
