"""Profiles other producers drew read back exactly.

Not our generators' geometry, fonts or text objects:
- fpdf2 (tests/support/foreign): CID fonts, a tinted score box with the
  label above the number, rank changes in a column of their own, ruled
  indicator rows, fpdf2's own two-column flow;
- matplotlib (tests/support/foreign/mpl.py): every text its own object,
  in TrueType or Type 3 fonts; the headline label wrapped over two lines
  above its number and the delta under it as a drawn triangle; raised
  ordinals; indicator bars with the score at the bar's end and wrapped
  labels centred on the bar, each pillar after the first on a page of its
  own, or (compact) a narrow table whose labels wrap
  over up to three rows with the score at their middle (the Type 3 ones
  with the pillars side by side); three ragged
  narrative columns, a sideways running head;
- xhtml2pdf (tests/support/foreign/html.py): HTML and CSS laid out by
  platypus; the big score over its label in a header table, rank lines with
  <sup> ordinals beside it, a bordered zebra table whose labels wrap in a
  narrow first column with the score at the cell's middle, pillar rows
  spanning it, two @frame columns of justified text with a pull quote framed
  by four border rules; arrows as triangles, PNG images or signed numbers.
Every score and rank must come out exactly, through both PDF sources alike.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from pipeline.run import process_report
from tests.pdf_cases import (expected_paragraphs, expected_ranks, expected_scores,
                             extracted_paragraphs, extracted_ranks, extracted_scores,
                             load_spec, spec_paths)
from tests.support.foreign import spec_to_foreign_pdf
from tests.support.foreign.html import spec_to_html_pdf
from tests.support.foreign.mpl import spec_to_mpl_pdf
from tests.support.parity import source_differences

STEMS = [p.stem for p in spec_paths()]
SPECS = {p.stem: p for p in spec_paths()}
# Every spec through each producer; Type 3 fonts (read by pdfplumber) for a few.
PRODUCERS = {"fpdf2": spec_to_foreign_pdf, "matplotlib": partial(spec_to_mpl_pdf, fonttype=42, split=True),
             "matplotlib-compact": partial(spec_to_mpl_pdf, fonttype=42, compact=True),
             "matplotlib-type3": partial(spec_to_mpl_pdf, fonttype=3, compact=True, side=True),
             "xhtml2pdf-triangle": partial(spec_to_html_pdf, arrows="triangle"),
             "xhtml2pdf-image": partial(spec_to_html_pdf, arrows="image"),
             "xhtml2pdf-signed": partial(spec_to_html_pdf, arrows="signed")}
# Each spec once through xhtml2pdf, the arrow encodings taking turns.
HTML_STEMS = {f"xhtml2pdf-{arrows}": STEMS[k::3] for k, arrows in enumerate(("triangle", "image",
                                                                            "signed"))}
CASES = [(producer, stem) for producer in PRODUCERS
         for stem in (STEMS[::4] if producer == "matplotlib-type3"
                      else HTML_STEMS.get(producer, STEMS))]
# Paragraphs read whole, measured on 2026-12-02: fpdf2 98.8% (251 of 254);
# matplotlib 99.2% (252 of 254), and 97.7% (84 of 86) on the Type 3 specs, which
# hold the same miss: a paragraph ending on a column's last, nearly full, line,
# with no space or indent after it, reads as going on in the next column.
# xhtml2pdf: 100% (triangle, 100 of 100; signed, 70 of 70) and 98.8% (image, 83 of
# 84): the paragraph after a pull quote, where the column beside it ran out just
# above the quote's end, is read after that column (a band across both wins
# over the gutter by a point).
PARAGRAPH_FLOOR = {"fpdf2": 0.98, "matplotlib": 0.98, "matplotlib-compact": 0.98,
                   "matplotlib-type3": 0.97, "xhtml2pdf-triangle": 0.99, "xhtml2pdf-image": 0.98,
                   "xhtml2pdf-signed": 0.99}


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[tuple[str, str], tuple[dict, Path]]:
    root = tmp_path_factory.mktemp("foreign")
    out = {}
    for producer, stem in CASES:
        spec = load_spec(SPECS[stem])
        path = root / producer / str(spec["edition"]) / f"{stem}.pdf"
        out[producer, stem] = spec, PRODUCERS[producer](spec, path)
    return out


@pytest.mark.parametrize("producer, stem", CASES)
def test_every_score_and_rank_of_a_foreign_profile_reads_back(drawn, producer, stem):
    spec, path = drawn[producer, stem]
    result = process_report(path)
    assert result.extraction is not None, [f.message for f in result.findings]
    assert extracted_scores(result) == expected_scores(spec)
    assert extracted_ranks(result) == expected_ranks(spec)


@pytest.mark.parametrize("producer, stem", [(p, s) for p, s in CASES if p != "matplotlib-type3"][::4])
def test_both_sources_read_a_foreign_profile_alike(drawn, producer, stem):
    assert source_differences(drawn[producer, stem][1]) == []


@pytest.mark.parametrize("producer", PRODUCERS)
def test_the_paragraphs_of_foreign_profiles_stay_above_their_floor(drawn, producer):
    """And no furniture (a running head, a folio, a pull quote) reads as narrative:
    a paragraph not read whole is still a stretch of the spec's running text."""
    whole = total = 0
    furniture = []
    for (made_by, _), (spec, path) in drawn.items():
        if made_by != producer:
            continue
        result = process_report(path)
        got = extracted_paragraphs(result) if result.extraction else []
        expected = expected_paragraphs(spec)
        whole += sum(p in got for p in expected)
        total += len(expected)
        running = " ".join(text for _, _, text in expected)
        furniture += [text for _, _, text in got if text not in running]
    assert whole / total >= PARAGRAPH_FLOOR[producer], f"{whole} of {total} paragraphs whole"
    assert furniture == []
