"""Score pages in a fuzzed design: headline, rank lines, indicator rows or cards."""

from __future__ import annotations

import re

from tests.support.fuzz.furniture import Frame, funding_height
from tests.support.fuzz.marks import Marks
from tests.support.fuzz.pen import GREY, INK, MINUS, Pen, signed
from tests.support.layout import BAR_COLOURS, resolved_arrow

CARD_FILL = (0.94, 0.94, 0.95)
BOX_FILL = (0.93, 0.95, 0.97)


def draw_change(pen: Pen, marks: Marks, entry: dict, dimension: str, x: float, top: float,
                size: float, bold: bool = False) -> float:
    """Draw a change cell (mark + magnitude, signed magnitude or n/a); return its width."""
    delta = entry.get("delta")
    if delta is None:
        return 0.0
    if delta == "n/a":
        return pen.text(x, top, "n/a", size, bold=bold, colour=GREY)
    arrow = resolved_arrow(entry)
    if pen.layout.arrows == "signed" or arrow == "none":
        return pen.text(x, top, signed(delta), size, bold=bold)
    width = marks.draw(dimension, arrow, x, top, size) + size * 0.3
    return width + pen.text(x + width, top, delta.lstrip("-"), size, bold=bold)


def change_width(pen: Pen, marks: Marks, size: float) -> float:
    return marks.width(size) + size * 0.3 + pen.measure("+0.00", size)


def rank_change_text(layout, change: int) -> tuple[str | None, str]:
    """(arrow or None, text) for a rank change."""
    if change == 0:
        return None, layout.zero_rank
    if layout.rank_changes == "signed":
        return None, ("+" if change > 0 else MINUS) + str(abs(change))
    return ("up" if change > 0 else "down"), str(abs(change))


def draw_rank(pen: Pen, marks: Marks, rank: dict, dimension: str, x: float, top: float,
              size: float, change_x: float | None) -> float:
    """Draw "99th of 193 countries" (suffix raised or inline) and its change; return the text width."""
    place, suffix, rest = re.match(r"^(\d+)(st|nd|rd|th)(.*)$", rank["text"]).groups()
    if pen.layout.ordinals == "raised":
        width = pen.text(x, top, place, size)
        width += pen.text(x + width, top, suffix, size * 0.6, rise=size * 0.35)
        width += pen.text(x + width, top, rest, size)
    else:
        width = pen.text(x, top, rank["text"], size)
    change = rank.get("change")
    if change is not None:
        at = change_x if change_x is not None else x + width + size
        arrow, text = rank_change_text(pen.layout, change)
        if arrow:
            at += marks.draw(dimension, arrow, at, top, size) + size * 0.3
        pen.text(at, top, text, size)
    return width


def rank_width(pen: Pen, ranks: list[dict], size: float) -> float:
    return max(pen.measure(r["text"], size) for r in ranks) + 2 * size + change_width(pen, Marks(pen), size)


def draw_ranks(pen: Pen, marks: Marks, dimension: dict, x: float, top: float, size: float,
               leading: float) -> float:
    """Draw the three rank lines with their first baseline at top; return the last baseline."""
    ranks = dimension["ranks"]
    change_x = None
    if pen.layout.rank_change_at == "column":
        change_x = x + max(pen.measure(r["text"], size) for r in ranks) + 1.5 * size
    for i, rank in enumerate(ranks):
        draw_rank(pen, marks, rank, dimension["code"], x, top + leading * i, size, change_x)
    return top + leading * (len(ranks) - 1)


def draw_header(pen: Pen, marks: Marks, spec: dict, dimension: dict, f: Frame) -> float:
    """Country, headline score with its label, and the rank lines; return the next free top."""
    layout = pen.layout
    pen.text(f.left, f.top + 22, spec["country"], 22, bold=True)
    y = f.top + 44
    s, label_size = layout.headline_size, 11.0
    code, title = dimension["code"], dimension["title"]
    if layout.headline_label == "above":
        pen.text(f.left, y + label_size, title, label_size, bold=True)
        base = y + label_size + 8 + 0.75 * s
        bottom = base + 4
    else:
        base = y + 0.75 * s
        bottom = base + 4
    width = pen.text(f.left, base, dimension["score"], s, bold=True)
    right = f.left + width + 10
    right += draw_change(pen, marks, dimension, code, right, base, 14)
    if layout.headline_label == "below":
        pen.text(f.left, base + label_size + 7, title, label_size, bold=True)
        bottom = base + label_size + 10
    elif layout.headline_label == "beside":
        right += 18
        right += pen.text(right, base, title, label_size, bold=True)
    size, leading = 9.0, 13.0
    x = max(right + 28, f.left + (f.right - f.left) * 0.5)
    if layout.ranks == "right" and x + rank_width(pen, dimension["ranks"], size) <= f.right:
        last = draw_ranks(pen, marks, dimension, x, y + size + 2, size, leading)
        return max(bottom, last) + 30
    if layout.ranks == "box":
        box_top = bottom + 12
        box_w = rank_width(pen, dimension["ranks"], size) + 16
        pen.rect(f.left, box_top, box_w, 3 * leading + 12,
                 fill=BOX_FILL if layout.seed % 3 else None, stroke=GREY if layout.seed % 3 != 1 else None)
        last = draw_ranks(pen, marks, dimension, f.left + 8, box_top + 8 + size, size, leading)
        return last + 36
    last = draw_ranks(pen, marks, dimension, f.left, bottom + 20, size, leading)
    return last + 30


def rows_plan(pen: Pen, dimension: dict, f: Frame, top: float, size: float,
              label_width: float) -> float:
    """Height the indicator rows would take at this type size and label width."""
    leading = size * 1.25
    height = 0.0
    for pillar in dimension["pillars"]:
        if pillar["label"]:
            height += 20
        for indicator in pillar["indicators"]:
            lines = len(pen.wrap(indicator["label"], label_width, size))
            height += leading * lines + (4 if lines > 1 else 2.5)
        height += 18
    return height


def draw_rows(pen: Pen, marks: Marks, dimension: dict, f: Frame, top: float) -> None:
    """Indicator rows: label (maybe wrapped), score and change cells, maybe a bar."""
    layout, code = pen.layout, dimension["code"]
    bottom = f.bottom - funding_height(pen) - 8
    width = min(layout.label_width, (f.right - f.left) * 0.55)
    for size in (8.0, 7.5, 7.0, 6.5, 6.5, 6.5, 6.5):
        if top + rows_plan(pen, dimension, f, top, size, width) <= bottom:
            break
        width += 30
    leading = size * 1.25
    score_w = pen.measure("10.00", size + 0.5, bold=True)
    change_w = change_width(pen, marks, size)
    group = score_w + 8 + change_w
    gx = f.left + width + 12 if layout.score_at == "near" else f.right - group
    if layout.change_side == "right":
        score_x, change_x = gx, gx + score_w + 8
    else:
        change_x, score_x = gx, gx + change_w + 6
    bar = None
    if layout.bars and layout.score_at == "near" and f.right - (gx + group + 14) > 70:
        bar = (gx + group + 14, f.right - (gx + group + 14))
    elif layout.bars and gx - (f.left + width + 14) > 70:
        bar = (f.left + width + 10, gx - (f.left + width + 20))

    def cells(entry: dict, base: float, cell_size: float, bold: bool, at_score: float,
              at_change: float) -> None:
        if layout.score_align == "right":
            pen.text(at_score + score_w, base, entry["score"], cell_size, bold=bold, align="right")
        else:
            pen.text(at_score, base, entry["score"], cell_size, bold=bold)
        draw_change(pen, marks, entry, code, at_change, base, cell_size, bold)

    for pillar in dimension["pillars"]:
        if pillar["label"]:
            base = top + 11
            lw = pen.text(f.left, base, pillar["label"], 10, bold=True)
            if layout.pillar_score == "beside":
                sx = f.left + lw + 12
                cells(pillar, base, 10, True, sx, sx + pen.measure(pillar["score"], 10, True) + 8)
            else:
                mx = f.right - score_w - 8 - change_width(pen, marks, 10)
                cells(pillar, base, 10, True, mx, mx + score_w + 8)
            top += 20
        for indicator in pillar["indicators"]:
            lines = pen.wrap(indicator["label"], width, size)
            for i, line in enumerate(lines):
                pen.text(f.left, top + size + leading * i, line, size, colour=INK)
            row = 0 if layout.wrapped_score == "first" else len(lines) - 1
            row = (len(lines) - 1) / 2 if layout.middle_score else row
            base = top + size + leading * row
            # A change cell left of the score: the score in bold, as a designer would cue it.
            cells(indicator, base, size + 0.5, layout.change_side == "left", score_x, change_x)
            if bar:
                pen.rect(bar[0], base - size * 0.6, bar[1] * float(indicator["score"]) / 10,
                         size * 0.6, fill=BAR_COLOURS[code])
            top += leading * len(lines) + (4 if len(lines) > 1 else 2.5)
        top += 18


def cards_height(pen: Pen, dimension: dict, n: int, card_w: float, size: float,
                 gap: float) -> float:
    height = 0.0
    for pillar in dimension["pillars"]:
        height += 20 if pillar["label"] else 0
        indicators = pillar["indicators"]
        for start in range(0, len(indicators), n):
            lines = max(len(pen.wrap(i["label"], card_w - 10, size, bold=True))
                        for i in indicators[start:start + n])
            height += 8 + 8.2 * lines + 22 + gap
        height += 14
    return height


def draw_cards(pen: Pen, marks: Marks, dimension: dict, f: Frame, top: float) -> None:
    """Indicators as a grid of cards: the label above its number and change."""
    layout, code = pen.layout, dimension["code"]
    gap, size = 8.0, 6.8
    bottom = f.bottom - funding_height(pen) - 8
    for n in range(layout.card_columns, 9):
        card_w = (f.right - f.left - gap * (n - 1)) / n
        if top + cards_height(pen, dimension, n, card_w, size, gap) <= bottom:
            break
    # Smaller type where a long word, letter-spaced, would run out of its card.
    words = [w for p in dimension["pillars"] for i in p["indicators"] for w in i["label"].split()]
    while size > 5.0 and max(pen.measure(w, size, bold=True) for w in words) > card_w - 10:
        size -= 0.4
    for pillar in dimension["pillars"]:
        if pillar["label"]:
            base = top + 11
            lw = pen.text(f.left, base, pillar["label"], 10, bold=True)
            x = f.left + lw + 12 if layout.pillar_score == "beside" else \
                f.right - pen.measure("10.00", 10, True) - 8 - change_width(pen, marks, 10)
            x += pen.text(x, base, pillar["score"], 10, bold=True) + 8
            draw_change(pen, marks, pillar, code, x, base, 10, True)
            top += 20
        indicators = pillar["indicators"]
        for start in range(0, len(indicators), n):
            row = indicators[start:start + n]
            wrapped = [pen.wrap(ind["label"], card_w - 10, size, bold=True) for ind in row]
            height = 8 + 8.2 * max(map(len, wrapped)) + 22
            for i, (ind, lines) in enumerate(zip(row, wrapped)):
                x = f.left + i * (card_w + gap)
                pen.rect(x, top, card_w, height, fill=CARD_FILL)
                for j, line in enumerate(lines):
                    pen.text(x + 5, top + 6 + size + 8.2 * j, line, size, bold=True, colour=GREY)
                base = top + height - 7
                width = pen.text(x + 5, base, ind["score"], 13, bold=True)
                draw_change(pen, marks, ind, code, x + 5 + width + 6, base, 8)
            top += height + gap
        top += 14


def draw_score_page(pen: Pen, spec: dict, dimension: dict, f: Frame) -> None:
    marks = Marks(pen)
    top = draw_header(pen, marks, spec, dimension, f)
    if pen.layout.table == "cards":
        draw_cards(pen, marks, dimension, f, top)
    else:
        draw_rows(pen, marks, dimension, f, top)
