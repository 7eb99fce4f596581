"""The catalogue: editions, tolerant label matching, countries and areas."""

import re

import pytest
from hypothesis import given, strategies as st

from pipeline import catalogue


@pytest.mark.parametrize("edition, markets, actors, resilience", [
    (2021, 10, 4, 12), (2023, 15, 5, 12), (2025, 15, 5, 12),
])
def test_indicator_counts_per_edition(edition, markets, actors, resilience):
    assert len(catalogue.indicators_for(edition, "criminal_markets")) == markets
    assert len(catalogue.indicators_for(edition, "criminal_actors")) == actors
    assert len(catalogue.indicators_for(edition, "resilience")) == resilience


def test_new_indicators_of_2023():
    new = {c for c in catalogue.indicators_for(2023) if catalogue.is_new_in(c, 2023)}
    assert new == {"extortion_and_protection_racketeering", "trade_in_counterfeit_goods",
                   "illicit_trade_in_excisable_goods", "cyber_dependent_crimes",
                   "financial_crimes", "private_sector_actors"}
    assert not any(catalogue.is_new_in(c, 2025) for c in catalogue.indicators_for(2025))


@pytest.mark.parametrize("label, code, distance", [
    ("HUMAN TRAFFICKING", "human_trafficking", 0),
    ("EXTORTION & PROTECTION RACKETEERING", "extortion_and_protection_racketeering", 0),
    ("ILLCIT TRADE IN EXCISABLE GOODS", "illicit_trade_in_excisable_goods", 1),
    ("Cyber-dependent crimes", "cyber_dependent_crimes", 0),
    ("NON STATE ACTORS", "non_state_actors", 0),
    ("FLORA CRIMES", "flora_crimes", 0),
    ("FAUNA CRIMES", "fauna_crimes", 0),
    ("FLORA CRIMS", "flora_crimes", 1),
    ("FAURA CRIMES", "fauna_crimes", 1),
])
def test_match_indicator(label, code, distance):
    m = catalogue.match_indicator(label)
    assert (m.code, m.distance) == (code, distance)


@pytest.mark.parametrize("label", ["FXXRA CRIMES", "SPACE PIRACY", "", "CRIMES", "FLORA CRIMSE"])
def test_labels_that_match_no_single_indicator(label):
    assert catalogue.match_indicator(label).code is None


@given(st.integers(0, 11), st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ "))
def test_one_slip_never_turns_flora_into_fauna(pos, letter):
    for word, other in (("FLORA CRIMES", "fauna_crimes"), ("FAUNA CRIMES", "flora_crimes")):
        typo = word[:pos] + letter + word[pos + 1:]
        assert catalogue.match_indicator(typo).code != other


def test_193_countries_with_unique_iso3():
    codes = [c.iso3 for c in catalogue.countries()]
    assert len(codes) == len(set(codes)) == 193


@pytest.mark.parametrize("title, iso3", [
    ("AZERBAIJAN", "AZE"), ("Congo, Dem. Rep.", "COD"), ("CONGO", "COG"),
    ("CÔTE D'IVOIRE", "CIV"), ("TÜRKIYE", "TUR"), ("NIGER", "NER"), ("NIGERIA", "NGA"),
    ("AZERBAIJAM", "AZE"),
])
def test_match_country(title, iso3):
    assert catalogue.match_country(title).code == iso3


@pytest.mark.parametrize("words, edition, scope, name, size", [
    ("Asian", 2025, "continent", "Asia", 46),
    ("Central Asian and Caucasian", 2025, "region", "Central Asia and the Caucasus", 8),
    ("African", 2021, "continent", "Africa", 54),
    ("Central American", 2021, "region", "Central America", 8),
    ("Central American", 2025, "region", "Central America", 8),
    ("Caribbean", 2025, "region", "Caribbean", 13),
    ("Micronesian", 2025, "region", "Micronesia", 5),
    ("Europe", 2025, "continent", "Europe", 44),  # "2nd of 44 countries in Europe"
    ("Central & Eastern Europe", 2025, "region", "Central & Eastern Europe", 17),
    ("Australia and New Zealand", 2025, "region", "Australia and New Zealand", 2),
])
def test_match_area(words, edition, scope, name, size):
    area, _ = catalogue.match_area(words, edition)
    assert (area.scope, area.name, area.size) == (scope, name, size)


def test_area_sizes_sum_to_193_per_scope():
    for edition in catalogue.EDITIONS:
        for scope in ("continent", "region"):
            assert sum(a.size for a in catalogue.areas(edition) if a.scope == scope) == 193


@pytest.mark.parametrize("heading, edition, place", [
    ("DRUGS", 2025, ("criminality", "CRIMINAL MARKETS", "DRUGS")),
    ("CYBER-DEPENDENT CRIMES", 2025, ("criminality", "CRIMINAL MARKETS", "CYBER-DEPENDENT CRIMES")),
    ("CYBER-DEPENDENT CRIMES", 2021, None),
    ("CRIMINAL ACTORS", 2021, ("criminality", "CRIMINAL ACTORS", None)),
    ("RESILIENCE", 2023, ("resilience", None, None)),
    ("RESILIENCE SCORE", 2023, None),
])
def test_section_tree(heading, edition, place):
    assert catalogue.match_section_heading(heading, edition) == place


@pytest.mark.parametrize("text, pillar, expected", [
    ("Human trafficking is a persistent issue.", "criminal_markets", ("human_trafficking",)),
    ("Seizures of heroin and opium remain high.", "criminal_markets", ("heroin_trade",)),
    ("Mafia-style groups engage in arms trafficking.", "criminal_actors", ("mafia_style_groups",)),
    ("Mafia-style groups engage in arms trafficking.", "criminal_markets", ("arms_trafficking",)),
    ("The weather was mild.", None, ()),
])
def test_indicators_discussed(text, pillar, expected):
    assert catalogue.indicators_discussed(text, 2025, pillar) == expected


@pytest.mark.parametrize("text, expected", [
    ("oil-rich provinces", ("non_renewable_resource_crimes",)),  # a keyword opens a word
    ("crude-oil prices", ()),  # but does not end one
    ("state-embedded-actor networks", ("state_embedded_actors",)),  # a hyphenated opening
    ("non-state-embedded groups", ()),
    ("Fraudulent schemes", ("financial_crimes",)),  # "fraud*": any word starting "fraud"
    ("anti-fraud units", ()),
])
def test_keywords_match_whole_words_or_their_hyphenated_openings(text, expected):
    found = catalogue.indicators_discussed(text, 2025)
    assert tuple(c for c in found if c in {"non_renewable_resource_crimes",
                                           "state_embedded_actors", "financial_crimes"}) \
        == expected


def reference_indicators_discussed(text, edition, pillar=None):
    """The keyword rule written plainly: the oracle for the indexed implementation."""
    tokens = re.findall(r"\w+(?:-\w+)*", text.lower())
    openings = {"-".join(t.split("-")[:k]) for t in tokens for k in range(1, t.count("-") + 2)}
    joined = f" {' '.join(tokens)} "
    found = set()
    for code in catalogue.indicators_for(edition, pillar):
        for keyword in catalogue.data.INDICATOR_KEYWORDS[code]:
            phrase = keyword.lower().rstrip("*")
            if keyword.endswith("*"):
                hit = f" {phrase}" in joined
            elif " " not in phrase:
                hit = phrase in openings
            else:
                hit = f" {phrase} " in joined or f" {phrase}-" in joined
            if hit:
                found.add(code)
    return tuple(c for c in catalogue.indicators_for(edition, pillar) if c in found)


KEYWORD_WORDS = sorted({w for ks in catalogue.data.INDICATOR_KEYWORDS.values() for k in ks
                        for w in k.lower().rstrip("*").split()})
PIECES = st.sampled_from(KEYWORD_WORDS) | st.sampled_from(
    ["the", "anti", "s", "ing", "x_y", "é", "İ", "2023", "Oil"])
SEPARATORS = st.sampled_from([" ", " ", "-", "--", " - ", ", ", ". ", "", "\t", "–", "/"])


@given(st.lists(st.tuples(PIECES, SEPARATORS), max_size=10),
       st.sampled_from([2021, 2023, 2025]),
       st.sampled_from([None, "criminal_markets", "criminal_actors", "resilience"]),
       st.booleans())
def test_indicators_discussed_agrees_with_the_plain_rule(pieces, edition, pillar, upper):
    text = "".join(word + sep for word, sep in pieces)
    text = text.upper() if upper else text
    assert catalogue.indicators_discussed(text, edition, pillar) \
        == reference_indicators_discussed(text, edition, pillar)


@given(st.text(alphabet="ab9_-- \t,.é–Xİ\n", max_size=30))
def test_words_of_splits_like_the_word_pattern(text):
    assert catalogue.words_of(text) == catalogue.TOKEN_RE.findall(text)


@pytest.mark.parametrize("label, key", [
    ("Côte d’Ivoire", "COTE D IVOIRE"),
    ("Co\u0302te d'Ivoire", "COTE D IVOIRE"),  # already decomposed: the mark still goes
    ("CRIMINALITY ↗", "CRIMINALITY"),
    ("Trinidad & Tobago", "TRINIDAD AND TOBAGO"),
])
def test_label_key_folds_accents_marks_and_ampersands(label, key):
    assert catalogue.label_key(label) == key


@given(st.sets(st.text(alphabet="ab- ", min_size=1, max_size=4), min_size=1, max_size=6),
       st.text(alphabet="ab- ", max_size=12))
def test_trie_pattern_matches_what_the_plain_alternation_does(words, text):
    """Where any of the words (a space being one or more spaces) starts, and nowhere else."""
    trie = re.compile(catalogue.trie_pattern(words))
    plain = re.compile("|".join(re.escape(w).replace(r"\ ", " +") for w in words))
    starts = [i for i in range(len(text) + 1) if plain.match(text, i)]
    assert [i for i in range(len(text) + 1) if trie.match(text, i)] == starts
