"""Print or write one converter rendering, or survey many against the pipeline.

    python -m tests.support.convert SEED [--out PATH]
    python -m tests.support.convert --survey 200      # pass rates per family
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from tests.support.convert.check import make_case, problems
from tests.support.convert.render import encode


def rows_of(case, result) -> list[tuple[str, list, list]]:
    from tests.pdf_cases import (expected_paragraphs, expected_ranks, expected_scores,
                                 extracted_paragraphs, extracted_ranks, extracted_scores)
    x = result.extraction is not None
    return [("scores", expected_scores(case.spec), extracted_scores(result) if x else []),
            ("ranks", expected_ranks(case.spec), extracted_ranks(result) if x else []),
            ("paragraphs", expected_paragraphs(case.spec), extracted_paragraphs(result) if x else [])]


def survey(count: int, start: int) -> None:
    from pipeline.run import process_report
    tally: dict = defaultdict(lambda: defaultdict(int))
    root = Path(tempfile.mkdtemp(prefix="ocindex-convert-"))
    began = time.perf_counter()
    for seed in range(start, start + count):
        case = make_case(seed)
        result = process_report(case.write(root / str(seed)))
        found = problems(case, result)
        row = tally[case.style.family]
        row["cases"] += 1
        for aspect, issues in found.items():
            row[aspect] += not issues
        row["all"] += not any(found.values())
        for aspect, want, got in rows_of(case, result):
            row[f"{aspect}_want"] += len(want)
            row[f"{aspect}_right"] += sum((Counter(want) & Counter(got)).values())
    seconds = time.perf_counter() - began
    aspects = ["scores", "ranks", "paragraphs", "furniture", "all"]
    print(f"| family | cases | " + " | ".join(aspects) + " |")
    print("|---|---:|" + "---:|" * len(aspects))
    total = defaultdict(int)
    for family, row in sorted(tally.items()):
        print(f"| {family} | {row['cases']} | "
              + " | ".join(f"{100 * row[a] / row['cases']:.0f}%" for a in aspects) + " |")
        for key, value in row.items():
            total[key] += value
    print(f"| all | {total['cases']} | "
          + " | ".join(f"{100 * total[a] / total['cases']:.0f}%" for a in aspects) + " |")
    print()
    print("| family | score rows right | rank rows right | paragraphs right |")
    print("|---|---:|---:|---:|")
    for family, row in sorted(tally.items()) + [("all", total)]:
        print(f"| {family} | " + " | ".join(
            f"{100 * row[a + '_right'] / max(1, row[a + '_want']):.1f}%"
            for a in ("scores", "ranks", "paragraphs")) + " |")
    print(f"{count} renderings in {seconds:.1f} s (render + pipeline)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.convert")
    parser.add_argument("seed", type=int, nargs="?")
    parser.add_argument("--out", type=Path, help="write the rendering here instead of stdout")
    parser.add_argument("--survey", type=int, metavar="N", help="run N seeds through the pipeline")
    parser.add_argument("--start", type=int, default=0, help="first seed of the survey")
    args = parser.parse_args(argv)
    if args.survey:
        survey(args.survey, args.start)
        return 0
    if args.seed is None:
        parser.error("give a SEED or --survey N")
    case = make_case(args.seed)
    print(case.context(), file=sys.stderr)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(encode(case.text, case.style))
        print(f"wrote {args.out} (the pipeline wants it under a folder named {case.spec['edition']})",
              file=sys.stderr)
    else:
        sys.stdout.write(case.text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
