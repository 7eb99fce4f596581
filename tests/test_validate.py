"""Stage 5: each rule fires on a seed with one defect and stays quiet on the seed."""

import pytest

from pipeline.run import process_report


def rules(result, severity="error"):
    return sorted({f.rule.value for f in result.findings if f.severity.value == severity})


def test_seed_passes_every_rule(seed_text, write_report):
    result = process_report(write_report(seed_text))
    assert result.status == "ok" and rules(result) == []


@pytest.mark.parametrize("old, new, rule", [
    ("HUMAN SMUGGLING\t3.00\t0.00\n", "", "missing_indicator"),
    ("HUMAN SMUGGLING\t3.00\t0.00\n", "HUMAN SMUGGLING\t3.00\t0.00\nHUMAN SMUGGLING\t3.00\t0.00\n",
     "duplicate_indicator"),
    ("HEROIN TRADE\t6.50", "HEROIN TRADE\t16.50", "score_range"),
    ("HEROIN TRADE\t6.50", "HEROIN TRADE\t6.40", "score_step"),
    ("PREVENTION\t4.00\t$\\searrow 1.00$", "PREVENTION\t9.50\t$\\searrow 1.00$", "score_range"),
    ("FLORA CRIMES\t3.50", "FLORA CRIMES\t3.5O", "garbled_number"),
    ("FLORA CRIMES\t3.50", "FLXXX CRIMES\t3.50", "unknown_label"),
    ("99<sup>th</sup> of 193", "199<sup>th</sup> of 193", "rank_range"),
    ("3<sup>rd</sup> of 8 Central Asian and Caucasian countries  $\\nearrow 1$\n", "",
     "missing_rank"),
    ("29<sup>th</sup> of 46 Asian countries", "29<sup>th</sup> of 46 Martian countries",
     "unknown_area"),
    ("5.03  $\\nearrow 0.23$   \n**CRIMINALITY SCORE**", "**CRIMINALITY SCORE**",
     "missing_score"),
    ("COCAINE TRADE\t2.00\t$\\nearrow 0.50$", "COCAINE TRADE\t2.00\tn/a", "delta_na"),
])
def test_rule_fires_on_one_defect(seed_text, write_report, old, new, rule):
    assert old in seed_text
    result = process_report(write_report(seed_text.replace(old, new, 1)))
    assert rule in rules(result)
    assert result.status == "invalid"


def test_indicator_the_edition_lacks_is_an_error(seed_text, write_report):
    result = process_report(write_report(seed_text, "2021/report.txt"))
    assert "unexpected_indicator" in rules(result)


def test_delta_without_arrow_is_a_warning(seed_text, write_report):
    text = seed_text.replace("FLORA CRIMES\t3.50\t$\\nearrow 0.50$", "FLORA CRIMES\t3.50\t0.50")
    result = process_report(write_report(text))
    assert "delta_sign" in rules(result, "warning")


@pytest.mark.parametrize("text, rule", [
    ("The quick brown fox.\n\nNothing here is a profile.\n", "not_a_profile"),
    ("# ATLANTIS\n\n5.03 $\\nearrow 0.23$\n**CRIMINALITY SCORE**\n", "unknown_country"),
])
def test_documents_that_are_not_profiles(write_report, text, rule):
    result = process_report(write_report(text))
    assert rule in rules(result) and result.status == "invalid"
