"""Bare text extraction passes the pipeline's PDF path is measured against.

    python -m bench.bare pdfplumber .bench/corpus/pdf
    python -m bench.bare pypdfium2 .bench/corpus/pdf
    python -m bench.bare source_pdfium .bench/corpus/pdf       # the page-model sources
    python -m bench.bare source_pdfplumber .bench/corpus/pdf

Each opens every PDF under the folder and pulls every page's text, nothing
else, on one core; it prints one JSON line (files, pages, characters) so the
text is used and the counts can be checked.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def pdfplumber_pass(paths: list[Path]) -> tuple[int, int]:
    """Return pages and characters of page.extract_text() over every page."""
    import pdfplumber

    pages = chars = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.extract_text())
                pages += 1
    return pages, chars


def pypdfium2_pass(paths: list[Path]) -> tuple[int, int]:
    """Return pages and characters of the text page's get_text_range() over every page."""
    import pypdfium2 as pdfium

    pages = chars = 0
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        for page in pdf:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            pages += 1
            textpage.close()
            page.close()
        pdf.close()
    return pages, chars


def source_pass(name: str):
    """A pass that builds every page model with one of the pipeline's PDF sources."""
    def run(paths: list[Path]) -> tuple[int, int, dict]:
        import importlib

        source = importlib.import_module(f"pipeline.read.{name}")
        pages = chars = fallback = 0
        for path in paths:
            models = source.pdf_to_pages(path.read_bytes())
            for model in models:
                pages += 1
                chars += model.n_chars
            fallback += len(getattr(models, "fallback_pages", ()))
        return pages, chars, {"fallback_pages": fallback}
    return run


PASSES = {"pdfplumber": pdfplumber_pass, "pypdfium2": pypdfium2_pass,
          "source_pdfium": source_pass("source_pdfium"),
          "source_pdfplumber": source_pass("source_pdfplumber")}


def main(argv: list[str] | None = None) -> int:
    """Run one bare pass over a folder of PDFs and print its counts."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] not in PASSES:
        print(f"usage: python -m bench.bare {{{','.join(PASSES)}}} FOLDER", file=sys.stderr)
        return 2
    paths = sorted(Path(argv[1]).rglob("*.pdf"))
    pages, chars, *extra = PASSES[argv[0]](paths)
    print(json.dumps({"files": len(paths), "pages": pages, "chars": chars,
                      **(extra[0] if extra else {})}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
