"""Render one fuzzed case: python -m tests.support.fuzz SEED [--out PATH] [--png DIR] [--check]."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tests.pdf_cases import SPECS, load_spec
from tests.support.fuzz.design import expected_for, random_layout
from tests.support.fuzz.render import spec_to_layout_pdf


def case(seed: int, out: Path | None = None) -> tuple:
    """(layout, spec, path) of one seed; the PDF goes under a folder named for the edition."""
    layout = random_layout(seed)
    spec = load_spec(SPECS / f"{layout.spec}.json")
    path = out or Path("/tmp/layout_fuzz") / str(spec["edition"]) / f"seed-{seed}.pdf"
    return layout, spec, spec_to_layout_pdf(spec, path, layout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.fuzz", description=__doc__)
    parser.add_argument("seed", type=int)
    parser.add_argument("--out", type=Path, help="PDF path (default /tmp/layout_fuzz/EDITION/seed-N.pdf)")
    parser.add_argument("--png", type=Path, help="also write one PNG per page into this folder")
    parser.add_argument("--check", action="store_true",
                        help="run the pipeline on it and print what differs from the spec")
    args = parser.parse_args(argv)
    layout, spec, path = case(args.seed, args.out)
    print(layout)
    print(path)
    if args.png:
        import pypdfium2
        args.png.mkdir(parents=True, exist_ok=True)
        pdf = pypdfium2.PdfDocument(str(path))
        for i in range(len(pdf)):
            target = args.png / f"seed-{args.seed}-p{i + 1}.png"
            pdf[i].render(scale=1.5).to_pil().save(target)
            print(target)
    if args.check:
        from tests.support.fuzz.check import compare
        problems = compare(spec, layout, path, spec["edition"])
        print(json.dumps(problems, indent=1, default=str) if problems else "extracted == expected")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
