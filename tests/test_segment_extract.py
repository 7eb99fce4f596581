"""Stages 3 and 4: sections by the catalogue's tree, paragraphs rejoined."""

import pytest

from pipeline.extract import join_lines, segments_to_extraction
from pipeline.normalize import normalize_document
from pipeline.read.text import text_bytes_to_document
from pipeline.records import Line
from pipeline.segment import assign_text_pages, document_to_segments, find_title


def segments_of(text, edition=2025):
    doc = normalize_document(text_bytes_to_document(text.encode(), "x.txt"))
    doc = assign_text_pages(doc, find_title(doc.lines))
    return doc, document_to_segments(doc, edition)


def test_seed_sections_follow_the_catalogue_tree_not_the_hash_levels(seed_text):
    _, seg = segments_of(seed_text)
    paths = [(s.section, s.heading, s.subheading) for s in seg.narrative]
    assert ("criminality", "CRIMINAL MARKETS", "DRUGS") in paths
    assert ("criminality", "CRIMINAL MARKETS", "FINANCIAL CRIMES") in paths
    assert ("criminality", "CRIMINAL ACTORS", None) in paths
    assert [d.dimension for d in seg.score_blocks] == ["criminality", "resilience"]
    assert seg.title.text == "AZERBAIJAN"


def test_seed_pages_are_inferred_from_title_repeats_and_furniture(seed_text):
    doc, seg = segments_of(seed_text)
    assert {ln.page for ln in seg.score_blocks[0].lines if ln.text and ln.text != "AZERBAIJAN"} == {1}
    assert {ln.page for ln in seg.score_blocks[1].lines} == {2}
    assert {ln.page for s in seg.narrative for ln in s.lines} == {3}
    assert doc.page_count == 4


def test_funding_notices_are_furniture(seed_text):
    _, seg = segments_of(seed_text)
    furniture = " ".join(ln.text for ln in seg.furniture)
    assert "United States Department of State" in furniture
    assert "ENACT is funded" in furniture


def test_unknown_heading_is_a_finding():
    text = "# CRIMINALITY\n\n## CRIMINAL MARKETS\n\n### SPACE CRIMES\n\nA paragraph.\n"
    _, seg = segments_of(text)
    assert [f.value for f in seg.findings] == ["SPACE CRIMES"]


@pytest.mark.parametrize("lines, joined", [
    (["the cyber-", "dependent market"], "the cyber-dependent market"),
    (["the traf-", "ficking flows"], "the trafficking flows"),
    (["state-", "embedded actors"], "state-embedded actors"),
    (["ends here.", "Next one"], "ends here. Next one"),
    (["a dash -", "then more"], "a dash - then more"),
    (["COVID-", "19 cases"], "COVID- 19 cases"),
])
def test_line_end_hyphenation(lines, joined):
    vocabulary = frozenset({"cyber-dependent", "state-embedded"})
    assert join_lines([Line(i, 1, t, t) for i, t in enumerate(lines)], vocabulary) == joined


def test_split_paragraphs_join_only_mid_sentence():
    text = ("# CRIMINALITY\n\n## CRIMINAL ACTORS\n\nFirst part stops at the\n\n"
            "Customs office. Done.\n\nA new paragraph.\n")
    _, seg = segments_of(text)
    x = segments_to_extraction(seg, 2025)
    assert [p.text for p in x.paragraphs] == [
        "First part stops at the Customs office. Done.", "A new paragraph."]


@pytest.mark.parametrize("texts, furniture", [
    (["This summary was funded in part by a grant."], True),
    (["_ " * 80 + "Funded by the European Union"], True),  # a long rule of marks first
    (["***", "Funded by the European Union"], True),  # the notice after a line of marks
    (["Funded", "by the European Union"], True),  # wrapped after a word
    (["The funds were seized by the police."], False),
    (["x" * 500 + " funded by"], False),
])
def test_furniture_is_told_by_how_the_block_opens(texts, furniture):
    from pipeline.segment import is_furniture

    block = [Line(n, 1, text, text) for n, text in enumerate(texts, start=1)]
    assert is_furniture(block) is furniture


@pytest.mark.parametrize("rows, heading", [
    (["CRIMINAL JUSTICE AND", "SECURITY"], "CRIMINAL JUSTICE AND SECURITY"),
    (["CRIMINAL JUSTICE AND", "", "SECURITY"], "CRIMINAL JUSTICE AND SECURITY"),  # wide leading
    (["CIVIL SOCIETY AND", "", "", "SOCIAL PROTECTION"], "CIVIL SOCIETY AND SOCIAL PROTECTION"),
    (["CRIMINAL JUSTICE AND", "", "Security is weak."], None),  # a sentence joins no heading
])
def test_wrapped_heading_joins_across_blank_lines(rows, heading):
    from pipeline.segment import narrative_to_sections
    lines = tuple(Line(i, 3, t, t) for i, t in enumerate(
        ["RESILIENCE", *rows, "Body text of the section.", ""]))
    sections, _ = narrative_to_sections(lines, 2025)
    assert [s.heading for s in sections] == [heading]


@pytest.mark.parametrize("aside, heading", [
    (True, "CRIMINAL JUSTICE AND SECURITY"),  # a callout set between the heading's lines
    (False, None),  # a sentence of the running text between them: no heading
])
def test_a_callout_between_the_lines_of_a_wrapped_heading_is_no_part_of_it(aside, heading):
    from pipeline.segment import narrative_to_sections
    rows = [("CRIMINAL JUSTICE AND", False), ("", False),
            ("\u201cWhere institutions are", aside), ("weak, illicit economies", aside),
            ("quietly fill the gap.\u201d", aside), ("", False), ("SECURITY", False)]
    lines = tuple(Line(i, 3, t, t, aside=a) for i, (t, a) in enumerate(
        [("RESILIENCE", False), *rows, ("Body text of the section.", False), ("", False)]))
    sections, _ = narrative_to_sections(lines, 2025)
    assert [s.heading for s in sections] == [heading]


@pytest.mark.parametrize("first, heading, body", [
    ("Cyber-dependent crimes", "CYBER-DEPENDENT CRIMES", "Cyber-dependent crimes remain common."),
    ("CYBER-DEPENDENT CRIMES", "CYBER-DEPENDENT CRIMES", "remain common."),
])
def test_a_paragraph_opening_with_a_headings_words_stays_text(first, heading, body):
    from pipeline.segment import narrative_to_sections
    lines = tuple(Line(i, 3, t, t) for i, t in enumerate(
        ["CRIMINALITY", "CRIMINAL MARKETS", "CYBER-DEPENDENT CRIMES", first, "remain common.", ""]))
    sections, _ = narrative_to_sections(lines, 2025)
    assert [(s.subheading or s.heading, " ".join(ln.text for ln in s.lines if ln.text))
            for s in sections] == [(heading, body)]


@pytest.mark.parametrize("texts, joined", [
    (["CRIMINALITY", "SCORE", "7.82"], ["CRIMINALITY SCORE", "7.82"]),  # the label wrapped
    (["RESILIENCE", "SCORE"], ["RESILIENCE SCORE"]),
    (["CRIMINALITY", "", "SCORE"], ["CRIMINALITY", "", "SCORE"]),  # a blank line between
    (["CRIMINALITY", "CRIMINAL MARKETS"], ["CRIMINALITY", "CRIMINAL MARKETS"]),  # the narrative
])
def test_a_headline_label_wrapped_over_two_lines_is_one_line(texts, joined):
    from pipeline.segment import join_wrapped_headlines
    lines = tuple(Line(i, 1, t, t) for i, t in enumerate(texts, start=1))
    assert [ln.text for ln in join_wrapped_headlines(lines)] == joined


@pytest.mark.parametrize("texts, indicator", [
    # A label centred on its number, wrapped over the rows above and below it.
    (["EXTORTION &", "PROTECTION 9.00 ↗ 0.50", "RACKETEERING"], "extortion_and_protection_racketeering"),
    (["EXTORTION & PROTECTION", "9.00 ↗ 0.50", "RACKETEERING"], "extortion_and_protection_racketeering"),
    (["HUMAN", "TRAFFICKING 9.00 ↗ 0.50"], "human_trafficking"),  # wrapped above its number
])
def test_a_label_wrapped_around_its_number_is_read_whole(texts, indicator):
    from pipeline.extract import block_to_records
    from pipeline.records import Section
    lines = tuple(Line(i, 1, t, t) for i, t in enumerate(texts, start=1))
    scores, _, _ = block_to_records(Section("score_block", "criminality", lines), 2025, 0, None)
    assert [(s.indicator, str(s.score), str(s.delta)) for s in scores] == [(indicator, "9.00", "0.50")]
