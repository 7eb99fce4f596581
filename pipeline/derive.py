"""Tables derived from the extracted scores of every processed edition.

`dataset` puts one report per row in the published workbook's layout, so it
can sit beside the official file; `panel` lines each country's scores up
across editions and checks every printed delta against the previous
edition's extracted score. Disagreements also become findings.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

from . import catalogue
from .records import Rule, Severity
from .schemas import arrow_schema, dataset_header

AGREEMENT = Decimal("0.01")


def scores_to_dataset(scores: list[dict], edition: int) -> list[dict]:
    """One row per report: Continent, Region, Country, then the workbook's score columns.

    `scores` are rows of the edition's `scores` table.
    """
    by_report: dict[str, list[dict]] = {}
    for row in scores:
        by_report.setdefault(row["report_id"], []).append(row)
    rows = []
    for report_id, group in sorted(by_report.items()):
        iso3 = group[0]["iso3"]
        if not isinstance(iso3, str):
            continue
        member = catalogue.membership(iso3, edition)  # None in an edition the catalogue lacks
        by_code = {r["indicator"]: r["score"] for r in group}
        row = {"report_id": report_id, "iso3": iso3,
               "Continent": member.continent if member else None,
               "Region": member.region if member else None,
               "Country": catalogue.country(iso3).name}
        for header, code in catalogue.workbook_columns(edition):
            row[dataset_header(code)] = by_code.get(code)
        rows.append(row)
    return rows


def dataset_sheet(rows: list[dict], edition: int) -> tuple[list[str], list[list]]:
    """The dataset rows as the edition's own workbook sheet: (its headers, its rows)."""
    columns = {"Continent": "Continent", "Region": "Region", "Country": "Country"}
    columns |= {dataset_header(code): header for header, code in catalogue.workbook_columns(edition)}
    return list(columns.values()), [[row.get(key) for key in columns] for row in rows]


def write_dataset_csv(headers: list[str], rows: list[list], path: Path) -> None:
    """Scores as printed ("4.80"), an empty cell where the report has none."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(["" if v is None else str(v) for v in row] for row in rows)


def write_dataset_xlsx(headers: list[str], rows: list[list], path: Path, sheet: str) -> None:
    """One sheet, scores as numbers; openpyxl loads only here, when a dataset is written."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    worksheet.append(headers)
    for row in rows:
        worksheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    book.save(path)


def scores_to_panel(scores: list[dict]) -> list[dict]:
    """One row per country, score code and edition, with the previous edition's score.

    `scores` are rows of the `scores` table of every edition, each with its `edition`.
    """
    index = {(row["iso3"], int(row["edition"]), row["indicator"]): row
             for row in scores if isinstance(row["iso3"], str)}
    rows = []
    for (iso3, edition, code), row in sorted(index.items()):
        previous_edition = catalogue.previous_edition(edition)
        previous = index.get((iso3, previous_edition, code)) if previous_edition else None
        implied = None if previous is None else row["score"] - previous["score"]
        if previous is None:
            status = "no_previous_report"
        elif row["delta"] is None:
            status = "no_delta"
        else:
            status = "agree" if abs(row["delta"] - implied) <= AGREEMENT else "disagree"
        rows.append({
            "report_id": row["report_id"], "edition": edition, "country": row["country"],
            "iso3": iso3, "indicator": code, "score": row["score"],
            "delta": None if status == "no_delta" else row["delta"],
            "previous_edition": previous_edition,
            "previous_report_id": previous["report_id"] if previous is not None else None,
            "previous_score": previous["score"] if previous is not None else None,
            "implied_delta": implied, "delta_status": status,
        })
    return rows


def panel_to_findings(panel: list[dict]) -> list[dict]:
    """A finding for every printed delta the previous edition's report contradicts."""
    return [
        {"report_id": row["report_id"], "edition": row["edition"], "source_path": None,
         "severity": Severity.WARNING.value, "rule": Rule.DELTA_VS_PREVIOUS.value,
         "message": f"{row['indicator']} delta {row['delta']:+} printed in {row['report_id']}, "
                    f"but {row['previous_report_id']} gives {row['previous_score']} -> "
                    f"{row['score']} ({row['implied_delta']:+})",
         "location": "scores", "value": str(row["delta"])}
        for row in panel if row["delta_status"] == "disagree"
    ]


def rows_to_table(rows: list[dict], table: str) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=arrow_schema(table))
