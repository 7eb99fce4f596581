"""Build fixture specs from the index's published numbers.

A dev-time script; tests read the JSON it writes and never run it:

    python -m tests.support.specs --reference /work/shared/reference \\
        --out tests/fixtures/specs
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from tests.support import catalogue as cat
from tests.support.narrative import synthetic_narrative
from tests.support.seed_spec import compare_specs, seed_text_to_spec

REPO = Path(__file__).resolve().parents[2]
DEFAULT_REGIONS = REPO / "pipeline" / "catalogue" / "regions.csv"
DEFAULT_SEED = Path("/work/shared/seeds/000_49724a3264e6d9c7.txt")
WORKBOOK = "global_oc_index_2021_2023.xlsx"
# The workbook published with the 2025 edition: the only source of its continents and regions.
WORKBOOK_2025 = "global_oc_index_2021_2025.xlsx"
CSV_2025 = "oc_index_2025_indicators.csv"

COUNTRIES = ("Azerbaijan", "Colombia", "Nigeria", "Germany", "Fiji")
EXTRA = (("Congo, Dem. Rep.", 2023),)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class EditionTable:
    """Published scores of one edition, by canonical country name."""

    edition: int
    scores: dict[str, dict[str, Decimal]]
    continent: dict[str, str]
    region: dict[str, str]


def mean(values: list[Decimal]) -> Decimal:
    """Return the unrounded mean of some scores."""
    return sum(values, Decimal(0)) / len(values)


def round_half_up(value: Decimal) -> Decimal:
    """Round a score to two decimals the way the index does."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cell_to_decimal(value: float) -> Decimal:
    """Turn a workbook float (always a multiple of 0.01) into an exact score."""
    return Decimal(f"{value:.2f}")


def sheet_to_table(sheet: pd.DataFrame, edition: int) -> EditionTable:
    """Read one workbook sheet into an EditionTable."""
    columns = {code: name for code, name in cat.OFFICIAL_NAMES.items() if name in sheet.columns}
    columns.update(cat.COMPOSITE_COLUMNS[edition])
    scores, continent, region = {}, {}, {}
    for _, row in sheet.iterrows():
        name = cat.canonical_country(row["Country"])
        scores[name] = {code: cell_to_decimal(row[col]) for code, col in columns.items()}
        continent[name] = row["Continent"].strip()
        # The 2021 sheet writes "Caribbean" with and without a trailing space.
        region[name] = row["Region"].strip()
    return EditionTable(edition, scores, continent, region)


def sheet_to_places(sheet: pd.DataFrame) -> EditionTable:
    """Read only the continents and regions of a workbook sheet (no scores)."""
    names = [cat.canonical_country(name) for name in sheet["Country"]]
    return EditionTable(0, dict.fromkeys(names, {}),
                        dict(zip(names, (c.strip() for c in sheet["Continent"]))),
                        dict(zip(names, (r.strip() for r in sheet["Region"]))))


def csv_to_table(frame: pd.DataFrame, areas: EditionTable) -> EditionTable:
    """Read the 2025 indicator CSV and compute its averages as the index does."""
    scores = {}
    for _, row in frame.iterrows():
        name = cat.canonical_country(row["name"])
        values = {code: Decimal(str(row[official]))
                  for code, official in cat.OFFICIAL_NAMES.items()}
        means = {pillar: mean([values[code] for code, _ in cat.PILLARS[pillar][1]])
                 for pillar in cat.PILLARS}
        # Criminality is the mean of the two unrounded pillar means, rounded once.
        means["criminality"] = (means["criminal_markets"] + means["criminal_actors"]) / 2
        values.update({code: round_half_up(value) for code, value in means.items()})
        scores[name] = values
    missing = set(scores) ^ set(areas.scores)
    if missing:
        raise ValueError(f"2025 names not matched to the 2025 sheet: {sorted(missing)!r}")
    return EditionTable(2025, scores, areas.continent, areas.region)


def reference_to_tables(reference: Path) -> dict[int, EditionTable]:
    """Read every edition's published scores from the reference folder."""
    workbook = reference / WORKBOOK
    t2021 = sheet_to_table(pd.read_excel(workbook, sheet_name="2021_dataset"), 2021)
    t2023 = sheet_to_table(pd.read_excel(workbook, sheet_name="2023_dataset"), 2023)
    places = sheet_to_places(pd.read_excel(reference / WORKBOOK_2025, sheet_name="2025_dataset"))
    t2025 = csv_to_table(pd.read_csv(reference / CSV_2025), places)
    unmatched = set(t2021.scores) ^ set(t2023.scores)
    if unmatched:
        raise ValueError(f"2021 and 2023 names not matched: {sorted(unmatched)!r}")
    return {2021: t2021, 2023: t2023, 2025: t2025}


def ordinal(place: int) -> str:
    """Write 1 as "1st", 12 as "12th", 23 as "23rd"."""
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"


def place_of(table: EditionTable, country: str, dimension: str,
             group: str | None) -> tuple[int, int]:
    """Return (place, group size): highest score is 1st, ties share the best place."""
    areas = {"continent": table.continent, "region": table.region}.get(group)
    peers = [name for name in table.scores
             if areas is None or areas[name] == areas[country]]
    mine = table.scores[country][dimension]
    return 1 + sum(table.scores[name][dimension] > mine for name in peers), len(peers)


def format_score(value: Decimal) -> str:
    """Write a score with two decimals."""
    return f"{value:.2f}"


def delta_text(tables: dict[int, EditionTable], edition: int, country: str,
               code: str) -> str | None:
    """Return the printed delta: None in the first edition, "n/a" for a new indicator."""
    previous = cat.PREVIOUS_EDITION[edition]
    if previous is None:
        return None
    before = tables[previous].scores[country].get(code)
    if before is None:
        return "n/a"
    return format_score(tables[edition].scores[country][code] - before)


def rank_lines(tables, edition, country, dimension, adjectives) -> list[dict]:
    """Return the three rank lines under a headline score."""
    table = tables[edition]
    previous = cat.PREVIOUS_EDITION[edition]
    lines = []
    for group in (None, "continent", "region"):
        place, size = place_of(table, country, dimension, group)
        if group is None:
            text = f"{ordinal(place)} of {size} countries"
        else:
            area = table.continent[country] if group == "continent" else table.region[country]
            name = cat.adjective(adjectives, edition, area)
            text = f"{ordinal(place)} of {size} {name} countries"
        # The change is measured against the rank printed in the previous
        # edition, within that edition's own regions.
        change = None
        if previous is not None:
            change = place_of(tables[previous], country, dimension, group)[0] - place
        lines.append({"text": text, "change": change})
    return lines


def scored(tables, edition, country, code, label) -> dict:
    """Return one score entry (code, label, score, delta)."""
    return {"code": code, "label": label,
            "score": format_score(tables[edition].scores[country][code]),
            "delta": delta_text(tables, edition, country, code)}


def pillar_entry(tables, edition, country, pillar) -> dict:
    """Return a pillar with its indicators; resilience prints no pillar line."""
    label, _ = cat.PILLARS[pillar]
    indicators = [scored(tables, edition, country, code, cat.printed_label(code))
                  for code, _ in cat.edition_indicators(edition, pillar)]
    if label is None:
        return {"code": pillar, "label": None, "score": None, "delta": None,
                "indicators": indicators}
    return {**scored(tables, edition, country, pillar, label), "indicators": indicators}


def build_spec(tables, edition: int, country: str, adjectives, narrative_pages: float) -> dict:
    """Build the spec of one country's profile in one edition."""
    dimensions = []
    for dimension, (title, pillars) in cat.DIMENSIONS.items():
        score = scored(tables, edition, country, dimension, title)
        dimensions.append({
            "code": dimension, "title": title, "score": score["score"], "delta": score["delta"],
            "ranks": rank_lines(tables, edition, country, dimension, adjectives),
            "pillars": [pillar_entry(tables, edition, country, p) for p in pillars],
        })
    return {"country": country.upper(), "edition": edition, "dimensions": dimensions,
            "narrative": synthetic_narrative(country, edition, narrative_pages)}


def spec_file_name(country: str, edition: int) -> str:
    """Name a spec file like "2023_congo_dem_rep.json"."""
    slug = "_".join("".join(ch if ch.isalnum() else " " for ch in country.lower()).split())
    return f"{edition}_{slug}.json"


def write_json(path: Path, spec: dict) -> None:
    """Write a spec as indented UTF-8 JSON."""
    path.write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write every fixture spec; check the seed against the published numbers."""
    parser = argparse.ArgumentParser(
        description="Write fixture specs from the published index numbers.",
        epilog="example: python -m tests.support.specs --reference /work/shared/reference "
               "--out tests/fixtures/specs --narrative-pages 1.5")
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--regions", type=Path, default=DEFAULT_REGIONS)
    parser.add_argument("--narrative-pages", type=float, default=1.5)
    args = parser.parse_args(argv)

    adjectives = cat.adjectives_from_csv(args.regions) if args.regions.exists() else {}
    print(f"adjectives: {args.regions if adjectives else 'local map'}")
    tables = reference_to_tables(args.reference)
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = [(c, e) for c in COUNTRIES for e in cat.EDITIONS] + list(EXTRA)
    for country, edition in jobs:
        spec = build_spec(tables, edition, country, adjectives, args.narrative_pages)
        write_json(args.out / spec_file_name(country, edition), spec)
    seed = seed_text_to_spec(args.seed.read_text(encoding="utf-8"))
    write_json(args.out / "2025_azerbaijan_seed.json", seed)
    computed = build_spec(tables, 2025, "Azerbaijan", adjectives, args.narrative_pages)
    differences = compare_specs(seed, computed)
    for line in differences:
        print("seed vs published:", line)
    print(f"wrote {len(jobs) + 1} specs to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
