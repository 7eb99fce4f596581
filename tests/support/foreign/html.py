"""Profiles drawn by a fourth producer: xhtml2pdf, HTML and CSS laid out by
reportlab's platypus, not by anything we position ourselves.

The page design is a web page's: per score dimension a header table whose
left cell holds the big score with its change in a coloured span and the
label ("CRIMINALITY SCORE") below it, the three rank lines in a list in the
right cell with raised ordinals (<sup>); the indicators as a bordered
HTML table with a header row (Indicator | Score | Change), zebra rows and
pillar rows in bold across the label columns, its labels wrapping in a
narrow first column. The narrative flows through two @frame columns with
justified paragraphs, coloured h2/h3 headings, a boxed pull quote, a
running head and a "Page N" footer in static frames.

`arrows` picks the change's encoding: "triangle" (U+25B2/U+25BC/U+25BA
before the unsigned size), "image" (a small PNG triangle, a data: URI) or
"signed" (+0.23 / U+2212 0.23, no mark).

    spec_to_html_pdf(spec, "tmp/2025/x.pdf", arrows="image")
"""

from __future__ import annotations

import base64
import html
import io
from functools import lru_cache
from pathlib import Path

from tests.support.convert.render import narrative_blocks
from tests.support.layout import resolved_arrow

FONTS = Path(__file__).resolve().parents[1] / "fonts"
ARROWS = ("triangle", "image", "signed")
TRIANGLES = {"up": "\u25b2", "down": "\u25bc", "flat": "\u25ba"}
RED, GREEN, GREY, TEAL = "#c0392b", "#1e8449", "#808080", "#0e6655"

CSS = """
@font-face {{ font-family: dejavu; src: url("{regular}"); }}
@font-face {{ font-family: dejavu; src: url("{bold}"); font-weight: bold; }}
@page {{
  size: a4 portrait;
  @frame head {{ -pdf-frame-content: head; left: 40pt; width: 515pt; top: 20pt; height: 24pt; }}
  @frame foot {{ -pdf-frame-content: foot; left: 40pt; width: 515pt; top: 805pt; height: 20pt; }}
  @frame body {{ left: 40pt; width: 515pt; top: 56pt; height: 735pt; }}
}}
@page narrative {{
  size: a4 portrait;
  @frame head {{ -pdf-frame-content: head; left: 40pt; width: 515pt; top: 20pt; height: 24pt; }}
  @frame foot {{ -pdf-frame-content: foot; left: 40pt; width: 515pt; top: 805pt; height: 20pt; }}
  @frame left {{ left: 40pt; width: 248pt; top: 60pt; height: 730pt; }}
  @frame right {{ left: 307pt; width: 248pt; top: 60pt; height: 730pt; }}
}}
body {{ font-family: dejavu; font-size: 8.5pt; }}
#head {{ color: {teal}; font-size: 7pt; }}
#foot {{ color: {grey}; font-size: 7pt; text-align: right; }}
h1 {{ font-size: 20pt; color: {teal}; margin: 0 0 6pt 0; }}
h2 {{ font-size: 12pt; color: {teal}; margin: 8pt 0 4pt 0; }}
h3 {{ font-size: 9.5pt; color: {red}; margin: 6pt 0 3pt 0; }}
h4 {{ font-size: 8.5pt; color: {grey}; margin: 4pt 0 2pt 0; }}
p {{ text-align: justify; margin: 0 0 5pt 0; line-height: 1.25; }}
.big {{ font-size: 40pt; font-weight: bold; }}
.label {{ font-size: 9pt; font-weight: bold; color: {teal}; }}
.ranks td {{ font-size: 9pt; padding: 3pt; }}
table.ind {{ border: 0.5pt solid #999999; }}
table.ind td, table.ind th {{ border: 0.5pt solid #bbbbbb; padding: 3pt; font-size: 8pt; }}
table.ind th {{ background-color: {teal}; color: white; text-align: left; }}
tr.zebra td {{ background-color: #eef3f2; }}
tr.pillar td {{ font-weight: bold; font-size: 9pt; background-color: #d5e5e2; }}
.quote {{ border: 1pt solid {teal}; padding: 6pt; color: {teal}; font-size: 10pt;
          margin: 4pt 0 8pt 0; }}
"""


@lru_cache(maxsize=None)
def triangle_png(arrow: str, colour: str) -> str:
    """A small PNG of a filled triangle pointing the arrow's way, as a data: URI."""
    from PIL import Image, ImageDraw

    n = 24
    image = Image.new("RGBA", (n, n), (255, 255, 255, 0))
    points = {"up": [(0, n - 1), (n - 1, n - 1), (n // 2, 0)],
              "down": [(0, 0), (n - 1, 0), (n // 2, n - 1)],
              "flat": [(0, 0), (0, n - 1), (n - 1, n // 2)]}[arrow]
    ImageDraw.Draw(image).polygon(points, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def colour_of(dimension: str, arrow: str) -> str:
    if arrow == "flat":
        return GREY
    return RED if (arrow == "up") == (dimension == "criminality") else GREEN


def mark(arrow: str, colour: str, size: float, arrows: str) -> str:
    if arrows == "image":
        return f'<img src="{triangle_png(arrow, colour)}" width="{size:g}pt" height="{size:g}pt"/>'
    return TRIANGLES[arrow]


def change_html(entry: dict, dimension: str, arrows: str, size: float = 7.0) -> str:
    """The delta as printed: nothing for a first edition, "n/a", a bare number, or a
    mark and the unsigned size (signed: the sign alone, U+2212 for minus)."""
    delta = entry.get("delta")
    if delta is None:
        return ""
    arrow = resolved_arrow(entry)
    if arrow == "none" or arrows == "signed" and entry.get("arrow"):
        return html.escape(delta)
    colour = colour_of(dimension, arrow)
    if arrows == "signed":
        sign = "+" if arrow == "up" else "\u2212" if arrow == "down" else ""
        return f'<span style="color: {colour}">{sign}{delta.lstrip("-")}</span>'
    return (f'<span style="color: {colour}">{mark(arrow, colour, size, arrows)} '
            f'{delta.lstrip("-")}</span>')


def rank_change_html(rank: dict, arrows: str) -> str:
    value = rank.get("change")
    if value is None:
        return ""
    if value == 0:
        return "="
    arrow = "up" if value > 0 else "down"
    if arrows == "signed":
        return f"{'+' if value > 0 else chr(0x2212)}{abs(value)}"
    return f"{mark(arrow, TEAL, 6.0, arrows)} {abs(value)}"


def ordinal_html(text: str) -> str:
    """'154th of 193 countries' with the ordinal's suffix raised."""
    number, _, rest = text.partition(" ")
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    return f"<b>{digits}</b><sup>{number[len(digits):]}</sup> {html.escape(rest)}"


def dimension_html(country: str, dimension: dict, arrows: str) -> str:
    code = dimension["code"]
    ranks = "".join(f"<tr><td width='220pt'>{ordinal_html(r['text'])}</td>"
                    f"<td width='60pt'>{rank_change_html(r, arrows)}</td></tr>" for r in dimension["ranks"])
    out = [f"<h1>{html.escape(country.upper())}</h1>",
           "<table><tr>",
           f"<td width='40%' valign='top'><span class='big'>{dimension['score']}</span> "
           f"<span style='font-size: 13pt'>{change_html(dimension, code, arrows, 11)}</span>"
           f"<br/><span class='label'>{html.escape(dimension['title'])}</span></td>",
           f"<td width='60%' valign='top'><table class='ranks'>{ranks}</table></td>",
           "</tr></table><br/>",
           "<table class='ind' repeat='1' width='62%'><tr><th width='56%'>Indicator</th>"
           "<th width='20%'>Score</th><th width='24%'>Change</th></tr>"]
    row = 0
    for pillar in dimension["pillars"]:
        if pillar.get("label"):
            score = pillar.get("score") or ""
            out.append(f"<tr class='pillar'><td colspan='3'>{html.escape(pillar['label'])}"
                       f"&nbsp;&nbsp;&nbsp;{score}&nbsp;&nbsp;{change_html(pillar, code, arrows)}"
                       "</td></tr>")
        for indicator in pillar["indicators"]:
            zebra = " class='zebra'" if row % 2 else ""
            row += 1
            out.append(f"<tr{zebra}><td>{html.escape(indicator['label'])}</td>"
                       f"<td><b>{indicator['score']}</b></td>"
                       f"<td>{change_html(indicator, code, arrows)}</td></tr>")
    out.append("</table>")
    return "".join(out)


def first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[:end + 1]


def narrative_html(spec: dict) -> str:
    out, quoted = [], set()
    tags = {"section": "h2", "heading": "h3", "subheading": "h4"}
    for kind, text in narrative_blocks(spec):
        if kind in tags:
            out.append(f"<{tags[kind]}>{html.escape(text)}</{tags[kind]}>")
            if kind == "section":
                section = text
            continue
        out.append(f"<p>{html.escape(text)}</p>")
        if section not in quoted:  # a pull quote after a section's first paragraph
            quoted.add(section)
            out.append(f"<div class='quote'>\u201c{html.escape(first_sentence(text))}\u201d</div>")
    return "".join(out)


def spec_to_html_pdf(spec: dict, path: Path | str, arrows: str = "triangle") -> Path:
    """Lay the spec's profile out with xhtml2pdf at path; return the path."""
    from xhtml2pdf import pisa

    if arrows not in ARROWS:
        raise ValueError(f"Unknown arrow encoding {arrows!r}; use one of {ARROWS}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    country, edition = spec["country"], spec["edition"]
    css = CSS.format(regular=FONTS / "DejaVuSans.ttf", bold=FONTS / "DejaVuSans-Bold.ttf",
                     teal=TEAL, grey=GREY, red=RED)
    pages = "<pdf:nextpage/>".join(dimension_html(country, d, arrows) for d in spec["dimensions"])
    document = (f"<html><head><style>{css}</style></head><body>"
                f"<div id='head'>{html.escape(country.upper())} | Global Organized Crime Index "
                f"{edition}</div><div id='foot'>Page <pdf:pagenumber/></div>"
                f"{pages}<pdf:nexttemplate name='narrative'/><pdf:nextpage/>"
                f"{narrative_html(spec)}</body></html>")
    with path.open("wb") as out:
        status = pisa.CreatePDF(document, dest=out, encoding="utf-8")
    if status.err:
        raise RuntimeError(f"xhtml2pdf could not lay out {path.name}: {status.err} errors")
    return path
