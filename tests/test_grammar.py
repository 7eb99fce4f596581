"""Score-line and rank-line parsers: pass/fail pairs and a never-raises property."""

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from pipeline.grammar import parse_rank_line, parse_row, parse_score_line


@pytest.mark.parametrize("text, label, score, delta, direction", [
    ("HUMAN TRAFFICKING 4.50 0.00", "HUMAN TRAFFICKING", "4.50", "0.00", "flat"),
    ("FLORA CRIMES 3.50 ↗ 0.50", "FLORA CRIMES", "3.50", "0.50", "up"),
    ("EXTORTION & PROTECTION RACKETEERING 2.50 ↘ 1.50", "EXTORTION & PROTECTION RACKETEERING",
     "2.50", "-1.50", "down"),
    ("CRIMINAL MARKETS 4.27 ↗ 0.17", "CRIMINAL MARKETS", "4.27", "0.17", "up"),
    ("5.03 ↗ 0.23", "", "5.03", "0.23", "up"),
    ("3.96 ↗ 0.00", "", "3.96", "0.00", "flat"),  # a zero delta is flat whatever the arrow
    ("PREVENTION 4.00 -1.00", "PREVENTION", "4.00", "-1.00", "down"),
    ("PREVENTION 4.00 +1.00", "PREVENTION", "4.00", "1.00", "up"),
    ("PREVENTION 4,00 ↘ 1,00", "PREVENTION", "4.00", "-1.00", "down"),
    ("PREVENTION 10.00 → 0.00", "PREVENTION", "10.00", "0.00", "flat"),
    ("FLORA CRIMES 3.50", "FLORA CRIMES", "3.50", None, None),
    ("FLORA CRIMES 3.50 n/a", "FLORA CRIMES", "3.50", None, None),
])
def test_score_lines_that_parse(text, label, score, delta, direction):
    parsed = parse_score_line(text)
    assert parsed is not None
    assert (parsed.label, parsed.score, parsed.delta, parsed.direction) == (
        label, Decimal(score), None if delta is None else Decimal(delta), direction)


@pytest.mark.parametrize("text", [
    "HUMAN TRAFFICKING 4.5O ↗ 0.50",
    "HUMAN TRAFFICKING",
    "99th of 193 countries ↗ 13",
    "HUMAN TRAFFICKING 4.50 ↗ 0.5O",
    "In 2024, intensified enforcement led to seizures.",
    "HUMAN TRAFFICKING 4.505",
    "",
])
def test_lines_that_are_not_score_lines(text):
    assert parse_score_line(text) is None


def test_nonzero_delta_without_arrow_or_sign_has_unknown_sign():
    parsed = parse_score_line("FLORA CRIMES 3.50 0.50")
    assert parsed.sign_unknown and parsed.delta is None and parsed.delta_printed


def test_na_delta_is_flagged():
    parsed = parse_score_line("FINANCIAL CRIMES 5.00 n/a")
    assert parsed.delta_na and parsed.delta is None


@pytest.mark.parametrize("text, rank, out_of, area, change", [
    ("99th of 193 countries ↗ 13", 99, 193, "", 13),
    ("29th of 46 Asian countries ↗ 4", 29, 46, "Asian", 4),
    ("4th of 8 Central Asian and Caucasian countries -", 4, 8,
     "Central Asian and Caucasian", 0),
    ("131st of 193 countries ↘ 3", 131, 193, "", -3),
    ("1st of 193 countries", 1, 193, "", None),
    ("22nd of 54 African countries +2", 22, 54, "African", 2),
    ("12 of 35 American countries –", 12, 35, "American", 0),
    # The index's website puts the area after the word.
    ("2nd of 2 countries in Australia and New Zealand", 2, 2, "Australia and New Zealand", None),
    ("2nd of 44 countries in Europe ↗ 3", 2, 44, "Europe", 3),
    ("2nd of 17 countries in Central & Eastern Europe -", 2, 17, "Central & Eastern Europe", 0),
    ("3rd of 11 countries in South-Eastern Asia ↘ 1", 3, 11, "South-Eastern Asia", -1),
])
def test_rank_lines_that_parse(text, rank, out_of, area, change):
    parsed = parse_rank_line(text)
    assert (parsed.rank, parsed.out_of, parsed.area_words, parsed.rank_change) == (
        rank, out_of, area, change)


@pytest.mark.parametrize("text", [
    "99th of countries ↗ 13", "HUMAN TRAFFICKING 4.50 0.00", "of 193 countries",
    "99th of 193 nations", "5th of 8 countries in",
])
def test_lines_that_are_not_rank_lines(text):
    assert parse_rank_line(text) is None


SCOREISH = st.text(alphabet="0123456789.,-+ ↗↘→n/aAZ&", max_size=40)


@given(st.one_of(st.text(), SCOREISH))
def test_line_parsers_never_raise(text):
    parsed = parse_score_line(text)
    if parsed is not None:
        assert Decimal("0") <= parsed.score < Decimal("100")
        assert parsed.direction in (None, "up", "down", "flat")
    parse_rank_line(text)


@pytest.mark.parametrize("cells, change_first, score, magnitude", [
    (("CRIMINAL ACTORS", "8.20", "0.00"), True, "8.20", "0.00"),  # 0.00 is off the scale
    (("HUMAN TRAFFICKING", "0.00", "8.00"), False, "8.00", "0.00"),  # a change column first
    (("HUMAN TRAFFICKING", "0.50", "8,00"), False, "8.00", "0.50"),
    (("HUMAN TRAFFICKING", "8.00", "4.50"), False, "8.00", "4.50"),  # both could be scores:
    (("HUMAN TRAFFICKING", "8.00", "4.50"), True, "4.50", "8.00"),  # the column vote decides
    (("HUMAN TRAFFICKING", "0.50", "+0.00"), True, "0.50", "0.00"),  # a marked change decides
])
def test_two_bare_numbers_the_one_off_the_score_scale_is_the_change(cells, change_first,
                                                                    score, magnitude):
    parsed = parse_row(cells, change_first=change_first).score
    assert (str(parsed.score), str(parsed.magnitude or parsed.delta)) == (score, magnitude)


@pytest.mark.parametrize("cells, score, delta, na", [
    (("HUMAN TRAFFICKING", "4.50", "(+0.50)"), "4.50", "0.50", False),  # a change in brackets
    (("HUMAN TRAFFICKING", "4.50", "(↘ 0.50)"), "4.50", "-0.50", False),
    (("HUMAN TRAFFICKING", "4.50", "[n/a]"), "4.50", "None", True),
    (("HUMAN TRAFFICKING", "4.50", "(change: ↘ 1.50)"), "4.50", "-1.50", False),  # named
    (("HUMAN TRAFFICKING", "4.50 (Δ +0.50)"), "4.50", "0.50", False),
    (("HUMAN TRAFFICKING", "4.50", "0.50 ↗"), "4.50", "0.50", False),  # the arrow after it
    (("HUMAN TRAFFICKING", "4.50", "0.50↘"), "4.50", "-0.50", False),
    (("CRIMINALITY SCORE", "5.03/10", "↗ 0.23"), "5.03", "0.23", False),  # out of ten
    (("CRIMINALITY SCORE", "5.03 / 10.0", "↗ 0.23"), "5.03", "0.23", False),
    (("HUMAN TRAFFICKING", "Δ -0.50", "4.50"), "4.50", "-0.50", False),  # a delta sign as label
])
def test_changes_in_brackets_after_their_arrow_or_out_of_ten(cells, score, delta, na):
    parsed = parse_row(cells)
    assert (parsed.score.label, str(parsed.score.score), str(parsed.score.delta),
            parsed.score.delta_na) == (cells[0], score, delta, na)


@pytest.mark.parametrize("cells, change", [
    (("99th of 193 countries", "(↗ 13)"), 13),
    (("99th of 193 countries", "(↘ 2)"), -2),
    (("99th of 193 countries", "(-)"), 0),
    (("99th out of 193 countries ↗ 13",), 13),  # "out of"
    (("99th of 193 countries, up 13",), 13),  # the change after a comma
    (("99th of 193 countries; ↘ 2",), -2),
    (("99th of 193 countries ↗ 13.",), 13),  # a full stop after it
])
def test_a_rank_change_in_brackets(cells, change):
    assert [rank.rank_change for rank, _ in parse_row(cells).ranks] == [change]


@pytest.mark.parametrize("cells", [
    ("HUMAN TRAFFICKING (2021)", "4.50"),  # digits in a label stay a misread
    ("see note (12) above",),
])
def test_brackets_that_hold_no_change_stay_as_they_are(cells):
    assert parse_row(cells).garbled
