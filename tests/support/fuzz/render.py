"""Draw a spec as a profile PDF under a fuzzed layout."""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from tests.support.fuzz.design import Layout, drawn_spec
from tests.support.fuzz.furniture import draw_closing, draw_funding, draw_furniture, frame
from tests.support.fuzz.pen import Pen
from tests.support.fuzz.scores import draw_score_page
from tests.support.fuzz.story import draw_story


def spec_to_layout_pdf(spec: dict, path: Path | str, layout: Layout) -> Path:
    """Draw the spec (its narrative trimmed as `expected_for` says) into path; return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = drawn_spec(spec, layout)
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        canvas = Canvas(str(path), pagesize=layout.size, invariant=1, pageCompression=1)
        canvas.setTitle(f"{spec['country']} - Global Organized Crime Index {spec['edition']}")
        canvas.setCreator("tests.support.fuzz")
        pen = Pen(canvas, layout)
        for page, dimension in enumerate(spec["dimensions"], start=1):
            draw_score_page(pen, spec, dimension, frame(pen))
            draw_funding(pen, page)
            draw_furniture(pen, spec, page)
            canvas.showPage()

        def finish(page: int, last: bool) -> None:
            draw_furniture(pen, spec, page)
            if last:
                draw_closing(pen)
            canvas.showPage()

        draw_story(pen, spec, spec["narrative"], 3, finish)
        canvas.save()
    finally:
        rl_config.useA85 = saved
    return path
