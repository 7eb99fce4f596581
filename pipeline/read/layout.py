"""Layout analysis: a page's words into blocks, rows and cells, in reading order.

Nothing here depends on where a designer put things. A page is cut
recursively at its widest whitespace bands (an XY-cut): a vertical band
splits columns (prose columns, or a table's label and value columns), a
horizontal band splits blocks. Inside a block, words share a row where
their spans overlap (so a raised "th" or an arrow stays with its number),
and a row splits into cells where the gap between words is wider than a
word space. A column of values (scores, changes) cut off from its labels
is joined back to them row by row, by baseline: that is what a table is.
All tolerances are in `LayoutSettings`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain
from dataclasses import dataclass, field
from itertools import takewhile
from statistics import median
from typing import NamedTuple

from ..records import ArrowMark


@dataclass(frozen=True)
class LayoutSettings:
    """Every tolerance of the layout analysis, in ems of the text at hand unless named."""

    row_overlap: float = 0.5  # share of the smaller height two words must overlap to share a row
    cell_gap: float = 0.9  # a gap between words wider than this starts a new cell
    column_gap: float = 0.9  # a vertical whitespace band this wide splits a region into columns
    min_column_gap: float = 5.0  # points: and never narrower than this
    edge_jitter: float = 0.6  # points: how far two sources may place one word's edges apart
    block_gap: float = 0.45  # a horizontal whitespace band this tall splits a region into blocks
    gutter_obstruction: float = 0.12  # a gutter may be crossed for this share of a region's height
    band_share: float = 0.9  # a region is cut at its widest band and those nearly as wide
    band_tie: float = 0.05  # (where it has columns, only those as wide: this near, in ems)
    balance_slack: float = 2.5  # columns ending this near one another above a band are balanced
    flow_gap: float = 4.0  # a band taller than this is no gap inside a column of running text
    room: float = 4.0  # a column free for less than this below a band has no room for more text
    indent_min: float = 0.8  # a row starting this far in from its block's left edge opens a paragraph
    indent_max: float = 6.0  # (and no farther: a centred or right-set row is no indent)
    paragraph_pitch: float = 1.25  # a row pitch this many times the block's typical one starts a paragraph
    baseline_tolerance: float = 0.4  # a value joins a label row whose baseline is this near
    straddle_align: float = 0.5  # ems: label lines in blocks apart that a value straddles start this near
    value_apart: float = 3.0  # value columns farther apart than this are cards side by side,
    # not a score and its change
    descent: float = 0.22  # share of a word's size below its baseline (word boxes are font boxes)
    band: float = 0.1  # share of the page height at the top and bottom where running heads sit
    margin: float = 0.1  # share of the page width at each side where margin notes sit
    flush: float = 0.1  # a line ending this near its block's right edge is flush with it
    justified_share: float = 0.6  # a block whose lines are flush this often is justified
    justified_space: float = 1.6  # a gap at most this many times its line's other word spaces
    # is a word space stretched by justification, not a gutter
    pull_quote_size: float = 1.15  # prose this many times the body size is a pull quote
    box_min: float = 30.0  # points: a drawn box this big on each side can frame a callout
    box_max: float = 0.6  # share of the page height a callout box stays under (a page tint is no box)
    frame_slack: float = 1.0  # points: rules drawing a box's sides meet within this
    tracked_gap: float = 0.45  # letters set apart by tracking stand at most this far apart
    tracked_evenness: float = 0.08  # and their gaps differ by at most this much
    tracked_run: int = 3  # letters in a row, at least, before they are taken for a tracked word
    tracked_tight: float = 0.15  # capitals this close are one word whatever the source cut
    tracked_word_space: float = 0.12  # a gap this much wider than the letters' is a word space


SETTINGS = LayoutSettings()


class Word(NamedTuple):
    """A token as layout sees it: its text (an arrow as its glyph), box and size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    arrow: ArrowMark | None = None
    font: str = ""
    box: tuple[float, float, float, float] | None = None  # the drawn box it stands in (a callout)


@dataclass
class CellBox:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    arrows: tuple[ArrowMark, ...] = ()


@dataclass
class Row:
    cells: list[CellBox]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # the row's largest word size
    blank_before: bool = False  # extra space above: a new paragraph
    column_start: bool = False  # first row of a column, a block beside another, or a page
    column_width: float = 0.0  # width of the fullest row of its block
    ragged: bool = True  # its block is set ragged right, not justified
    first_word_width: float = 0.0
    space: float = 0.0  # the typical gap between words
    italic: bool = False  # every word in an italic or oblique face
    aside: bool = False  # a callout or pull quote, set apart from the running text

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)

    @property
    def baseline(self) -> float:
        return self.bottom - SETTINGS.descent * self.size


@dataclass
class Block:
    """A leaf of the cut: rows set apart from the rest of the page by whitespace."""

    rows: list[Row] = field(default_factory=list)
    column_start: bool = False


# --- rows and cells ---------------------------------------------------------------


def words_to_rows(words: list[Word], settings: LayoutSettings = SETTINGS) -> list[Row]:
    """Group words into rows by vertical overlap, then split each row into cells."""
    groups: list[list[Word]] = []
    span = (0.0, 0.0)
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        overlap = min(span[1], w.bottom) - max(span[0], w.top)
        if groups and overlap >= settings.row_overlap * min(w.bottom - w.top, span[1] - span[0]):
            groups[-1].append(w)
            span = (min(span[0], w.top), max(span[1], w.bottom))
        else:
            groups.append([w])
            span = (w.top, w.bottom)
    rows = [group_to_row(sorted(g, key=lambda w: w.x0), settings) for g in groups]
    mark_paragraphs(rows, settings)
    return rows


def group_to_row(words: list[Word], settings: LayoutSettings) -> Row:
    cells: list[list[Word]] = [[words[0]]]
    gaps = []
    for prev, w in zip(words, words[1:]):
        gap = w.x0 - prev.x1
        em = min(prev.size, w.size) or 1.0
        if gap > settings.cell_gap * em:
            cells.append([w])
        else:
            cells[-1].append(w)
            if gap >= 0.5:
                gaps.append(gap)
    size = max(w.size for w in words)
    return Row([words_to_cell(c) for c in cells], min(w.x0 for w in words),
               min(w.top for w in words), max(w.x1 for w in words),
               max(w.bottom for w in words), size,
               first_word_width=words[0].x1 - words[0].x0,
               space=median(gaps) if gaps else 0.28 * words[0].size,
               italic=all(is_italic(w.font) for w in words if not w.arrow))


def is_italic(font: str) -> bool:
    name = font.lower()
    return "italic" in name or "oblique" in name


def words_to_cell(words: list[Word]) -> CellBox:
    text = ""
    for prev, w in zip([None, *words], words):
        tight = prev is not None and w.x0 - prev.x1 < 0.5
        text += w.text if (prev is None or tight) else " " + w.text
    return CellBox(text, min(w.x0 for w in words), min(w.top for w in words),
                   max(w.x1 for w in words), max(w.bottom for w in words),
                   max(w.size for w in words), tuple(w.arrow for w in words if w.arrow))


def mark_paragraphs(rows: list[Row], settings: LayoutSettings) -> None:
    """Mark rows set apart by extra space (a quarter line or more) as new paragraphs."""
    pitches = [b.bottom - a.bottom for a, b in zip(rows, rows[1:])]
    typical = median(pitches) if pitches else 0
    for row, pitch in zip(rows[1:], pitches):
        if pitch > settings.paragraph_pitch * typical:
            row.blank_before = True
    # Paragraphs set apart by a first-line indent instead of space; the
    # indent shows atop a column too, where no space above can.
    if len(rows) >= 3:
        left = min(r.x0 for r in rows)
        for row in rows:
            indent = row.x0 - left
            if settings.indent_min * row.size <= indent <= settings.indent_max * row.size:
                row.blank_before = True
    if rows:
        full = max(r.x1 - r.x0 for r in rows)
        right = max(r.x1 for r in rows)
        # Justified text: most lines end at the column's right edge, with word
        # spaces stretched to get there (a fixed-pitch face set ragged ends
        # many lines at one edge too, with even spaces); a line that stops
        # short of the edge ends its paragraph.
        flush = [r for r in rows if right - r.x1 <= settings.flush * r.size]
        spaces = [r.space for r in flush if r.space]
        ragged = len(rows) < 4 or len(flush) < settings.justified_share * len(rows) \
            or not spaces or max(spaces) - min(spaces) <= settings.flush * rows[0].size
        for r in rows:
            r.column_width = full
            r.ragged = ragged


# --- the cut ------------------------------------------------------------------------

# A value cell: scores, changes (arrow, sign, magnitude), n/a or a dash, in any order.
VALUE_TOKEN = r"(?:[↗↘→]|[+\-−–=]?\d{1,2}[.,]\d{1,2}|[+\-−–=]?\d{1,3}|n/?a|N/?A|[-–—=]|up|down)"
VALUE_RE = re.compile(rf"^{VALUE_TOKEN}(?:\s*{VALUE_TOKEN})*$")


def is_value_row(row: Row) -> bool:
    return all(c.text and VALUE_RE.match(c.text) for c in row.cells)


def widest_gaps(spans: list[tuple[float, float]], minimum: float) -> list[tuple[float, float]]:
    """Whitespace bands between the spans at least `minimum` wide, in order."""
    gaps: list[tuple[float, float]] = []
    ordered = iter(sorted(spans))
    first = next(ordered, None)
    if first is None:
        return gaps
    reach = first[1]
    for start, end in ordered:
        if start - reach >= minimum:
            gaps.append((reach, start))
        if end > reach:
            reach = end
    return gaps


def cut(words: list[Word], settings: LayoutSettings = SETTINGS) -> list[Block]:
    """The page's blocks in reading order: top to bottom, and left to right across columns."""
    return attach_values(cut_region(join_tracked(words, settings), settings), settings)


def attach_values(blocks: list[Block], settings: LayoutSettings) -> list[Block]:
    """Give each stray value (a score set at the page margin) to the row on its baseline.

    A value block the cut set apart from its labels by other content (rank
    lines above a margin column of scores, say) joins the nearest row on
    its left with the same baseline, else the nearest on its right. A value
    centred on a label wrapped over two rows, on neither baseline, joins
    both: they are one label.
    """
    values = [b for b in blocks if b.rows and all(is_value_row(r) for r in b.rows)]
    if not values:
        return blocks
    others = [b for b in blocks if b not in values]
    # Nearest the labels first, row by row: a score at a bar's end joins its label
    # before the change column further right does.
    joined = set()
    for block, row in sorted(((b, r) for b in values for r in b.rows), key=lambda br: br[1].x0):
        target = beside(others, row, settings) or join_straddled(others, row, settings)
        if target is not None and not (holds_pair(target) and holds_pair(row)):
            join_row(target, row)
            joined.add(id(row))
    for block in values:
        block.rows = [r for r in block.rows if id(r) not in joined]
    reclaim_leading_values([b for b in blocks if b.rows], settings)
    return [b for b in blocks if b.rows]


def reclaim_leading_values(blocks: list[Block], settings: LayoutSettings) -> None:
    """A score the cut put before the label on its right, nearer the label on its left
    (a pillar's score set near the gutter between two tables), goes to that label."""
    rows = [r for b in blocks for r in b.rows]
    for row in rows:
        lead = list(takewhile(lambda c: VALUE_RE.match(c.text), row.cells))
        if not lead or len(lead) == len(row.cells):
            continue
        value = Row(lead, lead[0].x0, min(c.top for c in lead), lead[-1].x1,
                    max(c.bottom for c in lead), max(c.size for c in lead))
        if not holds_score(value):
            continue
        gap_right = row.cells[len(lead)].x0 - value.x1
        left = [r for r in rows if r is not row and r.x1 <= value.x0 and not holds_score(r)
                and not RANK_RE.search(r.text) and on_baseline(r, value, settings)]
        if not left:
            continue
        nearest = max(left, key=lambda r: r.x1)
        if value.x0 - nearest.x1 < gap_right:
            join_row(nearest, value)
            row.cells = row.cells[len(lead):]
            row.x0 = row.cells[0].x0


# An ordinal and "of N": a rank line, which may take its change but never a score.
RANK_RE = re.compile(r"\d\s*(?:st|nd|rd|th)?\s+of\s+\d", re.IGNORECASE)


def beside(blocks: list[Block], row: Row, settings: LayoutSettings) -> Row | None:
    """The row nearest to the left of `row` on its baseline (else to its right), if any."""
    left = right = None
    left_end = 0.0
    score = holds_score(row)
    middle = (row.top + row.bottom) / 2
    for block in blocks:
        for r in block.rows:
            near = on_baseline(r, row, settings)
            # A label wrapped over rows, joined with the value at its middle (join_straddled).
            straddled = r.bottom - r.top > 1.5 * r.size and r.top < middle < r.bottom
            if not (near or straddled) or (score and RANK_RE.search(r.text)):
                continue
            ends = end_left_of(r, row)
            if ends is not None and (left is None or ends > left_end):
                left, left_end = r, ends
            elif r.x0 >= row.x1 and (right is None or r.x0 < right.x0):
                right = r
    return left or right


def on_baseline(a: Row, b: Row, settings: LayoutSettings) -> bool:
    return abs(a.baseline - b.baseline) <= settings.baseline_tolerance * min(a.size, b.size)


def end_left_of(r: Row, row: Row) -> float | None:
    """Where row r's cells left of `row` end, if it has some and none overlaps it: a
    row that ran past it already (its change joined first) takes it in a gap."""
    if r.x1 <= row.x0:
        return r.x1
    if r.x0 >= row.x0 or any(c.x0 < row.x1 and row.x0 < c.x1 for c in r.cells):
        return None
    return max(c.x1 for c in r.cells if c.x1 <= row.x0)


def join_straddled(blocks: list[Block], row: Row, settings: LayoutSettings) -> Row | None:
    """Two label rows, one under the other, on the value's left, that the value's
    middle falls between and its box overlaps both: joined, the row to take it.

    The two may stand in blocks of their own: a table cell's wrapped label with
    more leading than a block gap (an HTML table's), each line cut off alone.
    Then they must start at one left edge with nothing between them.
    """
    if not holds_score(row):
        return None
    # (Lazily: the pairs across blocks are sought only when none in a block takes it.)
    pairs = chain(((block, upper, lower) for block in blocks
                   for upper, lower in zip(block.rows, block.rows[1:])),
                  ((lower_block, upper, lower) for lower_block in blocks
                   for lower in lower_block.rows[:1]
                   for upper in (b.rows[-1] for b in blocks if b.rows and b is not lower_block)
                   if abs(upper.x0 - lower.x0)
                   <= settings.straddle_align * min(upper.size, lower.size)
                   and not any(r.top >= upper.bottom and r.bottom <= lower.top and r.x0 < upper.x1
                               and upper.x0 < r.x1 for b in blocks for r in b.rows)))
    middle = (row.top + row.bottom) / 2
    for block, upper, lower in pairs:
        if upper.x1 <= row.x0 and lower.x1 <= row.x0 \
                and (upper.top + upper.bottom) / 2 < middle < (lower.top + lower.bottom) / 2 \
                and upper.bottom > row.top and lower.top < row.bottom \
                and not any(map(str.isdigit, upper.text + lower.text)):
            join_row(upper, lower)
            block.rows.remove(lower)
            return upper
    return None


def cut_region(words: list[Word], settings: LayoutSettings, depth: int = 0) -> list[Block]:
    if not words:
        return []
    em = median(w.size for w in words) or 10.0
    columns = [gap for gap in widest_gaps([(w.x0, w.x1) for w in words],
                                          max(settings.min_column_gap, settings.column_gap * em))
               if not is_justified_space(words, gap, settings)]
    bands = widest_gaps([(w.top, w.bottom) for w in words], settings.block_gap * em)
    widest_column = max((b - a for a, b in columns), default=0.0)
    widest_band = max((b - a for a, b in bands), default=0.0)
    if depth > 400 or (not columns and not bands):
        return [Block(words_to_rows(words, settings))]
    if not columns:
        pieces = cut_around_obstacles(words, em, settings)
        if pieces:
            return [b for p in pieces for b in cut_region(p, settings, depth + 1)]
    # A running head set down the side of columns of prose is cut off first,
    # alone: the bands across the columns beside it then show.
    strip = margin_strip(words, columns)
    if strip is not None:
        return cut_columns(words, [strip], settings, depth)
    widest = max(bands, key=lambda band: band[1] - band[0]) if bands else None
    closing = closing_band(words, columns, bands, em, settings)
    if closing is not None:
        parts = split_at(words, [closing], lambda w: (w.top + w.bottom) / 2)
        return [b for p in parts for b in cut_region(p, settings, depth + 1)]
    # (A band as wide as the gutter, as in a grid of cards set apart alike
    # both ways, is cut first: whichever way two sources measured them.)
    first = widest_column > widest_band + 2 * settings.edge_jitter
    if columns and (first or runs_out_above(words, columns, widest, em, settings)):
        # Only the widest gutters: a narrower gap may run only between a
        # short header row and a table below it, which a band cuts apart first.
        columns = [(a, b) for a, b in columns if b - a >= settings.band_share * widest_column]
        return cut_columns(words, columns, settings, depth)
    # Only the widest bands: a narrower one may be a gap that two columns
    # happen to share, which only a cut inside each column can tell. Where
    # the region has columns, only the widest and its ties that are no place
    # where a column ran out: what the widest sets apart (a footnote across
    # the columns) may hide a gutter, and a band nearly as wide may be where
    # a column ran out, which the parts tell once cut apart.
    if columns:
        bands = [band for band in bands if band == widest or (
            band[1] - band[0] >= widest_band - settings.band_tie * em
            and not runs_out_above(words, columns, band, em, settings))]
    else:
        bands = [(a, b) for a, b in bands if b - a >= settings.band_share * widest_band]
    parts = split_at(words, bands, lambda w: (w.top + w.bottom) / 2)
    return [b for p in parts for b in cut_region(p, settings, depth + 1)]


def cut_columns(words: list[Word], gutters: list[tuple[float, float]], settings: LayoutSettings,
                depth: int) -> list[Block]:
    """Cut a region at these gutters, each part on its own, a column's first block
    marked so; value columns cut off from their labels joined back."""
    children = [cut_region(p, settings, depth + 1)
                for p in split_at(words, gutters, lambda w: (w.x0 + w.x1) / 2)]
    for child in children:
        if child:
            child[0].column_start = True
    return join_value_columns(children, settings)


def is_justified_space(words: list[Word], gap: tuple[float, float],
                       settings: LayoutSettings) -> bool:
    """Whether a vertical gap is only a word space that justification stretched.

    A justified line spreads its spaces evenly, so where the gap runs
    between two words of one line of prose, the line's other spaces are
    nearly as wide; a gutter is far wider than the spaces of the lines on
    either side of it.
    """
    a, b = gap
    bridged = False
    for right in words:
        if not b <= right.x0 < b + 0.5:
            continue
        line = sorted((w for w in words if min(w.bottom, right.bottom) - max(w.top, right.top)
                       >= settings.row_overlap * min(w.bottom - w.top, right.bottom - right.top)),
                      key=lambda w: w.x0)
        spaces = [q.x0 - p.x1 for p, q in zip(line, line[1:]) if q is not right]
        spaces = [space for space in spaces if space >= 0.5]
        left = [w for w in line if w.x1 <= a + 0.5]
        # A line that starts at the gap is the head of a column's line; a
        # margin label beside a line of prose is no part of it.
        if not left or not spaces or not is_prose(left) or not is_prose(line) \
                or b - a > settings.justified_space * median(spaces):
            return False
        bridged = True
    return bridged


class Flow(NamedTuple):
    """The running text of each column above and below a band."""

    above: list[list[Word]]
    below: list[list[Word]]
    columns: list[int]  # the columns that hold running text
    ends: dict[int, float]  # where each of those ends above the band, a callout closing it too
    starts: dict[int, float]  # where anything (a callout too) stands first below the band


def flow_columns(words: list[Word], columns: list[tuple[float, float]],
                 band: tuple[float, float]) -> Flow:
    """The running text of each column above and below a band, and which columns hold any.

    Words in a drawn box (a callout) are no running text, and a margin
    column with no prose (a running head set down the side) is no column of
    the flow.
    """
    middle = (band[0] + band[1]) / 2
    n = len(columns) + 1
    above: list[list[Word]] = [[] for _ in range(n)]
    below: list[list[Word]] = [[] for _ in range(n)]
    ends: dict[int, float] = {}
    starts: dict[int, float] = {}
    for w in words:
        column = sum(1 for a, b in columns if (w.x0 + w.x1) / 2 > (a + b) / 2)
        high = (w.top + w.bottom) / 2 < middle
        if high:
            ends[column] = max(ends.get(column, w.bottom), w.bottom)
        else:
            top = w.box[1] if w.box else w.top
            starts[column] = min(starts.get(column, top), top)
        if not w.box:
            (above if high else below)[column].append(w)
    flow = [k for k in range(n) if is_prose(above[k]) or is_prose(below[k])]
    return Flow(above, below, flow, {k: ends[k] for k in flow if k in ends}, starts)


def margin_strip(words: list[Word], columns: list[tuple[float, float]]
                 ) -> tuple[float, float] | None:
    """The gutter that sets a strip at the region's side apart from two or more
    columns of prose, where the strip holds no prose and is narrower than each
    of them (a running head set down the margin); None if there is none."""
    if len(columns) < 2:
        return None
    parts = split_at(words, columns, lambda w: (w.x0 + w.x1) / 2)
    if len(parts) != len(columns) + 1:
        return None
    prose = [p for p in parts if is_prose(p)]
    if len(prose) < 2:
        return None
    narrowest = min(max(w.x1 for w in p) - min(w.x0 for w in p) for p in prose)
    for part, gap in ((parts[0], columns[0]), (parts[-1], columns[-1])):
        if not is_prose(part) and max(w.x1 for w in part) - min(w.x0 for w in part) < narrowest:
            return gap
    return None


def closing_band(words: list[Word], columns: list[tuple[float, float]],
                 bands: list[tuple[float, float]], em: float,
                 settings: LayoutSettings) -> tuple[float, float] | None:
    """The first band that closes the columns above it (see `closes_columns`), if any:
    read above it first, whatever wider band (around a callout) lies below."""
    if not columns or not bands:
        return None
    tops = sorted((w.top, w.size) for w in words)
    starts = [top for top, _ in tops]
    for band in bands:
        i = bisect_left(starts, band[1] - 0.01)
        # (Only where type larger than the text stands first below it: a heading.)
        if i < len(tops) and tops[i][1] >= settings.pull_quote_size * em \
                and closes_columns(words, columns, band, em, settings):
            return band
    return None


def closes_columns(words: list[Word], columns: list[tuple[float, float]],
                   band: tuple[float, float] | None, em: float, settings: LayoutSettings) -> bool:
    """Whether a band closes the columns above it: a section break across them.

    Columns of running text that end together above the band, and all go on
    below it, under a heading in type larger than the text opening the
    first of them: the heading spans the columns, however short it is, and
    the page is read above the band first, even where the band is narrower
    than the gutters.
    """
    if band is None or not columns:
        return False
    above, below, flow, ends, starts = flow_columns(words, columns, band)
    if len(flow) < 2 or not all(is_prose(above[k]) and is_prose(below[k]) for k in flow):
        return False
    if max(ends.values()) - min(ends.values()) > settings.balance_slack * em:
        return False
    head = min(below[flow[0]], key=lambda w: (w.top, w.x0))
    # (And it stands alone across them: the other columns go on below it,
    # not beside it, as they do beside a heading of the first column only.)
    return head.size >= settings.pull_quote_size * em and all(
        starts[k] >= head.bottom - settings.baseline_tolerance * em for k in flow[1:])


def runs_out_above(words: list[Word], columns: list[tuple[float, float]],
                   band: tuple[float, float], em: float, settings: LayoutSettings) -> bool:
    """Whether a band across the columns is only where one column of prose ran out.

    Columns of running text that end together above a band are closed
    there, and a heading across them follows. The text flows down a column
    instead, and the page is read column by column, where one column ends
    well above the band and has no prose below it (a folio at most) while
    another runs on past it; or where only one column goes on below the band
    and stops there mid-sentence: text fills the columns beside it before it
    goes to the next page, so its sentence goes on at the head of the next
    column, above the band; or where that one column goes on below
    mid-sentence from where it stopped above (a callout set into it). Words
    in a drawn box (a callout) are no running text, and a margin column with
    no prose (a running head set down the side) is no column of the flow.
    """
    top, bottom = band
    if bottom - top > settings.flow_gap * em:
        return False
    above, below, flow, ends, starts = flow_columns(words, columns, band)
    if len(flow) < 2 or not all(is_prose(above[k]) for k in flow):
        return False
    short = min(flow, key=lambda k: ends[k])
    long = max(flow, key=lambda k: ends[k])
    if (ends[long] - ends[short] > settings.balance_slack * em
            and is_prose(below[long]) and not is_prose(below[short])):
        return True
    # (A column beside it that a callout fills just below the band has no
    # room for the sentence: that goes on over the page.)
    going_on = [k for k in flow if is_prose(below[k])]
    room = all(starts.get(k, bottom + settings.room * em) - bottom >= settings.room * em
               for k in flow if k not in going_on)
    if len(going_on) == 1 and room and stops_mid_sentence(below[going_on[0]]):
        return True
    # The only column going on below opens there mid-sentence where it
    # stopped mid-sentence above (a callout set into it): one paragraph runs
    # on through the band, down that column.
    if len(going_on) == 1 and stops_mid_sentence(above[going_on[0]]) \
            and opens_mid_sentence(below[going_on[0]]):
        return True
    # A column that opens mid-sentence goes on from the column before it:
    # from where that stops mid-sentence below the band, not from a full
    # stop above it.
    return any(opens_mid_sentence(above[right]) and not stops_mid_sentence(above[left])
               and is_prose(below[left]) and stops_mid_sentence(below[left])
               for left, right in zip(flow, flow[1:]))


SENTENCE_END = (".", "!", "?", ":", '"', "\u201d", "\u2019", ")")


def opens_mid_sentence(words: list[Word]) -> bool:
    """Whether the first line of these words goes on with a sentence (opens in lower case)."""
    first = min(words, key=lambda w: (w.top, w.x0))
    line = [w for w in words if w.top < first.bottom and w.bottom > first.top]
    return min(line, key=lambda w: w.x0).text[:1].islower()


def stops_mid_sentence(words: list[Word]) -> bool:
    """Whether the last line of these words ends without closing its sentence."""
    last = max(words, key=lambda w: (w.bottom, w.x1))
    line = [w for w in words if w.top < last.bottom and w.bottom > last.top]
    return not max(line, key=lambda w: w.x1).text.endswith(SENTENCE_END)


def is_prose(words: list[Word]) -> bool:
    """Mostly words in lower case: running text, not labels, numbers or headings."""
    return sum(any(ch.islower() for ch in w.text) for w in words) * 2 > len(words)


def cut_around_obstacles(words: list[Word], em: float,
                         settings: LayoutSettings) -> list[list[Word]] | None:
    """Cut above and below what spans a gutter: a heading across two columns, a footnote.

    Columns of unequal length share horizontal gaps below the shorter one,
    so the widest gap is no safe cut there. A gutter that is clear for all
    but a small share of the region's height is found first; only the rows
    that cross it are cut out, and each piece between them has clean columns.
    """
    if len(words) < 8:
        return None
    y_lo, y_hi = min(w.top for w in words), max(w.bottom for w in words)
    limit = settings.gutter_obstruction * (y_hi - y_lo)
    need = max(settings.min_column_gap, settings.column_gap * em)
    gutter = clearest_gutter(words, limit, need, settings.edge_jitter)
    if gutter is None:
        return None
    g0, g1 = gutter
    x_lo = min(w.x0 for w in words)
    # A word in the gutter either belongs to a row that runs across it (a
    # heading, a footnote: an obstacle), or reaches in from one column and
    # narrows the gutter.
    crossing = []
    for w in words:
        if not (w.x0 < g1 and w.x1 > g0):
            continue
        mates = [(v.x0, v.x1) for v in words if v.top < w.bottom and v.bottom > w.top]
        # (A row standing in the gutter alone, a centred folio, reaches in
        # from neither side: it is an obstacle. A line of the left column
        # starts at the column's edge, or an indent from it.)
        left, right = any(a < g0 for a, b in mates), any(b > g1 for a, b in mates)
        if left and not right and min(a for a, b in mates) <= x_lo + settings.indent_max * em:
            g0 = max(g0, w.x1)
            continue
        if right and not left:  # of the right column
            g1 = min(g1, w.x0)
            continue
        # (A row with a gap anywhere in the gutter as first found is no
        # obstacle: the gutter only runs a little crooked through it.)
        gaps = [(a, b) for a, b in widest_gaps(mates, need) if a < gutter[1] and b > gutter[0]]
        if not gaps:
            crossing.append(w)
            continue
        a, b = max(gaps, key=lambda gap: min(gap[1], g1) - max(gap[0], g0))
        g0, g1 = max(g0, a), min(g1, b)
    crossing = [w for w in crossing if w.x0 < g1 and w.x1 > g0]
    if g1 - g0 < need or not crossing or \
            len(crossing) > settings.gutter_obstruction * 3 * len(words):
        return None
    # Cut at the whitespace just above and just below each row that crosses
    # the gutter, so a footnote of several lines stays whole.
    bands = widest_gaps([(w.top, w.bottom) for w in words], settings.block_gap * em)
    cuts = set()
    for w in crossing:
        above = [(a + b) / 2 for a, b in bands if b <= w.top + 0.01]
        below = [(a + b) / 2 for a, b in bands if a >= w.bottom - 0.01]
        if above:
            cuts.add(max(above))
        if below:
            cuts.add(min(below))
    if not cuts:
        return None
    lines = sorted(cuts)
    pieces: list[list[Word]] = [[] for _ in range(len(lines) + 1)]
    for w in words:
        middle = (w.top + w.bottom) / 2
        pieces[sum(1 for y in lines if middle > y)].append(w)
    pieces = [p for p in pieces if p]
    return pieces if len(pieces) > 1 else None


def clearest_gutter(words: list[Word], limit: float, need: float,
                    jitter: float = 0.0) -> tuple[float, float] | None:
    """The clearest run of x, at least `need` wide, where words stand for at most `limit`
    of height in all, with words on either side of it (a strip along the region's
    edge, beside a column that ran out, parts no columns); None if there is none.

    Runs are ranked by their clearest stretch `need` wide: a gutter's edges,
    where the lines of a column end raggedly, say nothing of how clear it is.
    The height standing over each x changes only at word edges, so the scan
    walks those: a source that sets a word a fraction of a point aside reads
    the same gutter.
    """
    steps: dict[float, float] = {}
    for w in words:
        steps[w.x0] = steps.get(w.x0, 0.0) + (w.bottom - w.top)
        steps[w.x1] = steps.get(w.x1, 0.0) - (w.bottom - w.top)
    first_end, last_start = min(w.x1 for w in words), max(w.x0 for w in words)
    edges = sorted(steps)
    cover, run, best, gutter = 0.0, [], None, None
    for x, next_x in zip(edges, edges[1:]):
        cover += steps[x]
        if cover <= limit + 1e-9:
            run.append((x, next_x, cover))
            continue
        # (Where one word ends a hair after the next begins, the overlap is
        # how a source measured them, not ink: it breaks no run.)
        if run and next_x - x < jitter:
            continue
        if run and x - run[0][0] >= need and first_end <= run[0][0] and x <= last_start:
            key = (round(clearest_stretch(run, need), 1), -(x - run[0][0]))
            if best is None or key < best:
                best, gutter = key, (run[0][0], x)
        run = []
    return gutter


def clearest_stretch(run: list[tuple[float, float, float]], need: float) -> float:
    """The least height standing over any stretch `need` wide of a run of
    (x0, x1, height) steps: the worst of the steps it overlaps."""
    best = None
    for i, (x0, _, _) in enumerate(run):
        if x0 + need > run[-1][1]:
            break
        worst = 0.0
        for a, b, height in run[i:]:
            if a >= x0 + need:
                break
            worst = max(worst, height)
        best = worst if best is None else min(best, worst)
    return run[0][2] if best is None else best


def split_at(words: list[Word], gaps: list[tuple[float, float]], where) -> list[list[Word]]:
    """Split words at the middle of each gap (gaps in order), by where each word stands."""
    middles = [(a + b) / 2 for a, b in gaps]
    parts: list[list[Word]] = [[] for _ in range(len(gaps) + 1)]
    for w in words:
        parts[bisect_left(middles, where(w))].append(w)
    return [p for p in parts if p]


def join_value_columns(children: list[list[Block]], settings: LayoutSettings) -> list[Block]:
    """Join columns of values back to the labels beside them, row by row.

    A table's label, score and change columns are cut apart by the gaps
    between them; prose columns are not values and stay apart.
    """
    flat = [(blocks, all(is_value_row(r) for b in blocks for r in b.rows)) for blocks in children]
    if not any(value for _, value in flat):
        return [b for blocks, _ in flat for b in blocks]
    # Values join the nearest column of labels on their left (else right);
    # a run of value columns with no labels at all is one table of values.
    out: list[list[Block]] = []
    pending: list[list[Block]] = []
    for blocks, value in flat:
        if value:
            if out and not pending and not out[-1][1]:
                out[-1] = (merge_rows(out[-1][0], blocks, settings), False)
            else:
                pending.append(blocks)
            continue
        for values in pending:
            blocks = merge_rows(blocks, values, settings)
        pending = []
        out.append((blocks, False))
    if pending:
        merged = pending[0]
        for values in pending[1:]:
            merged = merge_rows(merged, values, settings, settings.value_apart)
        out.append((merged, True))
    return [b for blocks, _ in out for b in blocks]


def merge_rows(labels: list[Block], values: list[Block], settings: LayoutSettings,
               apart: float | None = None) -> list[Block]:
    """Put each value row into the label row on its baseline; the others stay a block apart.

    With `apart` (in ems), a row farther than that from its target stays apart too.
    """
    if not labels:
        return values
    stray = Block()
    for block in values:
        for row in block.rows:
            target = beside(labels, row, settings)
            far = target is not None and apart is not None and max(
                row.x0 - target.x1, target.x0 - row.x1) > apart * min(row.size, target.size)
            if target is not None and not far and not (holds_pair(target) and holds_pair(row)):
                join_row(target, row)
            else:
                stray.rows.append(row)
    return labels + ([stray] if stray.rows else [])


def holds_pair(row: Row) -> bool:
    """A row that already holds a score and its change: a card of its own, say."""
    numbers = decimals(row)
    marks = sum(1 for c in row.cells for piece in c.text.split() if piece in CHANGE_MARKS)
    return numbers >= 2 or (numbers == 1 and marks >= 1)


DECIMAL_RE = re.compile(r"[+\-−–]?\d{1,2}[.,]\d{2}")


def decimals(row: Row) -> int:
    """How many two-decimal numbers the row holds: scores and scores' changes."""
    return sum(1 for c in row.cells for piece in c.text.split() if DECIMAL_RE.fullmatch(piece))


def holds_score(row: Row) -> bool:
    """A row with a two-decimal number: a score or a score's change, not a rank's."""
    return decimals(row) > 0
CHANGE_MARKS = {"n/a", "N/A", "-", "–", "—"}


def join_row(target: Row, row: Row) -> None:
    target.cells = sorted(target.cells + row.cells, key=lambda c: c.x0)
    target.x0, target.x1 = min(target.x0, row.x0), max(target.x1, row.x1)
    target.top, target.bottom = min(target.top, row.top), max(target.bottom, row.bottom)
    target.size = max(target.size, row.size)


# --- asides ----------------------------------------------------------------------------


def body_size(blocks: list[Block]) -> float:
    """The size of the running text: the median size of the rows that hold sentences."""
    sizes = [r.size for b in blocks for r in b.rows if any(ch.islower() for ch in r.text)]
    return median(sizes) if sizes else 0.0


def mark_asides(blocks: list[Block], boxes: list[tuple[float, float, float, float]],
                body: float, settings: LayoutSettings = SETTINGS) -> None:
    """Mark rows set apart from the running text: inside a drawn box, or a pull quote.

    A pull quote is a block of sentences in type larger than the body text
    (`body`, the document's), or all in italics. Headings are short and in
    capitals, so they are never taken for one.
    """
    def holds_prose(rows: list[Row]) -> bool:
        return sum(len(r.text.split()) for r in rows) >= 4 \
            and any(ch.islower() for r in rows for ch in r.text)

    def box_of(row: Row) -> tuple | None:
        around = [box for box in boxes if box[0] - 2 <= row.x0 and row.x1 <= box[2] + 2
                  and box[1] - 2 <= row.top and row.bottom <= box[3] + 2]
        return min(around, key=lambda b: (b[2] - b[0]) * (b[3] - b[1])) if around else None

    # A box's rows are judged together: the cut may leave its last short line a block alone.
    framed: dict[tuple, list[Row]] = {}
    for row in (r for b in blocks for r in b.rows):
        if (box := box_of(row)) is not None:
            framed.setdefault(box, []).append(row)
    for block in blocks:
        # The rows of sentences tell, not a heading above them in larger capitals.
        sentences = [r for r in block.rows if any(ch.islower() for ch in r.text)]
        prose = holds_prose(block.rows)
        quote = prose and (median(r.size for r in sentences) >= settings.pull_quote_size * body
                           or all(r.italic for r in block.rows))
        for row in block.rows:
            box = box_of(row)
            row.aside = quote or (box is not None and holds_prose(framed[box]))


# --- furniture -----------------------------------------------------------------------

PAGE_NUMBER_RE = re.compile(r"(page )?#( of #)?|# ?/ ?#|- ?# ?-|#")


def furniture_key(text: str) -> str:
    """Fold digits so "Page 3" and "Page 4" are the same running footer."""
    return re.sub(r"\d+", "#", text.lower()).strip()


def at_page_edge(row: Row, width: float, height: float, settings: LayoutSettings = SETTINGS) -> bool:
    """In the top or bottom band, or in a side margin: where running heads and feet sit."""
    return (row.bottom < settings.band * height or row.top > (1 - settings.band) * height
            or row.x1 < settings.margin * width or row.x0 > (1 - settings.margin) * width)


# --- tracking ------------------------------------------------------------------------

TRACKED_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,&-'’/")


def join_tracked(words: list[Word], settings: LayoutSettings = SETTINGS) -> list[Word]:
    """Capitals and digits set apart by tracking ("H U M A N", "8 . 0 0") as words again.

    A source cuts words at gaps wider than a glyph's; letter-spacing makes
    every gap that wide. A run of `tracked_run` or more tokens of one to
    three capitals, digits or points, most of them one glyph, in one font
    and size on one baseline, whose gaps are even (`tracked_evenness`) and
    narrow (`tracked_gap`), is one word; a gap wider by a word space splits
    it into words.
    """
    words = join_tight_capitals(words, settings)
    out: list[Word] = []
    run: list[Word] = []
    for word in [*words, None]:
        if word is not None and run and continues_tracking(run[-1], word, settings):
            run.append(word)
            continue
        out.extend(tracked_words(run, settings) if len(run) >= settings.tracked_run else run)
        run = [word] if word is not None and is_letter_token(word) else []
        if word is not None and not run:
            out.append(word)
    return out


def join_tight_capitals(words: list[Word], settings: LayoutSettings) -> list[Word]:
    """Pieces of capitals a light tracking left apart ("CRIMIN AL ITY"): closer than any
    word space (`tracked_tight`), in one font and size on one baseline, one word."""
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        gap = gap_after(last, word) if last is not None else None
        if gap is not None and gap < settings.tracked_tight * word.size \
                and is_capitals(last) and is_capitals(word):
            out[-1] = merged_word([last, word])
        else:
            out.append(word)
    return out


def is_capitals(word: Word) -> bool:
    return word.arrow is None and set(word.text) <= TRACKED_CHARS


def is_letter_token(word: Word) -> bool:
    return word.arrow is None and len(word.text) <= 3 and set(word.text) <= TRACKED_CHARS


def continues_tracking(last: Word, word: Word, settings: LayoutSettings) -> bool:
    """The next letter of a tracked run: just right of the last, no farther than `tracked_gap`."""
    gap = gap_after(last, word)
    return gap is not None and gap <= settings.tracked_gap * word.size and is_letter_token(word)


def gap_after(last: Word, word: Word) -> float | None:
    """The gap from one word to the next, if that one goes on the line: same font and
    size, same baseline, at or right of its end."""
    gap = word.x0 - last.x1
    if word.font != last.font or word.size != last.size or gap < 0 \
            or abs(word.bottom - last.bottom) > 0.1 * word.size:
        return None
    return gap


def merged_word(words: list[Word]) -> Word:
    """Words of one line as one: their text run together, their boxes united."""
    first = words[0]
    return first._replace(text="".join(w.text for w in words), x1=words[-1].x1,
                          top=min(w.top for w in words), bottom=max(w.bottom for w in words))


def tracked_words(run: list[Word], settings: LayoutSettings) -> list[Word]:
    """A run of letters as words: split where a gap is a word space wider than the letters'."""
    if sum(len(w.text) == 1 for w in run) < 0.5 * len(run):
        return run  # mostly words of two or three capitals ("US AND EU"): no tracking
    gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
    letter = min(gaps)
    size = run[0].size
    space = settings.tracked_word_space * size
    if max(g for g in gaps if g <= letter + space) - letter > settings.tracked_evenness * size:
        return run  # uneven: words that happen to be short, not tracked letters
    words, start = [], 0
    for i, gap in enumerate(gaps, start=1):
        if gap > letter + space:
            words.append(run[start:i])
            start = i
    words.append(run[start:])
    if max(map(len, words)) < settings.tracked_run:
        return run  # short words a word space apart ("A I U"), not tracking
    return [w[0] if len(w) == 1 else merged_word(w) for w in words]
