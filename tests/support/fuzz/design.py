"""A random page design drawn from a seed, as another producer might lay a profile out.

`random_layout(seed)` picks every design choice; `expected_for(spec, layout)`
gives the rows a reader must get back from what `spec_to_layout_pdf` draws
(the narrative is trimmed per seed to keep the suite fast).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.pdf_cases import expected_paragraphs, expected_ranks, expected_scores, spec_paths

PAGE_SIZES = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}
# Arrow encodings: what marks the direction of a change.
ARROWS = ("unicode-arrows", "unicode-triangles", "dingbats", "symbol", "vector-triangle",
          "vector-shaft", "stroked", "raster", "signed")
MARK_STYLES = {
    "unicode-arrows": ("diagonal",), "unicode-triangles": ("solid",),
    "dingbats": ("arrows", "triangles"), "symbol": ("vertical",),
    "vector-triangle": ("equilateral", "narrow"), "vector-shaft": ("straight", "diagonal"),
    "stroked": ("chevron", "arrow"), "raster": ("shaft", "triangle"), "signed": ("none",),
}
# (regular font, hscale): condensed faces are a standard font squeezed with Tz.
FONTS = (("Helvetica", 100), ("Times-Roman", 100), ("DejaVuSans", 100),
         ("Helvetica", 82), ("Courier", 80))
HEADLINES = ("above", "below", "beside")
RANK_PLACES = ("below", "right", "box")
HEADS = ("top", "bar", "side", "side-rotated")
CALLOUT_SENTENCES = (
    "Criminal networks adapt faster than the laws written to stop them.",
    "Where institutions are weak, illicit economies quietly fill the gap.",
    "Resilience is built by communities as much as by governments.",
    "No single agency can dismantle a market that crosses every border.",
)


@dataclass(frozen=True)
class Layout:
    """Every design choice for one fuzzed profile (its repr is the reproduction recipe)."""

    seed: int
    spec: str                # stem of the fixture spec drawn
    page: str                # "A4" | "Letter"
    margin: float
    font: str                # regular face; bold/italic follow the family
    hscale: int              # horizontal scale in percent (<100: condensed)
    # Header of a score page.
    headline_label: str      # "CRIMINALITY SCORE" above / below / beside the number
    headline_size: float
    ranks: str               # rank lines below the score, in a column to its right, in a box
    ordinals: str            # "raised" (small, raised suffix) | "inline" ("99th")
    rank_change_at: str      # "column" (aligned x) | "inline" (after the text)
    # Indicator tables.
    table: str               # "rows" | "cards"
    label_width: float       # rows: label column width (narrow ones wrap onto 2-3 lines)
    score_at: str            # rows: "near" the labels | "margin" (right margin)
    score_align: str         # "left" | "right"
    change_side: str         # change cell "right" | "left" of the score
    wrapped_score: str       # wrapped label: number on its "first" | "last" line
    bars: bool
    card_columns: int
    pillar_score: str        # pillar heading score "beside" the label | at the "margin"
    # Marks.
    arrows: str
    mark_style: str
    rank_changes: str        # "arrow" | "signed"
    zero_rank: str           # what an unchanged rank shows
    colours: str             # "standard" | "swapped" | "mono" | "random"
    # Narrative.
    columns: int
    span_headings: bool      # section headings across all columns
    balance_end: bool        # balance the columns of the last page
    para_style: str          # "gap" | "indent"
    justify: bool
    hyphenate: bool
    body_size: float
    narrative_words: int     # trim the narrative to about this many words
    # Furniture.
    running_head: str        # "top" | "bar" | "side" | "side-rotated"
    folio: str               # "Page N" | "N" | "bar"
    funding: bool
    callout: str             # "quote" | "box"
    callout_at: str          # "top" | "bottom" of a column on the first narrative page
    callout_text: str
    tracking: float          # letter-spacing of bold capitals (titles, labels), in ems
    middle_score: bool       # a wrapped label's numbers centred on its lines

    @property
    def size(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page]


def random_layout(seed: int) -> Layout:
    """Draw a page design from a seed; the same seed gives the same layout."""
    rng = random.Random(seed * 7919 + 17)
    specs = [p.stem for p in spec_paths()]
    arrows = ARROWS[seed % len(ARROWS)] if seed >= 0 else rng.choice(ARROWS)
    arrows = rng.choice(ARROWS) if rng.random() < 0.25 else arrows
    font, hscale = rng.choice(FONTS)
    if font == "Helvetica" and hscale < 100:
        hscale = rng.choice((78, 82, 86))
    table = rng.choices(("rows", "cards"), (3, 1))[0]
    running_head = rng.choice(HEADS)
    folio = "bar" if running_head == "bar" and rng.random() < 0.7 else rng.choice(("Page N", "N"))
    return Layout(
        seed=seed,
        spec=specs[rng.randrange(len(specs))],
        page=rng.choice(("A4", "Letter")),
        margin=rng.choice((36.0, 42.5, 48.0, 56.0)),
        font=font, hscale=hscale,
        headline_label=HEADLINES[(seed // len(ARROWS)) % 3] if rng.random() < 0.7
        else rng.choice(HEADLINES),
        headline_size=rng.choice((26.0, 30.0, 36.0, 42.0)),
        ranks=rng.choice(RANK_PLACES),
        ordinals=rng.choice(("raised", "inline")),
        rank_change_at=rng.choice(("column", "inline")),
        table=table,
        label_width=rng.choice((88.0, 100.0, 118.0, 190.0, 230.0)),
        score_at=rng.choice(("near", "margin")),
        score_align=rng.choice(("left", "right")),
        change_side=rng.choices(("right", "left"), (3, 1))[0],
        wrapped_score=rng.choice(("first", "last")),
        bars=rng.random() < 0.5,
        card_columns=rng.choice((3, 4, 5)),
        pillar_score=rng.choice(("beside", "margin")),
        arrows=arrows,
        mark_style=rng.choice(MARK_STYLES[arrows]),
        rank_changes="signed" if arrows == "signed" else rng.choices(("arrow", "signed"), (3, 1))[0],
        zero_rank=rng.choice(("-", "0", "\u2013")),
        colours=rng.choices(("standard", "swapped", "mono", "random"), (5, 1, 1, 1))[0],
        columns=rng.choice((1, 2, 2, 3)),
        span_headings=rng.random() < 0.5,
        balance_end=rng.random() < 0.5,
        para_style=rng.choices(("gap", "indent"), (3, 1))[0],
        justify=rng.random() < 0.35,
        hyphenate=rng.random() < 0.5,
        body_size=rng.choice((8.0, 8.5, 9.0, 9.5)),
        narrative_words=rng.choice((500, 650, 800, 950)),
        running_head=running_head,
        folio=folio,
        funding=rng.random() < 0.7,
        callout=rng.choice(("quote", "box")),
        callout_at=rng.choice(("top", "bottom")),
        callout_text=rng.choice(CALLOUT_SENTENCES),
        tracking=rng.choices((0.0, 0.05, 0.1, 0.2), (5, 1, 1, 1))[0],
        middle_score=rng.random() < 0.3,
    )


def trimmed_narrative(spec: dict, layout: Layout) -> list[dict]:
    """Keep a seeded subset of narrative entries: at least one criminality and one resilience."""
    rng = random.Random(layout.seed * 104729 + 3)
    entries = spec["narrative"]
    words = [sum(len(p.split()) for p in e["paragraphs"]) for e in entries]
    by_section: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        by_section.setdefault(entry["section"], []).append(i)
    keep = {rng.choice(ids) for ids in by_section.values()}
    rest = [i for i in range(len(entries)) if i not in keep]
    rng.shuffle(rest)
    total = sum(words[i] for i in keep)
    for i in rest:
        if total + words[i] <= layout.narrative_words or total < 250:
            keep.add(i)
            total += words[i]
    return [entries[i] for i in sorted(keep)]


def drawn_spec(spec: dict, layout: Layout) -> dict:
    """The spec as drawn: the same numbers, the trimmed narrative."""
    return {**spec, "narrative": trimmed_narrative(spec, layout)}


def expected_for(spec: dict, layout: Layout) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(scores, ranks, paragraphs) a reader must get from the drawn profile."""
    drawn = drawn_spec(spec, layout)
    return expected_scores(drawn), expected_ranks(drawn), expected_paragraphs(drawn)
