"""The QA report: one self-contained HTML page per edition, `DIR/report/<edition>.html`.

`data` reads the tables, `charts` draws with matplotlib (the only user of
it, imported when a report is written), `crops` renders the PDF region
behind an invalid report's first error, `page` lays it all out.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..runlog import RUNS
from ..write import write_text_atomically
from .data import EditionData, error_region, first_error, last_run_editions, load_edition, \
    report_editions


class ReportError(Exception):
    """The folder has nothing to report on."""


def error_crops(data: EditionData) -> dict[str, str]:
    """{report_id: a figure of the page region behind its first error} for invalid PDFs."""
    from .crops import png_data_uri, region_to_png

    out = {}
    for report in data.reports:
        if report["status"] != "invalid" or report["source_format"] != "pdf":
            continue
        region = error_region(data, report)
        path = Path(report["source_path"] or "")
        if region is None:
            continue
        page, bbox = region
        what = f"page {page}" + ("" if bbox else ", whole page")
        if not path.is_file():
            out[report["report_id"]] = (f'<p class="muted">{escape(str(path))} not found: '
                                        "no crop of the error</p>")
            continue
        try:
            png = region_to_png(path, page, bbox)
        except Exception as exc:  # a page that will not render must not stop the report
            out[report["report_id"]] = (f'<p class="muted">could not render {what}: '
                                        f"{escape(type(exc).__name__)}</p>")
            continue
        finding = first_error(data, report["report_id"])
        caption = f"{what}: {finding['rule']} ({finding['location']})"
        out[report["report_id"]] = (
            f'<figure><img class="crop" alt="{escape(caption)}" src="{png_data_uri(png)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")
    return out


def page_path(out_dir: Path, edition: int) -> Path:
    return out_dir / "report" / f"{edition}.html"


def written_since_last_run(out_dir: Path, edition: int) -> bool:
    """Whether the edition's page is newer than the run log (a no-op rerun logs nothing)."""
    page, log = page_path(out_dir, edition), out_dir / RUNS
    return page.exists() and log.exists() and page.stat().st_mtime_ns > log.stat().st_mtime_ns


def write_report(out_dir: Path, edition: int) -> Path:
    """Write the edition's page; return its path."""
    from .page import edition_to_html

    data = load_edition(out_dir, edition)
    target = page_path(out_dir, edition)
    write_text_atomically(edition_to_html(data, error_crops(data)), target)
    return target


def write_reports(out_dir: Path, edition: int | None = None, *,
                  last_run: bool = False) -> list[Path]:
    """Write the page of one edition, of every edition, or of those the last run rewrote
    (and not yet reported since)."""
    available = report_editions(out_dir)
    if not available:
        raise ReportError(f"{out_dir}/ has no reports table; run `python -m pipeline run` "
                          "first")
    if edition is not None and edition not in available:
        raise ReportError(f"{out_dir}/ has no reports of edition {edition} (it has "
                          f"{', '.join(map(str, available))})")
    if edition is not None:
        wanted = [edition]
    elif last_run:
        wanted = [e for e in last_run_editions(out_dir)
                  if e in available and not written_since_last_run(out_dir, e)]
    else:
        wanted = available
    return [write_report(out_dir, e) for e in wanted]
