"""Stage 5, validate: collect every problem with the extracted records.

Each rule is a function from an Extraction (and its edition) to findings;
`validate` runs them all and never stops at the first.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Iterable, Iterator

from . import catalogue
from .records import Extraction, Finding, Rule, Severity

ONE, TEN, HALF = Decimal("1"), Decimal("10"), Decimal("0.5")


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
    if not x.scores:
        return
    expected = catalogue.indicators_for(edition)
    seen = Counter(s.indicator for s in x.scores if s.level == "indicator")
    for code in expected:
        if seen[code] == 0:
            yield Finding(Severity.ERROR, Rule.MISSING_INDICATOR,
                          f"indicator {code} of the {edition} edition is missing",
                          "whole document", code)
        elif seen[code] > 1:
            dup = [s for s in x.scores if s.indicator == code][1]
            yield Finding(Severity.ERROR, Rule.DUPLICATE_INDICATOR,
                          f"indicator {code} appears {seen[code]} times", where(dup), code)
    for code in seen:
        if code not in expected:
            row = next(s for s in x.scores if s.indicator == code)
            yield Finding(Severity.ERROR, Rule.UNEXPECTED_INDICATOR,
                          f"indicator {code} is not part of the {edition} edition",
                          where(row), row.label)


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
        if s.delta_na and not (s.indicator and catalogue.is_new_in(s.indicator, edition)):
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


RULES = (
    check_is_profile,
    check_headlines,
    check_indicator_set,
    check_score_values,
    check_delta_na,
    check_ranks,
)


def validate(x: Extraction, edition: int) -> list[Finding]:
    """Run every rule; return all findings, extraction's own first."""
    found: list[Finding] = list(x.findings)
    for rule in RULES:
        found.extend(rule(x, edition))
    return found


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity)
