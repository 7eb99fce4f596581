"""The page region behind an error, rendered from the PDF as a small PNG."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageDraw

REGION_SCALE = 2.0  # pixels per point for a region: small print stays legible
PAGE_SCALE = 0.8  # for a whole page, which only has to show the layout
MARGIN = 50  # points of page kept above and below the line
MARK = (220, 30, 30)


def region_to_png(path: Path, page: int, bbox: tuple | None) -> bytes:
    """Render the band of the page around bbox (x0, top, x1, bottom), the box outlined;
    the whole page when bbox is None."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        scale = PAGE_SCALE if bbox is None else REGION_SCALE
        image = pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    if bbox is not None:
        x0, top, x1, bottom = (v * scale for v in bbox)
        ImageDraw.Draw(image).rectangle((x0 - 4, top - 4, x1 + 4, bottom + 4),
                                        outline=MARK, width=3)
        band_top = max(0, int(top - MARGIN * scale))
        band_bottom = min(image.height, int(bottom + MARGIN * scale))
        image = image.crop((0, band_top, image.width, band_bottom))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
