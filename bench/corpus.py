"""Generate the benchmark corpus: a full edition as PDFs and as converted text.

The profiles are the test fixtures' (`tests.support`): published 2025
numbers for every country, synthetic narrative of about four pages, the
four arrow encodings taken in turn. Laid out like `raw/`:

    .bench/corpus/pdf/2025/<slug>.pdf
    .bench/corpus/text/2025/<slug>.txt
    .bench/corpus/stamp.json   # what was generated; a matching stamp skips generation

    python -m bench.corpus --reference ../shared/reference
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCH_DIR = REPO / ".bench"
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
# Bump when the corpus a given stamp describes would come out different.
GENERATOR_VERSION = 1
EDITION = 2025
FULL_EDITION = 193
NARRATIVE_PAGES = 4.0
STAMP_KEYS = ("generator_version", "edition", "count", "narrative_pages")


class ReferenceMissing(Exception):
    """The reference folder with the published numbers is not there."""


def reference_problem(reference: Path) -> str | None:
    """Say what is missing from the reference folder, or None when it is complete."""
    from tests.support.specs import CSV_2025, WORKBOOK, WORKBOOK_2025

    if not reference.is_dir():
        return (f"reference folder {reference} not found; the corpus is built from the "
                f"published numbers there: pass --reference DIR")
    missing = [name for name in (WORKBOOK, WORKBOOK_2025, CSV_2025)
               if not (reference / name).is_file()]
    if not missing:
        return None
    return (f"reference folder {reference} lacks {', '.join(missing)}; the corpus is built "
            f"from the published numbers there: pass --reference DIR")


def country_slug(country: str) -> str:
    """Name a country's files the way the fixture specs are named: "congo_dem_rep"."""
    from tests.support.specs import spec_file_name

    return Path(spec_file_name(country, EDITION)).stem.split("_", 1)[1]


def wanted_stamp(count: int, narrative_pages: float) -> dict:
    """Return the stamp fields a corpus of this size and length must carry."""
    return {"generator_version": GENERATOR_VERSION, "edition": EDITION, "count": count,
            "narrative_pages": narrative_pages}


def read_stamp(corpus_dir: Path) -> dict | None:
    """Return the corpus's stamp, or None when there is none or it is unreadable."""
    try:
        return json.loads((corpus_dir / "stamp.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def corpus_is_current(corpus_dir: Path, want: dict) -> bool:
    """Tell whether the corpus on disk is the one the stamp fields describe."""
    stamp = read_stamp(corpus_dir)
    if stamp is None or any(stamp.get(key) != want[key] for key in STAMP_KEYS):
        return False
    pdfs = list((corpus_dir / "pdf" / str(EDITION)).glob("*.pdf"))
    texts = list((corpus_dir / "text" / str(EDITION)).glob("*.txt"))
    return len(pdfs) == len(texts) == want["count"]


def count_pdf_pages(path: Path) -> int:
    """Count a PDF's pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def generate_corpus(reference: Path, corpus_dir: Path, count: int = FULL_EDITION,
                    narrative_pages: float = NARRATIVE_PAGES) -> dict:
    """Write count profiles (the first countries by name) as PDF and text; return the stamp."""
    problem = reference_problem(reference)
    if problem:
        raise ReferenceMissing(problem)
    from tests.support import catalogue as cat
    from tests.support.layout import ARROW_ENCODINGS
    from tests.support.profiles import spec_to_pdf, spec_to_text
    from tests.support.specs import DEFAULT_REGIONS, build_spec, reference_to_tables

    started = time.perf_counter()
    shutil.rmtree(corpus_dir, ignore_errors=True)
    pdf_dir = corpus_dir / "pdf" / str(EDITION)
    text_dir = corpus_dir / "text" / str(EDITION)
    pdf_dir.mkdir(parents=True)
    text_dir.mkdir(parents=True)
    adjectives = cat.adjectives_from_csv(DEFAULT_REGIONS) if DEFAULT_REGIONS.exists() else {}
    tables = reference_to_tables(reference)
    countries = sorted(tables[EDITION].scores)[:count]
    reports = []
    for i, country in enumerate(countries):
        spec = build_spec(tables, EDITION, country, adjectives, narrative_pages)
        slug = country_slug(country)
        arrows = ARROW_ENCODINGS[i % len(ARROW_ENCODINGS)]
        pdf_path = spec_to_pdf(spec, pdf_dir / f"{slug}.pdf", arrows=arrows)
        (text_dir / f"{slug}.txt").write_text(spec_to_text(spec), encoding="utf-8")
        reports.append({"country": country, "slug": slug, "arrows": arrows,
                        "pdf_pages": count_pdf_pages(pdf_path)})
        if (i + 1) % 25 == 0 or i + 1 == len(countries):
            print(f"  generated {i + 1}/{len(countries)} profiles "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    stamp = {
        **wanted_stamp(len(countries), narrative_pages),
        "seconds": round(time.perf_counter() - started, 2),
        "pdf_pages": sum(r["pdf_pages"] for r in reports),
        "pdf_bytes": sum(p.stat().st_size for p in pdf_dir.glob("*.pdf")),
        "text_bytes": sum(p.stat().st_size for p in text_dir.glob("*.txt")),
        "reports": reports,
    }
    # The stamp goes last: a corpus cut short by an interrupt has none and is redone.
    (corpus_dir / "stamp.json").write_text(json.dumps(stamp, indent=1) + "\n",
                                           encoding="utf-8")
    return stamp


def ensure_corpus(reference: Path, corpus_dir: Path, count: int = FULL_EDITION,
                  narrative_pages: float = NARRATIVE_PAGES,
                  regenerate: bool = False) -> tuple[dict, bool]:
    """Return the corpus's stamp and whether it was generated now (else reused)."""
    if not regenerate and corpus_is_current(corpus_dir, wanted_stamp(count, narrative_pages)):
        return read_stamp(corpus_dir), False
    return generate_corpus(reference, corpus_dir, count, narrative_pages), True


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus (or confirm the cached one) and print its size."""
    parser = argparse.ArgumentParser(
        description="Generate the benchmark corpus of PDF and converted-text profiles.",
        epilog="example: python -m bench.corpus --reference ../shared/reference --count 20")
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_BENCH_DIR / "corpus")
    parser.add_argument("--count", type=int, default=FULL_EDITION)
    parser.add_argument("--narrative-pages", type=float, default=NARRATIVE_PAGES)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args(argv)
    try:
        stamp, generated = ensure_corpus(args.reference, args.corpus, args.count,
                                         args.narrative_pages, args.regenerate)
    except ReferenceMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(describe_corpus(stamp, generated))
    return 0


def describe_corpus(stamp: dict, generated: bool) -> str:
    """Write one line on the corpus: size, pages, and how long generating it took."""
    how = "generated now" if generated else "cached (generated once"
    return (f"corpus: {stamp['count']} PDFs ({stamp['pdf_pages']} pages, "
            f"{stamp['pdf_bytes'] / 1e6:.1f} MB) + {stamp['count']} texts "
            f"({stamp['text_bytes'] / 1e6:.1f} MB); {how} in {stamp['seconds']:.1f} s"
            + ("" if generated else ")"))


if __name__ == "__main__":
    raise SystemExit(main())
