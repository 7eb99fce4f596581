"""Profiles drawn by another producer: fpdf2, not our reportlab generators.

fpdf2 writes its own PDFs: embedded TrueType fonts as CID (Type 0) fonts,
one text object per line or cell, justified text by word spacing, cell
rules as lines, letter-spacing (Tc) in the headline label, the pillar
labels and the section headings. The design differs from both of ours:
the headline score in a tinted box with its label above it, the rank lines to the box's right
with their changes in a column, indicator rows ruled below, and the
narrative flowed by fpdf2's own two-column layout.

    spec_to_foreign_pdf(spec, "tmp/2025/x.pdf")
"""

from __future__ import annotations

from pathlib import Path

from tests.support.layout import delta_shown

FONTS = Path(__file__).resolve().parents[1] / "fonts"
ARROWS = {"up": "\u2197", "down": "\u2198", "flat": "\u2192"}
LEFT, RIGHT = 42.0, 553.0  # A4 is 595 pt wide
SCORE_X, CHANGE_X = 430.0, 480.0


def change_text(entry: dict) -> str:
    """An arrow and the unsigned delta; "n/a" as printed; nothing for a first edition."""
    return delta_shown(entry, lambda arrow, size: f"{ARROWS[arrow]} {size}")


def rank_change_text(rank: dict) -> str:
    change = rank.get("change")
    if change is None:
        return ""
    if change == 0:
        return "-"
    return f"{ARROWS['up' if change > 0 else 'down']} {abs(change)}"


def spec_to_foreign_pdf(spec: dict, path: Path | str) -> Path:
    """Draw the spec's profile with fpdf2 at path; return the path."""
    from fpdf import FPDF

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    country, edition = spec["country"], spec["edition"]

    class Profile(FPDF):
        def header(self):
            self.set_font("DejaVu", "", 7)
            self.set_text_color(90, 90, 90)
            self.set_xy(LEFT, 18)
            self.cell(RIGHT - LEFT, 10, f"{country.upper()} \u00b7 GLOBAL ORGANIZED CRIME "
                      f"INDEX {edition}", align="L")
            self.set_text_color(0, 0, 0)
            self.set_xy(LEFT, 48)  # the text of a page starts below the head

        def footer(self):
            self.set_font("DejaVu", "", 7)
            self.set_xy(LEFT, 812)
            self.cell(RIGHT - LEFT, 10, f"Page {self.page_no()}", align="R")

    pdf = Profile(format="A4", unit="pt")
    pdf.set_margins(LEFT, 48, 595 - RIGHT)
    pdf.set_auto_page_break(True, margin=48)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    for dimension in spec["dimensions"]:
        pdf.add_page()
        draw_headline(pdf, country, dimension)
        for pillar in dimension["pillars"]:
            draw_pillar(pdf, pillar)
    draw_narrative(pdf, spec)
    pdf.output(str(path))
    return path


def draw_headline(pdf, country: str, dimension: dict) -> None:
    pdf.set_font("DejaVu", "B", 22)
    pdf.set_xy(LEFT, 48)
    pdf.cell(0, 26, country.upper())
    pdf.set_fill_color(232, 236, 240)
    pdf.rect(LEFT, 88, 170, 76, style="F")
    pdf.set_font("DejaVu", "B", 9)
    pdf.set_xy(LEFT + 10, 96)
    pdf.set_char_spacing(2)  # the label letter-spaced
    pdf.cell(150, 12, dimension["title"])
    pdf.set_char_spacing(0)
    pdf.set_font("DejaVu", "B", 28)
    pdf.set_xy(LEFT + 10, 114)
    width = pdf.get_string_width(dimension["score"])
    pdf.cell(width + 8, 34, dimension["score"])
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(70, 34, change_text(dimension))
    pdf.set_font("DejaVu", "", 9)
    for i, rank in enumerate(dimension["ranks"]):
        pdf.set_xy(250, 96 + 20 * i)
        pdf.cell(200, 12, rank["text"])
        pdf.set_xy(CHANGE_X, 96 + 20 * i)
        pdf.cell(60, 12, rank_change_text(rank))
    pdf.set_xy(LEFT, 190)


def draw_pillar(pdf, pillar: dict) -> None:
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_char_spacing(1)
    pdf.cell(SCORE_X - LEFT, 16, pillar["label"])
    pdf.set_char_spacing(0)
    if pillar.get("score") is not None:
        pdf.cell(CHANGE_X - SCORE_X, 16, pillar["score"])
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(RIGHT - CHANGE_X, 16, change_text(pillar))
    pdf.ln(18)
    pdf.set_draw_color(200, 200, 200)
    for indicator in pillar["indicators"]:
        pdf.set_font("DejaVu", "", 8.5)
        pdf.cell(SCORE_X - LEFT, 14, indicator["label"], border="B")
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.cell(CHANGE_X - SCORE_X, 14, indicator["score"], border="B")
        pdf.set_font("DejaVu", "", 8.5)
        pdf.cell(RIGHT - CHANGE_X, 14, change_text(indicator), border="B")
        pdf.ln(14)


def draw_narrative(pdf, spec: dict) -> None:
    pdf.add_page()
    seen = (None, None)
    with pdf.text_columns(ncols=2, gutter=18, text_align="J", line_height=1.25) as columns:
        for entry in spec["narrative"]:
            if seen[0] != entry["section"]:
                heading(pdf, columns, entry["section"], 13)
            if seen != (entry["section"], entry["heading"]):
                heading(pdf, columns, entry["heading"], 10)
            seen = (entry["section"], entry["heading"])
            if entry["subheading"]:
                heading(pdf, columns, entry["subheading"], 8.5)
            pdf.set_font("DejaVu", "", 8.5)
            for text in entry["paragraphs"]:
                with columns.paragraph(bottom_margin=6) as paragraph:
                    paragraph.write(text)


def heading(pdf, columns, text: str, size: float) -> None:
    pdf.set_font("DejaVu", "B", size)
    pdf.set_char_spacing(1.5 if size > 12 else 0)  # the section's heading letter-spaced
    with columns.paragraph(text_align="L", top_margin=4, bottom_margin=3) as paragraph:
        paragraph.write(text)
    pdf.set_char_spacing(0)
