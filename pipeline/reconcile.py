"""Reconcile: compare the extracted scores with the index's published numbers.

The published numbers are the index's own files (`../shared/reference/`):
the official workbook, one sheet per edition, and the 2025 indicator CSV.
They are read here, at this command's boundary, only to check what the
reports gave; no extracted value is ever taken from them.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .catalogue import indicators_for, label_key, match_country, match_indicator
from .catalogue.data import COMPOSITE_NAMES
from .run import edition_from_path
from .schemas import arrow_schema
from .write import partition_path, write_parquet_atomically

CENT = Decimal("0.01")
STATUSES = ("match", "mismatch", "missing_in_report", "missing_in_reference")
PUBLISHED_COLUMNS = ["edition", "iso3", "indicator", "published"]

# The workbook holds one sheet per edition ("2023_dataset", "2021_dataset")
# beside a cover sheet of prose.
DATASET_SHEET = re.compile(r"(\d{4})_dataset")

# Columns that say which country a row is, not how it scored: the workbook's
# Continent, Region, Country; the CSV's code (ISO alpha-2), name and position.
NON_SCORE_HEADERS = {label_key(h) for h in
                     ("Continent", "Region", "Country", "code", "name", "latitude", "longitude")}
COUNTRY_HEADERS = {"xlsx": "Country", "csv": "name"}

# The 2023 sheet heads its averages "Criminality avg," (a comma for the dot);
# the 2021 sheet writes the bare name, "Criminality".
AVG_SUFFIX = re.compile(r"\s+avg[.,]?\s*$", re.IGNORECASE)
COMPOSITES = {label_key(name): code for code, name in COMPOSITE_NAMES.items()}


class ReferenceFileError(ValueError):
    """A reference file that cannot be read as the index's published numbers."""


@dataclass(frozen=True)
class Reconciliation:
    rows: list[dict]  # reconciliation rows, each with its edition
    sheets: int  # reference sheets read (a CSV is one)
    reports: dict[int, int]  # edition -> reports reconciled
    editions: tuple[int, ...]  # editions the references cover


# --- reading the reference ----------------------------------------------------


def header_to_code(header: str) -> str | None:
    """The score code a column header names; None for a non-score column."""
    key = label_key(AVG_SUFFIX.sub("", str(header)))
    if key in NON_SCORE_HEADERS:
        return None
    if key in COMPOSITES:
        return COMPOSITES[key]
    match = match_indicator(str(header))
    if match.code is None:
        nearest = f" (nearest: {', '.join(match.candidates)})" if match.candidates else ""
        raise ReferenceFileError(f"unknown column header {header!r}{nearest}")
    return match.code


def headers_to_codes(headers: list[str], where: str) -> dict[str, str]:
    """Map each score column to its code; name every header that matches nothing."""
    codes, unknown = {}, []
    for header in headers:
        try:
            code = header_to_code(header)
        except ReferenceFileError as error:
            unknown.append(str(error))
            continue
        if code is not None:
            codes[header] = code
    if unknown:
        raise ReferenceFileError(f"{where}: " + "; ".join(unknown))
    return codes


def names_to_iso3(names: list[str], where: str) -> list[str]:
    """Read each country name through the catalogue; name every one it does not know."""
    codes, unknown, seen = [], [], {}
    for name in names:
        match = match_country(str(name))
        if match.code is None:
            unknown.append(repr(name))
        elif match.code in seen:
            unknown.append(f"{name!r} and {seen[match.code]!r} both read as {match.code}")
        else:
            seen[match.code] = name
        codes.append(match.code)
    if unknown:
        raise ReferenceFileError(f"{where}: unknown country names: {', '.join(unknown)}")
    return codes


def cell_to_decimal(value: object) -> Decimal | None:
    """A published score exact to two decimals (the file stores floats: 4.8, 3.96)."""
    if isinstance(value, str):
        value = value.strip() or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    number = float(value)  # a numpy float's repr is "np.float64(4.8)", not "4.8"
    return Decimal(repr(number)).quantize(CENT, ROUND_HALF_UP)


def sheet_to_frame(sheet: pd.DataFrame, edition: int, country_header: str,
                   where: str) -> pd.DataFrame:
    """Turn a wide sheet (a row per country) into rows of edition, iso3, indicator, published."""
    codes = headers_to_codes(list(sheet.columns), where)
    if country_header not in sheet.columns:
        raise ReferenceFileError(f"{where}: no {country_header!r} column")
    iso3 = names_to_iso3(list(sheet[country_header]), where)
    rows, bad = [], []
    for row_no, (code3, (_, values)) in enumerate(zip(iso3, sheet.iterrows()), start=2):
        for header, code in codes.items():
            try:
                published = cell_to_decimal(values[header])
            except (TypeError, ValueError):
                bad.append(f"row {row_no} {header!r}: {values[header]!r}")
                continue
            if published is not None:
                rows.append((edition, code3, code, published))
    if bad:
        raise ReferenceFileError(f"{where}: not a number: {'; '.join(bad[:5])}")
    return pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)


def workbook_to_frames(path: Path) -> list[pd.DataFrame]:
    """Read every `<year>_dataset` sheet of the official workbook; the sheet names the edition."""
    with pd.ExcelFile(path) as workbook:
        found = [(name, DATASET_SHEET.fullmatch(name)) for name in workbook.sheet_names]
        if not any(m for _, m in found):
            raise ReferenceFileError(f"{path}: no sheet named <year>_dataset "
                                     f"(sheets: {', '.join(workbook.sheet_names)})")
        return [sheet_to_frame(pd.read_excel(workbook, sheet_name=name), int(m.group(1)),
                               COUNTRY_HEADERS["xlsx"], f"{path} sheet {name}")
                for name, m in found if m]


def csv_edition(path: Path, edition: int | None) -> int:
    """The edition of a CSV reference: --edition, else the year in its file name."""
    found = edition or edition_from_path(Path(path.name))
    if found is None:
        raise ReferenceFileError(f"{path}: cannot tell the edition; give --edition YEAR "
                                 "or put the year in the file name")
    return found


def csv_to_frame(path: Path, edition: int | None) -> pd.DataFrame:
    """Read the indicator CSV (no composites); "NA" there is Namibia, not a missing value."""
    year = csv_edition(path, edition)
    sheet = pd.read_csv(path, keep_default_na=False, na_values=[""])
    return sheet_to_frame(sheet, year, COUNTRY_HEADERS["csv"], str(path))


def reference_to_frames(path: Path, edition: int | None = None) -> list[pd.DataFrame]:
    """Read one reference file into a frame per sheet; `edition` applies to a CSV."""
    if not path.is_file():
        raise ReferenceFileError(f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ReferenceFileError(f"{path}: unknown reference format {suffix or '(none)'!r}; "
                                 "expected the index workbook (.xlsx) or indicator CSV (.csv)")
    try:
        return workbook_to_frames(path) if suffix == ".xlsx" else [csv_to_frame(path, edition)]
    except ReferenceFileError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise ReferenceFileError(f"{path}: cannot read: {error}") from error


def reference_to_frame(path: Path, edition: int | None = None) -> pd.DataFrame:
    """Read one reference file into rows of edition, iso3, indicator, published."""
    return pd.concat(reference_to_frames(path, edition), ignore_index=True)


# --- comparing ----------------------------------------------------------------


def read_scores(processed: Path) -> pd.DataFrame:
    """The extracted scores, with the edition taken from the partition folder."""
    folder = processed / "scores"
    if not folder.is_dir():
        raise ReferenceFileError(f"no scores table under {processed}/; "
                                 "run `python -m pipeline run` first")
    scores = pd.read_parquet(folder, columns=["report_id", "country", "iso3", "indicator",
                                              "score", "position", "edition"])
    return scores.astype({"edition": int})


def report_order(edition: int) -> dict[str, int]:
    """Rank of each code in report order: criminality, then each pillar and its indicators."""
    codes = ["criminality"]
    for pillar in ("criminal_markets", "criminal_actors", "resilience"):
        codes += [pillar, *indicators_for(edition, pillar)]
    return {code: i for i, code in enumerate(codes)}


def status_of(extracted: Decimal | None, published: Decimal | None) -> str:
    if extracted is None:
        return "missing_in_report"
    if published is None:
        return "missing_in_reference"
    return "match" if extracted == published else "mismatch"


def reconcile(scores: pd.DataFrame, published: pd.DataFrame) -> list[dict]:
    """Pair every report's scores with the published values of its edition and country."""
    covered = {int(year) for year in published.edition}
    by_country: dict[tuple[int, str], dict[str, Decimal]] = {}
    for edition, iso3, code, value in published[PUBLISHED_COLUMNS].itertuples(index=False):
        by_country.setdefault((int(edition), iso3), {})[code] = value
    rows = []
    reports = scores[scores.edition.isin(covered)].sort_values(["report_id", "position"])
    for report_id, report in reports.groupby("report_id", sort=True):
        first = report.iloc[0]
        edition, iso3 = int(first.edition), first.iso3
        extracted = dict(zip(report.indicator, report.score))
        reference = by_country.get((edition, iso3), {})
        order = report_order(edition)
        for code in sorted(extracted.keys() | reference.keys(),
                           key=lambda c: (order.get(c, len(order)), str(c))):
            rows.append({
                "report_id": report_id, "edition": edition, "country": first.country,
                "iso3": iso3, "indicator": code, "extracted": extracted.get(code),
                "published": reference.get(code),
                "status": status_of(extracted.get(code), reference.get(code)),
            })
    return rows


def write_reconciliation(rows: list[dict], processed: Path, editions: set[int]) -> None:
    """Replace each reconciled edition's partition of the reconciliation table."""
    schema = arrow_schema("reconciliation")
    for edition in sorted(editions):
        part = [{k: v for k, v in row.items() if k != "edition"}
                for row in rows if row["edition"] == edition]
        table = pa.Table.from_pylist(part, schema=schema)
        write_parquet_atomically(table, partition_path(processed, "reconciliation", edition))


def reconcile_references(references: list[Path], processed: Path,
                         edition: int | None = None) -> Reconciliation:
    """Read the references and the scores, reconcile them and write the table."""
    frames, source = [], {}
    for path in references:
        for frame in reference_to_frames(path, edition):
            for year in sorted({int(year) for year in frame.edition}):
                if year in source:
                    raise ReferenceFileError(f"edition {year} is in both {source[year]} "
                                             f"and {path}; give one reference per edition")
                source[year] = path
            frames.append(frame)
    published = pd.concat(frames, ignore_index=True)
    rows = reconcile(read_scores(processed), published)
    reports: dict[int, set[str]] = {}
    for row in rows:
        reports.setdefault(row["edition"], set()).add(row["report_id"])
    write_reconciliation(rows, processed, set(reports))
    return Reconciliation(rows, len(frames),
                          {year: len(ids) for year, ids in sorted(reports.items())},
                          tuple(sorted(source)))


def summary_lines(result: Reconciliation, limit: int = 20) -> list[str]:
    """The summary line, then up to `limit` mismatches."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in result.rows:
        counts[row["status"]] += 1
    n_reports = sum(result.reports.values())
    per_edition = ", ".join(f"{year}: {n}" for year, n in result.reports.items())
    lines = [
        f"reconciled {n_reports} report{'s' * (n_reports != 1)}"
        f"{f' ({per_edition})' if per_edition else ''} against {result.sheets} reference "
        f"sheet{'s' * (result.sheets != 1)}: "
        + ", ".join(f"{n} {status}" for status, n in counts.items())
    ]
    if not n_reports:
        lines.append("no processed report is of an edition the references cover ("
                     + ", ".join(map(str, result.editions)) + ")")
    mismatches = [r for r in result.rows if r["status"] == "mismatch"]
    lines += [f"{r['report_id']} {r['indicator']}: extracted {r['extracted']}, "
              f"published {r['published']}" for r in mismatches[:limit]]
    if len(mismatches) > limit:
        lines.append(f"... and {len(mismatches) - limit} more mismatches in the "
                     "reconciliation table")
    return lines
