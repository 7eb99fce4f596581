"""One fuzz case end to end: seed -> (spec, style, text) -> pipeline -> differences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.pdf_cases import (SPECS, expected_paragraphs, expected_ranks, expected_scores,
                             extracted_paragraphs, extracted_ranks, extracted_scores, load_spec)
from tests.support.convert.render import encode, spec_to_converted
from tests.support.convert.style import Style, random_spec_name, random_style

# What must never be inside a paragraph: page furniture and converter placeholders.
GAP = r"[\s\u200b]+"
FURNITURE = re.compile(rf"GLOBAL{GAP}ORGANIZED{GAP}CRIME{GAP}INDEX|\bPage{GAP}\d+\b|<!--|!\[|image\.png|"
                       r"\.jpe?g\)|\f|<br|&nbsp;|&amp;|\u200b|\ufeff")


@dataclass
class Case:
    seed: int
    spec_name: str
    spec: dict
    style: Style
    text: str

    @property
    def filename(self) -> str:
        stem = self.spec_name.split("_", 1)[1].removesuffix("_seed")
        return f"{self.spec['edition']}/{stem}{self.style.suffix}"

    def write(self, root: Path) -> Path:
        path = root / self.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encode(self.text, self.style))
        return path

    def context(self) -> str:
        return (f"seed {self.seed}, spec {self.spec_name}, {self.style!r}\n"
                f"reproduce: python -m tests.support.convert {self.seed} --out /tmp/convert-{self.seed}/"
                f"{self.filename} && python -m pipeline run /tmp/convert-{self.seed} --out /tmp/convert-out")


def make_case(seed: int) -> Case:
    name = random_spec_name(seed)
    spec = load_spec(SPECS / f"{name}.json")
    style = random_style(seed)
    return Case(seed, name, spec, style, spec_to_converted(spec, style))


def _diff(kind: str, want: list, got: list, limit: int = 6) -> list[str]:
    if want == got:
        return []
    lines = [f"{kind}: expected {len(want)} rows, got {len(got)}"]
    missing = [w for w in want if w not in got]
    extra = [g for g in got if g not in want]
    lines += [f"  missing {row!r}"[:300] for row in missing[:limit]]
    lines += [f"  extra   {row!r}"[:300] for row in extra[:limit]]
    if not missing and not extra:
        lines.append("  same rows, different order")
    return lines


def problems(case: Case, result) -> dict[str, list[str]]:
    """Per aspect (scores, ranks, paragraphs, furniture), what is wrong; empty when right."""
    if result.extraction is None:
        why = [f"no extraction: {getattr(result, 'status', '?')}"]
        why += [f"  {f.rule.value}: {f.message}"[:200] for f in result.findings[:5]]
        return {"scores": why, "ranks": why, "paragraphs": why, "furniture": []}
    paragraphs = extracted_paragraphs(result)
    dirty = [text[:120] for _, _, text in paragraphs if FURNITURE.search(text)]
    return {
        "scores": _diff("scores", expected_scores(case.spec), extracted_scores(result)),
        "ranks": _diff("ranks", expected_ranks(case.spec), extracted_ranks(result)),
        "paragraphs": _diff("paragraphs", expected_paragraphs(case.spec), paragraphs, limit=3),
        "furniture": [f"furniture or placeholder in a paragraph: {t!r}" for t in dirty[:3]],
    }
