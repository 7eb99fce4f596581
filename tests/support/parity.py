"""What the two PDF sources read differently from one PDF: the rows compared whole.

Scores, ranks and paragraphs must be equal field for field, except that a
bbox may differ by BOX_TOLERANCE points; findings must be equal but for the
INFO finding that counts pdfium's fallback pages.

    .venv/bin/python -m tests.support.parity FILE.pdf ...   # prints what differs
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

BOX_TOLERANCE = 0.5  # points
FALLBACK = "read with pdfplumber instead of pypdfium2"  # the INFO finding


def rows(result) -> dict[str, list]:
    """The report's records by kind, each as a plain tuple of its fields."""
    extraction = result.extraction
    if extraction is None:
        return {"failed": [(f.rule, f.location, f.message) for f in result.findings]}
    return {"scores": [dataclasses.astuple(s) for s in extraction.scores],
            "ranks": [dataclasses.astuple(r) for r in extraction.ranks],
            "paragraphs": [dataclasses.astuple(p) for p in extraction.paragraphs],
            "findings": sorted((f.rule, f.location, f.message) for f in result.findings
                               if FALLBACK not in f.message)}


def same(a, b) -> bool:
    """Equal, with boxes (4-tuples of floats) within the tolerance."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) == 4 and len(b) == 4 and all(isinstance(v, float) for v in a + b):
            return all(abs(x - y) <= BOX_TOLERANCE for x, y in zip(a, b))
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def source_differences(path: Path, edition: int | None = None) -> list[str]:
    """Every row the pdfium source reads otherwise than the pdfplumber source; [] when equal."""
    from pipeline.run import process_report

    reference = rows(process_report(Path(path), edition, pdf_source="pdfplumber"))
    got = rows(process_report(Path(path), edition, pdf_source="pdfium"))
    out = []
    for kind in sorted(set(reference) | set(got)):
        ref, new = reference.get(kind, []), got.get(kind, [])
        if len(ref) != len(new):
            out.append(f"{kind}: {len(ref)} rows from pdfplumber, {len(new)} from pdfium")
        out += [f"{kind}: pdfplumber {r!r}\n  pdfium     {g!r}"
                for r, g in zip(ref, new) if not same(r, g)]
    return out


if __name__ == "__main__":
    bad = 0
    for name in sys.argv[1:]:
        found = source_differences(Path(name))
        bad += bool(found)
        for line in found[:10]:
            print(f"{name}: {line[:400]}")
    sys.exit(1 if bad else 0)
