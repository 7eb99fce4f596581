"""`reconcile`: extracted scores against the index's published numbers.

The reference files are built here, small, with the quirks of the real ones
(`../shared/reference/`, which CI does not have): the workbook's
`<year>_dataset` sheets beside a cover sheet, its "avg," headers and
"Congo, Dem, Rep," names; the 2025 CSV's alpha-2 codes ("NA" is Namibia),
its own country names and its missing composites.
"""

from __future__ import annotations

import csv
import math
import shutil
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.reconcile import Reconciliation, cell_to_decimal, reference_to_frame, summary_lines
from pipeline.schemas import data_dictionary

SEED = Path(__file__).parent / "fixtures" / "seed_azerbaijan_2025"
with open(SEED / "scores.csv", encoding="utf-8") as handle:
    SEED_SCORES = {row["indicator"]: row["score"] for row in csv.DictReader(handle)}

# The 2023 sheet's headers in its order; the averages end in "avg," for "avg.".
WORKBOOK_HEADERS = {
    "Criminality avg,": "criminality",
    "Criminal markets avg,": "criminal_markets",
    "Human trafficking": "human_trafficking",
    "Human smuggling": "human_smuggling",
    "Arms trafficking": "arms_trafficking",
    "Flora crimes": "flora_crimes",
    "Fauna crimes": "fauna_crimes",
    "Non-renewable resource crimes": "non_renewable_resource_crimes",
    "Heroin trade": "heroin_trade",
    "Cocaine trade": "cocaine_trade",
    "Cannabis trade": "cannabis_trade",
    "Synthetic drug trade": "synthetic_drug_trade",
    "Cyber-dependent crimes": "cyber_dependent_crimes",
    "Financial crimes": "financial_crimes",
    "Trade in counterfeit goods": "trade_in_counterfeit_goods",
    "Illicit trade in excisable goods": "illicit_trade_in_excisable_goods",
    "Extortion and protection racketeering": "extortion_and_protection_racketeering",
    "Criminal actors avg,": "criminal_actors",
    "Mafia-style groups": "mafia_style_groups",
    "Criminal networks": "criminal_networks",
    "State-embedded actors": "state_embedded_actors",
    "Foreign actors": "foreign_actors",
    "Private sector actors": "private_sector_actors",
    "Resilience avg,": "resilience",
    "Political leadership and governance": "political_leadership_and_governance",
    "Government transparency and accountability": "government_transparency_and_accountability",
    "International cooperation": "international_cooperation",
    "National policies and laws": "national_policies_and_laws",
    "Judicial system and detention": "judicial_system_and_detention",
    "Law enforcement": "law_enforcement",
    "Territorial integrity": "territorial_integrity",
    "Anti-money laundering": "anti_money_laundering",
    "Economic regulatory capacity": "economic_regulatory_capacity",
    "Victim and witness support": "victim_and_witness_support",
    "Prevention": "prevention",
    "Non-state actors": "non_state_actors",
}
COMPOSITES = ("criminality", "criminal_markets", "criminal_actors", "resilience")
# The CSV has the 32 indicators and no averages.
CSV_HEADERS = {h: code for h, code in WORKBOOK_HEADERS.items() if code not in COMPOSITES}


def scores_row(headers: dict[str, str], **changed: float) -> dict[str, float]:
    """Azerbaijan's 2025 scores under the given headers, as the files store them: floats."""
    return {h: changed.get(code, float(SEED_SCORES[code])) for h, code in headers.items()}


def workbook_row(country: str, **changed: float) -> dict:
    return {"Continent": "Asia", "Region": "Central Asia and the Caucasus", "Country": country,
            **scores_row(WORKBOOK_HEADERS, **changed)}


def csv_row(code: str, name: str, **changed: float) -> dict:
    return {"code": code, "name": name, "latitude": 40.1, "longitude": 47.5,
            **scores_row(CSV_HEADERS, **changed)}


def write_workbook(path: Path, sheets: dict[str, list[dict]]) -> Path:
    """A workbook like the index's: a cover sheet of prose, then the dataset sheets."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"GLOBAL ORGANIZED CRIME INDEX": ["Based on the 2019 ENACT index..."]}
                     ).to_excel(writer, sheet_name="2025_Global_OC_Index", index=False)
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, index=False)
    return path


def write_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def namibia_and_renamed_rows() -> list[dict]:
    """Rows whose names or codes trip a naive reader: "NA" Namibia, the export's renamings."""
    return [csv_row("NA", "Namibia"), csv_row("CD", "Democratic Republic of the Congo"),
            csv_row("KP", "North Korea"), csv_row("SZ", "Eswatini")]


@pytest.fixture(scope="module")
def seed_processed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "processed"
    assert main(["run", str(SEED / "input"), "--out", str(out)]) == 0
    return out


@pytest.fixture
def processed(seed_processed, tmp_path) -> Path:
    """A fresh copy of the seed's tables for one test to reconcile into."""
    return Path(shutil.copytree(seed_processed, tmp_path / "processed"))


def reconcile_cli(processed: Path, *args: str) -> int:
    return main(["reconcile", "--processed", str(processed), *args])


def read_reconciliation(processed: Path) -> pd.DataFrame:
    return pd.read_parquet(processed / "reconciliation").set_index("indicator")


def test_all_match_exits_0(processed, tmp_path, capsys):
    book = write_workbook(tmp_path / "oc_index.xlsx", {
        "2025_dataset": [workbook_row("Azerbaijan"), workbook_row("Congo, Dem, Rep,")],
    })
    assert reconcile_cli(processed, "--reference", str(book)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "reconciled 1 report (2025: 1) against 1 reference sheet: 36 match, 0 mismatch, "
        "0 missing_in_report, 0 missing_in_reference"]
    assert (processed / "reconciliation" / "edition=2025" / "part-0.parquet").exists()
    table = read_reconciliation(processed)
    assert set(table.status) == {"match"} and len(table) == 36
    assert table.loc["resilience", "published"] == Decimal("3.96")
    assert (table.report_id == "2025-AZE").all() and (table.iso3 == "AZE").all()
    assert list(table.edition.astype(int).unique()) == [2025]


def test_mismatch_exits_1_is_listed_and_a_rerun_replaces_it(processed, tmp_path, capsys):
    wrong = write_workbook(tmp_path / "wrong.xlsx",
                           {"2025_dataset": [workbook_row("Azerbaijan", heroin_trade=7.0)]})
    assert reconcile_cli(processed, "--reference", str(wrong)) == 1
    out = capsys.readouterr().out.splitlines()
    assert "35 match, 1 mismatch" in out[0]
    assert out[1:] == ["2025-AZE heroin_trade: extracted 6.50, published 7.00"]
    table = read_reconciliation(processed)
    assert table.loc["heroin_trade", "status"] == "mismatch"
    assert table.loc["heroin_trade", "extracted"] == Decimal("6.50")

    right = write_workbook(tmp_path / "right.xlsx", {"2025_dataset": [workbook_row("Azerbaijan")]})
    assert reconcile_cli(processed, "--reference", str(right)) == 0
    assert set(read_reconciliation(processed).status) == {"match"}


def test_a_score_the_report_lacks_is_missing_in_report(processed, tmp_path, capsys):
    part = processed / "scores" / "edition=2025" / "part-0.parquet"
    scores = pq.read_table(part)
    keep = [code != "cocaine_trade" for code in scores.column("indicator").to_pylist()]
    pq.write_table(scores.filter(keep), part)
    book = write_workbook(tmp_path / "book.xlsx", {"2025_dataset": [workbook_row("Azerbaijan")]})
    assert reconcile_cli(processed, "--reference", str(book)) == 0
    assert "35 match, 0 mismatch, 1 missing_in_report" in capsys.readouterr().out
    row = read_reconciliation(processed).loc["cocaine_trade"]
    assert row.status == "missing_in_report" and row.extracted is None
    assert row.published == Decimal("2.00")


def test_csv_has_no_composites_so_they_are_missing_in_reference(processed, tmp_path, capsys):
    path = write_csv(tmp_path / "oc_index_2025_indicators.csv",
                     [*namibia_and_renamed_rows(), csv_row("AZ", "Azerbaijan")])
    assert reconcile_cli(processed, "--reference", str(path)) == 0
    assert capsys.readouterr().out.strip() == (
        "reconciled 1 report (2025: 1) against 1 reference sheet: 32 match, 0 mismatch, "
        "0 missing_in_report, 4 missing_in_reference")
    table = read_reconciliation(processed)
    missing = table[table.status == "missing_in_reference"]
    assert sorted(missing.index) == sorted(COMPOSITES)
    assert missing.published.isna().all()


def test_a_country_absent_from_the_reference_is_missing_in_reference(processed, tmp_path):
    path = write_csv(tmp_path / "oc_index_2025.csv", namibia_and_renamed_rows())
    assert reconcile_cli(processed, "--reference", str(path)) == 0
    assert set(read_reconciliation(processed).status) == {"missing_in_reference"}


def test_csv_reads_na_as_namibia_and_the_export_names_through_the_catalogue(tmp_path):
    path = write_csv(tmp_path / "oc_index_2025_indicators.csv", namibia_and_renamed_rows())
    frame = reference_to_frame(path)
    assert sorted(set(frame.iso3)) == ["COD", "NAM", "PRK", "SWZ"]
    assert set(frame.edition) == {2025} and len(frame) == 4 * 32
    assert not set(frame.indicator) & set(COMPOSITES)


def test_workbook_comma_names_and_avg_headers_resolve(tmp_path):
    headers_2021 = {"Criminality": "criminality", "Heroin trade": "heroin_trade",
                    "Resilience": "resilience"}
    book = write_workbook(tmp_path / "global_oc_index_2021_2023.xlsx", {
        "2023_dataset": [workbook_row("Congo, Dem, Rep,"), workbook_row("St, Lucia")],
        "2021_dataset": [{"Continent": "Africa", "Region": "Central Africa",
                          "Country": "Congo, Dem. Rep.", **scores_row(headers_2021)}],
    })
    frame = reference_to_frame(book)
    assert sorted(set(zip(frame.edition, frame.iso3))) == [(2021, "COD"), (2023, "COD"),
                                                           (2023, "LCA")]
    cod_2023 = frame[(frame.edition == 2023) & (frame.iso3 == "COD")].set_index("indicator")
    assert cod_2023.loc["criminality", "published"] == Decimal("5.03")
    assert set(COMPOSITES) <= set(cod_2023.index)
    assert set(frame[frame.edition == 2021].indicator) == set(headers_2021.values())


@pytest.mark.parametrize("name, args, code, said", [
    ("oc_index_2025_indicators.csv", [], 0, "reconciled 1 report (2025: 1)"),
    ("indicators.csv", ["--edition", "2025"], 0, "reconciled 1 report (2025: 1)"),
    ("oc_index_2023.csv", ["--edition", "2025"], 0, "reconciled 1 report (2025: 1)"),
    ("oc_index_2023.csv", [], 1, "no processed report is of an edition the references "
                                 "cover (2023)"),
    ("indicators.csv", [], 2, "give --edition YEAR"),
])
def test_csv_edition_from_file_name_or_flag(processed, tmp_path, capsys, name, args, code, said):
    path = write_csv(tmp_path / name, [csv_row("AZ", "Azerbaijan")])
    assert reconcile_cli(processed, "--reference", str(path), *args) == code
    out = capsys.readouterr()
    assert said in (out.out if code == 0 else out.err)


@pytest.mark.parametrize("make, said", [
    (lambda d: write_csv(d / "oc_2025.csv", [{**csv_row("AZ", "Azerbaijan"),
                                              "Wildlife crimes": 4.0}]),
     "unknown column header 'Wildlife crimes'"),
    (lambda d: write_workbook(d / "book.xlsx", {"2025_dataset": [
        {**workbook_row("Azerbaijan"), "Criminal markets average": 4.27}]}),
     "unknown column header 'Criminal markets average'"),
    (lambda d: write_csv(d / "oc_2025.csv", [csv_row("XX", "Atlantis")]),
     "unknown country names: 'Atlantis'"),
    (lambda d: write_workbook(d / "book.xlsx", {"Sheet1": [workbook_row("Azerbaijan")]}),
     "no sheet named <year>_dataset"),
    (lambda d: write_text(d / "scores.json", "{}"),
     "unknown reference format '.json'"),
    (lambda d: d / "absent.xlsx", "no such file"),
])
def test_a_bad_reference_is_one_clear_error_exit_2(processed, tmp_path, capsys, make, said):
    path = make(tmp_path)
    assert reconcile_cli(processed, "--reference", str(path)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and said in err and str(path) in err
    assert not (processed / "reconciliation").exists()


def test_two_references_for_one_edition_is_a_usage_error(processed, tmp_path, capsys):
    first = write_csv(tmp_path / "a_2025.csv", [csv_row("AZ", "Azerbaijan")])
    second = write_workbook(tmp_path / "b.xlsx", {"2025_dataset": [workbook_row("Azerbaijan")]})
    assert reconcile_cli(processed, "--reference", str(first), "--reference", str(second)) == 2
    assert "edition 2025 is in both" in capsys.readouterr().err


def test_no_scores_table_is_a_usage_error(tmp_path, capsys):
    path = write_csv(tmp_path / "oc_2025.csv", [csv_row("AZ", "Azerbaijan")])
    assert reconcile_cli(tmp_path / "empty", "--reference", str(path)) == 2
    assert "run `python -m pipeline run` first" in capsys.readouterr().err


@pytest.mark.parametrize("stored, published", [
    (4.8, Decimal("4.80")),
    (3.96, Decimal("3.96")),
    (3.9599999999999995, Decimal("3.96")),
    (np.float64(4.8), Decimal("4.80")),
    (2.675, Decimal("2.68")),  # round(2.675, 2) is 2.67: the float's repr is 2.675
    (6, Decimal("6.00")),
    ("", None),
    (math.nan, None),
])
def test_published_floats_become_exact_two_decimal_values(stored, published):
    assert cell_to_decimal(stored) == published
    if published is not None:
        assert cell_to_decimal(stored).as_tuple().exponent == -2


def test_summary_lists_at_most_20_mismatches():
    rows = [{"report_id": "2025-AZE", "edition": 2025, "indicator": f"code_{i}",
             "extracted": Decimal("1.00"), "published": Decimal("2.00"), "status": "mismatch"}
            for i in range(25)]
    lines = summary_lines(Reconciliation(rows, 1, {2025: 1}, (2025,)))
    assert len(lines) == 22 and lines[1] == "2025-AZE code_0: extracted 1.00, published 2.00"
    assert lines[-1].startswith("... and 5 more")


def test_help_has_an_example_and_the_dictionary_the_table(capsys):
    with pytest.raises(SystemExit) as done:
        main(["reconcile", "--help"])
    assert done.value.code == 0
    assert "examples:" in capsys.readouterr().out
    assert "## reconciliation" in data_dictionary()
