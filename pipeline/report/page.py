"""The QA page of one edition as a single HTML document: styles, charts and crops inline."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from . import charts
from .data import (SEVERITIES, EditionData, delta_agreement, delta_disagreements,
                   findings_by_rule, index_scores, movers, reconciliation_counts,
                   reports_by_rule, sorted_reports, status_counts)

FINDINGS_SHOWN = 12  # per report; the rest are in the findings table
LISTED = 50  # rows of a long list (disagreements, mismatches)

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem;
       padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h3 { font-size: 1rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { padding: .2rem .5rem; border-bottom: 1px solid #eee; text-align: left;
         vertical-align: top; }
th { background: #f5f5f5; } th.sortable { cursor: pointer; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #2e7d5b; } .invalid { color: #c62828; } .failed { color: #6a1b9a; }
.error { color: #c62828; } .warning { color: #b26a00; } .info { color: #5c6bc0; }
.chart svg { max-width: 100%; height: auto; }
.summary td:first-child { color: #555; }
details summary { cursor: pointer; } ul.findings { margin: .2rem 0; padding-left: 1.2rem; }
figure { margin: .5rem 0 1rem; } figcaption { color: #555; font-size: .9em; }
img.crop { max-width: 22rem; border: 1px solid #ccc; }
.muted { color: #777; } td.id { white-space: nowrap; }
"""

# Click a column heading to sort by it (again to reverse). Numbers sort as numbers.
SORT_JS = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, column) {
    th.classList.add("sortable");
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var descending = th.dataset.order === "asc";
      th.dataset.order = descending ? "desc" : "asc";
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.key || a.cells[column].textContent;
        var y = b.cells[column].dataset.key || b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def anchor(kind: str, name: str) -> str:
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_-]+", "_", name)


def table_html(headings: list[str], rows: list[list[str]], css: str = "") -> str:
    """A table of already escaped cells; a cell starting "<td" is used as it is."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "".join(
        "<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in row) + "</tr>"
        for row in rows)
    return (f'<table class="{css}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def number(value) -> str:
    return f'<td class="n">{"" if value is None else escape(str(value))}</td>'


def chart(svg: str, caption: str) -> str:
    return f'<figure class="chart">{svg}<figcaption>{escape(caption)}</figcaption></figure>'


def summary_section(data: EditionData) -> str:
    counts = status_counts(data)
    run = data.run or {}
    versions = sorted({r["pipeline_version"] or "?" for r in data.reports})
    formats = sorted({r["source_format"] or "?" for r in data.reports})
    pages = sum(r["page_count"] or 0 for r in data.reports)
    rows = [
        ["reports", escape(f"{len(data.reports)}: " + ", ".join(
            f"{counts[s]} {s}" for s in ("ok", "invalid", "failed")))],
        ["formats", escape(", ".join(
            f"{sum(r['source_format'] == f for r in data.reports)} {f}" for f in formats))],
        ["pages read", str(pages)],
        ["findings", escape(", ".join(
            f"{sum(f['severity'] == s for f in data.findings)} {s}" for s in SEVERITIES))],
        ["pipeline version", escape(", ".join(versions))],
    ]
    if run:
        rows += [
            ["last run", escape(f"finished {run.get('finished_at', '?')}, "
                                f"{run.get('seconds', 0):.2f} s, "
                                f"{run.get('reports_processed', '?')} reports processed, "
                                f"{run.get('reports_skipped', '?')} unchanged skipped")],
            ["input", escape(", ".join(run.get("inputs", [])))],
        ]
    else:
        rows.append(["last run", '<span class="muted">not recorded (runs.json has no run '
                                 "of this edition)</span>"])
    return "<h2>Batch</h2>" + table_html(["", ""], rows, "summary")


def findings_section(data: EditionData) -> str:
    by_rule = findings_by_rule(data)
    if not by_rule:
        return "<h2>Findings</h2><p>No findings.</p>"
    reports = reports_by_rule(data)
    rows = [[f'<a href="#{anchor("rule", rule)}">{escape(rule)}</a>',
             *(number(counts[s] or "") for s in SEVERITIES), number(len(reports[rule]))]
            for rule, counts in by_rule]
    lists = "".join(
        f'<p id="{anchor("rule", rule)}"><b>{escape(rule)}</b>: ' + ", ".join(
            f'<a href="#{anchor("report", rid)}">{escape(rid)}</a>' for rid in reports[rule])
        + "</p>" for rule, _ in by_rule)
    return ("<h2>Findings</h2>"
            + chart(charts.findings_chart(by_rule, SEVERITIES), "Findings by rule and severity")
            + table_html(["rule", *SEVERITIES, "reports"], rows, "sortable")
            + "<h3>Reports by rule</h3>" + lists)


def findings_cell(findings: list[dict]) -> str:
    if not findings:
        return ""
    errors = sum(f["severity"] == "error" for f in findings)
    warnings = sum(f["severity"] == "warning" for f in findings)
    items = "".join(
        f'<li><span class="{escape(f["severity"])}">{escape(f["severity"])}</span> '
        f'<b>{escape(f["rule"])}</b> ({escape(f["location"] or "")}): '
        f'{escape(f["message"] or "")}</li>' for f in findings[:FINDINGS_SHOWN])
    if len(findings) > FINDINGS_SHOWN:
        items += f"<li>… {len(findings) - FINDINGS_SHOWN} more in the findings table</li>"
    title = f"{errors} errors, {warnings} warnings, {len(findings) - errors - warnings} info"
    return f'<details><summary>{title}</summary><ul class="findings">{items}</ul></details>'


def reports_section(data: EditionData, crops: dict[str, str]) -> str:
    rows = []
    for r in sorted_reports(data):
        findings = data.findings_by_report.get(r["report_id"], [])
        crop = crops.get(r["report_id"], "")
        rows.append([
            f'<td class="id" id="{anchor("report", r["report_id"])}">'
            f'{escape(r["report_id"])}</td>',
            f'<td title="{escape(r["source_path"] or "")}">'
            f'{escape(Path(r["source_path"] or "").name)}</td>',
            escape(r["country"] or ""),
            f'<td class="{escape(r["status"])}">{escape(r["status"])}</td>',
            number(r["page_count"]), number(r["n_scores"]), number(r["n_ranks"]),
            number(r["n_paragraphs"]),
            f'<td data-key="{len(findings)}">{findings_cell(findings)}{crop}</td>',
        ])
    return ("<h2>Reports</h2><p class=\"muted\">Grouped by status; click a heading to sort."
            "</p>" + table_html(["report", "file", "country", "status", "pages", "scores",
                                 "ranks", "paragraphs", "findings"], rows, "sortable"))


def scores_section(data: EditionData) -> str:
    scores = index_scores(data)
    names = {r["report_id"]: r["country"] or r["report_id"] for r in data.reports}
    values = {d: [s[d] for s in scores.values() if d in s]
              for d in ("criminality", "resilience")}
    if not any(values.values()):
        return "<h2>Scores</h2><p>No index scores extracted.</p>"
    points = [(s["criminality"], s["resilience"], names.get(rid, rid))
              for rid, s in sorted(scores.items()) if len(s) == 2]
    return ("<h2>Scores</h2>"
            + chart(charts.histograms(values), "Distribution of the two index scores")
            + chart(charts.scatter(points), "Criminality against resilience, one dot a country"))


def movers_section(data: EditionData) -> str:
    top, source = movers(data)
    if not top:
        return "<h2>Biggest movers</h2><p>No changes to show.</p>"
    bars = [(f'{p["country"] or p["report_id"]} {p["indicator"]}', float(p["change"]),
             p["indicator"]) for p in top]
    rows = [[escape(p["report_id"]), escape(p["country"] or ""), escape(p["indicator"]),
             number(p["previous_score"]), number(p["score"]), number(p["change"])] for p in top]
    return (f"<h2>Biggest movers</h2><p>Measured from {escape(source)}.</p>"
            + chart(charts.movers_chart(bars), "Biggest changes of the index scores")
            + table_html(["report", "country", "score", "previous", "now", "change"], rows,
                         "sortable"))


def agreement_section(data: EditionData) -> str:
    counts = delta_agreement(data)
    if not counts:
        return "<h2>Printed deltas against the previous edition</h2><p>No panel rows.</p>"
    disagree = delta_disagreements(data)
    rows = [[escape(p["report_id"]), escape(p["indicator"]), number(p["delta"]),
             number(p["previous_score"]), number(p["score"]), number(p["implied_delta"])]
            for p in disagree[:LISTED]]
    more = f"<p>… and {len(disagree) - LISTED} more in the panel table.</p>" \
        if len(disagree) > LISTED else ""
    listing = table_html(["report", "score", "printed delta", "previous edition's score",
                          "score", "implied delta"], rows, "sortable") + more if rows else ""
    return ("<h2>Printed deltas against the previous edition</h2>"
            + chart(charts.agreement_chart(counts), "Printed deltas: agree within 0.01 with "
                    "the previous edition's extracted score, disagree, or cannot be checked")
            + table_html(["status", "scores"], [[escape(s), number(n)]
                                                for s, n in counts.most_common()])
            + listing)


def reconciliation_section(data: EditionData) -> str:
    if data.reconciliation is None:
        return ("<h2>Reconciliation</h2><p class=\"muted\">Not run for this edition "
                "(python -m pipeline reconcile).</p>")
    counts = reconciliation_counts(data)
    mismatches = [r for r in data.reconciliation if r["status"] == "mismatch"]
    rows = [[escape(r["report_id"]), escape(r["indicator"] or ""), number(r["extracted"]),
             number(r["published"])] for r in mismatches[:LISTED]]
    return ("<h2>Reconciliation</h2>"
            + table_html(["status", "scores"], [[escape(s), number(n)]
                                                for s, n in counts.most_common()])
            + (table_html(["report", "score", "extracted", "published"], rows, "sortable")
               if rows else "<p>No mismatches.</p>"))


def edition_to_html(data: EditionData, crops: dict[str, str]) -> str:
    """The whole page. crops: {report_id: HTML of the region behind its first error}."""
    title = f"OC Index profiles {data.edition}: QA report"
    sections = [summary_section(data), findings_section(data), reports_section(data, crops),
                scores_section(data), movers_section(data), agreement_section(data),
                reconciliation_section(data)]
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="icon" href="data:,">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1>" + "\n".join(sections)
            + f"<script>{SORT_JS}</script></body></html>\n")
