"""The records that flow between stages: small, frozen, typed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass(frozen=True)
class ArrowMark:
    """A delta arrow a PDF drew as a glyph, a dingbat, a path or an image."""

    direction: str  # "up" | "down" | "flat"
    colour: str | None  # "red" | "green" | "grey" | None where none could be told
    encoding: str  # "unicode" | "dingbat" | "vector" | "raster"


class Cell(NamedTuple):
    """One cell of a row: text a wide gap, a tab or a table rule sets apart.

    A PDF row splits into cells where the gap between words is wider than
    a word space; a converted-text row at tabs, runs of spaces, pipes or
    `<td>`s. The grammar gives each cell its role (label, score, change,
    rank line), whatever the order.
    """

    raw: str
    text: str = ""  # normalized text; filled by the normalize stage
    bbox: BBox | None = None
    arrows: tuple[ArrowMark, ...] = ()  # PDF only: the arrows drawn in this cell
    size: float = 0.0  # PDF only: font size of the cell's largest word


class Line(NamedTuple):
    """One line of a report as read, with where it came from.

    A NamedTuple rather than a dataclass: a report has hundreds of lines and
    each stage makes new ones, so the cheaper constructor counts.
    """

    line_no: int
    page: int
    raw: str
    text: str = ""  # normalized text; filled by the normalize stage
    bbox: BBox | None = None
    heading_level: int = 0  # markdown `#` count the converter gave it, for reference only
    arrows: tuple[ArrowMark, ...] = ()  # PDF only: the arrows on this line, left to right
    # PDF only: the line opens a column or page but goes on with the paragraph
    # before the break (the line before it ran the full column width).
    continues: bool = False
    # The row's cells, left to right, where the reader saw more than one;
    # empty for a line of running text (one cell: the line itself).
    cells: tuple[Cell, ...] = ()
    # PDF only: set apart from the running text (a boxed callout, a pull
    # quote in larger or italic type); never part of a paragraph.
    aside: bool = False


@dataclass(frozen=True)
class Document:
    source_path: str
    source_format: str  # "text" | "pdf"
    sha256: str
    page_count: int
    lines: tuple[Line, ...]
    # Furniture lines a PDF reader removed, kept for the record.
    furniture: tuple[Line, ...] = ()
    # What the reader noticed: glyphs with no text, arrows it could not read.
    findings: tuple["Finding", ...] = ()
    # PDF pages the pypdfium2 source handed to pdfplumber (a symbol font's codes).
    fallback_pages: int = 0


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Rule(str, Enum):
    """Why a finding was raised; the `rule` column of `findings`."""

    UNREADABLE = "unreadable"
    NOT_A_PROFILE = "not_a_profile"
    NO_EDITION = "no_edition"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_LABEL = "unknown_label"
    FUZZY_LABEL = "fuzzy_label"
    MISSING_INDICATOR = "missing_indicator"
    DUPLICATE_INDICATOR = "duplicate_indicator"
    UNEXPECTED_INDICATOR = "unexpected_indicator"
    MISSING_SCORE = "missing_score"
    MISSING_RANK = "missing_rank"
    GARBLED_NUMBER = "garbled_number"
    SCORE_RANGE = "score_range"
    SCORE_STEP = "score_step"
    DELTA_SIGN = "delta_sign"
    DELTA_NA = "delta_na"
    RANK_RANGE = "rank_range"
    UNKNOWN_AREA = "unknown_area"
    UNKNOWN_GLYPH = "unknown_glyph"
    ARROW_COLOUR = "arrow_colour"
    DUPLICATE_REPORT = "duplicate_report"
    ARITHMETIC = "arithmetic"
    DELTA_ARITHMETIC = "delta_arithmetic"
    DELTA_INFERRED = "delta_inferred"
    RANK_TOTAL = "rank_total"
    AREA_MISMATCH = "area_mismatch"
    DELTA_VS_PREVIOUS = "delta_vs_previous_edition"
    UNPLACED_LINE = "unplaced_line"
    UNKNOWN_EDITION = "unknown_edition"
    EDITION_MISMATCH = "edition_mismatch"
    ENCODING = "encoding"


# A finding quotes what it found, and a 10 MB line is one line: quote at
# most this much of any input, then an ellipsis.
QUOTE_LIMIT = 120
# A message is a sentence of ours around its quotes; past this it is input.
MESSAGE_LIMIT = 400
QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Text cut to `limit` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_quotes(message: str) -> str:
    """A message with each long quoted part clipped (quotes kept), then capped whole."""
    if len(message) <= QUOTE_LIMIT:
        return message
    message = QUOTED.sub(lambda m: m.group() if len(m.group()) <= QUOTE_LIMIT + 2
                         else clip(m.group()[:-1]) + m.group()[-1], message)
    return clip(message, MESSAGE_LIMIT)


@dataclass(frozen=True)
class Finding:
    severity: Severity
    rule: Rule
    message: str
    location: str  # "line 42" or "page 2"
    value: str | None = None

    def __post_init__(self):
        # Every finding passes here, whichever stage built it from whatever input.
        if len(self.message) > QUOTE_LIMIT:
            object.__setattr__(self, "message", clip_quotes(self.message))
        if self.value is not None and len(self.value) > QUOTE_LIMIT:
            object.__setattr__(self, "value", clip(self.value))
        if len(self.location) > QUOTE_LIMIT:
            object.__setattr__(self, "location", clip(self.location))


@dataclass(frozen=True)
class Section:
    """A run of lines belonging to one part of the report."""

    kind: str  # "header" | "score_block" | "narrative" | "furniture"
    dimension: str | None  # score blocks: "criminality" | "resilience"
    lines: tuple[Line, ...]
    section: str | None = None  # narrative: "criminality" | "resilience"
    heading: str | None = None
    subheading: str | None = None


@dataclass(frozen=True)
class Score:
    dimension: str
    pillar: str | None
    level: str  # "index" | "pillar" | "indicator"
    indicator: str | None
    label: str
    score: Decimal
    delta: Decimal | None
    direction: str | None
    position: int
    page: int
    line_no: int
    bbox: BBox | None = None
    delta_na: bool = False  # the report printed "n/a" for the delta
    arrow_colour: str | None = None  # PDF only: "red" | "green" | "grey"
    magnitude: Decimal | None = None  # the printed delta, unsigned


@dataclass(frozen=True)
class Rank:
    dimension: str
    scope: str  # "global" | "continent" | "region"
    area: str | None
    rank: int
    out_of: int
    rank_change: int | None
    label: str
    page: int
    line_no: int
    bbox: BBox | None = None


@dataclass(frozen=True)
class Paragraph:
    section: str
    heading: str | None
    subheading: str | None
    paragraph_no: int
    text: str
    indicators: tuple[str, ...]
    page_start: int
    page_end: int


@dataclass(frozen=True)
class Extraction:
    """Everything the extract stage found in one report."""

    country_title: str | None
    iso3: str | None = None
    scores: tuple[Score, ...] = ()
    ranks: tuple[Rank, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    findings: tuple[Finding, ...] = field(default=())


class ReadError(Exception):
    """The file cannot be read as a report; the message says where and why."""

    def __init__(self, location: str, reason: str):
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


@dataclass(frozen=True)
class ReportResult:
    """What processing one report gave: its status, findings and records."""

    source_path: str
    report_id: str
    edition: int | None
    status: str  # "ok" | "invalid" | "failed"
    findings: tuple[Finding, ...]
    extraction: Extraction | None = None
    country: str | None = None
    iso3: str | None = None
    sha256: str | None = None
    source_format: str | None = None
    page_count: int | None = None
    fallback_pages: int = 0  # pages read by pdfplumber in place of pypdfium2
    duplicate_of: str | None = None
