"""Layout rules on small drawn pages: each rule with a case it decides and one it leaves alone.

Pages are built from words set in a fixed-pitch face (every character half
an em wide), ten points high, on a twelve-point leading.
"""

from __future__ import annotations

import pytest

import random

from pipeline.read.layout import (
    SETTINGS,
    Word,
    clearest_gutter,
    cut,
    cut_around_obstacles,
    is_justified_space,
    words_to_rows,
)
from pipeline.read.pdf import runs_on

SIZE = 10.0
LEAD = 12.0
SPACE = 2.5
LEFT = 50.0
GUTTER = 16.0
PROSE = ("the traffickers use the ports as a hub for goods bound for markets and "
         "officials rely on bribes to move cash while reports point to seizures "
         "although the scale is hard to assess and few cases reach the courts").split()


def line(text: str, x: float, top: float, size: float = SIZE, space: float = SPACE,
         box: tuple | None = None) -> list[Word]:
    """One line of words from x, each character half an em wide."""
    out = []
    for piece in text.split():
        width = 0.5 * size * len(piece)
        out.append(Word(piece, x, top, x + width, top + size, size, box=box))
        x += width + space
    return out


def prose_lines(n: int, start: int = 0, last: str = "", first: str = "") -> list[str]:
    """n lines of running text, five words each; `first` opens the first, `last` ends the last."""
    words = [PROSE[(start + k) % len(PROSE)] for k in range(5 * n)]
    lines = [words[5 * k:5 * k + 5] for k in range(n)]
    if first:
        lines[0] = first.split() + lines[0][len(first.split()):]
    if last:
        lines[-1] = lines[-1][:-len(last.split())] + last.split()
    return [" ".join(ln) for ln in lines]


def column(lines: list[str], x: float, top: float, size: float = SIZE) -> list[Word]:
    return [w for k, text in enumerate(lines) for w in line(text, x, top + k * LEAD, size)]


def right_of(*groups: list[Word]) -> float:
    """Where a column beside these words starts, past a gutter."""
    return max(w.x1 for group in groups for w in group) + GUTTER


def reading(words: list[Word]) -> list[str]:
    """The first words of each block, in the order the cut reads them."""
    return [" ".join(b.rows[0].text.split()[:2]) for b in cut(words) if b.rows]


# --- a band where one column runs out ----------------------------------------------


@pytest.mark.parametrize("ending, order", [
    # The left column stops mid-sentence below the band, nothing beside it:
    # its sentence goes on atop the right column, so the page reads by columns.
    ("accountability in", ["Upper left", "RESILIENCE", "Lower left", "Right column"]),
    # It stops at a full stop: the band closed the columns; the page reads across.
    ("the courts.", ["Upper left", "Right column", "RESILIENCE", "Lower left"]),
])
def test_a_column_stopping_mid_sentence_below_a_band_goes_on_in_the_next(ending, order):
    upper = column(prose_lines(8, 3, "courts.", first="Upper left"), LEFT, 100)
    band = 100 + 8 * LEAD + 22  # wider than the gutter
    heading = line("RESILIENCE", LEFT, band, size=14)
    lower = column(prose_lines(5, 7, ending, first="Lower left"), LEFT, band + 22)
    right = column(prose_lines(8, 9, "reports.", first="Right column"), right_of(upper, lower),
                   100)
    got = reading(upper + right + heading + lower)
    assert [g.split()[0] if g.isupper() else g for g in got] == order


@pytest.mark.parametrize("boxed, order", [
    # A callout below the short column is no running text: the left column runs on.
    (True, ["Upper left", "Lower left", "Right column", "Where institutions"]),
    # Running text below it: each column goes on below the band, which closes them.
    (False, ["Upper left", "Right column", "Lower left", "Where institutions"]),
])
def test_a_callout_below_the_short_column_is_no_running_text(boxed, order):
    upper = column(prose_lines(10, 3, first="Upper left"), LEFT, 100)
    band = 100 + 10 * LEAD + 22
    lower = column(prose_lines(7, 7, "ports.", first="Lower left"), LEFT, band)
    x = right_of(upper, lower)
    right = column(prose_lines(4, 9, first="Right column"), x, 100)
    box = (x - 4, band + 40, x + 194, band + 70) if boxed else None
    callout = [w for k, text in enumerate(["Where institutions are weak",
                                           "is filled by markets"])
               for w in line(text, x + 4, band + 44 + k * LEAD, box=box)]
    assert reading(upper + right + lower + callout) == order


@pytest.mark.parametrize("after, order", [
    # Below a callout set into the left column, its text goes on mid-sentence
    # from where it stopped above: one paragraph, read down that column first.
    ("well-organized cells", ["Upper left", "well-organized cells", "Right column"]),
])
def test_a_column_going_on_mid_sentence_below_a_callout_is_read_down(after, order):
    upper = column(prose_lines(8, 3, "as a sign that", first="Upper left"), LEFT, 100)
    band = 100 + 8 * LEAD + 10
    box = (LEFT - 4, band, LEFT + 120, band + 30)
    callout = line("No single agency can", LEFT + 4, band + 8, box=box)
    lower = column(prose_lines(2, 5, "controls.", first=after), LEFT, band + 40)
    x = right_of(upper, lower)
    right = column(prose_lines(8, 9, "reports.", first="Right column"), x, 100)
    got = reading(upper + right + callout + lower)
    assert [g for g in got if g in order] == order


def test_a_running_head_down_the_side_is_cut_off_before_the_bands_beside_it():
    # The last lines of a section, balanced over three columns, a heading
    # across them, and a running head set down the margin beside it all,
    # its words filling the band above the heading.
    side = [w for k, word in enumerate(("GLOBAL", "ORGANIZED", "CRIME", "INDEX", "2023"))
            for w in line(word, 0, 100 + k * 9, size=7)]
    x = max(w.x1 for w in side) + 14
    ends = [line(text, x + k * 185, 100) for k, text in
            enumerate(["with cross-border smuggling,", "and officials draw", "income from it."])]
    heading = line("RESILIENCE", x, 124, size=14)
    below = [column(prose_lines(6, k, first=first), x + k * 185, 146)
             for k, first in enumerate(["Political leadership", "Middle column", "Right column"])]
    got = reading(side + [w for e in ends for w in e] + heading + [w for b in below for w in b])
    order = ["with cross-border", "and officials", "income from", "RESILIENCE",
             "Political leadership", "Middle column", "Right column"]
    assert [g for g in got if g in order] == order


@pytest.mark.parametrize("head, order", [
    # The right column opens mid-sentence, the left stops at a full stop above
    # the band and mid-sentence below it: the right column follows the lower part.
    ("document forgery", ["Upper left", "CRIMINAL", "Lower left", "document forgery"]),
    ("Document forgery", ["Upper left", "Document forgery", "CRIMINAL", "Lower left"]),
])
def test_a_column_opening_mid_sentence_follows_the_part_that_stops_mid_sentence(head, order):
    upper = column(prose_lines(8, 3, "courts.", first="Upper left"), LEFT, 100)
    band = 100 + 8 * LEAD + 22
    heading = line("CRIMINAL ACTORS", LEFT, band, size=10.5)
    lower = column(prose_lines(5, 7, "overlaps with", first="Lower left"), LEFT, band + 16)
    x = right_of(upper, lower)
    right = column(prose_lines(8, 9, "reports.", first=head), x, 100)
    below_right = column(prose_lines(4, 8, "ports.", first="Later on"), x, band + 16)
    got = [g.split()[0] if g.split()[0].isupper() else g
           for g in reading(upper + right + heading + lower + below_right)]
    assert got[:4] == order


@pytest.mark.parametrize("size, order", [
    # Columns ending together, all going on below a band under a larger heading:
    # a section break across the columns, though narrower than the gutter.
    (14.0, ["Upper left", "Right column", "RESILIENCE", "Lower left", "Lower right"]),
    # Under a line of body text the band is a gap the two columns happen to share.
    (10.0, ["Upper left", "RESILIENCE", "Lower left", "Right column", "Lower right"]),
])
def test_a_band_under_which_a_larger_heading_opens_all_columns_closes_them(size, order):
    upper = column(prose_lines(8, 3, first="Upper left"), LEFT, 100)
    band = 100 + 8 * LEAD + 12  # narrower than the gutter
    heading = line("RESILIENCE", LEFT, band, size=size)
    lower = column(prose_lines(5, 7, first="Lower left"), LEFT, band + size + 6)
    x = right_of(upper, lower)
    right = column(prose_lines(8, 9, first="Right column"), x, 100)
    lower_right = column(prose_lines(5, 6, first="Lower right"), x, band + size + 6)
    assert reading(upper + right + heading + lower + lower_right) == order


@pytest.mark.parametrize("beside, order", [
    # The heading opens the page's lower part across both columns: the band
    # above it closes them, though a callout lower down leaves a wider band.
    (False, ["Upper left", "Right column", "RESILIENCE", "Lower left", "Lower right"]),
    # A callout stands beside the heading, atop the right column: the heading
    # opens the left column only, and the band is no section break.
    (True, ["Upper left", "RESILIENCE", "Lower left", "Right column"]),
])
def test_a_heading_band_closes_the_columns_before_a_wider_band_below(beside, order):
    upper = column(prose_lines(8, 3, "courts.", first="Upper left"), LEFT, 100)
    band = 100 + 8 * LEAD + 12
    heading = line("RESILIENCE", LEFT, band, size=14)
    lower = column(prose_lines(4, 7, first="Lower left"), LEFT, band + 20)
    # A callout in the left column with 26 points of space above and below it,
    # wider than the band above the heading, then more running text.
    box_top = band + 20 + 4 * LEAD + 26
    box = (LEFT - 4, box_top, LEFT + 150, box_top + 30)
    callout = line("Where institutions are weak", LEFT + 4, box_top + 8, box=box)
    after = column(prose_lines(3, 2), LEFT, box_top + 30 + 26)
    x = right_of(upper, lower, after)
    right = column(prose_lines(8, 9, "reports.", first="Right column"), x, 100)
    if beside:
        right_box = (x - 4, band, x + 150, band + 30)
        lower_right = line("No single agency can", x + 4, band + 8, box=right_box) + column(
            prose_lines(3, 6), x, band + 40)
    else:
        lower_right = column(prose_lines(3, 6, first="Lower right"), x, band + 20)
    got = reading(upper + right + heading + lower + callout + after + lower_right)
    assert [g for g in got if g in order] == order


@pytest.mark.parametrize("gap, column_first", [
    # A callout just below the band fills the column beside: no room for the
    # sentence there, it goes on over the page; the band closed the columns.
    (8.0, False),
    # Far below, the column beside has room: the sentence goes on atop it.
    (80.0, True),
])
def test_a_callout_filling_the_column_beside_leaves_no_room(gap, column_first):
    upper = column(prose_lines(8, 3, "courts.", first="Upper left"), LEFT, 100)
    band = 100 + 8 * LEAD + 22
    lower = column(prose_lines(9, 7, "rural areas,", first="Lower left"), LEFT, band)
    x = right_of(upper, lower)
    right = column(prose_lines(8, 9, "reports.", first="Right column"), x, 100)
    box = (x - 4, band + gap, x + 194, band + gap + 30)
    callout = line("Where institutions are weak", x + 4, band + gap + 8, box=box)
    got = reading(upper + right + lower + callout)
    assert (got.index("Lower left") < got.index("Right column")) == column_first


# --- gutters ------------------------------------------------------------------------


@pytest.mark.parametrize("spaces, justified", [
    ((7.0, 7.5, 8.0), True),  # every space of the line stretched alike: one line
    ((2.5, 2.5, 2.5), False),  # word spaces far narrower than the gap: a gutter
])
def test_a_gap_no_wider_than_its_lines_spaces_is_a_justified_space(spaces, justified):
    words, x = [], LEFT
    for piece, space in zip(["transfer", "systems", "to", "move"], (*spaces, 9.0)):
        words += line(piece, x, 100)
        x = words[-1].x1 + space
    words += line("goods", x, 100) + line("bound for regional markets.", LEFT, 112)
    gap = (words[3].x1, words[4].x0)
    assert is_justified_space(words, gap, SETTINGS) is justified


@pytest.mark.parametrize("labels, justified", [
    # Labels set down the margin beside widely spaced lines: the lines below
    # them start at the gap, which is the head of a column, not a space.
    (["GLOBAL", "ORGANIZED", "CRIME"], False),
    (["every", "line", "of", "it", "stretched", "alike"], True),  # one justified line each
])
def test_a_gap_where_lines_start_is_no_justified_space(labels, justified):
    words = [w for k, text in enumerate(labels) for w in line(text, 0, 100 + k * LEAD, size=7)]
    start = max(w.x1 for w in words) + 10.5
    words += [w for k in range(6) for w in line(prose_lines(1, k)[0], start, 100 + k * LEAD,
                                                space=8.0)]
    assert is_justified_space(words, (start - 10.5, start), SETTINGS) is justified


@pytest.mark.parametrize("folio, shift, cut_found", [
    ("3", 0.0, True),  # alone in the gutter: an obstacle across it, cut above and below
    ("Page 3", -20.0, True),  # reaching in from the left, yet no line of the left column
    ("", 0.0, False),  # nothing crosses the gutter there: nothing to cut around
])
def test_a_row_alone_in_the_gutter_is_an_obstacle(folio, shift, cut_found):
    left = column(prose_lines(20), LEFT, 100)
    right = column(prose_lines(20, 4), right_of(left), 100)
    foot = line("This summary was funded in part by a grant from the State Department "
                "and the opinions are those of the authors", LEFT, 100 + 20 * LEAD + 10)
    middle = (max(w.x1 for w in left) + min(w.x0 for w in right)) / 2
    folio_words = line(folio, middle - 2.5 + shift, 100 + 20 * LEAD + 40) if folio else []
    pieces = cut_around_obstacles(left + right + foot + folio_words, SIZE, SETTINGS)
    assert (pieces is not None and any(
        all(w.text in folio.split() for w in p) for p in pieces)) is cut_found


def test_the_gutter_between_columns_is_clearer_than_the_space_a_short_column_leaves():
    # The right column runs out after twelve lines above a footnote across the
    # page: the empty strip below it is wide but has those twelve lines over
    # it, while the gutter has only the footnote.
    left = column(prose_lines(40), LEFT, 100)
    x = right_of(left)
    right = column(prose_lines(12, 4), x, 100)
    foot = line("This summary was funded in part by a grant from the State Department "
                "and the opinions are those of the authors alone", LEFT, 100 + 40 * LEAD + 10)
    words = left + right + foot
    limit = SETTINGS.gutter_obstruction * (max(w.bottom for w in words) - 100)
    a, b = clearest_gutter(words, limit, SETTINGS.column_gap * SIZE)
    assert max(w.x1 for w in left) <= b and a <= x and b <= x


def test_words_set_a_fraction_of_a_point_aside_are_cut_alike():
    """What pdfium and pdfplumber measure differently: a word's edges by a tenth
    of a point. The gutter found moves with the edges, and the pieces cut
    around what crosses it stay the same."""
    left = column(prose_lines(20), LEFT, 100)
    right = column(prose_lines(14, 4), right_of(left), 100)
    heading = line("CRIMINAL JUSTICE AND SECURITY IN THE REGION AT LARGE", LEFT,
                   100 + 14 * LEAD + 4, size=12)
    below = column(prose_lines(5, 6), right_of(left), 100 + 16 * LEAD)
    foot = line("This summary was funded in part by a grant from the State Department "
                "and the opinions are those of the authors", LEFT, 100 + 21 * LEAD + 10)
    words = left + right + heading + below + foot

    def pieces(ws: list[Word]) -> list[set[int]]:
        index = {id(w): k for k, w in enumerate(ws)}
        return [{index[id(w)] for w in p} for p in cut_around_obstacles(ws, SIZE, SETTINGS) or []]

    expected = pieces(words)
    assert len(expected) > 1
    for seed in range(40):
        rng = random.Random(seed)
        moved = [w._replace(x0=w.x0 + rng.uniform(-0.3, 0.3), x1=w.x1 + rng.uniform(-0.3, 0.3))
                 for w in words]
        assert pieces(moved) == expected, f"seed {seed}: cut otherwise"


def test_a_row_with_a_gap_in_the_gutter_first_found_is_no_obstacle():
    # Three cards in a row, the middle card's long label reaching into the
    # gap before the third: the gap runs crooked, and the row is not cut out.
    words = []
    for k, (label, value) in enumerate([("MAFIA-STYLE GROUPS", "5.50"),
                                        ("CRIMINAL NETWORKS EVERYWHERE", "9.00"),
                                        ("STATE ACTORS", "7.50")]):
        x = LEFT + 150 * k
        for r in range(4):
            words += line(label, x, 100 + r * 40) + line(value, x, 100 + r * 40 + 14, size=13)
    assert cut_around_obstacles(words, SIZE, SETTINGS) is None


# --- paragraphs ------------------------------------------------------------------------


@pytest.mark.parametrize("indent, opens", [
    (13.0, True),  # a first-line indent atop a column: a new paragraph
    (0.0, False),  # flush: the paragraph from the column before may run on
])
def test_a_first_line_indent_atop_a_column_opens_a_paragraph(indent, opens):
    rows = words_to_rows(column(prose_lines(1), LEFT + indent, 100)
                         + column(prose_lines(4, 3), LEFT, 100 + LEAD))
    assert rows[0].blank_before is opens


@pytest.mark.parametrize("justified, last_words, runs", [
    # Justified text: a line that stops short of the column's edge ends its
    # paragraph, though the next column's first word would not have fitted.
    (True, 4, False),
    (True, 5, True),  # a full line: the paragraph runs on
    # Ragged text: a line the next word would not have fitted on may run on;
    (False, 5, True),
    (False, 1, False),  # one it would have: the paragraph ended there
    # Lines of one length in a fixed-pitch face, evenly spaced: flush, yet
    # ragged (nothing was stretched), so a short last line may run on.
    (None, 4, True),
])
def test_a_justified_line_short_of_the_edge_ends_its_paragraph(justified, last_words, runs):
    texts = prose_lines(5, 2) + ["reports point to seizures although"]
    if justified:  # every line but the last stretched to the same right edge
        width = max(0.5 * SIZE * len(t.replace(" ", "")) + SPACE * 4 for t in texts) + 6
        words = []
        for k, text in enumerate(texts):
            pieces = text.split()[:last_words] if k == len(texts) - 1 else text.split()
            ink = sum(0.5 * SIZE * len(p) for p in pieces)
            space = (width - ink) / (len(pieces) - 1) if k < len(texts) - 1 else SPACE
            words += line(" ".join(pieces), LEFT, 100 + k * LEAD, space=space)
        if last_words == 5:
            words = [w for w in words if w.top < 100 + 5 * LEAD]
    elif justified is None:  # every full line 29 characters long
        full = ["the ports are a hub for goods", "markets and officials rely on",
                "bribes to move cash so whilst", "reports point to the seizures",
                "although the scale is so hard"]
        assert {len(t) for t in full} == {29}
        words = [w for k, text in enumerate(full + ["reports point to seizures"])
                 for w in line(text, LEFT, 100 + k * LEAD, space=0.5 * SIZE)]
    else:
        texts[-1] = " ".join(texts[-1].split()[:last_words])
        texts[0] = texts[0] + " and"  # the fullest line: the column's width
        words = column(texts, LEFT, 100)
    rows = words_to_rows(words)
    first = words_to_rows(line("intermediaries exploit the gaps", 400, 100))[0]
    assert runs_on(rows[-1], first) is runs


@pytest.mark.parametrize("leading, indent, joined", [
    # An HTML table cell's label wrapped on a leading wider than a block gap:
    # each line is cut off as a block alone, and the score set at the cell's
    # middle, between them, takes both as one label.
    (16.0, 0.0, True),
    (LEAD, 0.0, True),  # the same within one block
    (16.0, 30.0, False),  # lines that start apart are no one label
])
def test_a_value_between_two_label_lines_joins_them_across_blocks(leading, indent, joined):
    words = (line("EXTORTION & PROTECTION", LEFT, 100) + line("RACKETEERING", LEFT + indent, 100 + leading)
             + line("8.00", 250, 100 + leading / 2))
    rows = [r.text for b in cut(words) for r in b.rows]
    assert ("EXTORTION & PROTECTION RACKETEERING 8.00" in rows) is joined, rows


def rule(x0: float, top: float, x1: float, bottom: float) -> "Graphic":
    from pipeline.read.model import Graphic

    return Graphic("path", x0, top, x1, bottom, subpaths=(((x0, top), (x1, bottom)),), stroke=True)


@pytest.mark.parametrize("sides, frames", [
    (("top", "bottom", "left", "right"), [(40.0, 100.0, 288.0, 160.0)]),  # a border as four rules
    (("top", "bottom", "left"), []),  # an open side: no box
    # Rules across: table rows, none tall enough to frame a callout
    (("top", "row 1", "row 2", "bottom", "left", "right"), []),
])
def test_four_rules_meeting_at_the_corners_frame_a_box(sides, frames):
    from pipeline.read.pdf import callout_boxes
    from pipeline.read.model import PageModel

    drawn = {"top": rule(40, 100, 288, 100), "bottom": rule(40, 160, 288, 160),
             "row 1": rule(40, 120, 288, 120), "row 2": rule(40, 140, 288, 140),
             "left": rule(40, 100, 40, 160), "right": rule(288, 100, 288, 160)}
    page = PageModel(1, 595, 842, graphics=[drawn[s] for s in sides])
    assert callout_boxes(page, SETTINGS) == frames


@pytest.mark.parametrize("in_box, aside", [
    # A pull quote in a box whose last short line the cut left a block alone:
    # the box's rows are judged together, and all are set aside.
    (True, True),
    (False, False),  # outside any box, a two-word line of body type is text
])
def test_the_last_short_line_of_a_boxed_quote_is_set_aside_with_it(in_box, aside):
    from pipeline.read.layout import mark_asides

    box = (LEFT - 6, 94, LEFT + 250, 150)
    words = (line("the traffickers use the ports as a hub", LEFT, 100)
             + line("for goods bound for markets", LEFT, 112) + line("and officials.", LEFT, 136))
    blocks = cut(words)
    assert len(blocks) == 2  # the last line a block of its own
    mark_asides(blocks, [box] if in_box else [], SIZE)
    assert [r.aside for b in blocks for r in b.rows] == [aside] * 3


@pytest.mark.parametrize("strokes, arrows, warnings", [
    # A table's cell borders, each cell's drawn on its own: short straight
    # strokes one under another are a rule, no arrow and nothing to warn of.
    ([((100, 100), (100, 118)), ((100, 118), (100, 136))], 0, 0),
    # A chevron's two strokes still read as an arrow.
    ([((100, 110), (105, 104)), ((105, 104), (110, 110))], 1, 0),
])
def test_short_straight_strokes_on_one_line_are_a_rule_not_an_arrow(strokes, arrows, warnings):
    from pipeline.read.model import Graphic
    from pipeline.read.pdf import PageLayout, drawn_arrows

    graphics = [Graphic("path", min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]),
                        max(a[1], b[1]), subpaths=((a, b),), stroke=True, line_width=1.0)
                for a, b in strokes]
    out = PageLayout(1, 595, 842)
    assert (len(drawn_arrows(graphics, out)), len(out.findings)) == (arrows, warnings)
