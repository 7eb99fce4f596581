"""Stage 1, read: a file on disk into a Document.

`text` reads converted text, `pdf` reads PDFs through a page model
(`model`, built by a source adapter; `layout` groups its tokens; `arrows`
decides which way a drawn arrow points). This package and `write.py` are
the only modules that open files.
"""

from __future__ import annotations

from pathlib import Path

from ..records import Document

TEXT_SUFFIXES = (".txt", ".md")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES


def find_reports(inputs: list[Path]) -> list[Path]:
    """List report files under the given files and folders, in path order."""
    found: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found.extend(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            found.append(path)
    return sorted(dict.fromkeys(found))


PDF_SOURCES = ("pdfium", "pdfplumber")
# pypdfium2 reads the page model about five times faster; pdfplumber is the
# reference it is held to (tests/test_source_parity.py) and stays selectable.
DEFAULT_PDF_SOURCE = "pdfium"


def path_to_document(path: Path, pdf_source: str = DEFAULT_PDF_SOURCE) -> Document:
    """Read a report file, choosing the reader by its first bytes and suffix."""
    data = path.read_bytes()
    if data.startswith(b"%PDF") or path.suffix.lower() in PDF_SUFFIXES:
        from .pdf import pdf_bytes_to_document

        return pdf_bytes_to_document(data, str(path), source=pdf_source)
    from .text import text_bytes_to_document

    return text_bytes_to_document(data, str(path))
