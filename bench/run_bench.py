"""Time the pipeline on a full generated edition against bare text extraction.

    make bench
    make bench BENCH_ARGS="--count 20 --only bare_pdfplumber,pdf_j1"
    .venv/bin/python -m bench.run_bench --help

Every run is a subprocess timed with perf_counter (interpreter start-up
included), all on the same files in one sitting, with its process tree's
peak memory (`bench.measure`). The figures print as a table beside the
targets (`bench.report`) and go to .bench/results.json. A benchmark, not a
test: a missed target is printed, and a run that fails, hangs or overruns
is shown as missing with its output's tail.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.corpus import (
    DEFAULT_BENCH_DIR,
    DEFAULT_REFERENCE,
    FULL_EDITION,
    NARRATIVE_PAGES,
    REPO,
    corpus_is_current,
    describe_corpus,
    read_stamp,
    wanted_stamp,
)
from bench.measure import Measurement, measure
from bench.report import (
    RunResult,
    comparisons,
    format_comparisons,
    format_machine,
    format_runs,
    machine_info,
)

SUMMARY_RE = re.compile(r"(\d+) reports: (\d+) ok, (\d+) invalid, (\d+) failed")
SKIPPED_RE = re.compile(r"(\d+) (?:skipped|unchanged)")
QUARTER_TEXT = "text_quarter"  # under the bench folder: the text_quarter_j1 run's input


@dataclass(frozen=True)
class RunPlan:
    """One measured command: what it runs over and what must succeed before it."""

    name: str
    what: str
    argv: tuple[str, ...]
    inputs: str  # "pdf", "text", "text_quarter", "all" or "none": which reports and pages
    kind: str  # "pipeline", "bare" or "startup"
    clear_out: str | None = None  # output folder removed before each repeat: a cold full run
    after: str | None = None  # a run that must have succeeded in this sitting
    # (run, argv): when `after` failed but this run succeeded, rerun over its output instead.
    fallback: tuple[str, tuple[str, ...]] | None = None
    repeat: int = 1  # measure so many times and keep the fastest


def plan_runs(bench: Path, jobs: int) -> list[RunPlan]:
    """Return every run of the benchmark, in the order they are measured."""
    py = sys.executable
    corpus = bench / "corpus"
    pdf, text = str(corpus / "pdf"), str(corpus / "text")
    out = {name: str(bench / f"out_{name}")
           for name in ("pdf_j1", "pdf_pdfplumber_j1", f"pdf_j{jobs}", "text_j1", "text_quarter_j1",
                        "all")}
    pipeline = (py, "-m", "pipeline", "run")
    plans = [
        RunPlan("startup", "python -m pipeline --version (start-up and imports)",
                (py, "-m", "pipeline", "--version"), "none", "startup", repeat=3),
        RunPlan("bare_pdfplumber", "bare pdfplumber extract_text, one core",
                (py, "-m", "bench.bare", "pdfplumber", pdf), "pdf", "bare"),
        RunPlan("bare_pypdfium2", "bare pypdfium2 get_text_range, one core",
                (py, "-m", "bench.bare", "pypdfium2", pdf), "pdf", "bare"),
        # The page-model sources alone: every page read into tokens and graphics.
        RunPlan("source_pdfium", "pipeline.read.source_pdfium pdf_to_pages, one core",
                (py, "-m", "bench.bare", "source_pdfium", pdf), "pdf", "bare"),
        RunPlan("source_pdfplumber", "pipeline.read.source_pdfplumber pdf_to_pages, one core",
                (py, "-m", "bench.bare", "source_pdfplumber", pdf), "pdf", "bare"),
        RunPlan("pdf_j1", "pipeline, PDF corpus, -j 1 (pdfium source, the default)",
                (*pipeline, pdf, "--out", out["pdf_j1"], "-j", "1", "--force"),
                "pdf", "pipeline", clear_out=out["pdf_j1"]),
        RunPlan("pdf_pdfplumber_j1", "pipeline, PDF corpus, -j 1, --pdf-source pdfplumber",
                (*pipeline, pdf, "--out", out["pdf_pdfplumber_j1"], "-j", "1", "--force",
                 "--pdf-source", "pdfplumber"),
                "pdf", "pipeline", clear_out=out["pdf_pdfplumber_j1"]),
        # The machine's speed drifts over minutes: the bare pass is timed on
        # both sides of the pipeline's, and the ratio takes their mean.
        RunPlan("bare_pdfplumber_again", "bare pdfplumber extract_text, one core, again",
                (py, "-m", "bench.bare", "pdfplumber", pdf), "pdf", "bare"),
        RunPlan(f"pdf_j{jobs}", f"pipeline, PDF corpus, -j {jobs}",
                (*pipeline, pdf, "--out", out[f"pdf_j{jobs}"], "-j", str(jobs), "--force"),
                "pdf", "pipeline", clear_out=out[f"pdf_j{jobs}"]),
        RunPlan("pdf_noop", f"no-op rerun of pdf_j{jobs} (nothing changed)",
                (*pipeline, pdf, "--out", out[f"pdf_j{jobs}"], "-j", str(jobs)),
                "pdf", "pipeline", after=f"pdf_j{jobs}",
                fallback=("pdf_j1", (*pipeline, pdf, "--out", out["pdf_j1"], "-j", str(jobs)))),
        # Both text runs are short and the fastest of five is kept; the
        # difference between them is what each further report costs.
        RunPlan("text_j1", "pipeline, text corpus, -j 1",
                (*pipeline, text, "--out", out["text_j1"], "-j", "1", "--force"),
                "text", "pipeline", clear_out=out["text_j1"], repeat=5),
        RunPlan("text_quarter_j1", "pipeline, first quarter of the text corpus, -j 1",
                (*pipeline, str(bench / QUARTER_TEXT), "--out", out["text_quarter_j1"],
                 "-j", "1", "--force"),
                "text_quarter", "pipeline", clear_out=out["text_quarter_j1"], repeat=5),
        RunPlan(f"all_j{jobs}", f"pipeline, PDF and text corpora together, -j {jobs}",
                (*pipeline, str(corpus), "--out", out["all"], "-j", str(jobs), "--force"),
                "all", "pipeline", clear_out=out["all"]),
        RunPlan("all_noop", f"no-op rerun of all_j{jobs} (nothing changed)",
                (*pipeline, str(corpus), "--out", out["all"], "-j", str(jobs)),
                "all", "pipeline", after=f"all_j{jobs}"),
    ]
    # With --jobs 1 the parallel PDF run is pdf_j1 itself: measure it once.
    return [plan for i, plan in enumerate(plans)
            if plan.name not in {p.name for p in plans[:i]}]


def display_path(path: str | Path) -> str:
    """Write a path relative to the repository when it is inside it."""
    path = Path(path)
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def shown(argv: tuple[str, ...]) -> str:
    """Write a command as typed from the repository."""
    return " ".join("python" if arg == sys.executable else display_path(arg)
                    if arg.startswith("/") else arg for arg in argv)


def tail(text: str, lines: int = 8) -> str:
    """Return the last lines of some output."""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def missing_reason(plan: RunPlan, m: Measurement) -> str | None:
    """Say why a run gives no figure, or None when it completed."""
    if m.killed:
        return f"killed, {m.killed}"
    if plan.kind == "pipeline":
        # Exit 1 only means some report was invalid; the summary line shows
        # the batch ran to its end (a traceback exits 1 too, without it).
        if m.returncode in (0, 1) and SUMMARY_RE.search(m.stdout):
            return None
        return f"exit {m.returncode}, no summary line"
    return None if m.returncode == 0 else f"exit {m.returncode}"


def run_plan(plan: RunPlan, corpus: dict, succeeded: set[str], **limits: float) -> RunResult:
    """Measure one planned run and turn it into a table row.

    limits: interval, timeout and stall of `measure`.
    """
    counts = {"pdf": corpus["count"], "text": corpus["count"], "all": 2 * corpus["count"],
              "text_quarter": corpus["count"] // 4}
    # A text profile is the same profile as its PDF: count the PDF's pages for both.
    pages = {"pdf": corpus["pdf_pages"], "text": corpus["pdf_pages"],
             "all": 2 * corpus["pdf_pages"]}
    argv, what, note = plan.argv, plan.what, None
    if plan.after and plan.after not in succeeded:
        if not (plan.fallback and plan.fallback[0] in succeeded):
            return RunResult(plan.name, what, shown(argv), counts.get(plan.inputs),
                             pages.get(plan.inputs),
                             missing=f"skipped: {plan.after} did not complete in this run")
        # The no-op is the same whichever full run wrote the output folder.
        base, argv = plan.fallback
        note = f"over {base}'s output: {plan.after} did not complete"
        print(f"  {plan.name}: rerun {note}")
    result = RunResult(plan.name, what, shown(argv), counts.get(plan.inputs),
                       pages.get(plan.inputs), note=note)
    def once() -> Measurement:
        if plan.clear_out:
            shutil.rmtree(plan.clear_out, ignore_errors=True)
        return measure(list(argv), REPO, **limits)

    m = min((once() for _ in range(plan.repeat)), key=lambda m: m.seconds)
    result.seconds = round(m.seconds, 3)
    result.cpu_seconds = round(m.cpu_seconds, 3) if m.cpu_seconds is not None else None
    result.returncode = m.returncode
    result.peak_tree_mb = round(m.peak_tree_kb / 1024, 1)
    result.max_process_mb = round(m.max_process_kb / 1024, 1)
    result.missing = missing_reason(plan, m)
    if result.missing:
        result.seconds = None
        print(f"  {plan.name}: MISSING ({result.missing}) after {m.seconds:.1f} s")
        for name, text in (("stdout", m.stdout), ("stderr", m.stderr)):
            print(f"    {name} tail:\n      "
                  + (tail(text, 6) or "(empty)").replace("\n", "\n      "))
        return result
    succeeded.add(plan.name)
    summary = SUMMARY_RE.search(m.stdout)
    if summary:
        result.summary = m.stdout[summary.start():].splitlines()[0]
        result.statuses = dict(zip(("reports", "ok", "invalid", "failed"),
                                   map(int, summary.groups()), strict=True))
        skipped = SKIPPED_RE.search(result.summary)
        if skipped:
            result.statuses["skipped"] = int(skipped.group(1))
    if plan.kind == "bare":
        counted = json.loads(m.stdout.strip().splitlines()[-1])
        result.reports, result.pages = counted["files"], counted["pages"]
        result.chars = counted.get("chars")
        result.fallback_pages = counted.get("fallback_pages")
    if result.reports:
        result.reports_per_s = round(result.reports / m.seconds, 2)
    if result.pages:
        result.s_per_page = round(m.seconds / result.pages, 4)
    print(f"  {plan.name}: {m.seconds:.2f} s, peak {result.peak_tree_mb:.0f} MB"
          + (f"  [{result.summary}]" if result.summary else ""), flush=True)
    return result


def prepare_quarter_text(bench: Path) -> None:
    """Copy the first quarter of the text corpus (in name order) to QUARTER_TEXT, afresh."""
    source = sorted((bench / "corpus" / "text").rglob("*.txt"))
    target = bench / QUARTER_TEXT
    shutil.rmtree(target, ignore_errors=True)
    for path in source[:len(source) // 4]:
        copy = target / path.relative_to(bench / "corpus" / "text")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run_bench",
        description="Benchmark the pipeline on a generated full edition (193 PDF and 193 "
                    "converted-text profiles) against bare pdfplumber and pypdfium2 passes.",
        epilog="examples:\n"
               "  python -m bench.run_bench\n"
               "  python -m bench.run_bench --count 20 --only bare_pdfplumber,pdf_j1\n"
               "  make bench BENCH_ARGS='--jobs 4'",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="folder of the published numbers the corpus is built from "
                             "(default: ../shared/reference)")
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR,
                        help="corpus, outputs and results.json (default: .bench/)")
    parser.add_argument("--count", type=int, default=FULL_EDITION,
                        help="profiles per corpus (default: the full edition, 193)")
    parser.add_argument("--narrative-pages", type=float, default=NARRATIVE_PAGES,
                        help="narrative length per profile in pages (default: 4)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="-j of the parallel runs (default: os.cpu_count())")
    parser.add_argument("--only", default="",
                        help="comma-separated run names to measure (default: all)")
    parser.add_argument("--regenerate", action="store_true",
                        help="generate the corpus even when the cached one matches")
    parser.add_argument("--interval", type=float, default=0.05,
                        help="seconds between memory samples (default: 0.05)")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="kill a run after so many seconds (default: 1800)")
    parser.add_argument("--stall", type=float, default=60,
                        help="kill a run whose processes use no CPU for so many seconds "
                             "(default: 60)")
    return parser.parse_args(argv)


def prepare_corpus(args: argparse.Namespace, corpus_dir: Path) -> int:
    """Generate the corpus unless the cached one matches; return the generator's exit code."""
    if not args.regenerate and corpus_is_current(corpus_dir, wanted_stamp(
            args.count, args.narrative_pages)):
        print(describe_corpus(read_stamp(corpus_dir), generated=False))
        return 0
    # Generated in a child: every measured run starts as a fork of this
    # process, and the kernel counts the parent's pages in the child's peak
    # RSS, so this one must not hold reportlab and pandas.
    return subprocess.call(
        [sys.executable, "-m", "bench.corpus", "--reference", str(args.reference.resolve()),
         "--corpus", str(corpus_dir), "--count", str(args.count),
         "--narrative-pages", str(args.narrative_pages), "--regenerate"], cwd=REPO)


def main(argv: list[str] | None = None) -> int:
    """Generate or reuse the corpus, measure every run, print and save the figures."""
    args = parse_args(argv)
    bench = args.bench_dir.resolve()
    plans = plan_runs(bench, args.jobs)
    only = {name for name in args.only.split(",") if name}
    unknown = only - {p.name for p in plans}
    if unknown:
        print(f"error: unknown run {', '.join(sorted(unknown))}; runs are "
              f"{', '.join(p.name for p in plans)}", file=sys.stderr)
        return 2
    machine = machine_info()
    print(format_machine(machine))
    # Byte-compile the package first: with PYTHONDONTWRITEBYTECODE set (as on
    # our CI machines) every run would compile it again, which a normal
    # install, where Python caches bytecode, does not.
    compileall.compile_dir(REPO / "pipeline", quiet=1)
    corpus_dir = bench / "corpus"
    code = prepare_corpus(args, corpus_dir)
    if code:
        return code
    corpus = read_stamp(corpus_dir)
    prepare_quarter_text(bench)
    succeeded: set[str] = set()
    limits = {"interval": args.interval, "timeout": args.timeout, "stall": args.stall}
    runs = [run_plan(plan, corpus, succeeded, **limits)
            for plan in plans if not only or plan.name in only]
    by_name = {r.name: r for r in runs}
    rows = comparisons(by_name, args.jobs)
    print()
    print(format_runs(runs))
    print()
    print(format_comparisons(rows))
    results = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "jobs": args.jobs,
               "machine": machine,
               "corpus": {k: v for k, v in corpus.items() if k != "reports"},
               "runs": [asdict(r) for r in runs], "comparisons": rows}
    (bench / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\nfigures written to {display_path(bench / 'results.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
