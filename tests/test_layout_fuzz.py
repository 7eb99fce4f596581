"""Layout fuzzer: every spec drawn under a random page design reads back exactly.

Each seed picks a spec and a design (tests/support/fuzz/design.py); the
profile must yield exactly the drawn spec's scores, ranks and paragraphs,
with no furniture or callout text in any paragraph. LAYOUT_FUZZ_EXAMPLES
sets how many seeds run (200 by default, 2000 in `make fuzz`). The selected
seeds are drawn and read once, up front, in LAYOUT_FUZZ_WORKERS processes
(default: one per CPU); each seed is then its own test.
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
from tests.support.fuzz.check import compare

EXAMPLES = int(os.environ.get("LAYOUT_FUZZ_EXAMPLES", "200"))
WORKERS = int(os.environ.get("LAYOUT_FUZZ_WORKERS", str(os.cpu_count() or 1)))


def run_case(seed: int, root: Path) -> dict[str, list[str]]:
    """Draw one seed under root/EDITION/ and read it back; problems, or {} when exact."""
    try:
        layout = random_layout(seed)
        spec = load_spec(SPECS / f"{layout.spec}.json")
        path = spec_to_layout_pdf(spec, root / str(spec["edition"]) / f"seed-{seed}.pdf", layout)
        return compare(spec, layout, path)
    except Exception:  # a crash is that seed's failure, not the batch's
        return {"crash": traceback.format_exc().splitlines()[-12:]}


@pytest.fixture(scope="session")
def outcomes(request, tmp_path_factory) -> dict[int, dict]:
    seeds = [item.callspec.params["seed"] for item in request.session.items
             if item.originalname == "test_layout"]
    root = tmp_path_factory.mktemp("layouts")
    work = partial(run_case, root=root)
    if WORKERS <= 1 or len(seeds) < 4:
        return {seed: work(seed) for seed in seeds}
    with multiprocessing.get_context("fork").Pool(min(WORKERS, len(seeds))) as pool:
        return dict(zip(seeds, pool.map(work, seeds, chunksize=2)))


@pytest.mark.parametrize("seed", range(EXAMPLES), ids=lambda seed: f"seed-{seed}")
def test_layout(seed, outcomes):
    problems = outcomes[seed]
    lines = [f"seed {seed}: {random_layout(seed)!r}",
             f"reproduce: .venv/bin/python -m tests.support.fuzz {seed} --png /tmp/fuzz{seed} --check"]
    for key, found in problems.items():
        lines += [f"{key}:"] + [f"  {line[:240]}" for line in found]
    if problems:
        pytest.fail("\n".join(lines), pytrace=False)


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
