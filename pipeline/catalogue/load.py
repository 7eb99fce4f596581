"""Read the catalogue's data files and check that every edition is complete.

The files live beside this module (or in the folder `OCINDEX_CATALOGUE`
names): `editions.csv`, `indicators.csv`, `workbook_columns.csv`,
`countries.csv`, `regions.csv` (continents and regions per edition, with
the forms profiles print and their sizes) and `memberships.csv` (one row per
country and edition). A catalogue that does not hold together fails here,
at start-up, with one line naming what is missing.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CATALOGUE_DIR_ENV = "OCINDEX_CATALOGUE"
PACKAGE_DIR = Path(__file__).parent
PILLAR_CODES = ("criminal_markets", "criminal_actors", "resilience")
COMPOSITE_CODES = ("criminality", *PILLAR_CODES)

FILES = {
    "editions.csv": ("edition", "previous_edition", "workbook_sheet"),
    "indicators.csv": ("code", "pillar", "name", "first_edition", "last_edition", "spellings"),
    "workbook_columns.csv": ("edition", "position", "code", "header"),
    "countries.csv": ("iso3", "name", "aliases"),
    "regions.csv": ("edition", "scope", "continent", "area", "size", "adjectives"),
    "memberships.csv": ("iso3", "edition", "continent", "region"),
}


class CatalogueError(ValueError):
    """The catalogue's data files are missing something; the message is one line."""


@dataclass(frozen=True)
class Edition:
    year: int
    previous: int | None  # the edition a printed delta is measured from
    workbook_sheet: str  # the published workbook's sheet for it, "2025_dataset"


@dataclass(frozen=True)
class Indicator:
    code: str
    pillar: str
    name: str  # official name, as the workbook heads its column
    first_edition: int
    last_edition: int | None  # None: still in the latest edition
    spellings: tuple[str, ...]  # printed forms besides the name

    def in_edition(self, year: int) -> bool:
        return self.first_edition <= year and (self.last_edition is None
                                               or year <= self.last_edition)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    edition: int
    scope: str  # "continent" | "region"
    continent: str
    name: str
    size: int
    adjectives: tuple[str, ...]  # the forms profiles print: "Central Asian and Caucasian"


@dataclass(frozen=True)
class Membership:
    iso3: str
    edition: int
    continent: str
    region: str


@dataclass(frozen=True)
class CatalogueData:
    folder: Path
    editions: dict[int, Edition]  # in year order
    indicators: dict[str, Indicator]  # in report order
    workbook_columns: dict[int, tuple[tuple[str, str], ...]]  # edition -> (header, code)
    countries: tuple[Country, ...]
    areas: tuple[Area, ...]
    memberships: tuple[Membership, ...]


def catalogue_dir() -> Path:
    """The folder the catalogue is read from: $OCINDEX_CATALOGUE, else the package's own."""
    return Path(os.environ.get(CATALOGUE_DIR_ENV) or PACKAGE_DIR)


def read_rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            header = tuple(reader.fieldnames or ())
    except OSError as error:
        raise CatalogueError(f"catalogue {folder}: cannot read {name} "
                             f"({error.strerror or error})") from error
    if header != FILES[name]:
        raise CatalogueError(f"catalogue {folder}: {name} has columns {', '.join(header)}; "
                             f"expected {', '.join(FILES[name])}")
    return rows


def year_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None


def read_catalogue(folder: Path) -> CatalogueData:
    """Read every data file of the catalogue folder and check it; raise CatalogueError."""
    try:
        editions = {int(r["edition"]): Edition(int(r["edition"]),
                                               year_or_none(r["previous_edition"]),
                                               r["workbook_sheet"])
                    for r in read_rows(folder, "editions.csv")}
        indicators = {r["code"]: Indicator(r["code"], r["pillar"], r["name"],
                                           int(r["first_edition"]),
                                           year_or_none(r["last_edition"]),
                                           tuple(s for s in r["spellings"].split("|") if s))
                      for r in read_rows(folder, "indicators.csv")}
        columns: dict[int, list[tuple[int, str, str]]] = {}
        for r in read_rows(folder, "workbook_columns.csv"):
            columns.setdefault(int(r["edition"]), []).append(
                (int(r["position"]), r["header"], r["code"]))
        countries = tuple(Country(r["iso3"], r["name"],
                                  tuple(a for a in r["aliases"].split("|") if a))
                          for r in read_rows(folder, "countries.csv"))
        areas = tuple(Area(int(r["edition"]), r["scope"], r["continent"], r["area"],
                           int(r["size"]), tuple(a for a in r["adjectives"].split("|") if a))
                      for r in read_rows(folder, "regions.csv"))
        memberships = tuple(Membership(r["iso3"], int(r["edition"]), r["continent"],
                                       r["region"])
                            for r in read_rows(folder, "memberships.csv"))
    except CatalogueError:
        raise
    except (ValueError, KeyError) as error:
        raise CatalogueError(f"catalogue {folder}: unreadable value ({error})") from error
    data = CatalogueData(
        folder, dict(sorted(editions.items())), indicators,
        {year: tuple((h, c) for _, h, c in sorted(cols)) for year, cols in columns.items()},
        countries, areas, memberships)
    problems = catalogue_problems(data)
    if problems:
        raise CatalogueError(f"catalogue {folder}: " + "; ".join(problems))
    return data


def catalogue_problems(data: CatalogueData) -> list[str]:
    """Everything that keeps the catalogue from answering for each of its editions."""
    problems = []
    years = set(data.editions)
    for code, ind in data.indicators.items():
        if ind.pillar not in PILLAR_CODES:
            problems.append(f"indicator {code} has unknown pillar {ind.pillar!r}")
        for year in (ind.first_edition, ind.last_edition):
            if year is not None and year not in years:
                problems.append(f"indicator {code} names edition {year}, not in editions.csv")
    iso3s = {c.iso3 for c in data.countries}
    for year, edition in data.editions.items():
        if edition.previous is not None and (edition.previous not in years
                                             or edition.previous >= year):
            problems.append(f"edition {year}: previous edition {edition.previous} is not an "
                            "earlier edition in editions.csv")
        problems += edition_problems(data, year, iso3s)
    return problems


def edition_problems(data: CatalogueData, year: int, iso3s: set[str]) -> list[str]:
    """What one edition lacks: its areas, memberships, indicators, workbook columns."""
    missing = []
    areas = [a for a in data.areas if a.edition == year]
    members = [m for m in data.memberships if m.edition == year]
    indicators = [i.code for i in data.indicators.values() if i.in_edition(year)]
    if not any(a.scope == "continent" for a in areas):
        missing.append("no continents in regions.csv")
    if not any(a.scope == "region" for a in areas):
        missing.append("no regions in regions.csv")
    if not members:
        missing.append("no memberships in memberships.csv")
    if not indicators:
        missing.append("no indicators in indicators.csv")
    if year not in data.workbook_columns:
        missing.append("no workbook columns in workbook_columns.csv")
    if missing:
        return [f"edition {year} is incomplete: {', '.join(missing)}"]
    problems = []
    pillars = {data.indicators[c].pillar for c in indicators}
    if pillars != set(PILLAR_CODES):
        problems.append(f"edition {year} has no indicators of "
                        f"{', '.join(sorted(set(PILLAR_CODES) - pillars))}")
    seen = Counter(m.iso3 for m in members)
    lacking = sorted(iso3s - set(seen))
    extra = sorted(set(seen) - iso3s) + sorted(c for c, n in seen.items() if n > 1)
    if lacking:
        problems.append(f"edition {year} has no membership for {', '.join(lacking)}")
    if extra:
        problems.append(f"edition {year} memberships.csv has unknown or repeated countries "
                        f"{', '.join(extra)}")
    by_name = {(a.scope, a.name): a for a in areas}
    counts = Counter(("continent", m.continent) for m in members)
    counts.update(("region", m.region) for m in members)
    for m in members:
        region = by_name.get(("region", m.region))
        if region is None or ("continent", m.continent) not in by_name:
            problems.append(f"edition {year}: {m.iso3} is in {m.continent}/{m.region}, "
                            "not an area of regions.csv")
        elif region.continent != m.continent:
            problems.append(f"edition {year}: {m.iso3}'s region {m.region} is in "
                            f"{region.continent}, not {m.continent}")
    for area in areas:
        if counts[(area.scope, area.name)] != area.size:
            problems.append(f"edition {year}: {area.name} has size {area.size} in regions.csv "
                            f"but {counts[(area.scope, area.name)]} members")
    codes = [code for _, code in data.workbook_columns[year]]
    expected = set(indicators) | set(COMPOSITE_CODES)
    if set(codes) != expected or len(codes) != len(set(codes)):
        wrong = sorted(set(codes) ^ expected)
        problems.append(f"edition {year}: workbook_columns.csv does not list each of its "
                        f"indicators once ({', '.join(wrong) or 'repeated codes'})")
    return problems
