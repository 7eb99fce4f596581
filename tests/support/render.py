"""Render fixture specs to PDF (and converted text) for looking at by eye.

    python -m tests.support.render tests/fixtures/specs --out /tmp/fixture_pdfs
    python -m tests.support.render tests/fixtures/specs/2023_fiji.json --out /tmp/x \\
        --arrows vector --columns 1 --hyphenate --ligatures
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from tests.support.layout import ARROW_ENCODINGS
from tests.support.profiles import spec_to_pdf, spec_to_text


def spec_paths(targets: list[Path]) -> list[Path]:
    """Expand folders into the spec files they hold."""
    paths = []
    for target in targets:
        paths += sorted(target.glob("*.json")) if target.is_dir() else [target]
    return paths


def main(argv: list[str] | None = None) -> int:
    """Render specs with one or every arrow encoding; print a timing line."""
    parser = argparse.ArgumentParser(description="Render fixture specs to PDF and text.",
                                     epilog="example: python -m tests.support.render "
                                            "tests/fixtures/specs --out /tmp/fixture_pdfs")
    parser.add_argument("specs", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--arrows", choices=ARROW_ENCODINGS + ("all",), default="all")
    parser.add_argument("--columns", type=int, choices=(1, 2), default=2)
    parser.add_argument("--no-furniture", action="store_true")
    for flag in ("hyphenate", "ligatures", "fake-bold", "arrow-colour-swap"):
        parser.add_argument(f"--{flag}", action="store_true")
    args = parser.parse_args(argv)

    encodings = ARROW_ENCODINGS if args.arrows == "all" else (args.arrows,)
    args.out.mkdir(parents=True, exist_ok=True)
    count, started = 0, time.perf_counter()
    for path in spec_paths(args.specs):
        spec = json.loads(path.read_text(encoding="utf-8"))
        text = spec_to_text(spec, furniture=not args.no_furniture)
        (args.out / f"{path.stem}.txt").write_text(text, encoding="utf-8")
        for encoding in encodings:
            spec_to_pdf(spec, args.out / f"{path.stem}_{encoding}.pdf", arrows=encoding,
                        columns=args.columns, furniture=not args.no_furniture,
                        hyphenate=args.hyphenate, ligatures=args.ligatures,
                        fake_bold=args.fake_bold, arrow_colour_swap=args.arrow_colour_swap)
            count += 1
    elapsed = time.perf_counter() - started
    print(f"rendered {count} PDFs in {elapsed:.2f} s ({elapsed / max(count, 1):.3f} s each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
