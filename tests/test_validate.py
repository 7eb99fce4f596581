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
    # An unknown label keeps its row (a warning); in a known edition it is unexpected.
    ("FLORA CRIMES\t3.50", "FLXXX CRIMES\t3.50", "unexpected_indicator"),
    ("99<sup>th</sup> of 193", "199<sup>th</sup> of 193", "rank_range"),
    ("3<sup>rd</sup> of 8 Central Asian and Caucasian countries  $\\nearrow 1$\n", "",
     "missing_rank"),
    ("5.03  $\\nearrow 0.23$   \n**CRIMINALITY SCORE**", "**CRIMINALITY SCORE**",
     "missing_score"),
    ("COCAINE TRADE\t2.00\t$\\nearrow 0.50$", "COCAINE TRADE\t2.00\tn/a", "delta_na"),
    ("HEROIN TRADE\t6.50\t0.00", "HEROIN TRADE\t7.00\t0.00", "arithmetic"),
    ("**CRIMINAL ACTORS** 5.80", "**CRIMINAL ACTORS** 5.90", "arithmetic"),
    ("5.03  $\\nearrow", "5.13  $\\nearrow", "arithmetic"),
    ("3.96  $\\nearrow 0.00$", "3.97  $\\nearrow 0.00$", "arithmetic"),
    ("FLORA CRIMES\t3.50\t$\\nearrow 0.50$", "FLORA CRIMES\t3.50\t$\\searrow 0.50$",
     "delta_arithmetic"),
    ("5.03  $\\nearrow 0.23$", "5.03  $\\nearrow 0.53$", "delta_arithmetic"),
    ("PREVENTION\t4.00\t$\\searrow 1.00$", "PREVENTION\t4.00\t$\\nearrow 1.00$",
     "delta_arithmetic"),
    ("29<sup>th</sup> of 46 Asian", "29<sup>th</sup> of 45 Asian", "rank_total"),
    ("3<sup>rd</sup> of 8 Central Asian and Caucasian", "3<sup>rd</sup> of 15 West African",
     "area_mismatch"),
    ("99<sup>th</sup> of 193 countries  $\\nearrow 13$",
     "99<sup>th</sup> of 193 countries  $\\searrow 150$", "rank_range"),
    ("FLORA CRIMES\t3.50\t$\\nearrow 0.50$", "FLORA CRIMES\t3.50\t$\\nearrow -0.50$",
     "delta_sign"),
])
def test_rule_fires_on_one_defect(seed_text, write_report, old, new, rule):
    assert old in seed_text
    result = process_report(write_report(seed_text.replace(old, new, 1)))
    assert rule in rules(result)
    assert result.status == "invalid"


def test_indicator_the_edition_lacks_is_an_error(seed_text, write_report):
    result = process_report(write_report(seed_text, "2021/report.txt"))
    assert "unexpected_indicator" in rules(result)


@pytest.mark.parametrize("text, rule", [
    ("The quick brown fox.\n\nNothing here is a profile.\n", "not_a_profile"),
    ("# ATLANTIS\n\n5.03 $\\nearrow 0.23$\n**CRIMINALITY SCORE**\n", "unknown_country"),
])
def test_documents_that_are_not_profiles(write_report, text, rule):
    result = process_report(write_report(text))
    assert rule in rules(result) and result.status == "invalid"


def test_misread_arrow_is_named(seed_text, write_report):
    text = seed_text.replace("FLORA CRIMES\t3.50\t$\\nearrow 0.50$",
                             "FLORA CRIMES\t3.50\t$\\searrow 0.50$")
    result = process_report(write_report(text))
    finding = next(f for f in result.findings if f.rule.value == "delta_arithmetic")
    assert "criminal_markets" in finding.message and "flora_crimes" in finding.message


def test_one_unreadable_arrow_is_inferred_from_its_pillar(seed_text, write_report):
    text = seed_text.replace("FLORA CRIMES\t3.50\t$\\nearrow 0.50$", "FLORA CRIMES\t3.50\t0.50")
    result = process_report(write_report(text))
    flora = next(s for s in result.extraction.scores if s.indicator == "flora_crimes")
    assert (str(flora.delta), flora.direction) == ("0.50", "up")
    assert rules(result, "warning") == ["delta_inferred", "fuzzy_label"]
    assert result.status == "ok"


def test_two_unreadable_arrows_in_one_pillar_are_not_guessed(seed_text, write_report):
    text = (seed_text.replace("FLORA CRIMES\t3.50\t$\\nearrow 0.50$", "FLORA CRIMES\t3.50\t0.50")
            .replace("FAUNA CRIMES\t4.00\t$\\nearrow 0.50$", "FAUNA CRIMES\t4.00\t0.50"))
    result = process_report(write_report(text))
    unknown = [s for s in result.extraction.scores if s.indicator in ("flora_crimes", "fauna_crimes")]
    assert [s.delta for s in unknown] == [None, None]
    assert "delta_inferred" not in rules(result, "warning")
    assert "delta_sign" in rules(result, "warning")


@pytest.mark.parametrize("old, new, rule", [
    ("FLORA CRIMES\t3.50", "FLXXX CRIMES\t3.50", "unknown_label"),
    # The printed rank is kept, its area unset; the report is still ok.
    ("29<sup>th</sup> of 46 Asian countries", "29<sup>th</sup> of 46 Martian countries",
     "unknown_area"),
])
def test_warning_fires_on_one_printed_oddity(seed_text, write_report, old, new, rule):
    assert old in seed_text
    result = process_report(write_report(seed_text.replace(old, new, 1)))
    assert rule in rules(result, "warning")
    assert rule not in rules(result)
