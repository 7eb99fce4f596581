"""Write a fixture profile from a spec: as converted text or as a PDF.

The converted text copies the shape of the seed (a real 2025 profile run
through a PDF-to-Markdown converter) line for line; `spec_to_text` of the
seed's own spec gives the seed back byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from tests.support.layout import PdfOptions, delta_shown
from tests.support.pdf_pages import draw_profile

# The converter writes arrows as LaTeX.
TEX_ARROWS = {"up": r"\nearrow", "down": r"\searrow", "flat": r"\rightarrow"}

# Funding notices as the converter lays them out: page 1 keeps the PDF's
# narrow column breaks (two trailing spaces), page 2 runs them on one line.
PAGE1_FUNDING = [
    "This project was funded in part  ", "by a grant from the United  ",
    "States Department of State.", "", " ", "", "", "Funded by  ", "the European Union", "",
    "ENACT is funded by the European Union  ", "and implemented by the Institute for  ",
    "Security Studies and INTERPOL, in  ", "affiliation with the Global Initiative Against  ",
    "Transnational Organized Crime.",
]
PAGE2_FUNDING = [
    "This project was funded in part by a grant from the United States Department of State.",
    "", "", "", "Funded by the European Union", "",
    "ENACT is funded by the European Union and implemented by the Institute for Security "
    "Studies and INTERPOL, in affiliation with the Global Initiative Against Transnational "
    "Organized Crime.",
]
CLOSING_FOOTNOTE = [
    "---", "",
    "*This summary was funded in part by a grant from the United States Department of "
    "State. The opinions, findings and conclusions stated herein are those of the authors "
    "and do not necessarily reflect those of the United States Department of State.*",
]
# The converter's heading levels: PEOPLE, TRADE and ENVIRONMENT come out one
# level deeper than the other subheadings of CRIMINAL MARKETS.
DEEP_SUBHEADINGS = {"PEOPLE", "TRADE", "ENVIRONMENT"}


def delta_to_markup(entry: dict) -> str:
    """Write a delta as the converter does: "$\\nearrow 0.23$", "0.00", "n/a" or ""."""
    return delta_shown(entry, lambda arrow, size: f"${TEX_ARROWS[arrow]} {size}$")


def score_to_markup(entry: dict) -> str:
    """Write a score and its delta: "5.03  $\\nearrow 0.23$"."""
    delta = delta_to_markup(entry)
    return f"{entry['score']}  {delta}" if delta else entry["score"]


def rank_to_markup(rank: dict) -> str:
    """Write a rank line: "99<sup>th</sup> of 193 countries  $\\nearrow 13$"."""
    text = re.sub(r"^(\d+)(st|nd|rd|th)\b", r"\1<sup>\2</sup>", rank["text"])
    change = rank.get("change")
    if change is None:
        return text
    if change == 0:
        return f"{text} -"
    return f"{text}  ${TEX_ARROWS['up' if change > 0 else 'down']} {abs(change)}$"


def indicator_rows(pillar: dict) -> list[str]:
    """Write one tab-separated row per indicator: label, score, delta."""
    rows = []
    for indicator in pillar["indicators"]:
        cells = [indicator["label"], indicator["score"], delta_to_markup(indicator)]
        rows.append("\t".join(cell for cell in cells if cell))
    return rows


def criminality_page(country: str, dimension: dict, furniture: bool) -> list[str]:
    """Write page 1: criminality headline, ranks, both pillars' tables."""
    ranks = [rank_to_markup(rank) for rank in dimension["ranks"]]
    lines = [" ", "", "", " ", "", "", f"# {country}", "", "", "",
             score_to_markup(dimension) + "   ", f"**{dimension['title']}**", ""]
    lines += [rank + "   " for rank in ranks[:-1]] + ranks[-1:] + ["", "", ""]
    for pillar in dimension["pillars"]:
        lines += [f"**{pillar['label']}** {score_to_markup(pillar)}", ""]
        lines += indicator_rows(pillar) + ["", "", ""]
    if furniture:
        lines += PAGE1_FUNDING + ["", "", ""]
    return lines


def resilience_page(country: str, dimension: dict, furniture: bool) -> list[str]:
    """Write page 2: resilience headline, ranks, one table without a pillar line."""
    lines = [f"# {country}", "", "", "", " ", score_to_markup(dimension), "",
             f"## {dimension['title']}", ""]
    for rank in dimension["ranks"]:
        lines += [rank_to_markup(rank), ""]
    lines += ["", ""]
    for pillar in dimension["pillars"]:
        lines += indicator_rows(pillar) + ["", "", ""]
    if furniture:
        lines += PAGE2_FUNDING + [""]
    return lines


def split_paragraphs(paragraphs: list[str], phrases: Sequence[str], every: int | None,
                     counted: int) -> tuple[list[str], int]:
    """Split paragraphs where a page break falls, as the converter leaves them."""
    out = []
    for text in paragraphs:
        for phrase in phrases:
            at = text.find(phrase + " ")
            if at >= 0:
                cut = at + len(phrase)
                text = text[:cut] + "\n\n" + text[cut + 1:]
        if every:
            words = text.split(" ")
            for i in range(len(words) - 1, 0, -1):
                if (counted + i) % every == 0:
                    words[i] = "\n\n" + words[i]
            text = " ".join(words).replace(" \n\n", "\n\n")
            counted += len(words)
        out.append(text)
    return out, counted


def narrative_lines(spec: dict, phrases: Sequence[str], every: int | None) -> list[str]:
    """Write the narrative with the converter's heading levels."""
    lines, seen, counted = [], (None, None), 0
    for entry in spec["narrative"]:
        section, heading, subheading = entry["section"], entry["heading"], entry["subheading"]
        if seen[0] != section:
            lines += [f"# {section}", ""]
        if seen != (section, heading):
            lines += [f"## {heading}", ""]
        seen = (section, heading)
        if subheading:
            level = "###" if subheading in DEEP_SUBHEADINGS else "##"
            lines += [f"{level} {subheading}", ""]
        paragraphs, counted = split_paragraphs(entry["paragraphs"], phrases, every, counted)
        for text in paragraphs:
            lines += [text, ""]
    return lines


def spec_to_text(spec: dict, *, furniture: bool = True, split_after: Sequence[str] | None = None,
                 split_every: int | None = None) -> str:
    """Write the converted-text profile of a spec.

    split_after: phrases after which a page break splits a paragraph with a
    blank line (default: the spec's "page_breaks", which the seed has);
    split_every: also split every so many words of narrative.
    """
    phrases = spec.get("page_breaks", []) if split_after is None else split_after
    country = spec["country"]
    criminality, resilience = spec["dimensions"]
    lines = criminality_page(country, criminality, furniture)
    lines += resilience_page(country, resilience, furniture)
    lines += narrative_lines(spec, phrases, split_every)
    if furniture:
        lines += CLOSING_FOOTNOTE
    else:
        lines = lines[:-1]
    return "\n".join(lines)


def spec_to_pdf(spec: dict, path: Path | str, *, arrows: str = "unicode", columns: int = 2,
                furniture: bool = True, hyphenate: bool = False, ligatures: bool = False,
                fake_bold: bool = False, arrow_colour_swap: bool = False) -> Path:
    """Draw a spec as an A4 profile PDF; the same spec gives the same bytes."""
    options = PdfOptions(arrows=arrows, columns=columns, furniture=furniture,
                         hyphenate=hyphenate, ligatures=ligatures, fake_bold=fake_bold,
                         arrow_colour_swap=arrow_colour_swap)
    return draw_profile(spec, Path(path), options)
