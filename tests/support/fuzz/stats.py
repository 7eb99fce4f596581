"""Pass rates of the reader on fuzzed layouts: python -m tests.support.fuzz.stats [N] [--start S].

Prints, overall and per arrow encoding, header arrangement (label place /
rank place) and table style, how many seeds pass exactly, and the share of
scores, ranks and paragraphs read right; then each failing seed with its first
problem, and the time per case.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tests.pdf_cases import SPECS, load_spec
from tests.support.fuzz.check import evaluate
from tests.support.fuzz.design import random_layout
from tests.support.fuzz.render import spec_to_layout_pdf


def run(seeds: range) -> tuple[list[dict], float, float]:
    rows, render_s, read_s = [], 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            layout = random_layout(seed)
            spec = load_spec(SPECS / f"{layout.spec}.json")
            t0 = time.perf_counter()
            path = spec_to_layout_pdf(spec, Path(tmp) / str(spec["edition"]) / f"{seed}.pdf", layout)
            t1 = time.perf_counter()
            problems, counts = evaluate(spec, layout, path)
            t2 = time.perf_counter()
            render_s, read_s = render_s + t1 - t0, read_s + t2 - t1
            rows.append({"layout": layout, "pass": not problems, "problems": problems, **counts})
    return rows, render_s, read_s


def table(rows: list[dict], key, title: str) -> list[str]:
    groups = defaultdict(list)
    for row in rows:
        groups[key(row["layout"])].append(row)
    out = [f"| {title} | cases | pass | scores | ranks | paragraphs | all scores | all ranks | all paras |",
           "| --- " * 9 + "|"]
    for name in sorted(groups):
        rs = groups[name]
        share = {k: sum(r[k][0] for r in rs) / max(1, sum(r[k][1] for r in rs))
                 for k in ("scores", "ranks", "paragraphs")}
        whole = {k: sum(r[k][0] == r[k][1] for r in rs) for k in ("scores", "ranks", "paragraphs")}
        out.append(f"| {name} | {len(rs)} | {sum(r['pass'] for r in rs)} | {share['scores']:.0%} "
                   f"| {share['ranks']:.0%} | {share['paragraphs']:.0%} | {whole['scores']} "
                   f"| {whole['ranks']} | {whole['paragraphs']} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=200)
    parser.add_argument("--start", type=int, default=0)
    args = parser.parse_args()
    rows, render_s, read_s = run(range(args.start, args.start + args.n))
    for key, title in ((lambda l: "all", "overall"), (lambda l: l.arrows, "arrows"),
                       (lambda l: f"label {l.headline_label} / ranks {l.ranks}", "header"),
                       (lambda l: l.table, "table"), (lambda l: f"{l.columns} col", "narrative")):
        print("\n".join(table(rows, key, title)) + "\n")
    failing = [row for row in rows if not row["pass"]]
    print(f"failing seeds ({len(failing)}):")
    for row in failing:
        kind, what = next((k, v) for k, v in row["problems"].items() if v)
        print(f"  {row['layout'].seed}: {kind} {str(what)[:150]}")
    n = len(rows)
    print(f"{n} cases: render {render_s / n:.2f} s, process_report {read_s / n:.2f} s per case")


if __name__ == "__main__":
    main()
