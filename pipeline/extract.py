"""Stage 4, extract: segments into typed records (scores, ranks, paragraphs)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import regex

from . import catalogue
from .grammar import RowParse, is_change_only, is_score_like, parse_row
from .records import (
    Cell,
    Extraction,
    Finding,
    Line,
    Paragraph,
    Rank,
    Rule,
    Score,
    Section,
    Severity,
)
from .segment import Segments, lines_to_blocks, row_cells

TERMINAL = (".", "!", "?", ":", '"', "”", "’", ")")


@dataclass(frozen=True)
class ExtractSettings:
    """Every tolerance of the row grammar's geometry: how a label finds its number."""

    column_edge: float = 0.5  # share of a value's height two edges may differ by, one column
    label_rows: int = 4  # a label wraps onto this many rows at most (a narrow card)
    # Rows apart (in the taller row's height) a label may stand from its number: a
    # card sets its number at its foot, under a label of one to four rows; wrapped
    # rows of a label follow one another closer.
    card_gap: float = 2.0
    wrap_gap: float = 0.8


SETTINGS = ExtractSettings()


def at(line: Line) -> str:
    """Say where a line is, for a finding."""
    return f"line {line.line_no}, page {line.page}"


def segments_to_extraction(segments: Segments, edition: int) -> Extraction:
    """Extract every record the segments hold."""
    findings: list[Finding] = list(segments.findings)
    title = segments.title.text if segments.title else None
    iso3 = None
    if title:
        m = catalogue.match_country(title)
        iso3 = m.code
        if m.distance:
            findings.append(Finding(Severity.WARNING, Rule.FUZZY_LABEL,
                                    f"country {title!r} read as {m.code}",
                                    at(segments.title), title))
    scores: list[Score] = []
    ranks: list[Rank] = []
    for block in segments.score_blocks:
        s, r, f = block_to_records(block, edition, len(scores), title)
        scores += s
        ranks += r
        findings += f
    paragraphs = sections_to_paragraphs(segments.narrative, edition)
    return Extraction(title, iso3, tuple(scores), tuple(ranks), tuple(paragraphs),
                      tuple(findings))


def lacks_change(parsed: RowParse) -> bool:
    """A score or rank line printed without its change."""
    if parsed.ranks:
        return parsed.score is None and parsed.ranks[-1][0].rank_change is None
    return parsed.score is not None and not parsed.score.delta_printed and not parsed.garbled


def printed_under(line: Line, above: Line) -> bool:
    """Whether a line stands under another in its column (always, without boxes)."""
    if line.bbox is None or above.bbox is None or line.page != above.page:
        return line.bbox is None or above.bbox is None
    return line.bbox[1] >= above.bbox[1] and line.bbox[0] < above.bbox[2] \
        and above.bbox[0] < line.bbox[2]


def changes_stand_first(rows: list[tuple[int, Line, RowParse]]) -> list[bool]:
    """Whether the change column of each row's values stands left of its score.

    The rows that mark their change tell. In a PDF, those whose values are
    set in the same columns as this row's (a left or right edge shared)
    speak for it: a headline or a pillar's values, beside its heading or
    near the margin, may be set the other way round from the table's, and
    with no column of its own a row reads score first. Converted text has
    no columns: every row of the block speaks.
    """
    votes = [(value_boxes(line), parsed.score_first) for _, line, parsed in rows
             if parsed.score_first is not None]
    everyone = [first for _, first in votes]
    answers = []
    for _, line, _ in rows:
        boxes = value_boxes(line)
        said = [first for others, first in votes if shares_column(boxes, others)] \
            if boxes else everyone
        answers.append(said.count(False) > said.count(True))
    return answers



def value_boxes(line: Line) -> list[tuple]:
    """The boxes of a PDF row's value cells (digits, no letters), or of a row of one cell."""
    if not line.cells:
        return [line.bbox] if line.bbox else []
    return [c.bbox for c in line.cells if c.bbox and any(ch.isdigit() for ch in c.text)
            and not any(ch.isalpha() for ch in c.text.replace("n/a", ""))]


def shares_column(boxes: list[tuple], others: list[tuple]) -> bool:
    """Whether two rows set a value in one column: a left or a right edge in common."""
    for a in boxes:
        for b in others:
            tolerance = SETTINGS.column_edge * min(a[3] - a[1], b[3] - b[1])
            if abs(a[0] - b[0]) <= tolerance or abs(a[2] - b[2]) <= tolerance:
                return True
    return False


def block_to_records(
    block: Section, edition: int, position: int, title: str | None
) -> tuple[list[Score], list[Rank], list[Finding]]:
    """Read the headline, rank lines and pillar/indicator rows of one dimension.

    Each row's pieces are read by role (`grammar.parse_row`). A score with
    no label of its own takes the label rows beside it in the block: above
    or below, wrapped over up to `label_rows` rows, whichever the catalogue knows.
    """
    dimension = block.dimension
    scores: list[dict] = []  # each Score's fields; made once their order is known
    ranks: list[Rank] = []
    findings: list[Finding] = []
    rows: list[tuple[int, Line, RowParse]] = []
    for i, line in enumerate(block.lines):
        if not line.text or line.text == title:
            continue
        parsed = parse_row(row_cells(line))
        if rows and is_change_only(line.text) and lacks_change(rows[-1][2]) \
                and printed_under(line, rows[-1][1]):
            # One cell per line, as a copy from a viewer gives: the change
            # printed under its score or rank line belongs to it.
            i0, before, _ = rows.pop()
            merged = before._replace(cells=tuple(Cell(c, c) for c in row_cells(before))
                                     + tuple(Cell(c, c) for c in row_cells(line)),
                                     text=f"{before.text} {line.text}")
            line, parsed, i = merged, parse_row(row_cells(merged)), i0
        rows.append((i, line, parsed))
    # Where the rows that mark their change (an arrow, a sign, n/a) print it
    # before the score, a change column stands left of the scores: read the
    # rows with two bare numbers that way too.
    rows = [(i, line, parse_row(row_cells(line), change_first=True) if first else parsed)
            for (i, line, parsed), first in zip(rows, changes_stand_first(rows))]
    labels = {n: parsed.label for n, (_, _, parsed) in enumerate(rows)
              if parsed.score is None and not parsed.ranks and not parsed.garbled
              and parsed.label}
    used: set[int] = set()
    prefer = label_side(rows, labels, dimension)
    placed: list[tuple[int, Line, RowParse, tuple]] = []
    for n, (_, line, parsed) in enumerate(rows):
        for rank, text in parsed.ranks:
            record, problem = rank_line_to_record(rank, text, line, dimension, edition)
            if record:
                ranks.append(record)
            if problem:
                findings.append(problem)
        if parsed.garbled and parsed.score is None and is_score_like(line.text):
            findings.append(Finding(Severity.ERROR, Rule.GARBLED_NUMBER,
                                    f"cannot read a score in {line.text!r}", at(line), line.text))
            continue
        if parsed.score is None:
            continue
        choice = choose_label(n, rows, labels, used, dimension, prefer)
        if choice[0] is not None:
            used.update(choice[5])
        placed.append((n, line, parsed, choice))
    # A score whose label was found nowhere is the headline, if there is none yet.
    has_index = any(choice[0] == "index" for *_, choice in placed)
    for n, line, parsed, choice in placed:
        level, pillar, indicator, label, problem, rows_used, _ = choice
        text = line.text
        if level is None and not has_index and not parsed.score.label:
            level, label, has_index = "index", dimension.upper() + " SCORE", True
        if problem and level != "index":
            findings.append(problem)
        if level is None:
            if not problem:
                findings.append(Finding(
                    Severity.ERROR, Rule.UNPLACED_LINE,
                    f"score {text!r} has no label the catalogue knows", at(line), text))
            continue
        used.update(rows_used)
        sl = parsed.score
        if parsed.by_scale:
            findings.append(Finding(
                Severity.WARNING, Rule.SCORE_RANGE,
                f"{text!r}: its two numbers stand the other way round from its column's; "
                f"{sl.score} is read as the score, the other being off the 1-10 scale",
                at(line), text))
        if sl.arrow_conflict:
            findings.append(Finding(
                Severity.ERROR, Rule.DELTA_SIGN,
                f"delta {text!r}: the arrow and the sign disagree; the sign is kept",
                at(line), text))
        if sl.sign_unknown:
            findings.append(Finding(
                Severity.WARNING, Rule.DELTA_SIGN,
                f"delta {text!r} has no arrow or sign; its sign is unknown", at(line), text))
        mark = line.arrows[-1] if line.arrows else None
        if mark and sl.direction in ("up", "down"):
            problem = arrow_colour_problem(mark, sl.direction, dimension, line, text)
            if problem:
                findings.append(problem)
        label_line = rows[rows_used[0]][1] if rows_used else line
        scores.append(dict(
            dimension=dimension, pillar=pillar, level=level, indicator=indicator,
            label=label, score=sl.score, delta=sl.delta,
            direction=sl.direction, page=line.page,
            line_no=line.line_no, bbox=label_line.bbox or line.bbox, delta_na=sl.delta_na,
            arrow_colour=mark.colour if mark else None, magnitude=sl.magnitude,
        ))
    order = partial(catalogue_order, edition=edition)
    scores = [Score(**fields, position=position + k)
              for k, fields in enumerate(sorted(scores, key=order), start=1)]
    ranks.sort(key=lambda r: SCOPE_ORDER.get(r.scope, 3))
    return scores, ranks, findings


SCOPE_ORDER = {"global": 0, "continent": 1, "region": 2}


def catalogue_order(score: dict, edition: int) -> tuple:
    """Index, then each pillar and its indicators, in the order the edition prints them.

    Whatever order the layout read them in (a grid of cards read column by
    column, say), the rows come out in one order.
    """
    if score["level"] == "index":
        return (0, 0, 0)
    pillars = [code for code, (dim, _) in catalogue.data.PILLARS.items()
               if dim == score["dimension"]]
    p = pillars.index(score["pillar"]) if score["pillar"] in pillars else len(pillars)
    if score["level"] == "pillar":
        return (1, p, -1)
    try:
        codes = catalogue.indicators_for(edition, score["pillar"])
    except (KeyError, ValueError):  # an edition the catalogue lacks: print order
        codes = ()
    return (1, p, codes.index(score["indicator"]) if score["indicator"] in codes else len(codes))



def choose_label(n: int, rows, labels: dict[int, str], used: set[int], dimension: str,
                 prefer: str | None = None):
    """The label of the score in row n: its own words, or label rows beside it.

    A label of its own comes first; then label rows on the side the block
    prints its labels (`prefer`: "above" or "below"), then the other side.
    Returns (level, pillar, indicator, label, finding, label rows used, side).
    """
    own = rows[n][2].score.label
    candidates: list[tuple[str, tuple[int, ...], str]] = []
    if own:
        candidates.append((own, (), "own"))
    sides: dict[str, list[tuple[int, ...]]] = {"above": [], "below": []}
    if rows[n][1].bbox is not None:
        for stack in stacked_labels(n, rows, labels, used):
            below = rows[stack[0]][1].bbox[1] > rows[n][1].bbox[1]
            sides["below" if below else "above"].append(tuple(stack))
    else:
        for side, ks in (("above", range(n - 1, max(-1, n - 1 - SETTINGS.label_rows), -1)),
                         ("below", range(n + 1, min(len(rows), n + 1 + SETTINGS.label_rows)))):
            chain: list[int] = []
            for k in ks:
                if k not in labels or k in used:
                    break
                chain.append(k)
                sides[side].append(tuple(sorted(chain)))
    for side, stacks in sides.items():
        for stack in stacks:
            joined = " ".join(labels[j] for j in stack)
            candidates.append(((f"{own} {joined}" if side == "below" else f"{joined} {own}").strip(),
                               stack, side))
    # A label centred on its number, wrapped over the rows above and below it.
    for up in sides["above"]:
        for down in sides["below"]:
            if len(up) + len(down) < SETTINGS.label_rows:
                text = " ".join([*(labels[j] for j in up), own, *(labels[j] for j in down)])
                candidates.append((" ".join(text.split()), up + down, "around"))
    return best_label(candidates, rows[n][1], dimension, prefer)


def label_side(rows, labels: dict[int, str], dimension: str) -> str | None:
    """Where this block prints a number's label when not beside it: above or below.

    Alternating label and number rows read either way; the side that gives
    more numbers a label, each label used once, is the block's.
    """
    if sum(parsed.score is not None and not parsed.score.label for _, _, parsed in rows) < 2:
        return None  # only the headline, if that, lacks a label of its own
    found = {}
    for side in ("above", "below"):
        used: set[int] = set()
        found[side] = 0
        for n, (_, line, parsed) in enumerate(rows):
            if parsed.score is None or parsed.score.label:
                continue
            choice = choose_label(n, rows, labels, used, dimension, side)
            # The headline's label may sit on the other side: it does not vote.
            if choice[0] not in (None, "index") and choice[6] == side:
                found[side] += 1
                used.update(choice[5])
    if found["above"] == found["below"]:
        return None
    return max(found, key=found.get)


def stacked_labels(n: int, rows, labels: dict[int, str], used: set[int]) -> list[list[int]]:
    """Label rows stacked right above or below row n on the page, nearest first.

    A card prints its label above or below its number; a label wraps onto
    up to `label_rows` rows. Rows count when they share the number's column
    (overlap it across) and follow one another without a gap.
    """
    line = rows[n][1]
    x0, top, x1, bottom = line.bbox
    height = bottom - top
    near = []
    for k in labels:
        other = rows[k][1]
        if k in used or other.page != line.page or other.bbox is None:
            continue
        lx0, ltop, lx1, lbottom = other.bbox
        if min(x1, lx1) - max(x0, lx0) < 0.3 * min(x1 - x0, lx1 - lx0):
            continue
        near.append((k, ltop, lbottom))
    stacks = []
    for side in ("above", "below"):
        chain: list[int] = []
        edge = top if side == "above" else bottom
        pool = sorted(near, key=lambda r: -r[2] if side == "above" else r[1])
        for k, ltop, lbottom in pool:
            gap = edge - lbottom if side == "above" else ltop - edge
            if gap < -1 or gap > max(height, lbottom - ltop) * (SETTINGS.card_gap if not chain else SETTINGS.wrap_gap):
                continue
            chain.append(k)
            edge = ltop if side == "above" else lbottom
            stacks.append(sorted(chain, key=lambda j: rows[j][1].bbox[1]))
            if len(chain) == SETTINGS.label_rows:
                break
    return stacks


def best_label(candidates, line: Line, dimension: str, prefer: str | None = None):
    """The candidate label to take: its own words, then the block's side; exact, fuzzy, unknown."""
    best = None
    for order, (text, rows_used, side) in enumerate(candidates):
        level, pillar, indicator, problem = resolve_row_label(text, line, dimension)
        # Exact, then fuzzy, then a label the catalogue does not know (kept as printed).
        quality = 0 if level is None else 3 if problem is None else \
            1 if problem.rule == Rule.UNKNOWN_LABEL else 2
        placed = 2 if side == "own" else 1 if side == prefer else 0
        key = (quality > 1, placed, quality, -len(rows_used), -order)
        if best is None or key > best[0]:
            best = (key, (level, pillar, indicator, text, problem, rows_used, side))
    if best is None:
        return (None, None, None, "", None, (), None)
    return best[1]


# More criminality is bad news (red); more resilience is good news (green).
BAD_NEWS = {("criminality", "up"), ("resilience", "down")}


def arrow_colour_problem(mark, direction: str, dimension: str, line: Line, text: str):
    """A warning where the arrow's colour says the opposite of its shape."""
    expected = "red" if (dimension, direction) in BAD_NEWS else "green"
    if mark.colour in ("red", "green") and mark.colour != expected:
        return Finding(
            Severity.WARNING, Rule.ARROW_COLOUR,
            f"{mark.encoding} arrow points {direction} but is {mark.colour} "
            f"(a {dimension} {direction} arrow is {expected}); the shape is trusted",
            at(line), text)
    return None


def resolve_row_label(label: str, line: Line, dimension: str):
    """Resolve a row's label to (level, pillar, indicator code, finding).

    A label the catalogue does not know keeps its row, under a code made
    from the label, with a warning; validation says whether the edition
    allows it. Its pillar is known only in the resilience block.
    """
    if not label:
        return None, None, None, None
    headline = catalogue.match_headline(label)
    if headline.code == dimension and headline.distance <= 1:
        return "index", None, None, None
    pillar = catalogue.pillar_code(label)
    if pillar:
        return "pillar", pillar, pillar, None
    m = catalogue.match_indicator(label)
    if m.code is None:
        code = catalogue.code_from_label(label)
        near = ", ".join(m.candidates) or "none"
        return "indicator", ("resilience" if dimension == "resilience" else None), code, \
            Finding(Severity.WARNING, Rule.UNKNOWN_LABEL,
                    f"label {label!r} matches no indicator (nearest: {near}); kept as {code}",
                    at(line), label)
    code = m.code
    problem = None
    if m.distance:
        problem = Finding(
            Severity.WARNING, Rule.FUZZY_LABEL,
            f"label {label!r} read as {code} ({m.distance} edit(s) from "
            f"{catalogue.indicator_name(code).upper()!r})", at(line), label)
    pillar_code = catalogue.pillar_of(code)
    if catalogue.dimension_of(pillar_code) != dimension:
        problem = Finding(
            Severity.ERROR, Rule.UNKNOWN_LABEL,
            f"indicator {code} printed in the {dimension} block", at(line), label)
    return "indicator", pillar_code, code, problem


def rank_line_to_record(rank, text: str, line: Line, dimension: str, edition: int):
    """Place a parsed rank line in its scope and area; the printed line is always kept.

    An area the edition lacks but another edition has is used, with a
    warning; a phrase no edition has keeps the row with a null area, its
    scope that of the nearest known area. An edition the catalogue lacks is
    read with its template's areas, without a warning per line.
    """
    problem = None
    if not rank.area_words:
        scope, area = "global", "World"
    else:
        found, m = catalogue.match_area(rank.area_words, edition)
        template = catalogue.template_edition(edition)
        if found is None:
            scope, area = catalogue.scope_of_nearest(catalogue.label_key(rank.area_words)), None
            problem = Finding(
                Severity.WARNING, Rule.UNKNOWN_AREA,
                f"rank area {rank.area_words!r} matches no continent or region of any edition "
                f"(nearest: {', '.join(m.candidates) or 'none'}); kept as printed, area unset",
                at(line), text)
        else:
            scope, area = found.scope, found.name
            if found.edition != template:
                problem = Finding(
                    Severity.WARNING, Rule.UNKNOWN_AREA,
                    f"rank area {rank.area_words!r} is {found.name}, a {found.scope} of "
                    f"{found.edition} but not of {edition}; read as {found.name}",
                    at(line), text)
    record = Rank(dimension=dimension, scope=scope, area=area, rank=rank.rank,
                  out_of=rank.out_of, rank_change=rank.rank_change, label=text,
                  page=line.page, line_no=line.line_no, bbox=line.bbox)
    return record, problem


# --- narrative ------------------------------------------------------------------

LINE_END_WORD_RE = regex.compile(r"(\p{L}[\p{L}-]*)-$")
LINE_START_WORD_RE = regex.compile(r"\p{Ll}[\p{L}-]*")
WORD_RE = regex.compile(r"\b\p{L}+(?:-\p{L}+)*\b")


def hyphen_vocabulary(sections: tuple[Section, ...]) -> frozenset[str]:
    """Words the document writes whole within a line, plus the catalogue's hyphenated words."""
    words = {w.lower() for s in sections for ln in s.lines
             for w in WORD_RE.findall(ln.text.rstrip("-"))}
    return frozenset(words | set(catalogue.data.HYPHENATED_WORDS))


def keep_line_end_hyphen(head: str, tail: str, vocabulary: frozenset[str]) -> bool:
    """Whether "head-" at a line end and "tail" on the next line are one hyphenated word.

    "cyber-" / "dependent" keeps its hyphen, "traf-" / "ficking" loses it.
    The document's own spellings and the catalogue decide first; then an
    English word list: a common word split in two ("inter-" / "national") is
    joined, two words that make no word together ("cash-" / "intensive")
    keep the hyphen.
    """
    compound, joined = f"{head}-{tail}".lower(), f"{head}{tail}".lower()
    if compound in vocabulary:
        return True
    if joined in vocabulary or catalogue.word_frequency(joined) >= 2.5:
        return False
    last = head.rsplit("-", 1)[-1]
    return catalogue.word_frequency(last) >= 3 and catalogue.word_frequency(tail) >= 3


def join_lines(lines: list[Line], vocabulary: frozenset[str]) -> str:
    """Join the lines of one paragraph, undoing line-end hyphenation."""
    text = ""
    for line in lines:
        piece = line.text
        if not text:
            text = piece
            continue
        head = LINE_END_WORD_RE.search(text) if text.endswith("-") else None
        tail = LINE_START_WORD_RE.match(piece) if head else None
        if head and tail:
            keep = keep_line_end_hyphen(head.group(1), tail.group(0), vocabulary)
            text = text + piece if keep else text[:-1] + piece
        else:
            text = f"{text} {piece}"
    return text


def sections_to_paragraphs(sections: tuple[Section, ...], edition: int) -> list[Paragraph]:
    """Paragraphs of every narrative section, in order, rejoined across breaks."""
    # Only a line ending in a hyphen needs the document's vocabulary.
    ends_in_hyphen = any(ln.text.endswith("-") for s in sections for ln in s.lines)
    vocabulary = (hyphen_vocabulary(sections) if ends_in_hyphen
                  else frozenset(catalogue.data.HYPHENATED_WORDS))
    paragraphs: list[Paragraph] = []
    for section in sections:
        pillar = section_pillar(section)
        pieces: list[tuple[str, int, int]] = []
        for block in lines_to_blocks(section.lines):
            text = join_lines(block, vocabulary)
            first, last = block[0].page, block[-1].page
            # A paragraph a page or column break split: the first part stops
            # mid-sentence ("... such as the World" / "Customs Organization ..."),
            # or the PDF reader saw the column before the break run full.
            if pieces and (not pieces[-1][0].endswith(TERMINAL) or block[0].continues):
                prev, start, _ = pieces[-1]
                pieces[-1] = (join_lines_text(prev, text, vocabulary), start, last)
            else:
                pieces.append((text, first, last))
        for text, start, end in pieces:
            paragraphs.append(Paragraph(
                section=section.section, heading=section.heading,
                subheading=section.subheading, paragraph_no=len(paragraphs) + 1,
                text=text,
                indicators=catalogue.indicators_discussed(text, edition, pillar),
                page_start=start, page_end=end,
            ))
    return paragraphs


def section_pillar(section: Section) -> str | None:
    """The pillar whose indicators a narrative section discusses."""
    if section.section == "resilience":
        return "resilience"
    return catalogue.pillar_code(section.heading) if section.heading else None


def join_lines_text(left: str, right: str, vocabulary: frozenset[str]) -> str:
    """Join two pieces of one paragraph the way join_lines joins two lines."""
    return join_lines([Line(0, 0, "", left), Line(0, 0, "", right)], vocabulary)
