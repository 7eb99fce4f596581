"""Add an edition to the catalogue's data files from the index's published workbook.

`python -m pipeline catalogue add-edition WORKBOOK --edition YEAR` reads the
workbook's `<year>_dataset` sheet (Continent, Region, Country, then the
averages and indicators) and adds the edition's row, its workbook columns,
its continents and regions with their sizes, and every country's
membership. Printed forms of an area come from the latest edition that has
an area of that name; a new area gets none (profiles that print its name,
"countries in X", still match) and is named in the report.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import label_key, match_key
from .data import COMPOSITE_NAMES
from .load import FILES, CatalogueData, CatalogueError, read_catalogue

AVG_SUFFIX_RE = re.compile(r"\s+avg[.,]?\s*$", re.IGNORECASE)
PLACE_HEADERS = ("Continent", "Region", "Country")


@dataclass
class EditionRows:
    """What the sheet gives an edition, as rows of the catalogue's files, and what it could not."""

    edition: dict[str, str]
    columns: list[dict[str, str]] = field(default_factory=list)
    areas: list[dict[str, str]] = field(default_factory=list)
    memberships: list[dict[str, str]] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)  # indicators the edition no longer has
    unmapped: list[str] = field(default_factory=list)  # what could not be mapped, one line each


def header_to_code(header: str, data: CatalogueData) -> str | None:
    """The score code a workbook header names, exactly or by one clear spelling; else None."""
    key = label_key(AVG_SUFFIX_RE.sub("", header))
    composites = {label_key(name): code for code, name in COMPOSITE_NAMES.items()}
    if key in composites:
        return composites[key]
    spellings = {label_key(text): code for code, ind in data.indicators.items()
                 for text in (ind.name, *ind.spellings)}
    return match_key(key, spellings).code


def sheet_to_rows(headers: list[str], records: list[list], year: int, sheet: str,
                  data: CatalogueData) -> EditionRows:
    """Turn a `<year>_dataset` sheet (headers, then a list per country) into catalogue rows."""
    earlier = [y for y in data.editions if y < year]
    rows = EditionRows({"edition": str(year),
                        "previous_edition": str(earlier[-1]) if earlier else "",
                        "workbook_sheet": sheet})
    missing = [h for h in PLACE_HEADERS if h not in headers]
    if missing:
        rows.unmapped.append(f"sheet {sheet} has no {', '.join(missing)} column")
        return rows
    seen_codes = set()
    for header in headers:
        if header in PLACE_HEADERS:
            continue
        code = header_to_code(header, data)
        if code is None or code in seen_codes:
            rows.unmapped.append(f"column {header!r}: no indicator or average of the "
                                 "catalogue (add it to indicators.csv)")
            continue
        seen_codes.add(code)
        rows.columns.append({"edition": str(year), "position": str(len(rows.columns) + 1),
                             "code": code, "header": header})
    if earlier:
        rows.ended = [code for code, ind in data.indicators.items()
                      if ind.in_edition(earlier[-1]) and code not in seen_codes]
    spellings = {label_key(text): c.iso3 for c in data.countries for text in (c.name, *c.aliases)}
    places = dict(zip(headers, zip(*records))) if records else {h: () for h in headers}
    members = []
    for name, continent, region in zip(places["Country"], places["Continent"],
                                       places["Region"]):
        iso3 = match_key(label_key(str(name or "")), spellings).code
        if iso3 is None:
            rows.unmapped.append(f"country {name!r}: not in countries.csv (add it or an alias)")
            continue
        members.append((iso3, str(continent).strip(), str(region).strip()))
    rows.memberships = [{"iso3": iso3, "edition": str(year), "continent": continent,
                         "region": region} for iso3, continent, region in sorted(members)]
    rows.areas = areas_of(members, year, data, rows.unmapped)
    return rows


def areas_of(members: list[tuple[str, str, str]], year: int, data: CatalogueData,
             unmapped: list[str]) -> list[dict[str, str]]:
    """Continents and regions with their sizes; printed forms from the latest edition with them."""
    continents = Counter(continent for _, continent, _ in members)
    regions = Counter((continent, region) for _, continent, region in members)
    known = {}
    for area in sorted(data.areas, key=lambda a: a.edition):
        known[(area.scope, area.name)] = area.adjectives
    found = []
    for scope, counts in (("continent", {(c, c): n for c, n in continents.items()}),
                          ("region", regions)):
        for (continent, name), size in sorted(counts.items()):
            forms = known.get((scope, name))
            if forms is None:
                unmapped.append(f"{scope} {name!r}: no edition has it, so no printed form is "
                                "known (add its adjectives to regions.csv)")
            found.append({"edition": str(year), "scope": scope, "continent": continent,
                          "area": name, "size": str(size), "adjectives": "|".join(forms or ())})
    return found


def read_sheet(workbook: Path, sheet: str) -> tuple[list[str], list[list]]:
    """The header row and the data rows of one workbook sheet."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(workbook, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as error:
        raise CatalogueError(f"{workbook}: cannot read it as a workbook ({error})") from error
    try:
        if sheet not in book.sheetnames:
            raise CatalogueError(f"{workbook}: no sheet {sheet!r} "
                                 f"(sheets: {', '.join(book.sheetnames)})")
        values = [list(row) for row in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()
    headers = [str(h).strip() if h is not None else "" for h in values[0]] if values else []
    return headers, [row for row in values[1:] if any(v is not None for v in row)]


def read_file_rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_file_rows(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FILES[name], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# How each file is ordered: by edition, then as the hand-written files are.
SCOPE_ORDER = {"continent": 0, "region": 1}
SORT_KEYS = {
    "editions.csv": lambda r: int(r["edition"]),
    "workbook_columns.csv": lambda r: (int(r["edition"]), int(r["position"])),
    "regions.csv": lambda r: (int(r["edition"]), SCOPE_ORDER[r["scope"]], r["continent"],
                              r["area"]),
    "memberships.csv": lambda r: (int(r["edition"]), r["iso3"]),
}


def add_edition(workbook: Path, year: int, folder: Path) -> EditionRows:
    """Add the edition of the workbook's `<year>_dataset` sheet to the catalogue in `folder`."""
    data = read_catalogue(folder)
    if year in data.editions:
        raise CatalogueError(f"edition {year} is already in the catalogue {folder}")
    sheet = f"{year}_dataset"
    headers, records = read_sheet(workbook, sheet)
    rows = sheet_to_rows(headers, records, year, sheet, data)
    additions = {"editions.csv": [rows.edition], "workbook_columns.csv": rows.columns,
                 "regions.csv": rows.areas, "memberships.csv": rows.memberships}
    for name, new in additions.items():
        merged = read_file_rows(folder, name) + new
        write_file_rows(folder, name, sorted(merged, key=SORT_KEYS[name]))
    if rows.ended:
        indicators = read_file_rows(folder, "indicators.csv")
        for row in indicators:
            if row["code"] in rows.ended:
                row["last_edition"] = rows.edition["previous_edition"]
        write_file_rows(folder, "indicators.csv", indicators)
    return rows


def summary_lines(rows: EditionRows, folder: Path) -> list[str]:
    """What was added, then what could not be mapped."""
    year = rows.edition["edition"]
    regions = [a for a in rows.areas if a["scope"] == "region"]
    continents = [a for a in rows.areas if a["scope"] == "continent"]
    lines = [f"added edition {year} to {folder}: previous edition "
             f"{rows.edition['previous_edition'] or 'none'}, "
             f"sheet {rows.edition['workbook_sheet']}, "
             f"{len(rows.columns)} workbook columns, {len(continents)} continents, "
             f"{len(regions)} regions, {len(rows.memberships)} memberships"]
    lines += [f"  {a['scope']} {a['area']} ({a['continent']}): {a['size']} countries"
              for a in rows.areas]
    lines += [f"  indicator {code}: not in the sheet; its last edition is now "
              f"{rows.edition['previous_edition']}" for code in rows.ended]
    lines += [f"could not map: {line}" for line in rows.unmapped]
    return lines
