"""Font facts pdfium leaves out, for the pypdfium2 page-model source: subset prefixes,
pdfminer's descents, and the ZapfDingbats codes pdfminer prints as "(cid:N)"."""

from __future__ import annotations

import ctypes
import functools
import re
import zlib
from typing import Iterator

import pypdfium2.raw as pdfium_c

# Fonts whose codes pdfminer reads without Unicode: their pages go to the
# pdfplumber source, except the ZapfDingbats codes below.
SYMBOL_FONTS = re.compile(r"^(Symbol|ZapfDingbats|Wingdings.*|Webdings|.*Dingbats.*)$", re.I)
# ZapfDingbats (the standard font, not embedded): the Unicode pdfium gives
# for each code pdfminer prints as "(cid:N)" with no width, arrows among them
# (measured by drawing every code; see tests/test_source_parity.py).
ZAPF_CID = dict(zip(
    "\u2768\u2769\u276a\u276b\u276c\u276d\u276e\u276f\u2770\u2771\u2772\u2773\u2774\u2775"
    "\u2464\u2469\u277e\u2780\u2789\u278c\u2791\u2792\u2793\u2794\u2192\u2194\u2195\u2798"
    "\u2799\u279a\u279b\u279c\u279d\u279e\u279f\u27a0\u27a2\u27a4\u27a5\u27a6\u27a7\u27ac"
    "\u27ad\u27ae\u27af\u27b2\u27b3\u27b4\u27b6\u27b7\u27bc\u27bd\u27be",
    (*range(0x80, 0x8e), 0xb0, 0xb5, 0xbe, 0xc0, 0xc9, 0xcc, *range(0xd1, 0xe1), 0xe2,
     *range(0xe4, 0xe8), *range(0xec, 0xf0), 0xf2, 0xf3, 0xf4, 0xf6, 0xf7, 0xfc, 0xfd, 0xfe),
    strict=True))


class FontNames:
    """Font names as the PDF spells them: pdfium drops a subset's "AAAAAA+" prefix."""

    SUBSET = re.compile(rb"/BaseFont\s*/([A-Z]{6})\+([^\s/<>\[\]()%{}]+)")
    OBJSTM = re.compile(rb"/Type\s*/ObjStm.*?stream\r?\n", re.S)

    def __init__(self, data: bytes):
        self.data = data
        self._prefixes: dict[str, set[str]] | None = None

    def prefixes(self) -> dict[str, set[str]]:
        if self._prefixes is None:
            found: dict[str, set[str]] = {}
            for chunk in self.chunks():
                for prefix, name in self.SUBSET.findall(chunk):
                    found.setdefault(unescape_name(name), set()).add(prefix.decode("latin-1"))
            self._prefixes = found
        return self._prefixes

    def chunks(self) -> Iterator[bytes]:
        yield self.data
        # Object streams (PDF 1.5) hide their dictionaries in a deflated stream.
        for match in self.OBJSTM.finditer(self.data):
            end = self.data.find(b"endstream", match.end())
            try:
                yield zlib.decompress(self.data[match.end():end])
            except zlib.error:
                continue

    def full_name(self, base: str, embedded: bool) -> str | None:
        """The name pdfplumber reports; None when two subsets share the base name."""
        if not embedded:
            return base
        prefixes = self.prefixes().get(base)
        if not prefixes:
            return base
        if len(prefixes) > 1:
            return None
        return f"{next(iter(prefixes))}+{base}"


def unescape_name(name: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                  name).decode("latin-1")


@functools.cache
def afm_descents() -> dict[str, float]:
    """pdfminer's descents for the standard fonts, per point of size."""
    from pdfminer.fontmetrics import FONT_METRICS

    return {k: float(v[0].get("Descent", 0) or 0) / 1000 for k, v in FONT_METRICS.items()}


@functools.cache
def afm_widths(name: str) -> dict[str, float] | None:
    """A standard font's advance per char, per point of size (pdfminer's AFM widths), or None.

    pdfium draws a standard font it does not have with a substitute whose
    glyph boxes are not the standard widths ("f" in Times-Italic by half a
    point at 6.5 pt); its origins, like pdfminer's boxes, follow the widths.
    """
    from pdfminer.fontmetrics import FONT_METRICS

    if name not in FONT_METRICS:
        return None
    return {ch: width / 1000 for ch, width in FONT_METRICS[name][1].items()
            if isinstance(ch, str) and len(ch) == 1}


def descent(font, name: str) -> float:
    """The font's descent per point of size, as pdfminer takes it (negative)."""
    standard = afm_descents()
    if name in standard:  # the standard fonts: pdfminer's own metrics, not the PDF's
        return standard[name]
    value = ctypes.c_float()
    if not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), value):
        return 0.0
    return -abs(value.value) / 1000
