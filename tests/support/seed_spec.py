"""Turn the one real converted profile (the 2025 Azerbaijan seed) into a spec.

A one-off extraction for a document we have read line by line, not a
reader: it knows the seed's shape and fails loudly on anything else.
"""

from __future__ import annotations

import re

from tests.support import catalogue as cat

ARROWS = {r"\nearrow": "up", r"\searrow": "down", r"\rightarrow": "flat"}
DELTA = re.compile(r"^\$(\\[a-z]+) (\d+(?:\.\d\d)?)\$$")
HEADLINE = re.compile(r"^(\d+\.\d\d)\s*(.*?)\s*$")
PILLAR = re.compile(r"^\*\*(.+?)\*\* (\d+\.\d\d)\s*(.*?)\s*$")
RANK = re.compile(r"^(\d+)<sup>([a-z]+)</sup> (.+? countries)\s*(.*?)\s*$")
TITLES = {"**CRIMINALITY SCORE**": "criminality", "## RESILIENCE SCORE": "resilience"}
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")

SUBHEADINGS = {node[2] for node in cat.NARRATIVE_TREE if node[2]}
HEADINGS = {node[1] for node in cat.NARRATIVE_TREE}
SECTIONS = {node[0] for node in cat.NARRATIVE_TREE}


def default_arrow(delta: str | None) -> str:
    """Return the arrow a delta gets when the spec does not override it."""
    if delta is None or delta == "n/a" or float(delta) == 0:
        return "none"
    return "down" if delta.startswith("-") else "up"


def delta_to_entry(text: str) -> dict:
    """Read a printed delta ("$\\searrow 1.50$", "0.00", "") into spec keys."""
    text = text.strip()
    if not text:
        return {"delta": None}
    match = DELTA.match(text)
    if not match:
        return {"delta": text}
    arrow = ARROWS[match.group(1)]
    delta = ("-" if arrow == "down" else "") + match.group(2)
    entry = {"delta": delta}
    if arrow != default_arrow(delta):
        entry["arrow"] = arrow
    return entry


def rank_change(text: str) -> int | None:
    """Read a printed rank change ("$\\nearrow 13$", "-", "") into an int."""
    text = text.strip()
    if not text:
        return None
    if text == "-":
        return 0
    match = DELTA.match(text)
    if not match:
        raise ValueError(f"unreadable rank change {text!r}")
    value = int(match.group(2))
    return -value if ARROWS[match.group(1)] == "down" else value


def score_lines_to_dimensions(lines: list[str]) -> list[dict]:
    """Read the two score pages into the spec's dimensions."""
    dimensions, pillar = [], None
    for i, line in enumerate(lines):
        following = next((later for later in lines[i + 1:] if later.strip()), "")
        headline = HEADLINE.match(line.strip())
        if headline and following.strip() in TITLES:
            code = TITLES[following.strip()]
            title = following.strip().strip("*# ")
            dimension = {"code": code, "title": title, "score": headline.group(1),
                         **delta_to_entry(headline.group(2)), "ranks": [], "pillars": []}
            dimensions.append(dimension)
            if code == "resilience":
                pillar = {"code": "resilience", "label": None, "score": None,
                          "delta": None, "indicators": []}
                dimension["pillars"].append(pillar)
        elif rank := RANK.match(line.strip()):
            text = f"{rank.group(1)}{rank.group(2)} {rank.group(3)}"
            dimensions[-1]["ranks"].append({"text": text, "change": rank_change(rank.group(4))})
        elif match := PILLAR.match(line.strip()):
            label = match.group(1)
            code = next(c for c, (printed, _) in cat.PILLARS.items() if printed == label)
            pillar = {"code": code, "label": label, "score": match.group(2),
                      **delta_to_entry(match.group(3)), "indicators": []}
            dimensions[-1]["pillars"].append(pillar)
        elif "\t" in line:
            label, score, *delta = line.split("\t")
            pillar["indicators"].append({"label": label, "score": score,
                                         **delta_to_entry(delta[0] if delta else "")})
    for dimension in dimensions:
        for pillar in dimension["pillars"]:
            codes = cat.edition_indicators(2025, pillar["code"])
            rows = zip(codes, pillar["indicators"], strict=True)
            pillar["indicators"] = [{"code": code, **entry} for (code, _), entry in rows]
    return dimensions


def narrative_lines_to_entries(lines: list[str]) -> tuple[list[dict], list[str]]:
    """Read the narrative into entries; return them and the page-break phrases."""
    entries, breaks = [], []
    section = heading = subheading = None
    fragments: list[str] = []
    for line in lines + ["# END"]:
        text = line.strip()
        if not text:
            continue
        if text.startswith("#") or text == "---":
            if fragments:
                entries.append({"section": section, "heading": heading,
                                "subheading": subheading, "paragraphs": fragments})
                fragments = []
            name = text.lstrip("# ")
            # The converter writes DRUGS, CYBER-DEPENDENT CRIMES and FINANCIAL
            # CRIMES as `##`, but they sit under CRIMINAL MARKETS like PEOPLE.
            if name in SECTIONS:
                section, heading, subheading = name, None, None
            elif name in HEADINGS:
                heading, subheading = name, None
            elif name in SUBHEADINGS:
                subheading = name
            else:
                break
        elif fragments and not SENTENCE_END.search(fragments[-1]):
            # A blank line mid-sentence is a page or column break in the PDF.
            breaks.append(re.split(r"(?<=[.!?])\s+(?=[A-Z])", fragments[-1])[-1])
            fragments[-1] += " " + text
        else:
            fragments.append(text)
    return entries, breaks


def seed_text_to_spec(text: str) -> dict:
    """Extract the seed profile's values, labels and narrative into a spec."""
    lines = text.split("\n")
    country = next(line[2:].strip() for line in lines if line.startswith("# "))
    start = lines.index("# CRIMINALITY")
    narrative, breaks = narrative_lines_to_entries(lines[start:])
    return {"country": country, "edition": 2025,
            "dimensions": score_lines_to_dimensions(lines[:start]),
            "narrative": narrative, "page_breaks": breaks}


def compare_specs(seed: dict, computed: dict) -> list[str]:
    """List where the seed spec and a spec built from published numbers differ."""
    differences = []
    for a, b in zip(seed["dimensions"], computed["dimensions"], strict=True):
        for key in ("score", "delta"):
            if a[key] != b[key]:
                differences.append(f"{a['code']} {key}: {a[key]} vs {b[key]}")
        for ra, rb in zip(a["ranks"], b["ranks"], strict=True):
            if ra != rb:
                differences.append(f"{a['code']} rank: {ra} vs {rb}")
        for pa, pb in zip(a["pillars"], b["pillars"], strict=True):
            for key in ("score", "delta"):
                if pa[key] != pb[key]:
                    differences.append(f"{pa['code']} {key}: {pa[key]} vs {pb[key]}")
            for ia, ib in zip(pa["indicators"], pb["indicators"], strict=True):
                for key in ("label", "score", "delta"):
                    if ia[key] != ib[key]:
                        differences.append(f"{ia['code']} {key}: {ia[key]} vs {ib[key]}")
    return differences
