"""Every name the profiles print, keyed by canonical code, per edition.

Editions, indicators, countries, continents, regions and memberships live
beside this file as CSV (see `load.py`); the other names the reports print
are here.
"""

from __future__ import annotations

from decimal import Decimal

DIMENSIONS = ("criminality", "resilience")
# Every score, headline, pillar or indicator, is on this scale.
SCORE_SCALE = (Decimal("1"), Decimal("10"))

# Pillar code -> (dimension, printed names). Resilience is one pillar whose
# score is the resilience score itself: profiles print no separate line for it.
PILLARS = {
    "criminal_markets": ("criminality", ("CRIMINAL MARKETS",)),
    "criminal_actors": ("criminality", ("CRIMINAL ACTORS",)),
    "resilience": ("resilience", ()),
}

# The label printed under each headline score.
HEADLINE_LABELS = {
    "criminality": ("CRIMINALITY SCORE", "CRIMINALITY"),
    "resilience": ("RESILIENCE SCORE", "RESILIENCE"),
}

# The composite scores' names; the workbook heads their columns with these,
# followed by " avg." or " avg," in some sheets (workbook_columns.csv).
COMPOSITE_NAMES = {
    "criminality": "Criminality",
    "criminal_markets": "Criminal markets",
    "criminal_actors": "Criminal actors",
    "resilience": "Resilience",
}

# The narrative's section tree: section -> heading -> subheadings, each with
# the indicator whose editions have it (None: every edition). Converters give these any `#` level;
# the tree, not the level, says where a heading belongs.
SECTION_TREE = {
    "criminality": ("CRIMINALITY", {
        "CRIMINAL MARKETS": {
            "PEOPLE": None,
            "TRADE": None,
            "ENVIRONMENT": None,
            "DRUGS": None,
            "CYBER-DEPENDENT CRIMES": "cyber_dependent_crimes",
            "FINANCIAL CRIMES": "financial_crimes",
        },
        "CRIMINAL ACTORS": {},
    }),
    "resilience": ("RESILIENCE", {
        "LEADERSHIP AND GOVERNANCE": {},
        "CRIMINAL JUSTICE AND SECURITY": {},
        "ECONOMIC AND FINANCIAL ENVIRONMENT": {},
        "CIVIL SOCIETY AND SOCIAL PROTECTION": {},
    }),
}

# Page furniture: funding notices and running heads. A block of lines whose
# text starts with one of these is furniture, not narrative. Matched on the
# normalized, lower-cased text.
FURNITURE_OPENINGS = (
    "this project was funded in part",
    "this summary was funded in part",
    "funded by the european union",
    "funded by",
    "enact is funded by the european union",
    "global organized crime index",
    "global initiative against transnational organized crime",
    "the opinions, findings and conclusions",
)

# Words that profiles write with a real hyphen: a line break after their
# hyphen keeps it (the rest of the document may add more).
HYPHENATED_WORDS = (
    "cyber-dependent", "state-embedded", "non-state", "non-renewable",
    "anti-money", "mafia-style", "state-linked", "foreign-linked", "long-standing",
    "cross-border", "anti-corruption", "anti-trafficking", "well-organized",
    "large-scale", "high-value", "high-profile", "low-income", "lower-income",
    "rights-based", "victim-centred", "child-specific", "state-funded",
    "private-sector", "whistle-blower", "whistle-blowers", "patron-client",
    "oligarch-linked", "state-criminal", "state-enabled", "state-awarded",
    "non-penal", "non-bank", "inter-agency", "so-called", "well-established",
)

# Phrases that say a paragraph discusses an indicator. Matched as whole
# words, case-insensitively; a trailing `*` matches any word ending.
INDICATOR_KEYWORDS = {
    "human_trafficking": ("human trafficking", "trafficking in persons",
                          "trafficking victims", "victims of trafficking",
                          "anti-trafficking"),
    "human_smuggling": ("human smuggling", "migrant smuggling", "smuggling of migrants",
                        "smuggling networks for migrants"),
    "extortion_and_protection_racketeering": ("extortion", "racketeering",
                                              "protection money"),
    "arms_trafficking": ("arms trafficking", "arms smuggling", "arms trade",
                         "weapons trafficking", "firearms trafficking", "arms deals"),
    "trade_in_counterfeit_goods": ("counterfeit*",),
    "illicit_trade_in_excisable_goods": ("excisable", "excise", "tobacco", "cigarette*",
                                         "alcohol"),
    "flora_crimes": ("flora", "illegal logging", "timber", "plant species", "logging"),
    "fauna_crimes": ("fauna", "wildlife", "poaching", "illegal hunting",
                     "illegal fishing", "caviar"),
    "non_renewable_resource_crimes": ("non-renewable", "oil", "gas", "gold", "mining",
                                      "minerals"),
    "heroin_trade": ("heroin", "opium", "opiate*"),
    "cocaine_trade": ("cocaine",),
    "cannabis_trade": ("cannabis", "marijuana", "hashish"),
    "synthetic_drug_trade": ("synthetic drug*", "methamphetamine", "fentanyl",
                             "captagon", "mdma", "amphetamine*"),
    "cyber_dependent_crimes": ("cyber-dependent", "cybercrime*", "cyber crime*",
                               "ransomware", "hacking", "cyberattack*"),
    "financial_crimes": ("financial crime*", "fraud*", "embezzlement", "tax evasion"),
    "mafia_style_groups": ("mafia*",),
    "criminal_networks": ("criminal network*",),
    "state_embedded_actors": ("state-embedded", "corrupt officials", "state officials",
                              "state-linked", "state-criminal", "state-enabled"),
    "foreign_actors": ("foreign actor*", "foreign criminal*", "foreign nationals",
                       "foreign-linked"),
    "private_sector_actors": ("private sector", "private-sector", "private actors",
                              "shell companies"),
    "political_leadership_and_governance": ("governance", "political leadership",
                                            "political will"),
    "government_transparency_and_accountability": ("transparency", "accountability",
                                                    "anti-corruption"),
    "international_cooperation": ("international cooperation", "extradition",
                                  "treaty", "treaties", "bilateral"),
    "national_policies_and_laws": ("legal framework", "legislation", "national policies",
                                   "legislative"),
    "judicial_system_and_detention": ("judicial", "judiciary", "courts", "prison*",
                                      "detention", "penitentiary"),
    "law_enforcement": ("law enforcement", "police", "policing"),
    "territorial_integrity": ("territorial", "border control", "border security",
                              "border officials"),
    "anti_money_laundering": ("money laundering", "financing of terrorism"),
    "economic_regulatory_capacity": ("economic reform", "regulatory", "trade openness",
                                     "property rights", "business environment"),
    "victim_and_witness_support": ("victim support", "victim assistance",
                                   "victim identification", "witness*", "victim-centred"),
    "prevention": ("prevention", "awareness campaign*", "preventive"),
    "non_state_actors": ("civil society", "journalist*", "ngo*", "media", "press freedom"),
}

# Arrow forms a profile's deltas are printed with, by direction.
ARROW_GLYPHS = {
    **dict.fromkeys("↗↑⬆▲△⇧⇑⤴➚➶➹⬈⏶▴↖⇗🡅🡕🡑", "up"),
    **dict.fromkeys("↘↓⬇▼▽⇩⇓⤵➘➴➷⬊⏷▾↙⇘🡇🡖🡓", "down"),
    **dict.fromkeys("→►▶⇒⇨➔➙➜➝➞➡⮕⟶⬌↔▸⏵⇢🡒", "flat"),
}

# The same arrows as the LaTeX macros converters write (`$\nearrow 0.23$`).
LATEX_ARROW_MACROS = {
    **dict.fromkeys(("nearrow", "nwarrow", "uparrow", "Uparrow", "upuparrows",
                     "blacktriangle", "blacktriangleup", "triangle", "bigtriangleup"), "up"),
    **dict.fromkeys(("searrow", "swarrow", "downarrow", "Downarrow", "downdownarrows",
                     "blacktriangledown", "triangledown", "bigtriangledown", "nabla"), "down"),
    **dict.fromkeys(("rightarrow", "to", "longrightarrow", "Rightarrow", "Longrightarrow",
                     "blacktriangleright", "triangleright", "leftrightarrow",
                     "rightleftarrows"), "flat"),
}

# Symbol and dingbat fonts whose glyph codes are letters: (font family, code)
# -> direction. Font names are matched case-insensitively, ignoring a subset
# prefix ("ABCDEF+Wingdings-Regular"). ZapfDingbats codes as Adobe's charset
# (0xD8 ➘, 0xD9 ➙, 0xDA ➚, ...); Wingdings and Symbol as their charts.
DINGBAT_ARROWS = {
    "zapfdingbats": {0xD5: "flat", 0xD6: "flat", 0xD8: "down", 0xD9: "flat", 0xDA: "up",
                     0xDB: "flat", 0xE4: "down", 0xE5: "up", 0xE8: "flat", 0x73: "up",
                     0x74: "down", 0x75: "flat"},
    "wingdings": {0xE0: "flat", 0xE1: "up", 0xE2: "down", 0xE4: "up", 0xE6: "down",
                  0xE8: "flat", 0xE9: "up", 0xEA: "down", 0xEC: "up", 0xEE: "down",
                  0xF0: "flat", 0xF1: "up", 0xF2: "down"},
    "wingdings3": {0x70: "up", 0x71: "down", 0x75: "flat", 0xC7: "up", 0xC8: "down",
                   0xD1: "flat"},
    "symbol": {0xAD: "up", 0xAF: "down", 0xAE: "flat", 0xDD: "up", 0xDF: "down",
               0xDE: "flat"},
}
