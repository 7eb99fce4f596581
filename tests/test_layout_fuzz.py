"""Layout fuzzer: every spec drawn under a random page design reads back exactly.

Each seed picks a spec and a design (tests/support/fuzz/design.py); the
profile must yield exactly the drawn spec's scores, ranks and paragraphs,
with no furniture or callout text in any paragraph. LAYOUT_FUZZ_EXAMPLES
sets how many seeds run (200 by default, 2000 in `make fuzz`).
"""

from __future__ import annotations

import os

import pytest

from tests.pdf_cases import SPECS, load_spec
from tests.support.fuzz import random_layout, spec_to_layout_pdf
from tests.support.fuzz.check import compare

EXAMPLES = int(os.environ.get("LAYOUT_FUZZ_EXAMPLES", "200"))


@pytest.mark.parametrize("seed", range(EXAMPLES), ids=lambda seed: f"seed-{seed}")
def test_layout(seed, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"layout{seed}")
    layout = random_layout(seed)
    spec = load_spec(SPECS / f"{layout.spec}.json")
    path = spec_to_layout_pdf(spec, root / str(spec["edition"]) / f"seed-{seed}.pdf", layout)
    problems = compare(spec, layout, path)
    lines = [f"seed {seed}: {layout!r}",
             f"reproduce: python -m tests.support.fuzz {seed} --out /tmp/x.pdf --png /tmp/x --check"]
    for key, found in problems.items():
        lines += [f"{key}:"] + [f"  {line[:240]}" for line in found]
    assert not problems, "\n".join(lines)
