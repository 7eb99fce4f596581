"""Stage 4, extract: segments into typed records (scores, ranks, paragraphs)."""

from __future__ import annotations

import regex

from . import catalogue
from .grammar import is_score_like, parse_rank_line, parse_score_line
from .records import (
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
from .segment import Segments, lines_to_blocks

TERMINAL = (".", "!", "?", ":", '"', "”", "’", ")")


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


def block_to_records(
    block: Section, edition: int, position: int, title: str | None
) -> tuple[list[Score], list[Rank], list[Finding]]:
    """Read the headline, rank lines and pillar/indicator rows of one dimension."""
    dimension = block.dimension
    scores: list[Score] = []
    ranks: list[Rank] = []
    findings: list[Finding] = []
    headline = next(
        (ln for ln in block.lines
         if ln.text and catalogue.match_headline(ln.text).code == dimension
         and not any(c.isdigit() for c in ln.text)),
        None,
    )
    headline_label = headline.text if headline else dimension.upper()
    for line in block.lines:
        text = line.text
        if not text or text == title or text == headline_label:
            continue
        rank = parse_rank_line(text)
        if rank:
            record, problem = rank_line_to_record(rank, text, line, dimension, edition)
            if record:
                ranks.append(record)
            if problem:
                findings.append(problem)
            continue
        parsed = parse_score_line(text)
        if parsed is None:
            if is_score_like(text):
                findings.append(Finding(Severity.ERROR, Rule.GARBLED_NUMBER,
                                        f"cannot read a score in {text!r}", at(line), text))
            continue
        if parsed.arrow_conflict:
            findings.append(Finding(
                Severity.ERROR, Rule.DELTA_SIGN,
                f"delta {text!r}: the arrow and the sign disagree; the sign is kept",
                at(line), text))
        if parsed.sign_unknown:
            findings.append(Finding(
                Severity.WARNING, Rule.DELTA_SIGN,
                f"delta {text!r} has no arrow or sign; its sign is unknown", at(line), text))
        bbox = line.bbox
        if not parsed.label:
            level, pillar, indicator, label = "index", None, None, headline_label
            bbox = headline.bbox if headline else bbox
        else:
            level, pillar, indicator, problem = resolve_row_label(parsed.label, line, dimension)
            label = parsed.label
            if problem:
                findings.append(problem)
            if level is None:
                continue
        mark = line.arrows[-1] if line.arrows else None
        if mark and parsed.direction in ("up", "down"):
            problem = arrow_colour_problem(mark, parsed.direction, dimension, line, text)
            if problem:
                findings.append(problem)
        position += 1
        scores.append(Score(
            dimension=dimension, pillar=pillar, level=level, indicator=indicator,
            label=label, score=parsed.score, delta=parsed.delta,
            direction=parsed.direction, position=position, page=line.page,
            line_no=line.line_no, bbox=bbox, delta_na=parsed.delta_na,
            arrow_colour=mark.colour if mark else None, magnitude=parsed.magnitude,
        ))
    return scores, ranks, findings


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
