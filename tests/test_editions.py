"""New editions and changed regions: what is printed is extracted; the catalogue is data.

The catalogue is checked against what the published workbooks say of each
edition (`fixtures/workbooks/`, derived once from the reference files).
"""

from __future__ import annotations

import ast
import csv
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from pipeline import catalogue
from pipeline.catalogue.add_edition import header_to_code
from pipeline.catalogue.load import PACKAGE_DIR, CatalogueError, read_catalogue
from pipeline.cli import main
from pipeline.run import process_report
from pipeline.records import Rule, Severity

FIXTURES = Path(__file__).parent / "fixtures"
SEED_TEXT = FIXTURES / "seed_azerbaijan_2025" / "input" / "2025" / "azerbaijan.txt"
WORKBOOKS = FIXTURES / "workbooks"
PLACES = ("Continent", "Region", "Country")


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sheet_headers(edition: int) -> list[str]:
    return [r["header"] for r in read_csv(WORKBOOKS / "headers.csv")
            if int(r["edition"]) == edition]


def sheet_places(edition: int) -> list[dict[str, str]]:
    return [{k: v.strip() for k, v in row.items()}
            for row in read_csv(WORKBOOKS / f"{edition}_dataset.csv")]


def expected_rows(table: str) -> list[dict[str, str]]:
    return read_csv(FIXTURES / "seed_azerbaijan_2025" / f"{table}.csv")


# --- the catalogue against the workbooks ------------------------------------------


@pytest.mark.parametrize("edition", [2021, 2023, 2025])
def test_memberships_are_the_workbooks(edition):
    for row in sheet_places(edition):
        iso3 = catalogue.match_country(row["Country"]).code
        member = catalogue.membership(iso3, edition)
        assert (member.continent, member.region) == (row["Continent"], row["Region"]), iso3
    assert len({catalogue.match_country(r["Country"]).code for r in sheet_places(edition)}) \
        == len(catalogue.countries()) == 193


@pytest.mark.parametrize("edition", [2021, 2023, 2025])
def test_area_sizes_are_the_workbooks(edition):
    places = sheet_places(edition)
    counted = Counter(("continent", r["Continent"]) for r in places)
    counted.update(("region", r["Region"]) for r in places)
    assert {(a.scope, a.name): a.size for a in catalogue.areas(edition)} == dict(counted)


@pytest.mark.parametrize("edition", [2021, 2023, 2025])
def test_indicator_sets_are_the_workbooks(edition):
    codes = [header_to_code(h, catalogue.load()) for h in sheet_headers(edition)
             if h not in PLACES]
    assert None not in codes
    indicators = [c for c in codes if c not in ("criminality", "criminal_markets",
                                                "criminal_actors", "resilience")]
    assert sorted(catalogue.indicators_for(edition)) == sorted(indicators)
    assert sorted(code for _, code in catalogue.workbook_columns(edition)) == sorted(codes)


def test_2025_regions_split_caribbean_and_central_america_and_move_kiribati():
    sizes = {a.name: a.size for a in catalogue.areas(2025) if a.scope == "region"}
    assert (sizes["Caribbean"], sizes["Central America"], sizes["Melanesia"],
            sizes["Micronesia"], len(sizes)) == (13, 8, 4, 5, 22)
    assert "Caribbean & Central" not in sizes
    assert catalogue.membership("KIR", 2023).region == "Melanesia"
    assert catalogue.membership("KIR", 2025).region == "Micronesia"
    assert catalogue.membership("MEX", 2025).region == "Central America"


def test_no_edition_year_in_the_code():
    """Edition logic lives in the data: no edition year is a number in the code."""
    years = set(catalogue.editions())
    found = [f"{path.name}:{node.lineno}" for path in PACKAGE_DIR.parent.rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and type(node.value) is int
             and node.value in years]
    assert found == []


# --- catalogue data files ---------------------------------------------------------


def catalogue_copy(tmp_path: Path, drop_edition: int | None = None) -> Path:
    folder = tmp_path / "catalogue"
    folder.mkdir()
    for path in PACKAGE_DIR.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    if drop_edition is not None:
        for name in ("editions.csv", "workbook_columns.csv", "regions.csv", "memberships.csv"):
            lines = (folder / name).read_text(encoding="utf-8").splitlines(keepends=True)
            column = lines[0].rstrip("\n").split(",").index("edition")
            kept = [ln for ln in lines if ln.split(",")[column] != str(drop_edition)]
            (folder / name).write_text("".join(kept), encoding="utf-8")
    return folder


def write_workbook(path: Path, edition: int, places: list[dict[str, str]],
                   headers: list[str]) -> Path:
    """A workbook like the index's: a cover sheet, then `<year>_dataset` with empty scores."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "cover"
    sheet = book.create_sheet(f"{edition}_dataset")
    sheet.append(headers)
    for row in places:
        sheet.append([row.get(h) for h in headers])
    book.save(path)
    return path


def test_adding_2025_from_its_workbook_gives_the_catalogue_rows(tmp_path, capsys):
    folder = catalogue_copy(tmp_path, drop_edition=2025)
    assert 2025 not in read_catalogue(folder).editions
    workbook = write_workbook(tmp_path / "book.xlsx", 2025, sheet_places(2025),
                              sheet_headers(2025))
    assert main(["catalogue", "add-edition", str(workbook), "--edition", "2025",
                 "--catalogue", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "22 regions, 193 memberships" in out and "could not map" not in out
    for path in PACKAGE_DIR.glob("*.csv"):
        assert (folder / path.name).read_text(encoding="utf-8") \
            == path.read_text(encoding="utf-8"), path.name
    assert read_catalogue(folder).editions[2025].previous == 2023


def test_adding_an_edition_names_what_it_could_not_map(tmp_path, capsys):
    folder = catalogue_copy(tmp_path)
    places = sheet_places(2025)
    places[0] = {**places[0], "Region": "Great Lakes"}
    places[1] = {**places[1], "Country": "Atlantis"}
    headers = [h for h in sheet_headers(2025) if h != "Prevention"] + ["Space piracy"]
    workbook = write_workbook(tmp_path / "book.xlsx", 2027, places, headers)
    status = main(["catalogue", "add-edition", str(workbook), "--edition", "2027",
                   "--catalogue", str(folder)])
    captured = capsys.readouterr()
    assert status == 1
    assert "could not map: column 'Space piracy'" in captured.out
    assert "could not map: country 'Atlantis'" in captured.out
    assert "could not map: region 'Great Lakes'" in captured.out
    assert "indicator prevention: not in the sheet" in captured.out
    assert "no membership for" in captured.err  # Atlantis's country now has none


def test_an_incomplete_edition_fails_at_start_up_in_one_line(tmp_path):
    folder = catalogue_copy(tmp_path)
    with open(folder / "editions.csv", "a", encoding="utf-8") as handle:
        handle.write("2027,2025,2027_dataset\n")
    with pytest.raises(CatalogueError) as error:
        read_catalogue(folder)
    message = str(error.value)
    assert "\n" not in message
    assert ("edition 2027 is incomplete: no continents in regions.csv, no regions in "
            "regions.csv, no memberships in memberships.csv, no workbook columns") in message
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(SEED_TEXT), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, env={**os.environ, "OCINDEX_CATALOGUE": str(folder)})
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "edition 2027 is incomplete" in run.stderr
    assert not (tmp_path / "o").exists()


def test_a_size_that_disagrees_with_the_memberships_fails_at_load(tmp_path):
    folder = catalogue_copy(tmp_path)
    path = folder / "regions.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2025,region,Oceania,Melanesia,4,", "2025,region,Oceania,"
                                 "Melanesia,5,"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="edition 2025: Melanesia has size 5 in "
                                             "regions.csv but 4 members"):
        read_catalogue(folder)


# --- reports of editions and areas the catalogue lacks ----------------------------


def seed_run(tmp_path: Path, year: str, edit=None, *args: str) -> tuple[int, Path]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    if edit:
        text = text.replace(*edit)
    path = tmp_path / "raw" / year / "azerbaijan.txt"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    return main(["run", str(tmp_path / "raw"), "--out", str(out), "-j", "1", *args]), out


def test_the_seed_filed_under_2027_is_read_with_the_2025_template(tmp_path):
    status, out = seed_run(tmp_path, "2027")
    assert status == 0
    findings = pd.read_parquet(out / "findings")
    assert set(findings.severity) == {"warning"}
    edition = findings[findings.rule == Rule.UNKNOWN_EDITION.value]
    assert len(edition) == 1 and "edition 2027" in edition.iloc[0].message
    assert "read with the 2025 edition's" in edition.iloc[0].message
    scores = pd.read_parquet(out / "scores")
    expected = expected_rows("scores")
    assert len(scores) == 36
    assert [(r.indicator, str(r.score), str(r.delta)) for r in scores.itertuples()] \
        == [(r["indicator"], r["score"], r["delta"]) for r in expected]
    ranks = pd.read_parquet(out / "ranks")
    assert [(r.scope, r.area, r.rank, r.out_of, r.rank_change) for r in ranks.itertuples()] \
        == [(r["scope"], r["area"], int(r["rank"]), int(r["out_of"]), int(r["rank_change"]))
            for r in expected_rows("ranks")]
    reports = pd.read_parquet(out / "reports")
    assert list(reports.status) == ["ok"] and list(reports.report_id) == ["2027-AZE"]
    dataset = pd.read_csv(out / "dataset_2027.csv", dtype=str, keep_default_na=False)
    assert (dataset.loc[0, "Region"], dataset.loc[0, "Criminality avg."]) == ("", "5.03")


def test_strict_fails_on_the_2027_warning(tmp_path):
    status, _ = seed_run(tmp_path, "2027", None, "--strict")
    assert status == 1


def test_a_region_no_edition_has_keeps_its_rows(tmp_path):
    status, out = seed_run(tmp_path, "2025", ("of 8 Central Asian and Caucasian countries",
                                              "of 8 Caspian and Caucasian countries"))
    assert status == 0
    ranks = pd.read_parquet(out / "ranks")
    region = ranks[ranks.scope == "region"]
    assert region.area.isna().all()
    assert [(r.scope, r.rank, r.out_of, r.rank_change) for r in region.itertuples()] \
        == [("region", 3, 8, 1), ("region", 4, 8, 0)]
    assert all("of 8 Caspian and Caucasian countries" in label for label in region.label)
    findings = pd.read_parquet(out / "findings")
    unknown = findings[findings.rule == Rule.UNKNOWN_AREA.value]
    assert len(unknown) == 2 and set(unknown.severity) == {"warning"}
    assert "'Caspian and Caucasian'" in unknown.iloc[0].message
    assert "nearest: Central Asia and the Caucasus" in unknown.iloc[0].message


def test_an_area_of_another_edition_is_used_with_a_warning(tmp_path):
    status, out = seed_run(tmp_path, "2025", ("of 8 Central Asian and Caucasian countries",
                                              "of 21 Caribbean and Central American countries"))
    ranks = pd.read_parquet(out / "ranks")
    assert set(ranks[ranks.scope == "region"].area) == {"Caribbean & Central"}
    findings = pd.read_parquet(out / "findings")
    other = findings[findings.rule == Rule.UNKNOWN_AREA.value]
    assert len(other) == 2 and set(other.severity) == {"warning"}
    assert "a region of 2023 but not of 2025" in other.iloc[0].message
    # Asia is the continent printed; the region is in the Americas.
    assert (findings.rule == Rule.AREA_MISMATCH.value).sum() == 2 and status == 1


def test_the_countries_in_form_of_rank_lines(tmp_path):
    status, out = seed_run(tmp_path, "2025", ("of 46 Asian countries", "of 46 countries in Asia"))
    assert status == 0
    ranks = pd.read_parquet(out / "ranks")
    assert list(ranks[ranks.scope == "continent"].area) == ["Asia", "Asia"]


@pytest.mark.parametrize("year, severity", [("2025", "error"), ("2027", "warning")])
def test_an_unknown_indicator_label_keeps_its_row(tmp_path, year, severity):
    status, out = seed_run(tmp_path, year, ("PREVENTION", "SPACE PIRACY"))
    scores = pd.read_parquet(out / "scores")
    row = scores[scores.indicator == "space_piracy"].iloc[0]
    assert (row.label, str(row.score), row.pillar) == ("SPACE PIRACY", "4.00", "resilience")
    findings = pd.read_parquet(out / "findings")
    assert set(findings[findings.rule == Rule.UNKNOWN_LABEL.value].severity) == {"warning"}
    unexpected = findings[findings.rule == Rule.UNEXPECTED_INDICATOR.value]
    assert list(unexpected.severity) == [severity]
    assert status == (1 if severity == "error" else 0)


def test_an_edition_option_the_path_contradicts_is_a_warning(tmp_path):
    path = tmp_path / "raw" / "2023" / "azerbaijan.txt"
    path.parent.mkdir(parents=True)
    shutil.copy(SEED_TEXT, path)
    result = process_report(path, 2025)
    mismatch = [f for f in result.findings if f.rule == Rule.EDITION_MISMATCH]
    assert [(f.severity, f.value) for f in mismatch] == [(Severity.WARNING, "2023")]
    assert result.status == "ok" and result.report_id == "2025-AZE"
    assert not [f for f in process_report(SEED_TEXT, 2025).findings
                if f.rule == Rule.EDITION_MISMATCH]
