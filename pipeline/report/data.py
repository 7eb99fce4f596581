"""What the QA page shows, computed from an output folder's tables for one edition."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..runlog import read_runs
from ..write import partition_editions, read_partition

STATUSES = ("failed", "invalid", "ok")  # the order the page lists reports in
SEVERITIES = ("error", "warning", "info")
MOVERS_SHOWN = 15
PAGE_RE = re.compile(r"\bpage (\d+)")


@dataclass
class EditionData:
    edition: int
    reports: list[dict]
    scores: list[dict]
    ranks: list[dict]
    findings: list[dict]
    panel: list[dict]
    reconciliation: list[dict] | None  # None: `reconcile` has not been run for it
    run: dict | None  # the last run that wrote this edition, from runs.json
    findings_by_report: dict[str, list[dict]] = field(default_factory=dict)


def rows(out_dir: Path, table: str, edition: int) -> list[dict] | None:
    data = read_partition(out_dir, table, edition)
    return None if data is None else data.to_pylist()


def report_editions(out_dir: Path) -> list[int]:
    """The editions the folder has reports for."""
    return sorted(partition_editions(out_dir, "reports"))


def last_run_editions(out_dir: Path) -> list[int]:
    runs = read_runs(out_dir)
    return sorted(runs[-1].get("editions_written", [])) if runs else []


def load_edition(out_dir: Path, edition: int) -> EditionData:
    """Read one edition's tables, and the last run that wrote it."""
    runs = [r for r in read_runs(out_dir) if edition in r.get("editions_written", [])]
    findings = rows(out_dir, "findings", edition) or []
    by_report: dict[str, list[dict]] = {}
    for finding in findings:
        by_report.setdefault(finding["report_id"], []).append(finding)
    order = {s: n for n, s in enumerate(SEVERITIES)}
    for group in by_report.values():
        group.sort(key=lambda f: order.get(f["severity"], len(order)))
    return EditionData(
        edition, rows(out_dir, "reports", edition) or [], rows(out_dir, "scores", edition) or [],
        rows(out_dir, "ranks", edition) or [], findings, rows(out_dir, "panel", edition) or [],
        rows(out_dir, "reconciliation", edition), runs[-1] if runs else None, by_report)


def status_counts(data: EditionData) -> Counter:
    return Counter(r["status"] for r in data.reports)


def findings_by_rule(data: EditionData) -> list[tuple[str, Counter]]:
    """(rule, counts by severity) for every rule that fired, most findings first."""
    counts: dict[str, Counter] = {}
    for f in data.findings:
        counts.setdefault(f["rule"], Counter())[f["severity"]] += 1
    return sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def reports_by_rule(data: EditionData) -> dict[str, list[str]]:
    """The reports each rule fired in, in report order."""
    out: dict[str, list[str]] = {}
    for f in data.findings:
        ids = out.setdefault(f["rule"], [])
        if f["report_id"] not in ids:
            ids.append(f["report_id"])
    return out


def sorted_reports(data: EditionData) -> list[dict]:
    """Reports grouped by status (failed, invalid, ok), by id within each."""
    rank = {s: n for n, s in enumerate(STATUSES)}
    return sorted(data.reports, key=lambda r: (rank.get(r["status"], len(rank)), r["report_id"]))


def index_scores(data: EditionData) -> dict[str, dict[str, float]]:
    """{report_id: {"criminality": score, "resilience": score}} from the index rows."""
    out: dict[str, dict[str, float]] = {}
    for s in data.scores:
        if s["level"] == "index":
            out.setdefault(s["report_id"], {})[s["dimension"]] = float(s["score"])
    return out


def movers(data: EditionData) -> tuple[list[dict], str]:
    """The biggest changes of the two index scores, and what they were measured from.

    From the previous edition's extracted score where the panel has one;
    from the printed delta where no previous edition was processed.
    """
    index_rows = [p for p in data.panel if p["indicator"] in ("criminality", "resilience")]
    measured = [dict(p, change=p["implied_delta"]) for p in index_rows
                if p["implied_delta"] is not None]
    source = "the previous edition's extracted score"
    if not measured:
        measured = [dict(p, change=p["delta"]) for p in index_rows if p["delta"] is not None]
        source = "the printed delta (no previous edition processed)"
    measured.sort(key=lambda p: (-abs(p["change"]), p["report_id"], p["indicator"]))
    return measured[:MOVERS_SHOWN], source


def delta_agreement(data: EditionData) -> Counter:
    """Panel rows by delta_status: agree, disagree, no_previous_report, no_delta."""
    return Counter(p["delta_status"] or "unknown" for p in data.panel)


def delta_disagreements(data: EditionData) -> list[dict]:
    return [p for p in data.panel if p["delta_status"] == "disagree"]


def reconciliation_counts(data: EditionData) -> Counter:
    return Counter(r["status"] for r in data.reconciliation or ())


def first_error(data: EditionData, report_id: str) -> dict | None:
    return next((f for f in data.findings_by_report.get(report_id, ())
                 if f["severity"] == "error"), None)


def error_region(data: EditionData, report: dict) -> tuple[int, tuple | None] | None:
    """The page and box of the printed line behind a report's first error.

    The finding's location names the page ("line 12, page 1"); the box comes
    from the score or rank row on that page whose label or score is the
    finding's value, else the whole page (box None). None when the location names no page.
    """
    finding = first_error(data, report["report_id"])
    if finding is None:
        return None
    match = PAGE_RE.search(finding["location"] or "")
    if not match:
        return (1, None) if finding["location"] == "whole document" else None
    page = int(match.group(1))
    value = (finding["value"] or "").strip()
    if value:
        for row in [*data.scores, *data.ranks]:
            if (row["report_id"] == report["report_id"] and row["page"] == page
                    and row["bbox_x0"] is not None
                    and (value in (row["label"] or "") or value == str(row.get("score")))):
                return page, (row["bbox_x0"], row["bbox_top"], row["bbox_x1"],
                              row["bbox_bottom"])
    return page, None

