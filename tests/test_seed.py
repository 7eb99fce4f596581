"""The seed profile (Azerbaijan 2025, converted text) end to end, as the issue states it."""

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main

SEED = Path(__file__).parent / "fixtures" / "seed_azerbaijan_2025" / "input"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("processed")
    assert main(["run", str(SEED), "--out", str(folder)]) == 0
    return folder


def read(out, table):
    return pd.read_parquet(out / table)


def score_row(scores, code):
    rows = scores[scores.indicator == code]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.mark.parametrize("code, score, delta, direction", [
    ("criminality", "5.03", "0.23", "up"),
    ("criminal_markets", "4.27", "0.17", "up"),
    ("criminal_actors", "5.80", "0.30", "up"),
    ("resilience", "3.96", "0.00", "flat"),
    ("extortion_and_protection_racketeering", "2.50", "-1.50", "down"),
    ("state_embedded_actors", "8.50", "1.00", "up"),
    ("prevention", "4.00", "-1.00", "down"),
    ("human_trafficking", "4.50", "0.00", "flat"),
])
def test_seed_scores(out, code, score, delta, direction):
    row = score_row(read(out, "scores"), code)
    assert (row.score, row.delta, row.direction) == (Decimal(score), Decimal(delta), direction)
    assert row.previous_score == Decimal(score) - Decimal(delta)


def test_seed_has_36_score_rows_in_report_order(out):
    scores = read(out, "scores")
    assert len(scores) == 36
    assert list(scores.position) == list(range(1, 37))
    assert score_row(scores, "criminality").previous_score == Decimal("4.80")
    index_rows = scores[scores.level == "index"]
    assert index_rows.pillar.isna().all() and len(index_rows) == 2


@pytest.mark.parametrize("dimension, scope, area, rank, out_of, change, previous", [
    ("criminality", "global", "World", 99, 193, 13, 112),
    ("criminality", "continent", "Asia", 29, 46, 4, 33),
    ("criminality", "region", "Central Asia and the Caucasus", 3, 8, 1, 4),
    ("resilience", "global", "World", 131, 193, 3, 134),
    ("resilience", "continent", "Asia", 25, 46, 3, 28),
    ("resilience", "region", "Central Asia and the Caucasus", 4, 8, 0, 4),
])
def test_seed_ranks(out, dimension, scope, area, rank, out_of, change, previous):
    ranks = read(out, "ranks")
    assert len(ranks) == 6
    row = ranks[(ranks.dimension == dimension) & (ranks.scope == scope)].iloc[0]
    assert (row["area"], row["rank"], row["out_of"], row["rank_change"], row["previous_rank"]) == (
        area, rank, out_of, change, previous)


@pytest.mark.parametrize("phrase", [
    "Foreign-linked criminal groups and large-scale arms deals",
    "the World Customs Organization Container Control Programme",
    "Civil society and media actors face harassment",
    "The government operates a hotline and funds prevention activities",
    "particularly in financial fraud and cybercrime, points to organized",
])
def test_seed_paragraphs_split_by_a_page_break_are_joined(out, phrase):
    narrative = read(out, "narrative")
    assert narrative.text.str.contains(phrase, regex=False).sum() == 1


def test_seed_narrative_has_no_furniture_and_keeps_order(out):
    narrative = read(out, "narrative")
    for furniture in ("grant from the United States", "Funded by the European Union", "ENACT"):
        assert not narrative.text.str.contains(furniture, regex=False).any()
    assert list(narrative.paragraph_no) == list(range(1, len(narrative) + 1))
    assert narrative.text.iloc[0].startswith("Human trafficking is a persistent issue")
    assert narrative.text.iloc[-1].startswith("Civil society organizations in Azerbaijan")


@pytest.mark.parametrize("opening, heading, subheading, indicator", [
    ("Human trafficking is a persistent issue", "CRIMINAL MARKETS", "PEOPLE", "human_trafficking"),
    ("Azerbaijan serves as a key transit country for heroin", "CRIMINAL MARKETS", "DRUGS",
     "heroin_trade"),
    ("Although the lack of official data", "CRIMINAL MARKETS", "CYBER-DEPENDENT CRIMES",
     "cyber_dependent_crimes"),
    ("Financial crimes in Azerbaijan", "CRIMINAL MARKETS", "FINANCIAL CRIMES", "financial_crimes"),
    ("Mafia-style groups in Azerbaijan", "CRIMINAL ACTORS", None, "mafia_style_groups"),
    ("Azerbaijan's judiciary faces", "CRIMINAL JUSTICE AND SECURITY", None,
     "judicial_system_and_detention"),
])
def test_seed_paragraph_heading_path_and_indicators(out, opening, heading, subheading, indicator):
    narrative = read(out, "narrative")
    row = narrative[narrative.text.str.startswith(opening)].iloc[0]
    assert row.heading == heading
    assert (row.subheading if isinstance(row.subheading, str) else None) == subheading
    assert indicator in list(row.indicators)


def test_seed_findings_hold_only_the_misspelt_label_warning(out):
    findings = read(out, "findings")
    assert list(zip(findings.severity, findings.rule, findings.value)) == [
        ("warning", "fuzzy_label", "ILLCIT TRADE IN EXCISABLE GOODS")]
    scores = read(out, "scores")
    assert score_row(scores, "illicit_trade_in_excisable_goods").label == \
        "ILLCIT TRADE IN EXCISABLE GOODS"


def test_seed_report_row(out):
    report = read(out, "reports").iloc[0]
    assert (report.report_id, report.iso3, report.status, report.n_scores, report.n_ranks) == (
        "2025-AZE", "AZE", "ok", 36, 6)
    assert report.n_errors == 0 and report.n_warnings == 1
