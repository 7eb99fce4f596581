"""How one converter writes a profile: a frozen Style, drawn at random from a seed.

A Style is everything `spec_to_converted` needs besides the spec: the
family (which converter it imitates) and the perturbations inside it. The
same seed always gives the same Style and the same spec.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields

from tests.pdf_cases import spec_paths

FAMILIES = ("seed", "markdown", "html", "pdftotext", "copypaste", "htmldoc", "latex", "lightmarkup")

# Arrow glyph sets: (up, down, flat).
LATEX_GLYPHS = (
    (r"\nearrow", r"\searrow", r"\rightarrow"),
    (r"\uparrow", r"\downarrow", r"\rightarrow"),
    (r"\blacktriangle", r"\blacktriangledown", r"\to"),
    (r"\nearrow", r"\searrow", r"\to"),
    (r"\Uparrow", r"\Downarrow", r"\rightarrow"),
)
UNICODE_GLYPHS = (("↗", "↘", "→"), ("↑", "↓", "→"), ("▲", "▼", "►"), ("⬆", "⬇", "➡"))


@dataclass(frozen=True)
class Style:
    """One converter's way of writing a profile (defaults: the seed's converter)."""

    family: str = "seed"           # seed | markdown | html | pdftotext | copypaste | htmldoc
    #                                | latex (Mathpix) | lightmarkup (setext, rst, AsciiDoc, Org)
    noise_seed: int = 0            # where the scattered noise (nbsp, splits...) falls
    # -- numbers
    arrows: str = "latex"          # latex | unicode | word | sign
    glyphs: tuple[str, str, str] = LATEX_GLYPHS[0]
    zero_arrow: bool = False       # write the flat arrow before a 0.00 delta
    latex_arrow_only: bool = False  # "$\\nearrow$ 0.23": only the arrow in math
    minus: str = "-"               # the sign of a signed negative: "-" or U+2212
    na: str = "n/a"                # n/a | N/A | –  (a delta with no previous value)
    rank_zero: str = "-"           # - | – | = | 0 | arrow  (no rank change)
    rank_change: str = "arrow"     # arrow | signed | word  (a rank change that is not 0)
    ordinal: str = "sup"           # plain | sup | caret | unicode | latex ($99^{\text {th }}$)
    # -- layout of the score pages
    title_mark: str = "**"         # how the score titles are marked: # | ** | __ | plain
    label_first: bool = False      # "CRIMINALITY SCORE: 5.03 ↗ 0.23" rather than number, then label
    label_sep: str = ": "          # between a label and its number when on one line
    label_below: bool = False      # copypaste: an indicator's label after its numbers
    one_cell_per_line: bool = False  # copypaste: score and delta on lines of their own
    bullet: str = ""               # rank lines: "" | - | * | • | 1.
    table_header: str = "none"     # markdown: none | words | first_row | blank
    table_align: str = "plain"     # markdown separator: plain | colons | padded
    pillar_in_table: bool = False  # pillar line as the first (bold) row of its table
    split_delta_cell: bool = False  # tables: arrow and delta in cells of their own
    html_pretty: bool = False      # html: one tag per line
    html_entities: bool = False    # html: arrows and & as entities, &nbsp;
    html_br: bool = False          # html: long labels broken with <br>
    pad: int = 2                   # pdftotext: least spaces between columns
    # -- narrative
    heading_mark: str = "#"        # # | ** | __ | plain
    numbered: bool = False         # "1. CRIMINALITY", "1.1. CRIMINAL MARKETS"
    wrap: int = 0                  # hard-wrap width; 0 = one line per paragraph
    blank_between: float = 1.0     # chance of a blank line between wrapped paragraphs
    hyphenate: bool = False        # split words at the wrap with an added hyphen
    break_compounds: bool = False  # break compounds after their own hyphen at the wrap
    page_splits: int = 0           # split a paragraph with a blank line every ~N words
    page_lines: int = 0            # pdftotext/copypaste: lines per narrative page
    running_head: bool = False     # running head and "Page N" on every page
    form_feeds: bool = False       # pages separated by \f
    # -- noise
    furniture: bool = True         # funding notices and the closing footnote
    placeholders: str = "none"     # none | comment | image | both
    nbsp: bool = False             # some spaces non-breaking
    zwsp: bool = False             # zero-width spaces beside some spaces and line ends
    trailing_spaces: bool = False
    crlf: bool = False
    bom: bool = False
    encoding: str = "utf-8"        # utf-8 | cp1252 (text families; utf-8 if the text won't encode)
    wrap_labels: bool = False      # pdftotext: long labels run onto a second line
    side_by_side: bool = False     # pdftotext: headline and rank lines share lines
    ligatures: bool = False        # copypaste: fi, fl in the narrative as U+FB01, U+FB02
    proportional: bool = False     # pdftotext/copypaste: wrapped by printed width, not characters
    # -- other converters (drawn last: see random_style)
    heading_style: str = "atx"     # lightmarkup: atx | setext | rst | asciidoc | org
    table_form: str = "rows"       # rows | transposed | side_by_side | cards
    footnotes: str = "none"        # none | caret ([^1]) | unicode (¹) | sup (<sup>1</sup>)
    page_marker: str = "none"      # markdown: none | rule | marker ({3}---) | span | pymupdf (-----)
    glued_head: str = ""           # pdftotext: "" | space | tight: the head on a page's first line

    @property
    def suffix(self) -> str:
        return ".txt" if self.family in ("pdftotext", "copypaste", "latex") else ".md"

    def __repr__(self) -> str:
        """Show the family and what differs from the seed's converter."""
        default = Style()
        parts = [f"family={self.family!r}", f"noise_seed={self.noise_seed}"]
        parts += [f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)
                  if f.name not in ("family", "noise_seed")
                  and getattr(self, f.name) != getattr(default, f.name)]
        return "Style(" + ", ".join(parts) + ")"


def _numbers(rng: random.Random, family: str) -> dict:
    """Arrows, signs, n/a, rank changes and ordinals."""
    if family == "seed":
        arrows = "latex"
    elif family in ("pdftotext", "copypaste"):
        arrows = rng.choice(["unicode", "unicode", "sign", "word"])
    else:
        arrows = rng.choice(["latex", "unicode", "unicode", "sign", "word"])
    glyphs = rng.choice(LATEX_GLYPHS if arrows == "latex" else UNICODE_GLYPHS)
    ordinal = ("sup" if rng.random() < 0.7 else rng.choice(["plain", "caret", "unicode"])) \
        if family == "seed" else rng.choice(
            ["plain", "unicode"] if family in ("pdftotext", "copypaste")
            else ["plain", "sup", "caret", "unicode"])
    return dict(
        arrows=arrows, glyphs=glyphs,
        zero_arrow=arrows in ("latex", "unicode") and rng.random() < 0.3,
        latex_arrow_only=arrows == "latex" and family != "seed" and rng.random() < 0.4,
        minus=rng.choice(["-", "\u2212"]),
        na=rng.choice(["n/a", "N/A", "–"]),
        rank_zero=rng.choice(["-", "–", "=", "0", "arrow"]),
        rank_change="arrow" if family == "seed" else rng.choice(["arrow", "arrow", "signed", "word"]),
        ordinal=ordinal,
    )


def _noise(rng: random.Random, family: str) -> dict:
    text_family = family in ("pdftotext", "copypaste")
    return dict(
        furniture=rng.random() < 0.7,
        placeholders="none" if text_family else rng.choice(["none", "none", "comment", "image", "both"]),
        nbsp=rng.random() < 0.3,
        zwsp=rng.random() < 0.2,
        trailing_spaces=rng.random() < 0.3,
        crlf=rng.random() < 0.3,
        bom=rng.random() < 0.2,
    )


def random_style(seed: int) -> Style:
    """Draw a converter style from a seed: the family first, then its perturbations."""
    rng = random.Random(f"style:{seed}")
    family = FAMILIES[seed % len(FAMILIES)] if seed >= 0 else rng.choice(FAMILIES)
    knobs: dict = dict(family=family, noise_seed=rng.randrange(1 << 30))
    knobs |= _numbers(rng, family)
    knobs |= _noise(rng, family)
    if family == "seed":
        knobs |= dict(
            title_mark="**", heading_mark="#",
            page_splits=rng.choice([0, 0, 120, 200]),
            nbsp=False, zwsp=False,
        )
    elif family in ("markdown", "html", "htmldoc", "latex", "lightmarkup"):
        knobs |= dict(
            title_mark=rng.choice(["#", "**", "__", "plain"]),
            label_first=rng.random() < 0.6,
            label_sep=rng.choice([": ", " ", "  "]),
            bullet=rng.choice(["", "-", "*", "•", "1."]),
            table_header=rng.choice(["none", "words", "first_row", "blank"]),
            table_align=rng.choice(["plain", "colons", "padded"]),
            pillar_in_table=rng.random() < 0.4,
            split_delta_cell=rng.random() < 0.3,
            heading_mark=rng.choice(["#", "#", "**", "__", "plain"]),
            numbered=rng.random() < 0.2,
            wrap=rng.choice([0, 0, 0, 80, 100]),
            page_splits=rng.choice([0, 0, 150]),
        )
        if family in ("html", "htmldoc"):
            knobs |= dict(html_pretty=rng.random() < 0.5, html_entities=rng.random() < 0.6,
                          html_br=rng.random() < 0.5)
        if family == "markdown":
            knobs |= dict(crlf=rng.random() < 0.6)
    elif family == "pdftotext":
        knobs |= dict(
            title_mark="plain", heading_mark="plain", label_first=rng.random() < 0.4,
            label_sep=rng.choice(["  ", "   "]),
            pad=rng.choice([2, 3, 4, 6]),
            wrap=rng.randint(70, 80),
            blank_between=rng.choice([0.0, 0.3, 0.7]),
            hyphenate=rng.random() < 0.7,
            break_compounds=rng.random() < 0.5,
            page_lines=rng.randint(45, 70),
            running_head=True, form_feeds=True,
            wrap_labels=rng.random() < 0.3,
            side_by_side=rng.random() < 0.25,
        )
    else:  # copypaste
        knobs |= dict(
            title_mark="plain", heading_mark="plain",
            label_first=rng.random() < 0.5,
            label_below=rng.random() < 0.4,
            one_cell_per_line=rng.random() < 0.6,
            label_sep=" ",
            wrap=rng.choice([0, 0, 70, 90]),
            blank_between=rng.choice([0.0, 0.5, 1.0]),
            page_lines=rng.randint(50, 70),
            running_head=rng.random() < 0.3,
            ligatures=rng.random() < 0.25,
        )
    if (family in ("pdftotext", "copypaste") and knobs["arrows"] in ("sign", "word")
            and knobs["ordinal"] == "plain" and not knobs["zwsp"] and not knobs["bom"]
            and rng.random() < 0.4):
        knobs |= dict(encoding="cp1252", minus="-")  # U+2212 has no cp1252 code
    # Drawn last, so the seeds drawn before it kept their styles.
    if knobs.get("wrap") and family in ("pdftotext", "copypaste"):
        knobs |= dict(proportional=rng.random() < 0.4)
    knobs |= _other_converters(rng, family, knobs)
    return Style(**knobs)


def _other_converters(rng: random.Random, family: str, knobs: dict) -> dict:
    """Whole HTML documents, Mathpix LaTeX, lighter markups, table forms, footnotes, page markers."""
    out: dict = {}
    if family in ("markdown", "html", "htmldoc", "lightmarkup"):
        out["table_form"] = rng.choice(["rows", "rows", "transposed", "side_by_side", "cards"])
        if out["table_form"] != "rows":
            out["table_header"] = "none"
    if family in ("markdown", "html", "htmldoc", "latex", "lightmarkup"):
        out["footnotes"] = rng.choice(["none", "caret", "unicode", "sup"] if family in
                                      ("markdown", "html") else ["none", "unicode", "sup"])
        if family == "latex":
            out["footnotes"] = rng.choice(["none", "unicode"])
    if family == "markdown":
        out["page_marker"] = rng.choice(["none", "rule", "marker", "span", "pymupdf"])
    if family == "pdftotext":
        out["glued_head"] = rng.choice(["", "", "space", "tight"])
    if family == "htmldoc":
        out |= dict(arrows=rng.choice(["unicode", "unicode", "sign", "word"]),
                    glyphs=rng.choice(UNICODE_GLYPHS), title_mark=rng.choice(["#", "**"]), heading_mark="#",
                    placeholders=rng.choice(["none", "comment"]), wrap=0,
                    html_pretty=rng.random() < 0.5, html_entities=rng.random() < 0.6,
                    html_br=rng.random() < 0.5, ordinal=rng.choice(["plain", "sup", "unicode"]),
                    crlf=rng.random() < 0.3)
    if family == "latex":
        glyphs = rng.choice(LATEX_GLYPHS)
        out |= dict(arrows="latex", glyphs=glyphs, title_mark=rng.choice(["**", "#"]),
                    heading_mark="#", placeholders="none", wrap=0, nbsp=False, zwsp=False,
                    ordinal=rng.choice(["latex", "latex", "plain"]), label_first=rng.random() < 0.5,
                    latex_arrow_only=rng.random() < 0.5, split_delta_cell=False,
                    table_form="rows", encoding="utf-8")
    if family == "lightmarkup":
        out |= dict(heading_style=rng.choice(["setext", "rst", "asciidoc", "org"]),
                    heading_mark="#", title_mark="#", numbered=False, wrap=0)
    return out


def random_spec_name(seed: int) -> str:
    """The spec a seed renders (a file stem under tests/fixtures/specs)."""
    return random.Random(f"spec:{seed}").choice([p.stem for p in spec_paths()])
