"""PDF profiles: every fixture spec, drawn with every arrow encoding, reads back exactly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from hypothesis import given, strategies as st

from pipeline.cli import main
from pipeline.records import ReadError
from pipeline.read.pdf import pdf_bytes_to_document
from pipeline.read.source_pdfplumber import dedupe_chars
from pipeline.run import process_report
from tests.pdf_cases import (
    ENCODINGS,
    expected_paragraphs,
    expected_ranks,
    expected_scores,
    extracted_paragraphs,
    extracted_ranks,
    extracted_scores,
    load_spec,
    spec_paths,
)
from tests.support.profiles import spec_to_pdf, spec_to_text

SPECS = {p.stem: p for p in spec_paths()}
SEED = "2025_azerbaijan_seed"


@pytest.fixture(scope="session")
def render(tmp_path_factory):
    """Draw a spec as a PDF under its edition's folder, once per option set."""
    root = tmp_path_factory.mktemp("pdfs")
    cache: dict[tuple, Path] = {}

    def draw(stem: str, **options) -> Path:
        key = (stem, tuple(sorted(options.items())))
        if key not in cache:
            spec = load_spec(SPECS[stem])
            name = "_".join([stem, *(f"{k}-{v}" for k, v in sorted(options.items()))])
            cache[key] = spec_to_pdf(spec, root / str(spec["edition"]) / f"{name}.pdf", **options)
        return cache[key]

    return draw


def errors(result):
    return [f for f in result.findings if f.severity.value == "error"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("stem", sorted(SPECS))
def test_pdf_scores_and_ranks_equal_the_spec(render, stem, encoding):
    spec = load_spec(SPECS[stem])
    result = process_report(render(stem, arrows=encoding))
    assert errors(result) == []
    assert extracted_scores(result) == expected_scores(spec)
    assert extracted_ranks(result) == expected_ranks(spec)
    assert len(result.extraction.scores) == (30 if spec["edition"] == 2021 else 36)
    assert result.status == "ok"


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_pdf_paragraphs_come_out_whole_and_in_order(render, stem):
    spec = load_spec(SPECS[stem])
    result = process_report(render(stem, arrows="unicode"))
    assert extracted_paragraphs(result) == expected_paragraphs(spec)
    for p in result.extraction.paragraphs:
        for furniture in ("GLOBAL ORGANIZED CRIME INDEX", "Page ", "funded in part",
                          "Funded by", "ENACT"):
            assert furniture not in p.text


@pytest.mark.parametrize("stem", [SEED, "2023_colombia", "2021_fiji", "2025_nigeria"])
@pytest.mark.parametrize("options", [
    {"hyphenate": True},
    {"ligatures": True},
    {"fake_bold": True},
    {"columns": 1},
    {"furniture": False},
    {"hyphenate": True, "ligatures": True, "fake_bold": True, "arrows": "vector"},
], ids=lambda o: "+".join(o))
def test_pdf_quirks_do_not_change_the_tables(render, stem, options):
    spec = load_spec(SPECS[stem])
    result = process_report(render(stem, **options))
    assert errors(result) == []
    assert extracted_scores(result) == expected_scores(spec)
    assert extracted_ranks(result) == expected_ranks(spec)
    assert extracted_paragraphs(result) == expected_paragraphs(spec)


def test_seed_pdf_equals_seed_text_apart_from_pages_and_boxes(render, tmp_path):
    seed_text = tmp_path / "2025" / "azerbaijan.txt"
    seed_text.parent.mkdir()
    seed_text.write_text(spec_to_text(load_spec(SPECS[SEED])), encoding="utf-8")
    tables = {}
    for name, path in (("text", seed_text), ("pdf", render(SEED, arrows="vector"))):
        out = tmp_path / name
        assert main(["run", str(path), "--out", str(out)]) == 0
        tables[name] = {t: pd.read_parquet(out / t) for t in ("scores", "ranks", "narrative")}
    volatile = ["page", "page_start", "page_end", "arrow_colour",
                "bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom"]
    for table in ("scores", "ranks", "narrative"):
        text, pdf = (tables[k][table].drop(columns=volatile, errors="ignore")
                     for k in ("text", "pdf"))
        assert text.astype(str).to_dict("records") == pdf.astype(str).to_dict("records"), table
    pdf_scores = tables["pdf"]["scores"]
    assert pdf_scores.bbox_x0.notna().all() and (pdf_scores.bbox_x1 > pdf_scores.bbox_x0).all()
    assert tables["text"]["scores"].bbox_x0.isna().all()
    assert set(tables["pdf"]["narrative"].page_start) >= {3, 4}


def test_seed_text_from_the_spec_is_the_seed(seed_text):
    assert spec_to_text(load_spec(SPECS[SEED])) == seed_text


def test_arrow_colour_that_contradicts_the_shape_is_a_warning(render):
    result = process_report(render(SEED, arrows="vector", arrow_colour_swap=True))
    warnings = [f for f in result.findings if f.rule.value == "arrow_colour"]
    directions = [s for s in result.extraction.scores if s.direction in ("up", "down")]
    assert len(warnings) == len(directions) > 0
    assert extracted_scores(result) == expected_scores(load_spec(SPECS[SEED]))


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_arrow_colour_is_recorded(render, encoding):
    result = process_report(render(SEED, arrows=encoding))
    up = next(s for s in result.extraction.scores if s.indicator == "state_embedded_actors")
    down = next(s for s in result.extraction.scores if s.indicator == "prevention")
    assert (up.direction, up.arrow_colour) == ("up", "red")
    assert (down.direction, down.arrow_colour) == ("down", "red")
    assert not [f for f in result.findings if f.rule.value == "arrow_colour"]


def test_each_page_is_read_once_and_closed(render, monkeypatch):
    calls = {"words": 0, "close": 0}
    real_words, real_close = pdfplumber.page.Page.extract_words, pdfplumber.page.Page.close

    def count_words(self, *args, **kwargs):
        calls["words"] += 1
        return real_words(self, *args, **kwargs)

    def count_close(self):
        calls["close"] += 1
        return real_close(self)

    def forbidden(self, *args, **kwargs):
        raise AssertionError("extract_text is a second pass over the page")

    monkeypatch.setattr(pdfplumber.page.Page, "extract_words", count_words)
    monkeypatch.setattr(pdfplumber.page.Page, "close", count_close)
    monkeypatch.setattr(pdfplumber.page.Page, "extract_text", forbidden)
    doc = pdf_bytes_to_document(render(SEED, arrows="raster").read_bytes(), "x.pdf",
                                source="pdfplumber")
    assert calls["words"] == doc.page_count == 6
    assert calls["close"] >= doc.page_count


def test_running_heads_and_footers_are_kept_aside(render):
    doc = pdf_bytes_to_document(render(SEED).read_bytes(), "x.pdf")
    furniture = [line.raw for line in doc.furniture]
    assert any("GLOBAL ORGANIZED CRIME INDEX" in text for text in furniture)
    assert any(text.startswith("Page") for text in furniture)
    assert not any("GLOBAL ORGANIZED CRIME INDEX" in line.raw for line in doc.lines)


def test_folder_mixing_pdfs_and_text_writes_one_set_of_tables(render, tmp_path, seed_text):
    folder = tmp_path / "raw"
    (folder / "2025").mkdir(parents=True)
    (folder / "2025" / "azerbaijan.txt").write_text(seed_text, encoding="utf-8")
    for stem in ("2023_colombia", "2021_germany"):
        pdf = render(stem, arrows="dingbat")
        (folder / pdf.parent.name).mkdir(exist_ok=True)
        (folder / pdf.parent.name / pdf.name).write_bytes(pdf.read_bytes())
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out)]) == 0
    reports = pd.read_parquet(out / "reports")
    assert sorted(reports.report_id) == ["2021-DEU", "2023-COL", "2025-AZE"]
    assert sorted(reports.source_format) == ["pdf", "pdf", "text"]
    scores = pd.read_parquet(out / "scores")
    assert scores.groupby("report_id").size().to_dict() == {
        "2021-DEU": 30, "2023-COL": 36, "2025-AZE": 36}


# --- PDFs that are not readable profiles ----------------------------------------


def encrypted_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(
        "secret", ownerPassword="owner", canPrint=0))
    c.drawString(72, 720, "AZERBAIJAN")
    c.save()
    return path


def image_only_pdf(path: Path) -> Path:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(Image.new("RGB", (200, 100), (40, 40, 40))), 72, 600, 200, 100)
    c.showPage()
    c.save()
    return path


def letter_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "Dear reader, this is a letter and not a country profile.")
    c.save()
    return path


def truncated_pdf(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


@pytest.mark.parametrize("kind, location, reason", [
    ("empty", "byte 0", "empty"),
    ("encrypted", "document", "encrypted"),
    ("image_only", "document", "no text layer"),
    ("truncated", "", ""),
    ("letter", "whole document", "does not read as a country profile"),
])
def test_unreadable_pdf_fails_alone_with_one_clear_line(render, tmp_path, capsys, seed_text,
                                                        kind, location, reason):
    folder = tmp_path / "raw" / "2025"
    folder.mkdir(parents=True)
    (folder / "azerbaijan.txt").write_text(seed_text, encoding="utf-8")
    bad = folder / f"{kind}.pdf"
    {"empty": lambda p: p.write_bytes(b""), "encrypted": encrypted_pdf,
     "image_only": image_only_pdf, "letter": letter_pdf,
     "truncated": lambda p: truncated_pdf(p, render("2025_germany"))}[kind](bad)
    out = tmp_path / "out"
    assert main(["run", str(folder.parent), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{bad}: {location}")
    assert reason in err[0]
    reports = pd.read_parquet(out / "reports").set_index("source_path")
    assert reports.loc[str(bad), "status"] in ("failed", "invalid")
    assert reports.loc[str(folder / "azerbaijan.txt"), "status"] == "ok"
    findings = pd.read_parquet(out / "findings")
    assert (findings[findings.source_path == str(bad)].severity == "error").any()


def test_read_error_names_the_page_for_a_broken_page(tmp_path):
    with pytest.raises(ReadError) as caught:
        pdf_bytes_to_document(b"%PDF-1.4\n% nothing else\n", "x.pdf")
    assert caught.value.location == "document"


def test_raster_arrows_read_the_same_from_the_stream_and_from_a_rendering(render):
    from pipeline.read.arrows import image_direction
    from pipeline.read.source_pdfplumber import image_pixels, rendered_pixels

    with pdfplumber.open(render(SEED, arrows="raster")) as pdf:
        page = pdf.pages[0]
        images = [im for im in page.images if im["x1"] - im["x0"] < 24]
        assert images
        for image in images:
            decoded = image_pixels(image)
            assert decoded is not None
            assert image_direction(decoded) == image_direction(rendered_pixels(page, image))


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_symbols_that_are_not_arrows_are_a_finding_not_garbage(tmp_path, source):
    from reportlab.pdfgen import canvas

    path = tmp_path / "cid.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "AZERBAIJAN")
    c.setFont("ZapfDingbats", 12)
    c.drawString(72, 700, "A")  # a star, which pdfminer reads as the letter "n"
    c.save()
    doc = pdf_bytes_to_document(path.read_bytes(), str(path), source=source)
    assert [f.rule.value for f in doc.findings if f.severity != "info"] == ["unknown_glyph"]
    assert [line.raw for line in doc.lines if line.raw] == ["AZERBAIJAN"]
    # pypdfium2 has no code for a dingbat that is no arrow: pdfplumber reads that page.
    assert doc.fallback_pages == (1 if source == "pdfium" else 0)


class CharsPage:
    """A stand-in for a pdfplumber page: chars, and filter() as pdfplumber has it."""

    def __init__(self, chars):
        self.chars = chars

    def filter(self, keep):
        return CharsPage([c for c in self.chars if keep(c)])


def twins_by_the_definition(chars, tolerance=1.0):
    """Each char dropped when an earlier kept char of its glyph is within the tolerance."""
    kept = []
    for c in chars:
        glyph = (c["text"], c["fontname"], round(c["size"], 1))
        if not any((k["text"], k["fontname"], round(k["size"], 1)) == glyph
                   and abs(k["x0"] - c["x0"]) <= tolerance and abs(k["top"] - c["top"]) <= tolerance
                   for k in kept):
            kept.append(c)
    return kept


CHAR = st.fixed_dictionaries({
    "x0": st.floats(-5, 60) | st.integers(0, 240).map(lambda n: n / 4),
    "top": st.floats(-5, 30) | st.integers(0, 60).map(lambda n: n / 2),
    "text": st.sampled_from("ab"), "fontname": st.just("F"),
    "size": st.sampled_from([10.0, 10.04, 10.06])})


@given(st.lists(st.tuples(CHAR, st.none() | st.tuples(st.floats(-1.2, 1.2),
                                                      st.floats(-1.2, 1.2))), max_size=40))
def test_dedupe_chars_drops_exactly_the_twins(drawn):
    """The grid that makes dedupe fast must drop what the plain definition drops."""
    chars = []
    for char, offset in drawn:
        chars.append(char)
        if offset:  # drawn again nearby, as fake bold does
            chars.append({**char, "x0": char["x0"] + offset[0], "top": char["top"] + offset[1]})
    kept = dedupe_chars(CharsPage(chars)).chars
    assert [id(c) for c in kept] == [id(c) for c in twins_by_the_definition(chars)]


def layout_row(x0: float, top: float, *cells: str, size: float = 8.0, gap: float = 40.0):
    """A row of cells from x0, each `gap` apart, one line of `size` high."""
    from pipeline.read.layout import CellBox, Row

    boxes, x = [], x0
    for text in cells:
        width = 0.5 * size * len(text)
        boxes.append(CellBox(text, x, top, x + width, top + size, size))
        x += width + gap
    return Row(boxes, x0, top, boxes[-1].x1, top + size, size)


@pytest.mark.parametrize("value_top, expected", [
    # A score centred on a label wrapped over two rows joins both.
    (104.5, ["EXTORTION & PROTECTION RACKETEERING 9.00", "HEROIN TRADE"]),
    (100.0, ["EXTORTION & PROTECTION 9.00", "RACKETEERING", "HEROIN TRADE"]),  # on a baseline
    (140.0, ["EXTORTION & PROTECTION", "RACKETEERING", "HEROIN TRADE", "9.00"]),  # nowhere
])
def test_a_stray_value_joins_the_label_it_stands_beside(value_top, expected):
    from pipeline.read.layout import SETTINGS, Block, attach_values

    labels = Block([layout_row(50, 100, "EXTORTION & PROTECTION"), layout_row(50, 109, "RACKETEERING"),
                    layout_row(50, 125, "HEROIN TRADE")])
    values = Block([layout_row(300, value_top, "9.00")])
    blocks = attach_values([labels, values], SETTINGS)
    assert [r.text for b in blocks for r in b.rows] == expected


@pytest.mark.parametrize("value, joins", [
    ("7.82", False),  # a score beside a rank line is the headline's, not the rank's
    ("↗ 13", True),   # a rank's change in a column of its own is the rank's
])
def test_a_rank_line_takes_its_change_but_no_score(value, joins):
    from pipeline.read.layout import SETTINGS, Block, attach_values

    rank = Block([layout_row(300, 100, "1 st of 12 South American countries", gap=5)])
    stray = Block([layout_row(50, 100, value, size=8.0)])
    blocks = attach_values([rank, stray], SETTINGS)
    assert (len([b for b in blocks if b.rows]) == 1) is joins


def tracked(text: str, x0: float = 50.0, letter_gap: float = 2.0, size: float = 10.0):
    """Words as a source cuts letter-spaced text: a token per glyph, a word space wider."""
    from pipeline.read.layout import Word

    words, x = [], x0
    for piece in text.split(" "):
        for glyph in piece:
            words.append(Word(glyph, x, 100.0, x + 0.6 * size, 100.0 + size, size, None, "F"))
            x += 0.6 * size + letter_gap
        x += 0.28 * size
    return words


@pytest.mark.parametrize("words, texts", [
    (tracked("HUMAN TRAFFICKING"), ["HUMAN", "TRAFFICKING"]),
    (tracked("8.00", letter_gap=3.0), ["8.00"]),
    (tracked("CRIMINALITY", letter_gap=1.0), ["CRIMINALITY"]),
    (tracked("A I U", letter_gap=2.0), ["A", "I", "U"]),  # short words a space apart
])
def test_letter_spaced_capitals_are_words_again(words, texts):
    from pipeline.read.layout import join_tracked

    assert [w.text for w in join_tracked(words)] == texts


def test_words_of_short_capitals_are_left_alone():
    from pipeline.read.layout import Word, join_tracked

    words = [Word(t, x, 100.0, x + 12.0, 110.0, 10.0, None, "F")
             for t, x in (("US", 50.0), ("AND", 65.0), ("EU", 83.0))]
    assert join_tracked(words) == words


@pytest.mark.parametrize("value_x, expected", [
    # A pillar's score set near the gutter: nearer the label on its left than the right one.
    (200.0, ["CRIMINAL MARKETS 7.20", "CRIMINAL ACTORS 8.13"]),
    (290.0, ["CRIMINAL MARKETS", "7.20 CRIMINAL ACTORS 8.13"]),  # nearer the right one
])
def test_a_score_before_a_label_goes_to_the_nearer_label(value_x, expected):
    from pipeline.read.layout import SETTINGS, Block, join_row, reclaim_leading_values

    left = layout_row(54, 192, "CRIMINAL MARKETS", size=10.5)
    right = layout_row(324, 192, "CRIMINAL ACTORS", "8.13", size=10.5)
    value = layout_row(value_x, 192, "7.20", size=10.5)
    join_row(right, value)
    reclaim_leading_values([Block([left]), Block([right])], SETTINGS)
    assert [left.text, right.text] == expected
