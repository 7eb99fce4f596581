"""The pypdfium2 source gives the pdfplumber source's page models: same words, boxes within 0.5 pt."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.read import source_pdfium, source_pdfplumber
from pipeline.records import ReadError
from tests.pdf_cases import ENCODINGS, load_spec, spec_paths
from tests.support.profiles import spec_to_pdf

SPECS = {p.stem: p for p in spec_paths()}
SEED = "2025_azerbaijan_seed"
GOLDEN = sorted((Path(__file__).parent / "fixtures").glob("*/input/*/*.pdf"))
BOX_TOLERANCE = 0.5  # points
COLOUR_TOLERANCE = 1 / 255 + 1e-9  # pdfium gives colours as bytes

OPTIONS = [
    {"hyphenate": True},
    {"ligatures": True},
    {"fake_bold": True},
    {"columns": 1},
    {"hyphenate": True, "ligatures": True, "fake_bold": True, "arrows": "vector"},
]
CASES = ([(stem, {"arrows": encoding}) for stem in sorted(SPECS) for encoding in ENCODINGS]
         + [(stem, options) for stem in (SEED, "2023_colombia", "2021_fiji", "2025_nigeria")
            for options in OPTIONS])


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    root = tmp_path_factory.mktemp("parity")
    cache: dict[tuple, Path] = {}

    def draw(stem: str, **options) -> Path:
        key = (stem, tuple(sorted(options.items())))
        if key not in cache:
            name = "_".join([stem, *(f"{k}-{v}" for k, v in sorted(options.items()))])
            cache[key] = spec_to_pdf(load_spec(SPECS[stem]), root / f"{name}.pdf", **options)
        return cache[key]

    return draw


def rgb(colour) -> tuple[float, ...] | None:
    """A colour as RGB: pdfium gives every colour so, pdfminer as the PDF set it."""
    if colour is None:
        return None
    if len(colour) == 1:
        return (colour[0],) * 3
    if len(colour) == 4:
        c, m, y, k = colour
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return tuple(colour)


def close(a, b, tolerance: float) -> bool:
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b))


def token_key(token):
    return (token.text, round(token.top), token.x0)


def assert_same_tokens(reference, page) -> float:
    """Same words, fonts, sizes and colours; boxes within the tolerance. Return the largest gap."""
    # pdfplumber groups glyphs by size as pdfminer computes it, with float
    # noise that differs from line to line, so its word order can differ:
    # compare the words as sets, each matched by text and place.
    ref, got = sorted(reference.tokens, key=token_key), sorted(page.tokens, key=token_key)
    assert [t.text for t in got] == [t.text for t in ref]
    worst = 0.0
    for r, g in zip(ref, got):
        assert (g.font, g.upright) == (r.font, r.upright), (r, g)
        assert abs(g.size - r.size) < 0.01, (r, g)
        assert close(rgb(g.colour), rgb(r.colour), COLOUR_TOLERANCE), (r, g)
        gap = max(abs(g.x0 - r.x0), abs(g.x1 - r.x1), abs(g.top - r.top), abs(g.bottom - r.bottom))
        assert gap <= BOX_TOLERANCE, (r, g)
        worst = max(worst, gap)
    assert page.n_chars == reference.n_chars
    return worst


def graphic_key(graphic):
    return (graphic.kind, round(graphic.x0), round(graphic.top), graphic.x0, graphic.top)


def assert_same_graphics(reference, page) -> None:
    ref, got = sorted(reference.graphics, key=graphic_key), sorted(page.graphics, key=graphic_key)
    assert [g.kind for g in got] == [g.kind for g in ref]
    for r, g in zip(ref, got):
        assert close((g.x0, g.top, g.x1, g.bottom), (r.x0, r.top, r.x1, r.bottom), 0.05), (r, g)
        assert (g.fill, g.stroke, g.closed) == (r.fill, r.stroke, r.closed), (r, g)
        if g.kind == "image":
            # pdfplumber decodes a plain RGB stream itself and renders anything else.
            if r.pixels is not None and g.pixels is not None and \
                    (len(r.pixels), len(r.pixels[0])) == (len(g.pixels), len(g.pixels[0])):
                assert g.pixels == r.pixels
            assert (g.pixels is None) == (r.pixels is None)
            continue
        assert close(rgb(g.fill_colour), rgb(r.fill_colour), COLOUR_TOLERANCE), (r, g)
        assert close(rgb(g.stroke_colour), rgb(r.stroke_colour), COLOUR_TOLERANCE), (r, g)
        if r.stroke:  # pdfminer starts at width 0 where the PDF's default is 1
            assert abs(g.line_width - r.line_width) < 1e-3 or r.line_width == 0
        assert len(g.subpaths) == len(r.subpaths)
        for gs, rs in zip(g.subpaths, r.subpaths):
            assert len(gs) == len(rs), (r, g)
            for gp, rp in zip(gs, rs):
                assert close(gp, rp, 0.05), (r, g)


def assert_same_pages(data: bytes) -> list[int]:
    reference = list(source_pdfplumber.pdf_to_pages(data))
    pages = source_pdfium.pdf_to_pages(data)
    models = list(pages)
    assert [(p.number, p.width, p.height) for p in models] == \
        [(p.number, pytest.approx(p.width), pytest.approx(p.height)) for p in reference]
    for ref, page in zip(reference, models):
        assert_same_tokens(ref, page)
        assert_same_graphics(ref, page)
    return pages.fallback_pages


@pytest.mark.parametrize("stem, options", CASES,
                         ids=[f"{s}-{'+'.join(f'{k}={v}' for k, v in o.items())}" for s, o in CASES])
def test_pdfium_pages_equal_pdfplumber_pages(render, stem, options):
    assert assert_same_pages(render(stem, **options).read_bytes()) == []


# Golden PDFs whose pages pypdfium2 hands to pdfplumber, and why: a running
# head rotated into a side strip on every page (rotated text, see source_pdfium).
FALLBACK = {"pdf_fuzz_seed15_cards_three_columns_2025": [1, 2, 3]}
# Known differences between the two sources, open (strict: a fix makes them fail).
KNOWN = {"pdf_fuzz_seed9_congo_bar_head_2023": "pypdfium2's box for a word in Helvetica-Oblique "
         "(the closing footnote) is 0.59 pt off pdfplumber's; the tolerance is 0.5 pt"}


def golden_case(path: Path):
    name = path.parent.parent.parent.name
    marks = [pytest.mark.xfail(reason=KNOWN[name], strict=True)] if name in KNOWN else []
    return pytest.param(path, id=name, marks=marks)


@pytest.mark.parametrize("path", [golden_case(p) for p in GOLDEN])
def test_pdfium_pages_equal_pdfplumber_pages_on_the_golden_pdfs(path):
    expected = FALLBACK.get(path.parent.parent.parent.name, [])
    assert assert_same_pages(path.read_bytes()) == expected


def test_fake_bold_twins_are_dropped_and_a_page_without_them_is_left_alone(render):
    pages = list(source_pdfium.pdf_to_pages(render(SEED, fake_bold=True).read_bytes()))
    words = {t.text for p in pages for t in p.tokens}
    assert "CRIMINALITY" in words and "CCRRIIMMIINNAALLIITTYY" not in words
    runs = [source_pdfium.Run(("Helvetica", 9.0, (0.0,)), (0, 9.0, 1.0), 10.0, 19.0, False)]
    runs[0].chars.append(["A", 1.0, 7.0])
    assert source_pdfium.drop_twins(runs) is runs


def symbol_pdf(path: Path) -> bytes:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "Plain words on the first page")
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "A Symbol arrow follows")
    c.setFont("Symbol", 10)
    c.drawString(200, 720, "\u2192")  # Symbol's arrowright
    c.showPage()
    c.save()
    return path.read_bytes()


def test_a_symbol_font_page_falls_back_to_pdfplumber_and_is_counted(tmp_path):
    data = symbol_pdf(tmp_path / "symbol.pdf")
    reference = list(source_pdfplumber.pdf_to_pages(data))
    pages = source_pdfium.pdf_to_pages(data)
    models = list(pages)
    assert pages.fallback_pages == [2]
    assert models[1] == reference[1]
    assert_same_tokens(reference[0], models[0])


def test_every_zapf_dingbats_code_pdfminer_prints_as_a_cid_reads_the_same(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "zapf.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("ZapfDingbats", 10)
    font = c._doc.getInternalFontName("ZapfDingbats")
    codes = sorted(source_pdfium.ZAPF_CID.values())
    for i, code in enumerate(codes):
        c._code.append(f"BT {font} 10 Tf {40 + (i % 12) * 40} {780 - (i // 12) * 30} Td "
                       f"<{code:02X}> Tj ET")
    c.save()
    data = path.read_bytes()
    pages = source_pdfium.pdf_to_pages(data)
    models = list(pages)
    assert pages.fallback_pages == []
    reference = list(source_pdfplumber.pdf_to_pages(data))
    assert sorted(t.text for t in reference[0].tokens) == sorted(f"(cid:{c})" for c in codes)
    assert_same_tokens(reference[0], models[0])


def encrypted_pdf(path: Path) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(
        "secret", ownerPassword="owner", canPrint=0))
    c.drawString(72, 720, "AZERBAIJAN")
    c.save()
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["empty", "garbage", "header_only", "truncated", "encrypted"])
def test_unreadable_pdfs_raise_a_read_error(render, tmp_path, kind):
    good = render("2025_germany", arrows="unicode").read_bytes()
    data = {"empty": b"", "garbage": b"not a pdf at all",
            "header_only": b"%PDF-1.4\n% nothing else\n", "truncated": good[: len(good) // 3],
            "encrypted": encrypted_pdf(tmp_path / "e.pdf") if kind == "encrypted" else b""}[kind]
    pages = source_pdfium.pdf_to_pages(data)  # nothing is read until the first page is asked for
    with pytest.raises(ReadError) as caught:
        list(pages)
    assert caught.value.location == "document"
    if kind == "encrypted":
        assert caught.value.reason == "the PDF is encrypted; a password is needed"
    else:
        assert caught.value.reason.startswith("not a readable PDF (")


@pytest.mark.xfail(strict=True, reason="pdfium keeps an embedded TrueType font's /Widths as "
                   "integers (612.793 -> 612), so x drifts by up to 0.001 x size a glyph along a "
                   "line: 0.75 pt at the end of a one-column DejaVu line; to fix, read /Widths")
def test_long_lines_in_an_embedded_font_stay_within_half_a_point(render):
    assert_same_pages(render("2021_azerbaijan", columns=1, ligatures=True).read_bytes())
