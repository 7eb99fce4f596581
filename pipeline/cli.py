"""Command line: `python -m pipeline run [INPUT ...]` (also installed as `ocindex`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .records import Severity
from .run import run_batch

RUN_EXAMPLE = """\
examples:
  python -m pipeline run                      # every report under raw/ into processed/
  python -m pipeline run raw/2025 --out /tmp/out
  python -m pipeline run profile.txt --edition 2023

exit status: 0 every report ok; 1 some report invalid or failed (the others
are still written); 2 usage error.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract validated tables from Global Organized Crime Index "
                    "country profiles (PDF or converted text).",
        epilog="example:\n  python -m pipeline run raw/ --out processed/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="extract tables from reports",
        description="Read reports (files, or folders searched recursively for .pdf, .txt "
                    "and .md), and write the tables reports, scores, ranks, narrative and "
                    "findings as Parquet datasets partitioned by edition.",
        epilog=RUN_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                     help="report files or folders (default: raw/)")
    run.add_argument("--out", type=Path, default=Path("processed"), metavar="DIR",
                     help="output folder (default: processed/)")
    run.add_argument("--edition", type=int, metavar="YEAR",
                     help="edition of every input (default: the year in each file's path)")
    return parser


def first_error_line(result) -> str | None:
    """One line naming the file, the place and the reason of a report's first error."""
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    if not errors:
        return None
    first = errors[0]
    more = f" (+{len(errors) - 1} more in findings)" if len(errors) > 1 else ""
    return f"{result.source_path}: {first.location}: {first.message}{more}"


def command_run(args: argparse.Namespace) -> int:
    inputs = args.inputs or [Path("raw")]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    summary = run_batch(inputs, args.out, args.edition)
    for result in summary.results:
        line = first_error_line(result)
        if line:
            print(line, file=sys.stderr)
    results = summary.results
    findings = [f for r in results for f in r.findings]
    print(
        f"{len(results)} reports: {summary.count('ok')} ok, {summary.count('invalid')} "
        f"invalid, {summary.count('failed')} failed; "
        f"{sum(f.severity == Severity.ERROR for f in findings)} errors, "
        f"{sum(f.severity == Severity.WARNING for f in findings)} warnings; "
        f"written to {args.out}/ in {time.perf_counter() - started:.2f}s"
    )
    return 0 if all(r.status == "ok" for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return command_run(args)
    return 2
