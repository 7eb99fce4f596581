"""Stage 2: every arrow, ordinal and markup form the converters write."""

import pytest
from hypothesis import given, strategies as st

from pipeline.normalize import normalize_text


@pytest.mark.parametrize("raw, clean", [
    ("5.03  $\\nearrow 0.23$   ", "5.03 ↗ 0.23"),
    ("X\t2.50\t$\\searrow 1.50$", "X 2.50 ↘ 1.50"),
    ("X 2.50 $\\downarrow$ 1.50", "X 2.50 ↘ 1.50"),
    ("X 2.50 $\\uparrow{0.50}$", "X 2.50 ↗ 0.50"),
    ("X 2.50 \\(\\rightarrow\\) 0.00", "X 2.50 → 0.00"),
    ("X 2.50 $\\blacktriangledown 0.50$", "X 2.50 ↘ 0.50"),
    ("X 2.50 $\\to 0.00$", "X 2.50 → 0.00"),
    ("X 2.50 ▲ 0.50", "X 2.50 ↗ 0.50"),
    ("X 2.50 ▼ 0.50", "X 2.50 ↘ 0.50"),
    ("X 2.50 ► 0.00", "X 2.50 → 0.00"),
    ("X 2.50 ↑ 0.50", "X 2.50 ↗ 0.50"),
    ("X 2.50 ⬇ 0.50", "X 2.50 ↘ 0.50"),
    ("99<sup>th</sup> of 193 countries  $\\nearrow 13$", "99th of 193 countries ↗ 13"),
    ("$99^{\\text{th}}$ of 193 countries", "99th of 193 countries"),
    ("3^{rd} of 8", "3rd of 8"),
    ("**CRIMINAL MARKETS** 4.27  $\\nearrow 0.17$", "CRIMINAL MARKETS 4.27 ↗ 0.17"),
    ("*This summary was funded in part.*", "This summary was funded in part."),
    ("__RESILIENCE__", "RESILIENCE"),
    ("X\u00a0\u00a02.50   \u22121.50", "X 2.50 -1.50"),
    ("\ufb01nancial \ufb02ows", "financial flows"),
    ("non\u2011state actors", "non-state actors"),
    ("fauna crimes – illegal hunting", "fauna crimes – illegal hunting"),
    ("EXTORTION &amp; PROTECTION", "EXTORTION & PROTECTION"),
    ("zero\u200bwidth", "zerowidth"),
    # A footnote mark right after emphasis: the emphasis still goes.
    ("*Victim identification*\u00b9 is weak", "Victim identification is weak"),  # a footnote mark
    ("trafficking² and smuggling.³", "trafficking and smuggling."),
    ("the country<sup>12</sup> has", "the country has"), ("trafficking[^3] is", "trafficking is"),
    ("99<sup>th</sup> of 193", "99th of 193"),
    ("plain prose, no markup at all  ", "plain prose, no markup at all"),
])
def test_normalize_text(raw, clean):
    assert normalize_text(raw)[0] == clean


@pytest.mark.parametrize("raw, level", [
    ("# AZERBAIJAN", 1), ("## RESILIENCE SCORE", 2), ("### PEOPLE", 3),
    ("#hashtag", 0), ("plain", 0),
    ("#\x1cNOTE", 0),  # a control character is not the space a heading mark needs
])
def test_heading_level_is_kept_aside(raw, level):
    assert normalize_text(raw)[1] == level


@given(st.text())
def test_normalizer_never_raises_and_never_leaves_latex_arrows(text):
    clean, level = normalize_text(text)
    assert isinstance(clean, str) and 0 <= level <= 6
    assert "\\nearrow" not in clean and "\\searrow" not in clean
    assert clean == clean.strip()
