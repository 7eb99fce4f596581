"""Fuzz: mutate the seed profile and check the pipeline neither breaks nor stays silent.

Mutations delete, duplicate and swap lines, flip digits and arrows, and cut
the file short. For every mutant the pipeline must finish without an
internal error, and when the mutation changed a number of the score pages,
either the extracted scores and ranks change or a finding says something is
wrong. `make fuzz` runs many more cases (FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.run import process_report
from tests.conftest import SEED_PATH

SEED = SEED_PATH.read_text(encoding="utf-8")
SEED_LINES = SEED.split("\n")
NUMBER_OR_ARROW = regex.compile(r"\d+(?:\.\d+)?|\\[a-z]+arrow")
# A zero delta is flat whatever its arrow: flipping that arrow changes nothing.
ZERO_ARROW = regex.compile(r"\\[a-z]+arrow\s*0\.00")
FOLDER = Path(tempfile.mkdtemp(prefix="ocindex-fuzz-")) / "2025"
FOLDER.mkdir(parents=True)


def is_score_page_line(line: str) -> bool:
    """Score and rank lines as the converter writes them (narrative has none of these marks)."""
    return "\t" in line or "$\\" in line or "<sup>" in line or bool(
        regex.match(r"\s*\d{1,2}\.\d\d\b", line))


def signature(lines: list[str]) -> Counter:
    """The score-page lines as a multiset: a swap moves numbers with their labels, so
    only deleting, duplicating, editing or cutting lines changes it."""
    return Counter(ZERO_ARROW.sub("0.00", line.strip()) for line in lines
                   if is_score_page_line(line) and NUMBER_OR_ARROW.search(line))


def run(text: str):
    path = FOLDER / "mutant.txt"
    path.write_text(text, encoding="utf-8")
    return process_report(path)


def outcome(result) -> tuple:
    x = result.extraction
    if x is None:
        return ()
    return (tuple((s.indicator, s.level, s.score, s.delta, s.position) for s in x.scores),
            tuple((r.dimension, r.scope, r.rank, r.out_of, r.rank_change) for r in x.ranks))


def complaints(result) -> set[tuple[str, str | None]]:
    return {(f.rule.value, f.value) for f in result.findings if f.severity.value != "info"}


BASELINE = run(SEED)
SCORE_LINE_NUMBERS = [i for i, line in enumerate(SEED_LINES)
                      if is_score_page_line(line) and regex.search(r"\d", line)]


@st.composite
def mutation(draw):
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "digit", "arrow", "cut"]))
    # Aim most mutations at the score pages, where the numbers are.
    near = draw(st.booleans())
    index = (draw(st.sampled_from(SCORE_LINE_NUMBERS)) if near
             else draw(st.integers(0, len(SEED_LINES) - 1)))
    other = draw(st.integers(0, len(SEED_LINES) - 1))
    digit = draw(st.sampled_from("0123456789"))
    position = draw(st.integers(0, 200))
    return kind, index, other, digit, position


def apply(lines: list[str], step) -> list[str]:
    kind, index, other, digit, position = step
    lines = list(lines)
    index, other = index % len(lines), other % len(lines)
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "swap":
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "digit":
        spots = [m.start() for m in regex.finditer(r"\d", lines[index])]
        if spots:
            at = spots[position % len(spots)]
            lines[index] = lines[index][:at] + digit + lines[index][at + 1:]
    elif kind == "arrow":
        flips = {"\\nearrow": "\\searrow", "\\searrow": "\\nearrow"}
        found = list(regex.finditer(r"\\nearrow|\\searrow", lines[index]))
        if found:
            m = found[position % len(found)]
            lines[index] = lines[index][:m.start()] + flips[m.group()] + lines[index][m.end():]
    elif kind == "cut":
        lines = lines[: max(1, index)]
    return lines or [""]


FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_mutated_seed_never_breaks_and_never_hides_a_changed_number(steps):
    lines = SEED_LINES
    for step in steps:
        lines = apply(lines, step)
    result = run("\n".join(lines))
    internal = [f.message for f in result.findings if "internal error" in f.message]
    assert internal == []
    assert result.status in ("ok", "invalid", "failed")
    if signature(lines) != signature(SEED_LINES):
        changed_output = outcome(result) != outcome(BASELINE)
        new_complaints = complaints(result) - complaints(BASELINE)
        assert changed_output or new_complaints, steps


def test_baseline_is_the_clean_seed():
    assert BASELINE.status == "ok" and len(BASELINE.extraction.scores) == 36
