"""Read converted text (Markdown-like, from a PDF-to-text converter) into a Document."""

from __future__ import annotations

import codecs
import hashlib

from ..records import Document, Finding, Line, ReadError, Rule, Severity

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


def bytes_to_text(data: bytes) -> tuple[str, str | None]:
    """Decode a text report: UTF-8, UTF-16/32 by their BOM, else the single-byte
    encoding charset-normalizer finds; return the text and the encoding when not UTF-8."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None if encoding == "utf-8-sig" else encoding
            except UnicodeDecodeError as exc:
                raise ReadError(f"byte {exc.start}", f"not {encoding} text, though it "
                                "starts with that byte order mark") from None
    if b"\x00" in data[:8192]:
        raise ReadError(f"byte {data.index(0)}", "binary data (NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    matches = [m for m in from_bytes(data) if not is_multi_byte_encoding(m.encoding)]
    if not matches:
        raise ReadError(f"byte {utf8_error}", "binary data, or text in no encoding "
                        "charset-normalizer knows (not UTF-8)")
    # Ties are common (Western text reads alike in cp1250 and cp1252); take
    # Windows' Western code page, what converters on Windows write, among them.
    best = min(matches, key=lambda m: (m.chaos, -m.coherence))
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    western = [m for m in tied if "cp1252" in m.could_be_from_charset]
    if western:
        return data.decode("cp1252"), "cp1252"
    return str(best), best.encoding


def text_bytes_to_document(data: bytes, source_path: str) -> Document:
    """Decode converted text; a form feed starts a new page."""
    if not data.strip():
        raise ReadError("byte 0", "the file is empty")
    text, encoding = bytes_to_text(data)
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
        findings=() if encoding is None else (Finding(
            Severity.WARNING, Rule.ENCODING, f"not UTF-8: read as {encoding}", "whole document",
            encoding),),
    )
