"""Expected rows from a fixture spec: what a profile generated from it must yield."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

SPECS = Path(__file__).parent / "fixtures" / "specs"
ENCODINGS = ("unicode", "dingbat", "vector", "raster")


def spec_paths() -> list[Path]:
    return sorted(SPECS.glob("*.json"))


def load_spec(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dec(text: str | None) -> Decimal | None:
    return None if text in (None, "n/a") else Decimal(text)


def expected_scores(spec: dict) -> list[tuple]:
    """(dimension, level, code, score, delta) in report order."""
    rows = []
    for dim in spec["dimensions"]:
        rows.append((dim["code"], "index", dim["code"], dec(dim["score"]), dec(dim["delta"])))
        for pillar in dim["pillars"]:
            if pillar.get("score") is not None:
                rows.append((dim["code"], "pillar", pillar["code"], dec(pillar["score"]),
                             dec(pillar["delta"])))
            rows += [(dim["code"], "indicator", ind["code"], dec(ind["score"]), dec(ind["delta"]))
                     for ind in pillar["indicators"]]
    return rows


def expected_ranks(spec: dict) -> list[tuple]:
    """(dimension, rank, out_of, rank_change) in report order."""
    rows = []
    for dim in spec["dimensions"]:
        for rank in dim["ranks"]:
            number, _, rest = rank["text"].partition(" of ")
            rows.append((dim["code"], int("".join(c for c in number if c.isdigit())),
                         int(rest.split()[0]), rank["change"]))
    return rows


def expected_paragraphs(spec: dict) -> list[tuple]:
    """(heading, subheading, text) in order."""
    return [(block["heading"], block.get("subheading"), " ".join(text.split()))
            for block in spec["narrative"] for text in block["paragraphs"]]


def extracted_scores(result) -> list[tuple]:
    return [(s.dimension, s.level, s.indicator if s.level == "indicator" else (s.pillar or s.dimension),
             s.score, s.delta) for s in result.extraction.scores]


def extracted_ranks(result) -> list[tuple]:
    return [(r.dimension, r.rank, r.out_of, r.rank_change) for r in result.extraction.ranks]


def extracted_paragraphs(result) -> list[tuple]:
    return [(p.heading, p.subheading, p.text) for p in result.extraction.paragraphs]
