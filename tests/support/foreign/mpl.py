"""Profiles drawn by a third producer: matplotlib's PDF backend.

Nothing of reportlab or fpdf2: matplotlib writes each text as its own
text object in a subset font (TrueType, Type 42, or Type 3 glyph
procedures), and every rule, bar and arrow as a path. The design is a
chart's: a full-width coloured band as running head, the headline label
wrapped over two lines above its number, the delta under the number as a
drawn triangle, the rank lines in a column of ordinal numbers with a
raised suffix; indicators as bars with the label centred on the bar
(wrapped labels straddle it) and the score at the bar's end, so no two
scores share a column; the change in a column at the right. The
narrative runs in three ragged columns with a sideways running head in
the left margin and a centred folio.

    spec_to_mpl_pdf(spec, "tmp/2025/x.pdf", fonttype=42)
"""

from __future__ import annotations

from pathlib import Path

from tests.support.convert.render import narrative_blocks
from tests.support.layout import resolved_arrow

FONTS = Path(__file__).resolve().parents[1] / "fonts"
WIDTH, HEIGHT = 612.0, 792.0  # Letter, in points; y grows downwards below
LEFT, RIGHT = 54.0, 576.0
BAND = 30.0  # height of the running head's band
NAVY, RED, GREEN, GREY = "#1d3557", "#b5232e", "#2a7a3b", "#777777"
BODY, LEADING = 8.0, 10.4
COLUMNS, GUTTER = 3, 15.0
TOP, BOTTOM = 70.0, 740.0  # the narrative's frame


class Canvas:
    """One page: an axes over the whole figure, in points from the top left."""

    def __init__(self, pdf, country: str, edition: int, number: int):
        import matplotlib.pyplot as plt
        from matplotlib.patches import Rectangle

        self.pdf = pdf
        self.fig = plt.figure(figsize=(WIDTH / 72, HEIGHT / 72))
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, WIDTH)
        self.ax.set_ylim(HEIGHT, 0)
        self.ax.axis("off")
        self.ax.add_patch(Rectangle((0, 0), WIDTH, BAND, color=NAVY, lw=0))
        self.text(LEFT, 19, country.upper(), 9, weight="bold", colour="white")
        self.text(RIGHT, 19, f"GLOBAL ORGANIZED CRIME INDEX {edition}", 7, colour="white",
                  ha="right")
        self.text(WIDTH / 2, 770, f"{number}", 7, colour=GREY, ha="center")

    def text(self, x, y, s, size, weight="normal", colour="black", ha="left", **kw):
        self.ax.text(x, y, s, fontsize=size, fontweight=weight, color=colour, ha=ha,
                     va="baseline", fontfamily="DejaVu Sans", **kw)

    def close(self):
        import matplotlib.pyplot as plt

        self.pdf.savefig(self.fig)
        plt.close(self.fig)


def text_width(s: str, size: float, bold: bool = False) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal", size=size)
    return TextToPath().get_text_width_height_descent(s, prop, ismath=False)[0]


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and text_width(trial, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def triangle(canvas: Canvas, x: float, y: float, arrow: str, colour: str, size: float) -> float:
    """A filled triangle pointing the arrow's way, its foot on the baseline y; return its width."""
    from matplotlib.patches import Polygon

    h = 0.7 * size
    points = {"up": [(x, y), (x + h, y), (x + h / 2, y - h)],
              "down": [(x, y - h), (x + h, y - h), (x + h / 2, y)],
              "flat": [(x, y - h), (x, y), (x + h, y - h / 2)]}[arrow]
    canvas.ax.add_patch(Polygon(points, closed=True, color=colour, lw=0))
    return h


def arrow_colour(dimension: str, arrow: str) -> str:
    if arrow == "flat":
        return GREY
    return RED if (arrow == "up") == (dimension == "criminality") else GREEN


def change(canvas: Canvas, x: float, y: float, entry: dict, dimension: str, size: float) -> None:
    """The delta at x: a triangle and the unsigned size; "n/a" or a bare number as printed."""
    delta = entry.get("delta")
    if delta is None:
        return
    arrow = resolved_arrow(entry)
    if arrow == "none":
        canvas.text(x, y, delta, size)
        return
    w = triangle(canvas, x, y, arrow, arrow_colour(dimension, arrow), size)
    canvas.text(x + w + 2.5, y, delta.lstrip("-"), size)


def rank_change(canvas: Canvas, x: float, y: float, rank: dict, size: float) -> None:
    value = rank.get("change")
    if value is None:
        return
    if value == 0:
        canvas.text(x, y, "=", size)
        return
    w = triangle(canvas, x, y, "up" if value > 0 else "down", NAVY, size)
    canvas.text(x + w + 2.5, y, str(abs(value)), size)


def draw_headline(canvas: Canvas, country: str, dimension: dict) -> None:
    canvas.text(LEFT, 64, country.upper(), 20, weight="bold", colour=NAVY)
    first, _, rest = dimension["title"].partition(" ")
    canvas.text(LEFT, 92, first, 10, weight="bold", colour=NAVY)
    canvas.text(LEFT, 104, rest, 10, weight="bold", colour=NAVY)
    canvas.text(LEFT, 140, dimension["score"], 30, weight="bold")
    change(canvas, LEFT + 4, 160, dimension, dimension["code"], 11)
    for i, rank in enumerate(dimension["ranks"]):
        y = 100 + 22 * i
        number, _, rest = rank["text"].partition(" ")
        digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
        canvas.text(300, y, digits, 12, weight="bold", ha="right")
        canvas.text(301, y - 5, number[len(digits):], 6.5, weight="bold")
        canvas.text(314, y, rest, 9)
        rank_change(canvas, 535, y, rank, 9)


def draw_pillars(canvas: Canvas, dimension: dict, compact: bool = False, top: float = 200.0,
                 side: bool = False) -> None:
    """Bars with the score at the bar's end; or, `compact`, a narrow table: labels
    wrapped in a 95 pt column, the score right-aligned just after, then the change;
    `side`, the compact pillars side by side."""
    from matplotlib.patches import Rectangle

    y = top
    for k, pillar in enumerate(dimension["pillars"]):
        x0 = LEFT + 270 * k if side else LEFT
        y = top if side else y
        label_w, bar_x, bar_w, change_x = 150.0, x0 + 160, 230.0, 500.0
        if compact:
            label_w, score_right, change_x = 95.0, x0 + 128, x0 + 138
        if pillar.get("label"):
            canvas.text(x0, y, pillar["label"], 10.5, weight="bold", colour=NAVY)
            if pillar.get("score") is not None and compact:  # beside the heading
                canvas.text(x0 + 200, y, pillar["score"], 10.5, weight="bold", ha="right")
                change(canvas, x0 + 208, y, pillar, dimension["code"], 9)
            elif pillar.get("score") is not None:
                canvas.text(bar_x + bar_w - 30, y, pillar["score"], 10.5, weight="bold")
                change(canvas, change_x, y, pillar, dimension["code"], 9)
            y += 20
        for indicator in pillar["indicators"]:
            lines = wrap(indicator["label"], 7.5, label_w)
            middle = y + 3 + (len(lines) - 1) * 4.5  # the bar's centre line
            for n, line in enumerate(lines):
                canvas.text(x0, middle + 3 + (n - (len(lines) - 1) / 2) * 9, line, 7.5)
            if compact:
                canvas.text(score_right, middle + 3, indicator["score"], 7.5, weight="bold",
                            ha="right")
            else:
                length = float(indicator["score"]) / 10 * bar_w
                canvas.ax.add_patch(Rectangle((bar_x, middle - 3.5), length, 7, color="#9fb3c8",
                                              lw=0))
                canvas.text(bar_x + length + 4, middle + 3, indicator["score"], 7.5, weight="bold")
            change(canvas, change_x, middle + 3, indicator, dimension["code"], 7.5)
            y += max(16.0, 9 * len(lines) + 6)
        y += 14


STYLE = {"heading": (10.0, NAVY, 6.0), "subheading": (8.5, RED, 3.0)}


def draw_narrative(pdf, spec: dict, first_page: int) -> None:
    """Three ragged columns; a section starts a page with a heading across all three."""
    width = (RIGHT - LEFT - GUTTER * (COLUMNS - 1)) / COLUMNS
    page, canvas, column, y = first_page, None, 0, TOP

    def new_page():
        nonlocal page, canvas, column, y, section_top
        if canvas:
            canvas.close()
        canvas = Canvas(pdf, spec["country"], spec["edition"], page)
        canvas.text(28, 420, f"{spec['country'].upper()} \u00b7 {spec['edition']}", 7,
                    colour=GREY, rotation=90, ha="center")
        page, column, y, section_top = page + 1, 0, TOP, False

    def advance(height: float) -> None:
        nonlocal column, y
        if y + height > BOTTOM:
            column += 1
            y = TOP + (30 if section_top else 0)  # under a section's heading on its page
            if column == COLUMNS:
                new_page()

    section_top = False
    for kind, text in narrative_blocks(spec):
        if kind == "section":
            new_page()
            canvas.text(LEFT, TOP + 4, text, 16, weight="bold", colour=NAVY)
            y, section_top = TOP + 30, True
            continue
        x = LEFT + column * (width + GUTTER)
        if kind in STYLE:
            size, colour, space = STYLE[kind]
            advance(space + size * 1.3 * 2)
            y += space
            for line in wrap(text, size, width, bold=True):
                x = LEFT + column * (width + GUTTER)
                y += size * 1.2
                canvas.text(x, y, line, size, weight="bold", colour=colour)
            y += 3
            continue
        for line in wrap(text, BODY, width):
            advance(LEADING)
            x = LEFT + column * (width + GUTTER)
            y += LEADING
            canvas.text(x, y, line, BODY)
        y += 6
    canvas.close()


def spec_to_mpl_pdf(spec: dict, path: Path | str, fonttype: int = 42, compact: bool = False,
                    split: bool = False, side: bool = False) -> Path:
    """Draw the spec's profile with matplotlib at path; return the path.

    `split`: each pillar after a dimension's first goes on a page of its own,
    under no headline; `side`: compact pillars side by side.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.backends.backend_pdf import PdfPages

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_manager.fontManager.addfont(str(FONTS / name))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"pdf.fonttype": fonttype}), PdfPages(path) as pdf:
        page = 1
        for dimension in spec["dimensions"]:
            pillars = dimension["pillars"]
            groups = [pillars[:1], *([p] for p in pillars[1:])] if split else [pillars]
            for n, group in enumerate(groups):
                canvas = Canvas(pdf, spec["country"], spec["edition"], page)
                if n == 0:
                    draw_headline(canvas, spec["country"], dimension)
                draw_pillars(canvas, {**dimension, "pillars": group}, compact,
                             top=200.0 if n == 0 else 70.0, side=side)
                canvas.close()
                page += 1
        draw_narrative(pdf, spec, page)
    return path
