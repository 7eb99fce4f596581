"""What the fixture profiles print: indicators, sections, adjectives, names.

Kept apart from `pipeline.catalogue` on purpose: fixtures written from the
pipeline's own catalogue could not catch a mistake in it.
"""

from __future__ import annotations

import csv
from pathlib import Path

EDITIONS = (2021, 2023, 2025)
PREVIOUS_EDITION = {2021: None, 2023: 2021, 2025: 2023}

# (code, official name as the workbook heads its column). The printed label
# is the name upper-cased, except where PRINTED_LABELS says otherwise.
MARKETS = (
    ("human_trafficking", "Human trafficking"),
    ("human_smuggling", "Human smuggling"),
    ("extortion_and_protection_racketeering", "Extortion and protection racketeering"),
    ("arms_trafficking", "Arms trafficking"),
    ("trade_in_counterfeit_goods", "Trade in counterfeit goods"),
    ("illicit_trade_in_excisable_goods", "Illicit trade in excisable goods"),
    ("flora_crimes", "Flora crimes"),
    ("fauna_crimes", "Fauna crimes"),
    ("non_renewable_resource_crimes", "Non-renewable resource crimes"),
    ("heroin_trade", "Heroin trade"),
    ("cocaine_trade", "Cocaine trade"),
    ("cannabis_trade", "Cannabis trade"),
    ("synthetic_drug_trade", "Synthetic drug trade"),
    ("cyber_dependent_crimes", "Cyber-dependent crimes"),
    ("financial_crimes", "Financial crimes"),
)
ACTORS = (
    ("mafia_style_groups", "Mafia-style groups"),
    ("criminal_networks", "Criminal networks"),
    ("state_embedded_actors", "State-embedded actors"),
    ("foreign_actors", "Foreign actors"),
    ("private_sector_actors", "Private sector actors"),
)
RESILIENCE = (
    ("political_leadership_and_governance", "Political leadership and governance"),
    ("government_transparency_and_accountability",
     "Government transparency and accountability"),
    ("international_cooperation", "International cooperation"),
    ("national_policies_and_laws", "National policies and laws"),
    ("judicial_system_and_detention", "Judicial system and detention"),
    ("law_enforcement", "Law enforcement"),
    ("territorial_integrity", "Territorial integrity"),
    ("anti_money_laundering", "Anti-money laundering"),
    ("economic_regulatory_capacity", "Economic regulatory capacity"),
    ("victim_and_witness_support", "Victim and witness support"),
    ("prevention", "Prevention"),
    ("non_state_actors", "Non-state actors"),
)

# The six indicators the 2023 edition added; their 2023 deltas print "n/a".
NEW_IN_2023 = (
    "extortion_and_protection_racketeering", "trade_in_counterfeit_goods",
    "illicit_trade_in_excisable_goods", "cyber_dependent_crimes", "financial_crimes",
    "private_sector_actors",
)

# The profiles shorten "and" to "&" in this one label.
PRINTED_LABELS = {
    "extortion_and_protection_racketeering": "EXTORTION & PROTECTION RACKETEERING",
}

OFFICIAL_NAMES = dict(MARKETS + ACTORS + RESILIENCE)

# Pillar code -> (printed label, indicators). Resilience is one pillar with
# no line of its own: its score is the resilience score.
PILLARS = {
    "criminal_markets": ("CRIMINAL MARKETS", MARKETS),
    "criminal_actors": ("CRIMINAL ACTORS", ACTORS),
    "resilience": (None, RESILIENCE),
}
DIMENSIONS = {
    "criminality": ("CRIMINALITY SCORE", ("criminal_markets", "criminal_actors")),
    "resilience": ("RESILIENCE SCORE", ("resilience",)),
}

# Composite columns of the workbook ("avg," is the 2023 sheet's "avg.").
COMPOSITE_COLUMNS = {
    2021: {"criminality": "Criminality", "criminal_markets": "Criminal markets",
           "criminal_actors": "Criminal actors", "resilience": "Resilience"},
    2023: {"criminality": "Criminality avg,", "criminal_markets": "Criminal markets avg,",
           "criminal_actors": "Criminal actors avg,", "resilience": "Resilience avg,"},
}

# The narrative's tree: (section, heading, subheading) -> indicators it
# discusses, in report order. A subsection whose indicators are all missing
# from an edition is not printed in it.
NARRATIVE_TREE = (
    ("CRIMINALITY", "CRIMINAL MARKETS", "PEOPLE",
     ("human_trafficking", "human_smuggling", "extortion_and_protection_racketeering")),
    ("CRIMINALITY", "CRIMINAL MARKETS", "TRADE",
     ("arms_trafficking", "trade_in_counterfeit_goods", "illicit_trade_in_excisable_goods")),
    ("CRIMINALITY", "CRIMINAL MARKETS", "ENVIRONMENT",
     ("flora_crimes", "fauna_crimes", "non_renewable_resource_crimes")),
    ("CRIMINALITY", "CRIMINAL MARKETS", "DRUGS",
     ("heroin_trade", "cocaine_trade", "cannabis_trade", "synthetic_drug_trade")),
    ("CRIMINALITY", "CRIMINAL MARKETS", "CYBER-DEPENDENT CRIMES", ("cyber_dependent_crimes",)),
    ("CRIMINALITY", "CRIMINAL MARKETS", "FINANCIAL CRIMES", ("financial_crimes",)),
    ("CRIMINALITY", "CRIMINAL ACTORS", None, tuple(code for code, _ in ACTORS)),
    ("RESILIENCE", "LEADERSHIP AND GOVERNANCE", None, tuple(code for code, _ in RESILIENCE[:4])),
    ("RESILIENCE", "CRIMINAL JUSTICE AND SECURITY", None,
     tuple(code for code, _ in RESILIENCE[4:7])),
    ("RESILIENCE", "ECONOMIC AND FINANCIAL ENVIRONMENT", None,
     tuple(code for code, _ in RESILIENCE[7:9])),
    ("RESILIENCE", "CIVIL SOCIETY AND SOCIAL PROTECTION", None,
     tuple(code for code, _ in RESILIENCE[9:])),
)

# Adjectives for "of 8 Central Asian and Caucasian countries", used when
# pipeline/catalogue/regions.csv is missing. Keys are workbook names.
LOCAL_ADJECTIVES = {
    "Africa": "African", "Americas": "American", "Asia": "Asian",
    "Europe": "European", "Oceania": "Oceanian",
    "Central Africa": "Central African", "East Africa": "East African",
    "North Africa": "North African", "Southern Africa": "Southern African",
    "West Africa": "West African", "Caribbean": "Caribbean",
    "Central America": "Central American",
    "Caribbean & Central": "Caribbean and Central American",
    "North America": "North American", "South America": "South American",
    "Central Asia and the Caucasus": "Central Asian and Caucasian",
    "Eastern Asia": "Eastern Asian", "South-Eastern Asia": "South-Eastern Asian",
    "Southern Asia": "Southern Asian", "Western Asia": "Western Asian",
    "Central & Eastern Europe": "Central and Eastern European",
    "Northern Europe": "Northern European", "Southern Europe": "Southern European",
    "Western Europe": "Western European",
    "Australia and New Zealand": "Australian and New Zealand",
    "Melanesia": "Melanesian", "Micronesia": "Micronesian", "Polynesia": "Polynesian",
}

# Country names: the 2023 sheet writes a comma for the dot of an
# abbreviation, the 2021 sheet spells eSwatini "Eswatini", and the 2025 CSV
# export renamed twelve countries. All map to the 2021 spelling (except
# eSwatini, spelt as the index spells it since 2023).
NAME_FIXES = {
    "Congo, Dem, Rep,": "Congo, Dem. Rep.", "Congo, Rep,": "Congo, Rep.",
    "Korea, Rep,": "Korea, Rep.", "St, Kitts and Nevis": "St. Kitts and Nevis",
    "St, Lucia": "St. Lucia", "St, Vincent and the Grenadines": "St. Vincent and the Grenadines",
    "Eswatini": "eSwatini",
    # 2025 CSV export
    "Cape Verde": "Cabo Verde", "Congo": "Congo, Rep.",
    "Democratic Republic of the Congo": "Congo, Dem. Rep.", "Macedonia": "North Macedonia",
    "Micronesia": "Micronesia (Federated States of)", "North Korea": "Korea, DPR",
    "Saint Kitts and Nevis": "St. Kitts and Nevis", "Saint Lucia": "St. Lucia",
    "Saint Vincent and the Grenadines": "St. Vincent and the Grenadines",
    "South Korea": "Korea, Rep.", "São Tomé and Príncipe": "Sao Tome and Principe",
}


def canonical_country(name: str) -> str:
    """Return the one spelling used across editions for a workbook or CSV name."""
    name = name.strip()
    return NAME_FIXES.get(name, name)


def printed_label(code: str) -> str:
    """Return the indicator label as the profiles print it."""
    return PRINTED_LABELS.get(code, OFFICIAL_NAMES[code].upper())


def edition_indicators(edition: int, pillar: str) -> tuple[tuple[str, str], ...]:
    """Return the (code, official name) pairs a pillar has in an edition."""
    indicators = PILLARS[pillar][1]
    if edition == 2021:
        return tuple(pair for pair in indicators if pair[0] not in NEW_IN_2023)
    return indicators


def adjectives_from_csv(path: Path) -> dict[tuple[int, str], str]:
    """Read regions.csv into (edition, area) -> first adjective form."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {(int(row["edition"]), row["area"].strip()): row["adjectives"].split("|")[0]
                for row in csv.DictReader(handle)}


def adjective(adjectives: dict[tuple[int, str], str], edition: int, area: str) -> str:
    """Return the adjective a profile prints for a continent or region."""
    area = area.strip()
    return adjectives.get((edition, area)) or LOCAL_ADJECTIVES[area]
