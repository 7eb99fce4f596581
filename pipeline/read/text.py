"""Read converted text (Markdown-like, from a PDF-to-text converter) into a Document."""

from __future__ import annotations

import hashlib

from ..records import Document, Line, ReadError


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
