"""Compare what the pipeline reads from a fuzzed PDF with what was drawn."""

from __future__ import annotations

from pathlib import Path

from tests.pdf_cases import extracted_paragraphs, extracted_ranks, extracted_scores
from tests.support.fuzz.design import Layout, expected_for
from tests.support.pdf_pages import CLOSING, FUNDING_EU, FUNDING_US

# Text that is drawn but belongs to no paragraph.
FURNITURE = ("GLOBAL ORGANIZED CRIME INDEX", "Page ", "funded in part", "Funded by", "ENACT")


def intruders(layout: Layout, paragraphs: list[tuple], expected: list[tuple]) -> list[str]:
    """Furniture or callout text found inside a paragraph (and in no drawn paragraph)."""
    words = layout.callout_text.split()
    bits = {" ".join(words[i:i + 4]) for i in range(len(words) - 3)}
    bits |= {*FURNITURE, FUNDING_US[:40], FUNDING_EU[:40], CLOSING[:40]}
    drawn = " ".join(text for _, _, text in expected)
    bits = [bit for bit in sorted(bits) if bit not in drawn]
    found = []
    for _, _, text in paragraphs:
        for bit in bits:
            if bit in text:
                found.append(f"{bit!r} in paragraph {text[:60]!r}...")
                break
    return found


def diff(expected: list, got: list) -> list[str]:
    """A short account of how two row lists differ."""
    if expected == got:
        return []
    out = [f"{len(got)} rows, expected {len(expected)}"]
    missing = [row for row in expected if row not in got]
    extra = [row for row in got if row not in expected]
    out += [f"missing {row}" for row in missing[:4]] + [f"extra {row}" for row in extra[:4]]
    if not missing and not extra:
        out.append("same rows, different order")
    return out


def evaluate(spec: dict, layout: Layout, path: Path, edition: int | None = None
             ) -> tuple[dict[str, list[str]], dict]:
    """Read the PDF once; return (problems, counts).

    problems: {"scores"|"ranks"|"paragraphs"|"furniture": what differs}, empty when exact;
    counts: rows read right out of rows expected, per kind, for pass-rate tables.
    """
    from pipeline.run import process_report
    result = process_report(Path(path), edition)
    scores, ranks, paragraphs = expected_for(spec, layout)
    if result.extraction is None:  # the report failed: nothing was read
        got = [], [], []
    else:
        got = extracted_scores(result), extracted_ranks(result), extracted_paragraphs(result)
    problems = {
        "scores": diff(scores, got[0]),
        "ranks": diff(ranks, got[1]),
        "paragraphs": diff(paragraphs, got[2]),
        "furniture": intruders(layout, got[2], paragraphs),
    }
    counts = {
        "scores": (sum(r in got[0] for r in scores), len(scores)),
        "ranks": (sum(r in got[1] for r in ranks), len(ranks)),
        "paragraphs": (sum(r in got[2] for r in paragraphs), len(paragraphs)),
        "furniture": len(problems["furniture"]),
    }
    if result.extraction is None:
        problems["failed"] = [f"{f.location}: {f.message}" for f in result.findings]
    return {key: value for key, value in problems.items() if value}, counts


def compare(spec: dict, layout: Layout, path: Path, edition: int | None = None
            ) -> dict[str, list[str]]:
    """What differs between the rows read and the rows drawn; empty when all is exact.

    The edition comes from the path (.../2025/x.pdf) unless given."""
    return evaluate(spec, layout, path, edition)[0]


def printed_numbers(spec: dict, layout: Layout, path: Path) -> list[str]:
    """Numbers the spec says were drawn but pdfplumber's words do not hold (a self-check)."""
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        words = [w["text"] for page in pdf.pages[:2] for w in page.extract_words()]
    text = " ".join(words).replace("\u2212", "-")
    missing = []
    for dim in spec["dimensions"]:
        entries = [dim, *dim["pillars"], *(i for p in dim["pillars"] for i in p["indicators"])]
        for entry in entries:
            if entry.get("score") and entry["score"] not in text:
                missing.append(entry["score"])
            delta = entry.get("delta")
            if delta and delta.lstrip("-") not in text:
                missing.append(delta)
        for rank in dim["ranks"]:
            number, _, rest = rank["text"].partition(" of ")
            if f"{number} of {rest.split()[0]}" not in text:
                missing.append(rank["text"])
    return missing
