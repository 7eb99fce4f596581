"""Stage 3, segment: clean lines into the parts of a profile.

A profile opens with the country's name, then one score block per
dimension (headline score, its label, three rank lines, pillar and
indicator rows), then the narrative under the catalogue's section tree.
Funding notices sit among all of these as page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import catalogue
from .grammar import is_change_only, is_score_like, parse_rank_line, parse_row, parse_score_line
from .records import Document, Finding, Line, Rule, Section, Severity


@dataclass(frozen=True)
class Segments:
    title: Line | None
    score_blocks: tuple[Section, ...]
    narrative: tuple[Section, ...]
    furniture: tuple[Line, ...]
    findings: tuple[Finding, ...]


def lines_to_blocks(lines: tuple[Line, ...]) -> list[list[Line]]:
    """Split lines into runs of non-blank lines."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


# Enough of a block's opening (after any emphasis marks) to compare with
# every furniture opening.
OPENING_CHARS = max(map(len, catalogue.data.FURNITURE_OPENINGS))
OPENING_PREFIXES = frozenset(o[:4] for o in catalogue.data.FURNITURE_OPENINGS)


def is_furniture(block: list[Line]) -> bool:
    """True for a funding notice or running head, judged by how the block opens."""
    opening = block[0].text.lstrip("*_ ")[:OPENING_CHARS]
    if len(opening) < OPENING_CHARS:  # a notice may wrap after a word or two
        opening = " ".join(line.text for line in block).lstrip("*_ ")[:OPENING_CHARS]
    return opening.lower().startswith(catalogue.data.FURNITURE_OPENINGS)


def has_digit(text: str) -> bool:
    return any(map(str.isdigit, text))


def is_thematic_break(line: Line) -> bool:
    """A markdown rule ("---"): converters write one where a page ended."""
    if line.text[:1] not in ("-", "*", "_"):
        return False
    stripped = line.text.replace(" ", "")
    return len(stripped) >= 3 and set(stripped) <= set("-*_")


def find_title(lines: tuple[Line, ...]) -> Line | None:
    """Find the country name the report opens with."""
    for line in lines[:40]:
        text = line.text or line.raw.strip()
        if text and not has_digit(text):
            if catalogue.match_country(text).code:
                return line if line.text else line._replace(text=text)
    return None


def assign_text_pages(doc: Document, title: Line | None) -> Document:
    """Number the pages of converted text that carries no form feeds.

    Converters drop the page breaks but leave their traces: every score page
    opens with the country's name again, each of the first pages ends with the
    funding notices, and a markdown rule marks the last page's footnote.
    """
    if doc.source_format != "text" or doc.page_count > 1:
        return doc
    title_key = catalogue.label_key(title.text) if title else None
    page, pending, seen_content = 1, False, False
    pages: dict[int, int] = {}
    for block in lines_to_blocks(doc.lines):
        rule = all(is_thematic_break(line) for line in block)
        if rule:
            page += 1
            pending = False
        elif is_furniture(block):
            pending = seen_content
        else:
            repeats_title = (
                seen_content
                and title_key is not None
                and len(block) == 1
                and len(block[0].text) <= 60
                and catalogue.label_key(block[0].text) == title_key
            )
            if pending or repeats_title:
                page += 1
                pending = False
            seen_content = True
        for line in block:
            pages[line.line_no] = page
    lines, last = [], 1
    for line in doc.lines:
        last = pages.get(line.line_no, last)
        lines.append(line if line.page == last else line._replace(page=last))
    return replace(doc, lines=tuple(lines), page_count=last)


def join_wrapped_headlines(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """A headline label wrapped onto the next line ("CRIMINALITY" / "SCORE") as one line.

    Its first line alone would read as the narrative's CRIMINALITY heading.
    """
    out: list[Line] = []
    for line in lines:
        before = out[-1] if out else None
        if before and before.text and line.text and before.page == line.page \
                and not has_digit(before.text) and not has_digit(line.text) \
                and len(before.text) + len(line.text) < 40:
            joined = f"{before.text} {line.text}"
            match = catalogue.match_headline(joined)
            if match.code and match.distance == 0:
                out[-1] = before._replace(
                    raw=f"{before.raw} {line.raw}", text=joined,
                    bbox=union(before.bbox, line.bbox), cells=before.cells + line.cells)
                continue
        out.append(line)
    return tuple(out)


def union(a: tuple | None, b: tuple | None) -> tuple | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def find_narrative_start(lines: tuple[Line, ...], edition: int) -> int:
    """Index of the narrative's first heading (CRIMINALITY or RESILIENCE alone)."""
    for i, line in enumerate(lines):
        place = catalogue.match_section_heading(line.text, edition) if line.text else None
        if place and place[1] is None:
            return i
    return len(lines)


def headline_of(line: Line) -> str | None:
    """The dimension whose headline label ("CRIMINALITY SCORE") the line prints, if any."""
    if not line.text:
        return None
    text = line.text
    low = text.lower()
    if "scor" not in low and "crimin" not in low and "resil" not in low:
        return None  # a headline names its dimension or says SCORE, even misspelt once
    if has_digit(text):
        cells = tuple(c.text for c in line.cells) if line.cells else (text,)
        parsed = parse_row(cells)  # the label beside a score or a rank line
        if not parsed.label:
            return None
        text = parsed.label
    m = catalogue.match_headline(text)
    return m.code if m.code and m.distance <= 1 else None


def row_cells(line: Line) -> tuple[str, ...]:
    """A row's cell texts; a line without cells is one cell."""
    return tuple(c.text for c in line.cells) if line.cells else (line.text,)


def opens_block(line: Line) -> bool:
    """What a page may print above its headline label: the country, the number, rank lines."""
    if not line.text:
        return True
    parsed = parse_row(row_cells(line))
    if parsed.ranks or is_change_only(line.text):
        return True
    if parsed.score is not None:
        return not parsed.label
    return not has_digit(line.text) and bool(catalogue.match_country(line.text).code)


def find_score_blocks(lines: tuple[Line, ...]) -> list[tuple[int, str]]:
    """(start index, dimension) of each score block.

    A block is found by its headline label ("CRIMINALITY SCORE" /
    "RESILIENCE SCORE", alone or beside its number). It starts where its
    page starts, or where the block before it on the same page ends, so
    a number printed above its label, or rank lines set before it, belong
    to it.
    """
    starts: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        dimension = headline_of(line)
        if dimension is None or (starts and starts[-1][1] == dimension):
            continue
        floor = starts[-1][0] + 1 if starts else 0
        start = i
        while start > floor and lines[start - 1].page == line.page \
                and opens_block(lines[start - 1]):
            start -= 1
        if starts and lines[starts[-1][0]].page == line.page:
            start = i  # two blocks on one page: this one starts at its headline
        # A bare number just above is the headline's score, even across a page
        # break, unless the block already holds its number (beside its label too).
        after = [ln for ln in lines[i + 1:i + 4] if ln.text][:1]  # the number under its label
        has_number = any(is_bare_number(ln) for ln in [*lines[start:i], *after]) or (
            parse_row(row_cells(line)).score is not None)
        for j in range(start - 1, max(floor - 1, start - 6) if not has_number else start - 1, -1):
            text = lines[j].text
            if not text or (is_change_only(text) and not text.replace(".", "").isdigit()):
                continue  # a change printed under the number
            parsed = parse_row(row_cells(lines[j]))
            if parsed.score is not None and not parsed.label and not parsed.ranks:
                start = j
                # One cell per line: "3.96" / "0.00" / "RESILIENCE SCORE". A bare
                # number that could be a change, under a score without its
                # change that no number tops, is that score's change.
                above = parse_row((lines[j - 1].text,)) if j - 1 >= floor else None
                if above and is_change_only(text) and above.score and not above.label \
                        and not above.score.delta_printed \
                        and not (j - 2 >= floor and is_bare_number(lines[j - 2])):
                    start = j - 1
            break
        starts.append((start, dimension))
    return starts


def is_bare_number(line: Line) -> bool:
    """A line that is a number with no label: a score with or without its change
    ("2.38 up 0.09"), or a change printed under one."""
    if not line.text:
        return False
    parsed = parse_row((line.text,))
    return parsed.score is not None and not parsed.label and not parsed.ranks


def running_heads(lines: tuple[Line, ...], edition: int) -> set[str]:
    """Short lines repeated three times or more (digits folded) that name nothing the
    catalogue knows: a running head a converter left inside the text."""
    counts: dict[str, int] = {}
    sample: dict[str, str] = {}
    for line in lines:
        # A line that opens lower-case or stops at a comma reads as a wrapped
        # line of prose ("legitimate freight."), however often a formula repeats it.
        if line.text and len(line.text) <= 80 and any(c.isalpha() for c in line.text) \
                and not line.text[:1].islower() and not line.text.endswith((",", ";")):
            key = head_key(line.text)
            counts[key] = counts.get(key, 0) + 1
            sample.setdefault(key, line.text)
    heads = set()
    for key, n in counts.items():
        text = sample[key]
        if n < 3 or is_score_like(text) or parse_rank_line(text) or is_change_only(text):
            continue
        if catalogue.match_section_heading(key, edition) or catalogue.pillar_code(key) \
                or catalogue.match_headline(key).code or catalogue.match_country(key).code \
                or catalogue.match_indicator(key).code:
            continue
        heads.add(key)
    return heads


DIGITS_RE = re.compile(r"\d+")
SENTENCE_END = (".", "!", "?", ".\u201d", ".\"", ".)")


def ends_sentence_before(before: Line | None, line: Line) -> bool:
    """The line finishes the sentence the line before it left open ("…hidden in" /
    "legitimate freight."): a paragraph's last line, however often it recurs."""
    return bool(before and before.text and line.text[:1].islower()
                and not before.text.endswith(SENTENCE_END) and line.text.endswith(SENTENCE_END))


def head_key(text: str) -> str:
    """A line as a running head repeats: digits folded, case and spacing ignored."""
    return DIGITS_RE.sub("#", " ".join(text.split()).lower())


def document_to_segments(doc: Document, edition: int) -> Segments:
    """Cut a normalized document into title, score blocks and narrative sections."""
    furniture: list[Line] = []
    content: list[Line] = []
    heads = set()
    if doc.source_format == "text":
        # Lines the reader already set aside as running heads, found again
        # where a page break fell inside a paragraph, and lines that repeat.
        heads = running_heads(doc.lines, edition) | {
            head_key(ln.text or ln.raw)
            for ln in doc.furniture if any(c.isalpha() for c in (ln.text or ln.raw))}
    if heads:
        kept = []
        for before, ln in zip((None, *doc.lines), doc.lines):
            head = ln.text and head_key(ln.text) in heads and not ends_sentence_before(before, ln)
            (furniture if head else kept).append(ln)
        doc = replace(doc, lines=tuple(kept))
    notice_before = False  # the block before was a notice, all of it
    for block in lines_to_blocks(doc.lines):
        if notice_before and block[0].continues and doc.source_format == "text" \
                and not looks_like_heading(block[0].text):
            # A notice a converter's page break cut goes on atop the next page.
            # (A PDF line "continues" where its column ran full: not this.)
            furniture.extend(block)
            continue
        notice_before = is_furniture(block)
        if notice_before or all(is_thematic_break(line) for line in block):
            # Where no blank line follows a notice (hard-wrapped text), the next
            # heading starts the content again.
            cut = next((k for k, ln in enumerate(block) if k and (
                ln.heading_level or catalogue.match_section_heading(ln.text, edition))),
                len(block))
            block, after = block[:cut], block[cut:]
            # A score or rank line caught inside a funding notice is not furniture.
            stray = [ln for ln in block if is_score_like(ln.text) or parse_rank_line(ln.text)]
            furniture.extend(ln for ln in block if ln not in stray)
            notice_before = notice_before and not stray and not after
            block = stray + after
        elif len(block) > 1 and any(ln.text[:4].lower() in OPENING_PREFIXES and is_furniture([ln])
                                    for ln in block[1:]):
            # Text with no blank lines at all: a notice is a line among the rows.
            notices = [ln for ln in block[1:] if ln.text[:4].lower() in OPENING_PREFIXES
                       and is_furniture([ln]) and not is_score_like(ln.text)]
            furniture.extend(notices)
            block = [ln for ln in block if ln not in notices]
        if block:
            content.extend(block)
            content.append(Line(line_no=block[-1].line_no, page=block[-1].page, raw=""))
    lines = join_wrapped_headlines(tuple(content))
    # A design may print the name only in its running head, which the
    # reader set aside as furniture.
    title = find_title(lines) or find_title(doc.furniture)
    start = find_narrative_start(lines, edition)
    score_area, narrative_area = lines[:start], lines[start:]
    blocks = []
    starts = find_score_blocks(score_area)
    for n, (begin, dimension) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(score_area)
        blocks.append(Section("score_block", dimension, score_area[begin:end]))
    sections, findings = narrative_to_sections(narrative_area, edition)
    first_block = starts[0][0] if starts else len(score_area)
    findings += [
        Finding(Severity.ERROR, Rule.UNPLACED_LINE,
                f"{line.text!r} looks like a score or rank but stands before any score block",
                f"line {line.line_no}, page {line.page}", line.text)
        for line in score_area[:first_block]
        if line.text and (is_score_like(line.text) or parse_rank_line(line.text))
    ]
    return Segments(title, tuple(blocks), tuple(sections), tuple(furniture), tuple(findings))


def looks_like_heading(text: str) -> bool:
    """Short, upper-case, no digits and no closing full stop."""
    if not 0 < len(text) <= 60:
        return False
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and all(c.isupper() for c in letters)
        and not has_digit(text)
        and not text.endswith((".", ",", ";"))
    )


def narrative_to_sections(
    lines: tuple[Line, ...], edition: int
) -> tuple[list[Section], list[Finding]]:
    """Group narrative lines under the heading path the catalogue gives them."""
    sections: list[Section] = []
    findings: list[Finding] = []
    place: tuple[str, str | None, str | None] | None = None
    body: list[Line] = []

    def close() -> None:
        if place and any(line.text for line in body):
            sections.append(Section("narrative", None, tuple(body), *place))

    skip = 0
    for i, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        # A heading is set apart (capitals, or marked up as one): a paragraph may
        # open with the very words of a heading ("Cyber-dependent crimes remain ...").
        # "…continue to drive illicit" / "trade.": a sentence's end, not the heading,
        # even where a page break set it apart.
        heading_like = looks_like_heading(line.text)
        found = catalogue.match_section_heading(line.text, edition) if line.text and (
            heading_like or line.heading_level) and not (
            line.text[:1].islower() and line.text.endswith(SENTENCE_END)) else None
        if not found and heading_like:
            # A heading wrapped in a narrow column: "ECONOMIC AND FINANCIAL" / "ENVIRONMENT",
            # its lines maybe set apart by a blank (wider leading, a column break)
            # or by a callout set between them.
            wrapped = [(j, ln.text) for j, ln in enumerate(lines[i + 1:i + 9], start=1)
                       if ln.text and not ln.aside][:2]
            for k in range(1, len(wrapped) + 1):
                if not looks_like_heading(wrapped[k - 1][1]):
                    break
                found = catalogue.match_section_heading(
                    " ".join([line.text, *(text for _, text in wrapped[:k])]), edition)
                if found:
                    skip = wrapped[k - 1][0]
                    break
        if found:
            close()
            place, body = found, []
        elif line.aside:
            continue  # a callout or pull quote: not the running text
        elif line.text and (parse_score_line(line.text) or parse_rank_line(line.text)):
            findings.append(Finding(
                Severity.ERROR, Rule.UNPLACED_LINE,
                f"{line.text!r} is a score or rank line inside the narrative; left out",
                f"line {line.line_no}, page {line.page}", line.text))
        elif line.text and looks_like_heading(line.text):
            findings.append(Finding(
                Severity.WARNING, Rule.UNKNOWN_LABEL,
                f"heading {line.text!r} is not in the {edition} section tree; "
                "the paragraphs after it stay under the previous heading",
                f"line {line.line_no}", line.text,
            ))
        else:
            body.append(line)
    close()
    return sections, findings
