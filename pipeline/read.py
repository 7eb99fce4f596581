"""Stage 1, read: a file on disk into a Document of raw lines.

This and `write.py` are the only modules that open files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .records import Document, Line

TEXT_SUFFIXES = (".txt", ".md")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES


class ReadError(Exception):
    """The file cannot be read as a report; the message says where and why."""

    def __init__(self, location: str, reason: str):
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


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


def path_to_document(path: Path) -> Document:
    """Read a report file, choosing the reader by its first bytes and suffix."""
    data = path.read_bytes()
    if data.startswith(b"%PDF") or path.suffix.lower() in PDF_SUFFIXES:
        from .read_pdf import pdf_bytes_to_document

        return pdf_bytes_to_document(data, str(path))
    return text_bytes_to_document(data, str(path))


def text_bytes_to_document(data: bytes, source_path: str) -> Document:
    """Decode converted text; a form feed starts a new page."""
    if not data.strip():
        raise ReadError("byte 0", "the file is empty")
    if b"\x00" in data[:8192]:
        raise ReadError(f"byte {data.index(0)}", "binary data (NUL bytes), not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"byte {exc.start}", "not UTF-8 text") from None
    physical_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "\f" not in text:  # the usual case: one page, one Line per physical line
        lines = [Line(n, 1, raw) for n, raw in enumerate(physical_lines, start=1)]
        page = 1
    else:
        lines, page = [], 1
        for line_no, physical in enumerate(physical_lines, start=1):
            for i, raw in enumerate(physical.split("\f")):
                page += 1 if i else 0
                if raw or not i:
                    lines.append(Line(line_no, page, raw))
    return Document(
        source_path=source_path,
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=page,
        lines=tuple(lines),
    )
