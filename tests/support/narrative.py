"""Write deterministic synthetic narrative for fixture profiles.

Real profiles open most paragraphs by naming the indicator they discuss
("Human trafficking is a persistent issue in Azerbaijan ..."), write some
words with a real hyphen (cyber-dependent, state-embedded, long-standing)
and run 60 to 140 words a paragraph. The prose here does the same, built
from a word bank with a random generator seeded by country and edition.
"""

from __future__ import annotations

import hashlib
import random

from tests.support import catalogue as cat

# Words a two-column page of narrative holds, and the share of pages the
# headings take, both measured on rendered fixtures (1.5 and 4 page targets).
WORDS_PER_PAGE = 1040
HEADING_PAGES = 0.19
MIN_WORDS, MAX_WORDS = 60, 140

# How countries are named in running prose, where the workbook name reads badly.
PROSE_NAMES = {"Congo, Dem. Rep.": "the Democratic Republic of the Congo"}

# Indicators whose official name takes a plural verb.
PLURAL = {"political_leadership_and_governance", "judicial_system_and_detention"}

# Openings name the indicator first, as most real paragraphs do.
CRIME_OPENINGS = (
    "{ind} in {c} {is} a {adj} concern, with {place} serving as {role}.",
    "{ind} {remains} {adj} in {c}, shaped by {driver}.",
    "{ind} in {c} {has} {trend} over the reporting period, according to {source}.",
    "{ind} {is} a {adj} feature of the criminal landscape in {c}.",
    "{ind} {continues} to affect {c}, particularly in {place}.",
)
RESILIENCE_OPENINGS = (
    "{ind} in {c} {remains} {quality}, despite {effort}.",
    "{ind} {is} {quality} in {c}, where {obstacle} limits progress.",
    "{ind} in {c} {has} improved only modestly, according to {source}.",
    "{ind} {continues} to suffer from {obstacle} in {c}.",
)

# Every slot below is filled from BANK; no verb depends on a slot's number.
SENTENCES = (
    "{Actors} exploit {weakness}, {consequence}.",
    "Despite {effort}, there is little sign of a decline in {problem} in {place}.",
    "Reports point to {evidence}, although {caveat}.",
    "Traffickers use {place} as {role} for {flows}.",
    "{Effort} have had {impact}, but progress is held back by {weakness}.",
    "The involvement of {actors} in {problem} suggests {inference}.",
    "Authorities have responded with {effort}, yet {caveat}.",
    "Much of this activity overlaps with {problem}, and {actors} {profit} from it.",
    "Observers cite {evidence} as a sign that {actors} are adapting to {pressure}.",
    "In {place}, {actors} rely on {method} to move {flows}.",
)

BANK = {
    "adj": ("persistent", "significant", "long-standing", "growing", "pervasive",
            "well-established", "moderate", "limited but visible", "deep-rooted"),
    "place": ("border regions", "the main ports", "urban centres", "the capital",
              "remote rural areas", "free trade zones", "mining districts",
              "coastal provinces", "the informal economy"),
    "role": ("a transit point", "a destination market", "a source country",
             "a regional hub", "a logistics base", "both a source and a destination"),
    "driver": ("weak oversight", "porous borders", "economic hardship",
               "long-standing corruption", "regional instability", "high-level collusion",
               "the demand of neighbouring markets"),
    "trend": ("grown steadily", "remained stable", "declined slightly",
              "expanded into new sectors", "become more professionalized"),
    "source": ("official statistics", "civil society reports", "media investigations",
               "international partners", "court records"),
    "actors": ("criminal networks", "corrupt officials", "state-linked intermediaries",
               "foreign-linked groups", "local brokers", "transnational syndicates",
               "well-organized cells", "private-sector facilitators",
               "state-embedded actors", "mafia-style groups"),
    "weakness": ("porous borders", "weak oversight", "long-standing gaps in enforcement",
                 "limited institutional capacity", "inconsistent regulation",
                 "fragmented data collection", "low conviction rates",
                 "insufficient financial intelligence"),
    "consequence": ("which complicates detection", "allowing proceeds to move across borders",
                    "undermining public trust in institutions",
                    "while profits flow into legitimate businesses",
                    "which keeps prosecutions rare", "and officials are seldom held to account"),
    "effort": ("recent legislative reforms", "cross-border cooperation agreements",
               "awareness campaigns", "anti-corruption measures",
               "anti-money laundering rules", "specialized police units",
               "joint operations with neighbouring states", "new reporting obligations"),
    "problem": ("cyber-dependent fraud", "state-embedded protection schemes",
                "large-scale embezzlement", "cross-border smuggling", "high-level collusion",
                "the financing of organized crime", "document forgery",
                "illicit mining", "the laundering of criminal proceeds"),
    "evidence": ("a steady rise in seizures", "several high-profile prosecutions",
                 "fragmented official statistics", "recurring allegations of bribery",
                 "investigations by civil society", "a series of large confiscations"),
    "caveat": ("official data remain scarce", "few cases reach the courts",
               "much of the activity goes unreported", "the scale is difficult to assess",
               "enforcement remains selective", "conflicting figures are published"),
    "flows": ("goods bound for regional markets", "consignments bound for Europe",
              "illicit financial flows", "people seeking work abroad",
              "contraband hidden in legitimate freight", "cash and precious metals"),
    "impact": ("some effect", "a measurable impact", "little lasting effect",
               "a mixed record"),
    "inference": ("a degree of coordination beyond opportunistic crime",
                  "that official complicity is widespread",
                  "a market that is consolidating", "links to neighbouring markets"),
    "pressure": ("tighter controls", "shifts in regional demand", "new surveillance tools",
                 "the closure of traditional routes"),
    "method": ("front companies", "informal money transfer systems", "bribed officials",
               "encrypted messaging", "falsified permits", "cash-intensive businesses"),
    "profit": ("profit", "benefit", "draw income"),
    "obstacle": ("political interference", "limited funding", "weak coordination between agencies",
                 "long-standing corruption", "a shortage of trained staff",
                 "a lack of reliable data"),
    "quality": ("weak", "uneven", "under strain", "moderately effective",
                "limited in scope", "fragile", "inconsistent"),
}

# Verbs that agree with a singular or plural subject: (singular, plural).
VERBS = {
    "is": ("is", "are"), "remains": ("remains", "remain"), "has": ("has", "have"),
    "continues": ("continues", "continue"),
}


def seeded_random(*parts: object) -> random.Random:
    """Return a generator seeded from the parts, the same on every machine."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def fill(template: str, rng: random.Random, **fixed: str) -> str:
    """Fill a template's slots from the word bank; capitalise the sentence."""
    values = dict(fixed)
    for key, words in BANK.items():
        word = rng.choice(words)
        values[key] = word
        values[key.capitalize()] = word[0].upper() + word[1:]
    text = template.format(**values)
    return text[0].upper() + text[1:]


def opening_sentence(code: str, country: str, rng: random.Random) -> str:
    """Write a sentence that opens with the indicator's name in plain words."""
    name = cat.OFFICIAL_NAMES[code]
    plural = code in PLURAL or name.endswith("s")
    verbs = {key: forms[plural] for key, forms in VERBS.items()}
    resilience = code in dict(cat.RESILIENCE)
    template = rng.choice(RESILIENCE_OPENINGS if resilience else CRIME_OPENINGS)
    return fill(template, rng, ind=name, c=country, **verbs)


def paragraph(code: str, country: str, target: int, rng: random.Random) -> str:
    """Write one paragraph of about target words about one indicator."""
    target = max(MIN_WORDS + 5, min(MAX_WORDS - 5, target))
    sentences = [opening_sentence(code, country, rng)]
    count = len(sentences[0].split())
    # Each filler template at most once a paragraph, in a random order.
    for template in rng.sample(SENTENCES, len(SENTENCES)):
        sentence = fill(template, rng)
        words = len(sentence.split())
        # Stop at whichever side of the target is nearer, within the bounds.
        if count >= MIN_WORDS and (count + words / 2 > target or count + words > MAX_WORDS):
            break
        sentences.append(sentence)
        count += words
    return " ".join(sentences)


def narrative_plan(edition: int, pages: float) -> tuple[list[int], int]:
    """Return paragraphs per subsection and words per paragraph for a page target.

    Every subsection gets one paragraph; the rest go first to the
    subsections that discuss the most indicators, up to three each.
    """
    sizes = [len(subsection_indicators(node, edition)) for node in cat.NARRATIVE_TREE]
    present = [i for i, size in enumerate(sizes) if size]
    words = max(0.0, pages - HEADING_PAGES) * WORDS_PER_PAGE
    total = max(len(present), min(3 * len(present), round(words / 100)))
    counts = [1 if size else 0 for size in sizes]
    order = sorted(present, key=lambda i: -sizes[i])
    while sum(counts) < total:
        for i in order:
            if counts[i] < 3 and sum(counts) < total:
                counts[i] += 1
    length = round(words / total)
    return counts, max(MIN_WORDS + 10, min(MAX_WORDS - 5, length))


def subsection_indicators(node: tuple, edition: int) -> tuple[str, ...]:
    """Return the indicators a narrative subsection discusses in an edition."""
    present = {code for pillar in cat.PILLARS
               for code, _ in cat.edition_indicators(edition, pillar)}
    return tuple(code for code in node[3] if code in present)


def synthetic_narrative(country: str, edition: int, pages: float = 1.5) -> list[dict]:
    """Write a profile's narrative: the section tree, 1-3 paragraphs a subsection."""
    rng = seeded_random(country, edition, pages)
    prose_name = PROSE_NAMES.get(country, country)
    counts, length = narrative_plan(edition, pages)
    entries = []
    for node, count in zip(cat.NARRATIVE_TREE, counts, strict=True):
        codes = subsection_indicators(node, edition)
        paragraphs = [paragraph(codes[i % len(codes)], prose_name,
                                length + rng.randint(-12, 12), rng)
                      for i in range(count)]
        if paragraphs:
            section, heading, subheading, _ = node
            entries.append({"section": section, "heading": heading,
                            "subheading": subheading, "paragraphs": paragraphs})
    return entries
