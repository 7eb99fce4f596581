"""Draw a fixture profile PDF: two score pages, then the narrative.

Page 1 is criminality, page 2 resilience. Each has the country name, the
headline score with its arrow and delta, three rank lines and a table of
indicator rows (label, score, arrow, delta, bar) drawn without ruling
lines, as the real profiles do. Column x positions are in `layout`.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from tests.support.layout import (
    ARROW_X,
    BAR_COLOURS,
    BAR_FULL,
    BAR_HEIGHT,
    BAR_X,
    BOLD,
    DELTA_X,
    FOOTER_TOP,
    GREY,
    HEADER_TOP,
    INK,
    LABEL_X,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RANK_CHANGE_X,
    REGULAR,
    RIGHT,
    ROW_PITCH,
    SCORE_X,
    PdfOptions,
    arrow_colour,
    register_fonts,
    resolved_arrow,
    text_width,
)
from tests.support.pdf_arrows import draw_arrow
from tests.support.pdf_narrative import draw_narrative, wrap_plain

FUNDING_US = ("This project was funded in part by a grant from the United States "
              "Department of State.")
FUNDING_EU = ("ENACT is funded by the European Union and implemented by the Institute for "
              "Security Studies and INTERPOL, in affiliation with the Global Initiative "
              "Against Transnational Organized Crime.")
CLOSING = ("This summary was funded in part by a grant from the United States Department of "
           "State. The opinions, findings and conclusions stated herein are those of the "
           "authors and do not necessarily reflect those of the United States Department "
           "of State.")
# Page 1 sets the notices in narrow columns, broken where the seed breaks them.
FUNDING_US_LINES = ("This project was funded in part", "by a grant from the United",
                    "States Department of State.")
FUNDING_EU_LINES = ("ENACT is funded by the European Union", "and implemented by the Institute for",
                    "Security Studies and INTERPOL, in",
                    "affiliation with the Global Initiative Against",
                    "Transnational Organized Crime.")
EU_BLUE = (0.0, 0.2, 0.6)


def draw_text(canvas: Canvas, text: str, x: float, top: float, size: float,
              options: PdfOptions, *, bold: bool = False, colour=INK) -> float:
    """Draw a string on a baseline `top` from the page top; return its width."""
    font = REGULAR if (options.fake_bold or not bold) else BOLD
    canvas.setFont(font, size)
    canvas.setFillColorRGB(*colour)
    canvas.drawString(x, PAGE_HEIGHT - top, text)
    if bold and options.fake_bold:
        # Fake bold: the same glyphs again, nudged right.
        canvas.drawString(x + 0.3, PAGE_HEIGHT - top, text)
    return text_width(text, font, size)


def draw_delta(canvas, entry: dict, dimension: str, x_arrow: float, x_delta: float,
               top: float, size: float, options: PdfOptions, *, bold: bool = False) -> None:
    """Draw an arrow (if any) and the unsigned delta; "n/a" and signs as printed."""
    delta = entry.get("delta")
    if delta is None:
        return
    arrow = resolved_arrow(entry)
    colour = arrow_colour(dimension, arrow, options.arrow_colour_swap)
    draw_arrow(canvas, options.arrows, arrow, x_arrow, top, size, colour)
    shown = delta if arrow == "none" else delta.lstrip("-")
    draw_text(canvas, shown, x_delta, top, size, options, bold=bold)


def draw_rank(canvas, rank: dict, dimension: str, top: float, options: PdfOptions) -> None:
    """Draw "99th of 193 countries" with a raised suffix, then the change."""
    place, suffix, rest = re.match(r"^(\d+)(st|nd|rd|th)(.*)$", rank["text"]).groups()
    x = LABEL_X + draw_text(canvas, place, LABEL_X, top, 9, options)
    x += draw_text(canvas, suffix, x, top - 3, 5.5, options)
    draw_text(canvas, rest, x, top, 9, options)
    change = rank.get("change")
    if change is None:
        return
    if change == 0:
        draw_text(canvas, "-", RANK_CHANGE_X + 12, top, 9, options)
        return
    arrow = "up" if change > 0 else "down"
    colour = arrow_colour(dimension, arrow, options.arrow_colour_swap)
    draw_arrow(canvas, options.arrows, arrow, RANK_CHANGE_X, top, 9, colour)
    draw_text(canvas, str(abs(change)), RANK_CHANGE_X + 12, top, 9, options)


def draw_headline(canvas, spec: dict, dimension: dict, options: PdfOptions) -> float:
    """Draw country, headline score, title and ranks; return the next free top."""
    draw_text(canvas, spec["country"], MARGIN, 82, 24, options, bold=True)
    width = draw_text(canvas, dimension["score"], MARGIN, 132, 30, options, bold=True)
    arrow_x = max(122.0, MARGIN + width + 6)
    draw_delta(canvas, dimension, dimension["code"], arrow_x, arrow_x + 18, 132, 14, options)
    draw_text(canvas, dimension["title"], MARGIN, 150, 10, options, bold=True)
    for i, rank in enumerate(dimension["ranks"]):
        draw_rank(canvas, rank, dimension["code"], 170 + 13 * i, options)
    return 228.0


def draw_indicator_row(canvas, indicator: dict, dimension: str, top: float,
                       options: PdfOptions) -> None:
    """Draw one table row: label, score, arrow, delta, and a bar as long as the score."""
    if text_width(indicator["label"], REGULAR, 7.5) > SCORE_X - LABEL_X - 4:
        raise ValueError(f"label too wide for the table: {indicator['label']!r}")
    draw_text(canvas, indicator["label"], LABEL_X, top, 7.5, options)
    draw_text(canvas, indicator["score"], SCORE_X, top, 7.5, options)
    draw_delta(canvas, indicator, dimension, ARROW_X, DELTA_X, top, 7.5, options)
    canvas.setFillColorRGB(*BAR_COLOURS[dimension])
    length = BAR_FULL * float(indicator["score"]) / 10
    canvas.rect(BAR_X, PAGE_HEIGHT - top - 0.5, length, BAR_HEIGHT, stroke=0, fill=1)


def draw_score_page(canvas, spec: dict, dimension: dict, options: PdfOptions) -> None:
    """Draw a score page: headline, ranks, then each pillar's table."""
    top = draw_headline(canvas, spec, dimension, options)
    for pillar in dimension["pillars"]:
        if pillar["label"]:
            draw_text(canvas, pillar["label"], LABEL_X, top, 10, options, bold=True)
            draw_text(canvas, pillar["score"], SCORE_X, top, 10, options, bold=True)
            draw_delta(canvas, pillar, dimension["code"], ARROW_X, DELTA_X, top, 10, options,
                       bold=True)
            top += 18
        for indicator in pillar["indicators"]:
            draw_indicator_row(canvas, indicator, dimension["code"], top, options)
            top += ROW_PITCH
        top += 24


def draw_logo(canvas, x: float, top: float, options: PdfOptions) -> None:
    """Draw the funder's logo: a blue rectangle with "EU" in white."""
    canvas.setFillColorRGB(*EU_BLUE)
    canvas.rect(x, PAGE_HEIGHT - top - 22, 34, 22, stroke=0, fill=1)
    draw_text(canvas, "EU", x + 9, top + 15, 9, options, bold=True, colour=(1, 1, 1))


def draw_funding(canvas, page: int, options: PdfOptions) -> None:
    """Draw the funding notices in the bottom band of a score page."""
    if page == 1:
        for i, line in enumerate(FUNDING_US_LINES):
            draw_text(canvas, line, MARGIN, 738 + 9 * i, 7, options, colour=GREY)
        draw_logo(canvas, 220, 730, options)
        draw_text(canvas, "Funded by", 258, 738, 7, options, colour=GREY)
        draw_text(canvas, "the European Union", 258, 747, 7, options, colour=GREY)
        for i, line in enumerate(FUNDING_EU_LINES):
            draw_text(canvas, line, 360, 734 + 8.5 * i, 6.5, options, colour=GREY)
        return
    draw_text(canvas, FUNDING_US, MARGIN, 732, 7, options, colour=GREY)
    draw_text(canvas, "Funded by the European Union", MARGIN, 748, 7, options, colour=GREY)
    for i, line in enumerate(wrap_plain(FUNDING_EU, RIGHT - MARGIN, REGULAR, 6.5)):
        draw_text(canvas, line, MARGIN, 762 + 8.5 * i, 6.5, options, colour=GREY)


def draw_running_furniture(canvas, spec: dict, page: int, options: PdfOptions) -> None:
    """Draw the running header (index name, country) and the page number."""
    draw_text(canvas, "GLOBAL ORGANIZED CRIME INDEX", MARGIN, HEADER_TOP, 7, options,
              bold=True, colour=GREY)
    country = spec["country"]
    width = text_width(country, REGULAR, 7)
    draw_text(canvas, country, RIGHT - width, HEADER_TOP, 7, options, colour=GREY)
    label = f"Page {page}"
    draw_text(canvas, label, RIGHT - text_width(label, REGULAR, 7), FOOTER_TOP, 7, options,
              colour=GREY)


def draw_closing_note(canvas, options: PdfOptions) -> None:
    """Draw the closing funding footnote at the foot of the last page."""
    for i, line in enumerate(wrap_plain(CLOSING, RIGHT - MARGIN, REGULAR, 6.5)):
        draw_text(canvas, line, MARGIN, 796 + 8 * i, 6.5, options, colour=GREY)


def draw_profile(spec: dict, path: Path, options: PdfOptions) -> Path:
    """Draw the whole profile into path and return it."""
    register_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
    # reportlab wraps every stream in ASCII85 unless told not to: a quarter
    # more bytes for nothing. The setting is global, so put it back after.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        return draw_pages(spec, path, options)
    finally:
        rl_config.useA85 = saved


def draw_pages(spec: dict, path: Path, options: PdfOptions) -> Path:
    """Draw the score pages and the narrative pages, and save."""
    canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1,
                    pageCompression=1)
    canvas.setTitle(f"{spec['country']} - Global Organized Crime Index {spec['edition']}")
    canvas.setCreator("tests.support.profiles")
    for page, dimension in enumerate(spec["dimensions"], start=1):
        draw_score_page(canvas, spec, dimension, options)
        if options.furniture:
            draw_funding(canvas, page, options)
            draw_running_furniture(canvas, spec, page, options)
        canvas.showPage()

    def finish_page(page: int, last: bool) -> None:
        if options.furniture:
            draw_running_furniture(canvas, spec, page, options)
            if last:
                draw_closing_note(canvas, options)
        canvas.showPage()

    draw_narrative(canvas, spec, options, first_page=3, finish_page=finish_page)
    canvas.save()
    return path
