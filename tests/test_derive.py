"""Derived tables: the workbook-layout dataset and the cross-edition panel."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from tests.pdf_cases import load_spec, spec_paths
from tests.support.profiles import spec_to_text

SPECS = {p.stem: p for p in spec_paths()}

# The published workbooks' headers (sheets 2023_dataset and 2021_dataset of the 2023
# workbook).
HEADERS_2023 = (
    "Continent,Region,Country,Criminality avg,,Criminal markets avg,,Human trafficking,"
    "Human smuggling,Arms trafficking,Flora crimes,Fauna crimes,Non-renewable resource crimes,"
    "Heroin trade,Cocaine trade,Cannabis trade,Synthetic drug trade,Cyber-dependent crimes,"
    "Financial crimes,Trade in counterfeit goods,Illicit trade in excisable goods,"
    "Extortion and protection racketeering,Criminal actors avg,,Mafia-style groups,"
    "Criminal networks,State-embedded actors,Foreign actors,Private sector actors,"
    "Resilience avg,,Political leadership and governance,"
    "Government transparency and accountability,International cooperation,"
    "National policies and laws,Judicial system and detention,Law enforcement,"
    "Territorial integrity,Anti-money laundering,Economic regulatory capacity,"
    "Victim and witness support,Prevention,Non-state actors")
# The 2025 workbook's own sheet: "avg." and the markets in report order.
HEADERS_2025 = (
    "Continent,Region,Country,Criminality avg.,Criminal markets avg.,Human trafficking,"
    "Human smuggling,Extortion and protection racketeering,Arms trafficking,"
    "Trade in counterfeit goods,Illicit trade in excisable goods,Flora crimes,Fauna crimes,"
    "Non-renewable resource crimes,Heroin trade,Cocaine trade,Cannabis trade,"
    "Synthetic drug trade,Cyber-dependent crimes,Financial crimes,Criminal actors avg.,"
    "Mafia-style groups,Criminal networks,State-embedded actors,Foreign actors,"
    "Private sector actors,Resilience avg.,Political leadership and governance,"
    "Government transparency and accountability,International cooperation,"
    "National policies and laws,Judicial system and detention,Law enforcement,"
    "Territorial integrity,Anti-money laundering,Economic regulatory capacity,"
    "Victim and witness support,Prevention,Non-state actors")
HEADERS_2021 = (
    "Continent,Region,Country,Criminality,Criminal markets,Human trafficking,Human smuggling,"
    "Arms trafficking,Flora crimes,Fauna crimes,Non-renewable resource crimes,Heroin trade,"
    "Cocaine trade,Cannabis trade,Synthetic drug trade,Criminal actors,Mafia-style groups,"
    "Criminal networks,State-embedded actors,Foreign actors,Resilience,"
    "Political leadership and governance,Government transparency and accountability,"
    "International cooperation,National policies and laws,Judicial system and detention,"
    "Law enforcement,Territorial integrity,Anti-money laundering,Economic regulatory capacity,"
    "Victim and witness support,Prevention,Non-state actors")


def write_texts(folder: Path, stems: list[str], edit=None) -> None:
    for stem in stems:
        spec = load_spec(SPECS[stem])
        text = spec_to_text(spec)
        if edit and stem in edit:
            text = text.replace(*edit[stem])
        path = folder / str(spec["edition"]) / f"{stem}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("derive")
    write_texts(root / "raw", ["2021_azerbaijan", "2023_azerbaijan", "2025_azerbaijan",
                               "2023_fiji", "2021_germany"])
    main(["run", str(root / "raw"), "--out", str(root / "out")])
    return root / "out"


@pytest.mark.parametrize("edition, headers", [(2021, HEADERS_2021), (2023, HEADERS_2023),
                                              (2025, HEADERS_2025)])
def test_dataset_csv_has_the_workbook_headers(out, edition, headers):
    with open(out / f"dataset_{edition}.csv", encoding="utf-8") as f:
        assert ",".join(next(csv.reader(f))) == headers


def test_dataset_rows_match_the_extracted_scores(out):
    dataset = pd.read_csv(out / "dataset_2023.csv", dtype=str).set_index("Country")
    assert dataset.loc["Azerbaijan", "Criminality avg,"] == "4.80"
    assert dataset.loc["Fiji", "Region"] == "Melanesia"
    xlsx = pd.read_excel(out / "dataset_2023.xlsx", sheet_name="2023_dataset")
    assert len(xlsx.columns) == 39 and list(xlsx.columns[3:5]) == [
        "Criminality avg,", "Criminal markets avg,"]
    assert len(pd.read_parquet(out / "dataset")) == 5


def test_panel_links_each_score_to_the_previous_edition(out):
    panel = pd.read_parquet(out / "panel")
    row = panel[(panel.report_id == "2025-AZE") & (panel.indicator == "criminality")].iloc[0]
    assert (row.previous_report_id, str(row.previous_score), str(row.delta), row.delta_status) \
        == ("2023-AZE", "4.80", "0.23", "agree")
    assert set(panel[panel.edition.astype(int) == 2021].delta_status) == {"no_previous_report"}
    assert (panel.delta_status == "disagree").sum() == 0


def test_a_delta_the_previous_report_contradicts_is_a_finding(tmp_path):
    write_texts(tmp_path / "raw", ["2023_azerbaijan", "2025_azerbaijan"],
                edit={"2023_azerbaijan": ("HEROIN TRADE\t6.50", "HEROIN TRADE\t6.00")})
    main(["run", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    cross = findings[findings.rule == "delta_vs_previous_edition"]
    assert list(cross.report_id) == ["2025-AZE"]
    assert "heroin_trade" in cross.message.iloc[0] and "2023-AZE" in cross.message.iloc[0]
    panel = pd.read_parquet(tmp_path / "out" / "panel")
    assert list(panel[panel.delta_status == "disagree"].indicator) == ["heroin_trade"]
