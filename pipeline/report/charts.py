"""The page's charts, drawn with matplotlib into inline SVG."""

from __future__ import annotations

import io
import re
from collections import Counter

import matplotlib

matplotlib.use("Agg")  # no display; set before pyplot is imported

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

plt.rcParams.update({
    "svg.fonttype": "none",  # text as text: smaller, and searchable on the page
    "svg.hashsalt": "ocindex",  # the same tables give the same page
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
})
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef8f00", "info": "#5c6bc0"}
DIMENSION_COLOURS = {"criminality": "#b23b3b", "resilience": "#2e7d5b"}
STATUS_COLOURS = {"agree": "#2e7d5b", "disagree": "#c62828",
                  "no_previous_report": "#9e9e9e", "no_delta": "#cfcfcf"}


def figure_to_svg(figure) -> str:
    """The figure as an <svg> element (no XML prolog), and close it."""
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]
    # The RDF block only credits matplotlib; the page does not need it.
    return re.sub(r"<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)


def findings_chart(by_rule: list[tuple[str, Counter]], severities: tuple[str, ...]) -> str:
    """Findings per rule, stacked by severity, most frequent rule on top."""
    rules = [rule for rule, _ in by_rule][::-1]
    counts_of = dict(by_rule)
    figure, axes = plt.subplots(figsize=(7, 0.35 * len(rules) + 1))
    left = [0] * len(rules)
    for severity in severities:
        counts = [counts_of[rule][severity] for rule in rules]
        if any(counts):
            axes.barh(rules, counts, left=left, color=SEVERITY_COLOURS[severity],
                      label=severity)
            left = [a + b for a, b in zip(left, counts)]
    axes.set_xlabel("findings")
    axes.legend(frameon=False, loc="lower right")
    return figure_to_svg(figure)


def histograms(scores: dict[str, list[float]]) -> str:
    """One histogram per index score, on the 1-10 scale."""
    figure, panes = plt.subplots(1, 2, figsize=(8, 2.8), sharey=True)
    bins = [1 + 0.5 * n for n in range(19)]
    for axes, (dimension, values) in zip(panes, scores.items()):
        axes.hist(values, bins=bins, color=DIMENSION_COLOURS[dimension], edgecolor="white")
        axes.set_title(f"{dimension} (n={len(values)})")
        axes.set_xlim(1, 10)
        axes.set_xlabel("score")
    panes[0].set_ylabel("countries")
    panes[0].yaxis.set_major_locator(MaxNLocator(integer=True))
    return figure_to_svg(figure)


def scatter(points: list[tuple[float, float, str]]) -> str:
    """Criminality against resilience, one dot a country, a few labelled."""
    figure, axes = plt.subplots(figsize=(6, 4.5))
    axes.scatter([p[0] for p in points], [p[1] for p in points], s=14, alpha=0.7,
                 color="#37474f")
    # Label the corners: the most and least criminal, the most and least resilient.
    extremes = {*sorted(points)[:2], *sorted(points)[-2:],
                *sorted(points, key=lambda p: p[1])[:2], *sorted(points, key=lambda p: p[1])[-2:]}
    for x, y, name in sorted(extremes):
        axes.annotate(name, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    axes.set_xlabel("criminality")
    axes.set_ylabel("resilience")
    axes.set_xlim(1, 10)
    axes.set_ylim(1, 10)
    return figure_to_svg(figure)


def movers_chart(movers: list[tuple[str, float, str]]) -> str:
    """Bars of the biggest changes: (label, change, dimension), biggest on top."""
    figure, axes = plt.subplots(figsize=(7, 0.3 * len(movers) + 1))
    labels = [m[0] for m in movers][::-1]
    changes = [m[1] for m in movers][::-1]
    colours = [DIMENSION_COLOURS[m[2]] for m in movers][::-1]
    axes.barh(labels, changes, color=colours)
    axes.axvline(0, color="#555", linewidth=0.8)
    axes.set_xlabel("change in score")
    return figure_to_svg(figure)


def agreement_chart(counts: Counter) -> str:
    """Printed deltas by agreement with the previous edition's score."""
    statuses = [s for s in STATUS_COLOURS if counts.get(s)] + \
               sorted(s for s in counts if s not in STATUS_COLOURS)
    figure, axes = plt.subplots(figsize=(6, 0.4 * len(statuses) + 1))
    axes.barh(statuses[::-1], [counts[s] for s in statuses][::-1],
              color=[STATUS_COLOURS.get(s, "#777") for s in statuses][::-1])
    axes.set_xlabel("scores")
    return figure_to_svg(figure)
