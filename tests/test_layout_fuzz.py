"""Layout fuzzer: every spec drawn under a random page design reads back exactly.

Each seed picks a spec and a design (tests/support/fuzz/design.py). The
goal is that the profile yields exactly the drawn spec's scores, ranks and
paragraphs, with no furniture or callout text in any paragraph.
LAYOUT_FUZZ_EXAMPLES sets how many seeds run (200 by default, 2000 in
`make fuzz`). The seeds are drawn and read once, up front, in
LAYOUT_FUZZ_WORKERS processes (default: one per CPU).

What `make test` holds today (issue 9 is still open; see README, "Reading
PDFs"): per seed, the score rows and rank lines are exact and no furniture
reaches a paragraph; over all seeds, the shares of paragraphs and whole
cases read exactly stay at or above the floors measured when they were set.
With FUZZ_EXACT=1 (as `make fuzz` sets) each seed must also be exact in
everything: that is the target, and it lists every seed that misses it.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from functools import partial
from pathlib import Path

import pytest

from tests.pdf_cases import SPECS, load_spec
from tests.support.fuzz import random_layout, spec_to_layout_pdf
from tests.support.fuzz.check import evaluate

EXAMPLES = int(os.environ.get("LAYOUT_FUZZ_EXAMPLES", "200"))
EXACT = os.environ.get("FUZZ_EXACT") == "1"
# Measured on seeds 0-199 on 2026-12-02 (scores 100%, paragraphs 99.86%, 199
# of 200 cases whole); a change may raise them, never lower them.
FLOORS = {"scores": 1.0, "ranks": 1.0, "paragraphs": 0.995, "whole": 0.98}
WORKERS = int(os.environ.get("LAYOUT_FUZZ_WORKERS", str(os.cpu_count() or 1)))


def run_case(seed: int, root: Path) -> tuple[dict[str, list[str]], dict]:
    """Draw one seed under root/EDITION/ and read it back: (problems, row counts)."""
    try:
        layout = random_layout(seed)
        spec = load_spec(SPECS / f"{layout.spec}.json")
        path = spec_to_layout_pdf(spec, root / str(spec["edition"]) / f"seed-{seed}.pdf", layout)
        return evaluate(spec, layout, path)
    except Exception:  # a crash is that seed's failure, not the batch's
        return {"crash": traceback.format_exc().splitlines()[-12:]}, {}


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory) -> dict[int, tuple]:
    seeds = list(range(EXAMPLES))
    root = tmp_path_factory.mktemp("layouts")
    work = partial(run_case, root=root)
    if WORKERS <= 1 or len(seeds) < 4:
        return {seed: work(seed) for seed in seeds}
    with multiprocessing.get_context("fork").Pool(min(WORKERS, len(seeds))) as pool:
        return dict(zip(seeds, pool.map(work, seeds, chunksize=2)))


def describe(seed: int, problems: dict[str, list[str]]) -> list[str]:
    lines = [f"seed {seed}: {random_layout(seed)!r}",
             f"reproduce: .venv/bin/python -m tests.support.fuzz {seed} --png /tmp/fuzz{seed} --check"]
    for key, found in problems.items():
        lines += [f"{key}:"] + [f"  {line[:240]}" for line in found]
    return lines


@pytest.mark.parametrize("seed", range(EXAMPLES), ids=lambda seed: f"seed-{seed}")
def test_layout(seed, outcomes):
    """Per seed: no crash, scores and ranks exact, no furniture in a paragraph (all with FUZZ_EXACT)."""
    problems, _ = outcomes[seed]
    kinds = problems if EXACT else {k: v for k, v in problems.items()
                                    if k in ("crash", "failed", "scores", "ranks", "furniture")}
    if kinds:
        pytest.fail("\n".join(describe(seed, kinds)), pytrace=False)


def test_layout_rows_read_exactly_stay_above_their_floors(outcomes):
    """Over all seeds: the share of score rows, paragraphs and whole cases read exactly."""
    shares = {}
    for kind in ("scores", "ranks", "paragraphs"):
        right = sum(counts.get(kind, (0, 0))[0] for _, counts in outcomes.values())
        total = sum(counts.get(kind, (0, 1))[1] for _, counts in outcomes.values())
        shares[kind] = right / total
    shares["whole"] = sum(not problems for problems, _ in outcomes.values()) / len(outcomes)
    low = {k: round(v, 4) for k, v in shares.items() if v < FLOORS[k]}
    missed = [seed for seed, (problems, _) in sorted(outcomes.items()) if problems]
    assert not low, (f"below the floor: {low} (floors {FLOORS}); seeds not exact: "
                     f"{missed[:40]}; reproduce one with "
                     ".venv/bin/python -m tests.support.fuzz SEED --check")


@pytest.mark.parametrize("seed", range(0, 400, 20), ids=lambda seed: f"seed-{seed}")
def test_fuzzer_draws_what_it_expects(seed, tmp_path):
    """Self-check, independent of the reader: the numbers are in the PDF's words and every
    expected paragraph was set and placed whole, in order."""
    from reportlab.pdfgen.canvas import Canvas

    from tests.support.fuzz.check import printed_numbers
    from tests.support.fuzz.design import drawn_spec, expected_for
    from tests.support.fuzz.pen import Pen
    from tests.support.fuzz.story import drawn_paragraphs

    layout = random_layout(seed)
    spec = load_spec(SPECS / f"{layout.spec}.json")
    path = spec_to_layout_pdf(spec, tmp_path / str(spec["edition"]) / "x.pdf", layout)
    assert printed_numbers(spec, layout, path) == []
    pen = Pen(Canvas(str(tmp_path / "scratch.pdf"), pagesize=layout.size), layout)
    placed = drawn_paragraphs(pen, drawn_spec(spec, layout)["narrative"])
    assert placed == [text for _, _, text in expected_for(spec, layout)[2]]
