"""Stage 5, validate: collect every problem with the extracted records.

Each rule is a function from an Extraction (and its edition) to findings;
`validate` runs them all and never stops at the first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Iterator

from . import catalogue
from .records import Extraction, Finding, Rule, Score, Severity

(ONE, TEN), HALF = catalogue.data.SCORE_SCALE, Decimal("0.5")
CENT = Decimal("0.01")
# A pillar's delta is the difference of two rounded means; the mean of its
# indicators' deltas can differ from it by up to a cent (checked on every
# country of the published 2023 and 2025 data).
DELTA_TOLERANCE = CENT


def where(record) -> str:
    return f"line {record.line_no}, page {record.page}"


def check_is_profile(x: Extraction, edition: int) -> Iterator[Finding]:
    if not x.scores and not x.ranks:
        yield Finding(Severity.ERROR, Rule.NOT_A_PROFILE,
                      "no score block found: this does not read as a country profile",
                      "whole document")
        return
    if x.iso3 is None:
        yield Finding(Severity.ERROR, Rule.UNKNOWN_COUNTRY,
                      f"the title {x.country_title!r} names no country in the catalogue"
                      if x.country_title else "no country name found at the top of the report",
                      "page 1", x.country_title)


def check_headlines(x: Extraction, edition: int) -> Iterator[Finding]:
    if not x.scores:
        return
    for dimension in catalogue.DIMENSIONS:
        found = [s for s in x.scores if s.dimension == dimension and s.level == "index"]
        if not found:
            yield Finding(Severity.ERROR, Rule.MISSING_SCORE,
                          f"no {dimension} score found", "whole document", dimension)
        elif len(found) > 1:
            yield Finding(Severity.ERROR, Rule.DUPLICATE_INDICATOR,
                          f"{len(found)} {dimension} scores found", where(found[1]), dimension)
    for pillar in ("criminal_markets", "criminal_actors"):
        if not any(s.level == "pillar" and s.pillar == pillar for s in x.scores):
            yield Finding(Severity.ERROR, Rule.MISSING_SCORE,
                          f"no {pillar} pillar score found", "whole document", pillar)


def check_indicator_set(x: Extraction, edition: int) -> Iterator[Finding]:
    """Every indicator of the edition once, none it lacks.

    For an edition the catalogue lacks, the template's set is only a guess:
    a difference is a warning.
    """
    if not x.scores:
        return
    severity = Severity.ERROR if catalogue.is_known_edition(edition) else Severity.WARNING
    expected = catalogue.indicators_for(edition)
    seen = Counter(s.indicator for s in x.scores if s.level == "indicator")
    for code in expected:
        if seen[code] == 0:
            yield Finding(severity, Rule.MISSING_INDICATOR,
                          f"indicator {code} of the {catalogue.template_edition(edition)} "
                          "edition is missing", "whole document", code)
        elif seen[code] > 1:
            dup = [s for s in x.scores if s.indicator == code][1]
            yield Finding(Severity.ERROR, Rule.DUPLICATE_INDICATOR,
                          f"indicator {code} appears {seen[code]} times", where(dup), code)
    for code in seen:
        if code not in expected:
            row = next(s for s in x.scores if s.indicator == code)
            yield Finding(severity, Rule.UNEXPECTED_INDICATOR,
                          f"indicator {code} is not part of the "
                          f"{catalogue.template_edition(edition)} edition", where(row),
                          row.label)


def check_score_values(x: Extraction, edition: int) -> Iterator[Finding]:
    for s in x.scores:
        name = s.indicator or s.dimension
        if not ONE <= s.score <= TEN:
            yield Finding(Severity.ERROR, Rule.SCORE_RANGE,
                          f"{name} score {s.score} is outside 1..10", where(s), str(s.score))
        elif s.level == "indicator" and s.score % HALF:
            yield Finding(Severity.ERROR, Rule.SCORE_STEP,
                          f"{name} score {s.score} is not on a 0.5 step", where(s), str(s.score))
        if s.delta is not None and not ONE <= s.score - s.delta <= TEN:
            yield Finding(Severity.ERROR, Rule.SCORE_RANGE,
                          f"{name} delta {s.delta:+} puts the previous score at "
                          f"{s.score - s.delta}, outside 1..10", where(s), str(s.delta))


def check_delta_na(x: Extraction, edition: int) -> Iterator[Finding]:
    for s in x.scores:
        # A label the catalogue does not know may be new: it has its own finding.
        unknown = s.level == "indicator" and not catalogue.is_indicator(s.indicator)
        if s.delta_na and not unknown and not (s.level == "indicator"
                                               and catalogue.is_new_in(s.indicator, edition)):
            yield Finding(Severity.ERROR, Rule.DELTA_NA,
                          f"{s.indicator or s.dimension} delta is n/a, but it is not new "
                          f"in {edition}", where(s), "n/a")


def check_ranks(x: Extraction, edition: int) -> Iterator[Finding]:
    if not x.scores:
        return
    for dimension in catalogue.DIMENSIONS:
        scopes = Counter(r.scope for r in x.ranks if r.dimension == dimension)
        for scope in ("global", "continent", "region"):
            if scopes[scope] != 1:
                yield Finding(Severity.ERROR, Rule.MISSING_RANK,
                              f"{dimension} has {scopes[scope]} {scope} rank lines, expected 1",
                              "whole document", f"{dimension}/{scope}")
    for r in x.ranks:
        if not 1 <= r.rank <= r.out_of:
            yield Finding(Severity.ERROR, Rule.RANK_RANGE,
                          f"rank {r.rank} is outside 1..{r.out_of}", where(r), r.label)


def round_half_up(value: Decimal) -> Decimal:
    """Round to cents as the index does (Python's round() is half-even)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def composite_rows(x: Extraction) -> dict[str, Score]:
    """The printed composite rows by code: criminality, the pillars, resilience."""
    rows = {}
    for s in x.scores:
        if s.level == "index":
            rows.setdefault(s.dimension, s)
        elif s.level == "pillar":
            rows.setdefault(s.pillar, s)
    return rows


def pillar_members(x: Extraction, edition: int) -> dict[str, list[Score]]:
    """Indicator rows of each pillar, only where the pillar is complete and unique."""
    found = {}
    for pillar in ("criminal_markets", "criminal_actors", "resilience"):
        codes = catalogue.indicators_for(edition, pillar)
        rows = [s for s in x.scores if s.level == "indicator" and s.pillar == pillar]
        if sorted(s.indicator for s in rows) == sorted(codes):
            found[pillar] = rows
    return found


def mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def check_arithmetic(x: Extraction, edition: int) -> Iterator[Finding]:
    """Each average equals the mean of its parts, rounded half up from unrounded means."""
    composites = composite_rows(x)
    members = pillar_members(x, edition)
    means = {p: mean([s.score for s in rows]) for p, rows in members.items()}
    if "criminal_markets" in means and "criminal_actors" in means:
        means["criminality"] = (means["criminal_markets"] + means["criminal_actors"]) / 2
    for code, unrounded in means.items():
        row = composites.get(code)
        if row is not None and round_half_up(unrounded) != row.score:
            parts = (f"{len(members[code])} indicators" if code in members
                     else "two pillar means")
            yield Finding(Severity.ERROR, Rule.ARITHMETIC,
                          f"{code} is printed as {row.score} but the mean of its {parts} "
                          f"is {round_half_up(unrounded)}", where(row), str(row.score))


def check_delta_arithmetic(x: Extraction, edition: int) -> Iterator[Finding]:
    """Each average's delta matches the mean of its parts' deltas, within a cent."""
    composites = composite_rows(x)
    members = pillar_members(x, edition)
    parts = dict(members)
    if "criminal_markets" in composites and "criminal_actors" in composites:
        parts["criminality"] = [composites["criminal_markets"], composites["criminal_actors"]]
    for code, rows in parts.items():
        row = composites.get(code)
        # An edition that adds indicators prints n/a for them: no delta to check.
        if row is None or row.delta is None or any(r.delta is None for r in rows):
            continue
        expected = mean([r.delta for r in rows])
        if abs(expected - row.delta) <= DELTA_TOLERANCE:
            continue
        # Name the rows whose arrow, read the other way, would make it add up.
        suspects = [r.indicator or r.pillar for r in rows if r.delta and abs(
            expected - 2 * r.delta / len(rows) - row.delta) <= DELTA_TOLERANCE]
        hint = (f"; a misread arrow on {', '.join(suspects)} would explain it" if suspects
                else "")
        yield Finding(Severity.ERROR, Rule.DELTA_ARITHMETIC,
                      f"{code} delta is printed as {row.delta:+} but its parts' deltas "
                      f"average {expected:+.3f}{hint}", where(row), str(row.delta))


def infer_delta_signs(x: Extraction, edition: int) -> tuple[Extraction, list[Finding]]:
    """Give a sign to the one arrow of a pillar that could not be read, where the pillar fixes it.

    Only when exactly one indicator of a complete pillar lacks its sign, the
    pillar's delta is printed, and exactly one sign makes the deltas add up.
    """
    composites = composite_rows(x)
    inferred: dict[int, Score] = {}
    findings = []
    for pillar, rows in pillar_members(x, edition).items():
        unknown = [r for r in rows if r.delta is None and r.magnitude and not r.delta_na]
        row = composites.get(pillar)
        if len(unknown) != 1 or row is None or row.delta is None:
            continue
        if any(r.delta is None for r in rows if r is not unknown[0]):
            continue
        target = unknown[0]
        known = sum((r.delta for r in rows if r is not target), Decimal(0))
        fits = [d for d in (target.magnitude, -target.magnitude)
                if abs((known + d) / len(rows) - row.delta) <= DELTA_TOLERANCE]
        if len(fits) != 1:
            continue
        delta = fits[0]
        inferred[id(target)] = replace(target, delta=delta,
                                       direction="up" if delta > 0 else "down")
        findings.append(Finding(
            Severity.WARNING, Rule.DELTA_INFERRED,
            f"{target.indicator} delta {target.magnitude} printed without a readable arrow; "
            f"read as {delta:+} because {pillar} moved {row.delta:+}", where(target),
            str(target.magnitude)))
    if not inferred:
        return x, findings
    scores = tuple(inferred.get(id(s), s) for s in x.scores)
    # The "sign unknown" warnings of the rows now read are superseded.
    resolved = {where(s) for s in inferred.values()}
    kept = tuple(f for f in x.findings
                 if not (f.rule == Rule.DELTA_SIGN and f.location in resolved))
    return replace(x, scores=scores, findings=kept), findings


def previous_out_of(r, iso3: str | None, edition: int) -> int:
    """How many countries the previous rank was out of.

    A region rank change is measured in the region the country was in the
    previous edition, which may have been another size: Mexico was 15th of
    21 "Caribbean & Central" countries in 2023 and is 3rd of 8 Central
    American countries in 2025, printed "↗ 12".
    """
    previous = catalogue.previous_edition(edition)
    if r.scope != "region" or previous is None or iso3 is None:
        return r.out_of
    member = catalogue.membership(iso3, previous)
    sizes = {a.name: a.size for a in catalogue.areas(previous)}
    return sizes.get(member.region, r.out_of) if member else r.out_of


def check_rank_totals(x: Extraction, edition: int) -> Iterator[Finding]:
    """Rank totals match the catalogue; the region lies in the continent named.

    Sizes are checked only in an edition the catalogue has, and only for an
    area of that edition (another edition's area or an unknown phrase has
    its warning already); the continent of an area comes from whichever
    edition it was found in.
    """
    sizes = {a.name: a.size for a in catalogue.areas(edition)}
    continent_of = {a.name: a.continent for year in catalogue.editions()
                    for a in catalogue.areas(year)}
    total = len(catalogue.countries())
    for r in x.ranks:
        expected = total if r.scope == "global" else sizes.get(r.area)
        if expected is not None and r.out_of != expected:
            yield Finding(Severity.ERROR, Rule.RANK_TOTAL,
                          f"{r.area} has {expected} countries in {edition}, the line says "
                          f"{r.out_of}", where(r), r.label)
        before = previous_out_of(r, x.iso3, edition)
        if r.rank_change is not None and not 1 <= r.rank + r.rank_change <= before:
            yield Finding(Severity.ERROR, Rule.RANK_RANGE,
                          f"rank change {r.rank_change:+} puts the previous rank at "
                          f"{r.rank + r.rank_change}, outside 1..{before}", where(r), r.label)
    for dimension in catalogue.DIMENSIONS:
        lines = {r.scope: r for r in x.ranks if r.dimension == dimension}
        continent, region = lines.get("continent"), lines.get("region")
        if continent and region and continent.area and region.area \
                and continent_of[region.area] != continent.area:
            yield Finding(Severity.ERROR, Rule.AREA_MISMATCH,
                          f"region {region.area} is not in {continent.area}", where(region),
                          region.label)


RULES = (
    check_is_profile,
    check_headlines,
    check_indicator_set,
    check_score_values,
    check_delta_na,
    check_ranks,
    check_rank_totals,
    check_arithmetic,
    check_delta_arithmetic,
)


def validate(x: Extraction, edition: int) -> list[Finding]:
    """Run every rule; return all findings, extraction's own first."""
    found: list[Finding] = list(x.findings)
    for rule in RULES:
        found.extend(rule(x, edition))
    return found


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity)
