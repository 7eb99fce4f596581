"""Command line: `python -m pipeline run [INPUT ...]` (also installed as `ocindex`)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from . import __version__, catalogue
from .read import DEFAULT_PDF_SOURCE, PDF_SOURCES
from .records import Rule, Severity, clip

# The stages are imported by the commands, after main has checked the
# catalogue: their modules read it when they load.

# Exit statuses (also in each command's --help).
OK, FAILED, USAGE, LOCKED = 0, 1, 2, 3
STRICT_LIMIT = 20  # warning lines --strict prints before it counts the rest

RUN_EXAMPLE = """\
examples:
  {prog} run                      # every report under raw/ into processed/
  {prog} run raw/2025 --out /tmp/out
  {prog} run profile.txt --edition 2023
  {prog} run raw/ -j 4 --force    # reprocess all, four workers

Unchanged reports (same sha256, same pipeline version) are skipped; the
manifest is <DIR>/manifest.json, keyed by each report's path from DIR's
parent folder (or, for inputs outside it, from the folder they share).

exit status: 0 every report ok; 1 some report invalid or failed (the others
are still written), or with --strict any warning (each printed), or no report
under the inputs; 2 usage error; 3 the output folder is locked by another run;
130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM (the reports done by then
are written, nothing partial is kept).
"""

RECONCILE_EXAMPLE = """\
examples:
  {prog} reconcile --reference ../shared/reference/global_oc_index_2021_2025.xlsx
  {prog} reconcile --processed /tmp/out \\
      --reference ../shared/reference/oc_index_2025_indicators.csv
  {prog} reconcile --reference indicators.csv --edition 2025

formats: the index workbook (.xlsx; each "<year>_dataset" sheet is that
edition) and the indicator CSV (.csv; no composites; the edition is --edition,
else the year in the file name).

exit status: 0 no mismatch; 1 some extracted score differs from the published
one (listed, and in the reconciliation table), or no processed report is of an
edition the references cover (nothing compared); 2 usage error (missing file,
unknown format, a header or country the catalogue does not know); 3 the folder
is locked by a run.
"""

REPORT_EXAMPLE = """\
examples:
  python -m pipeline report                    # every edition in processed/
  python -m pipeline report --out /tmp/out --edition 2025
  python -m pipeline report --last-run         # the editions the last run rewrote

Writes DIR/report/<edition>.html: one page, charts and styles inline, that
opens in any browser without a network. Needs matplotlib (pip install
'ocindex-pipeline[report]').
"""

DIFF_EXAMPLE = """\
examples:
  python -m pipeline diff /tmp/before processed/
  python -m pipeline diff /tmp/before processed/ --format json > diff.json
  cd tests/fixtures/seed_azerbaijan_2025 && python -m pipeline run input --out /tmp/out \\
      && python -m pipeline diff . /tmp/out          # a golden folder against a fresh run

Rows are matched by report and score code (scores), dimension and scope
(ranks), paragraph number (narrative); findings appear or go.

exit status: 0 identical; 1 something differs; 2 usage error.
"""

CATALOGUE_EXAMPLE = """\
examples:
  python -m pipeline catalogue add-edition ../shared/reference/global_oc_index_2021_2025.xlsx \\
      --edition 2025 --catalogue /tmp/catalogue

Reads the workbook's "<year>_dataset" sheet and adds the edition, its workbook
columns, continents, regions, sizes and memberships to the catalogue's CSV
files (default: $OCINDEX_CATALOGUE, else pipeline/catalogue/).

exit status: 0 added; 1 added, but something could not be mapped (listed);
2 usage error (no such sheet, edition already there, catalogue unreadable).
"""


def program_name() -> str:
    """The command as the user typed it: `ocindex`, or `.venv/bin/python -m pipeline`."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if name and name not in ("__main__.py", "-c", "-m"):
        return name
    python = os.path.relpath(sys.executable) if sys.executable else "python"
    return f"{python if not python.startswith('..') else sys.executable} -m pipeline"


def build_parser() -> argparse.ArgumentParser:
    prog = program_name()
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Extract validated tables from Global Organized Crime Index "
                    "country profiles (PDF or converted text).",
        epilog=f"example:\n  {prog} run raw/ --out processed/\n\n"
               "exit status: 0 ok; 1 invalid or failed reports, mismatches, nothing "
               "to do; 2 usage error;\n3 output folder locked; 130/143 interrupted by "
               "SIGINT/SIGTERM (see each command's --help).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="extract tables from reports",
        description="Read reports (files, or folders searched recursively for .pdf, .txt "
                    "and .md), and write the tables reports, scores, ranks, narrative, findings, "
                    "dataset and panel as Parquet datasets partitioned by edition.",
        epilog=RUN_EXAMPLE.format(prog=prog), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                     help="report files or folders (default: raw/)")
    run.add_argument("--out", type=Path, default=Path("processed"), metavar="DIR",
                     help="output folder (default: processed/)")
    run.add_argument("--edition", type=int, metavar="YEAR",
                     help="edition of every input (default: the year in each file's path)")
    run.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                     help="worker processes (default: the number of cores)")
    run.add_argument("--force", action="store_true",
                     help="reprocess every report, even those unchanged since the last run")
    run.add_argument("--pdf-source", choices=PDF_SOURCES, default=DEFAULT_PDF_SOURCE,
                     help="library that reads PDF pages into the page model (default: "
                          "pdfium, that is pypdfium2: about five times faster, and falls back "
                          "to pdfplumber per page where it cannot give a glyph's code; "
                          "pdfplumber is the reference it is tested against)")
    run.add_argument("--strict", action="store_true",
                     help="exit 1 on warnings too, printing each (for release pipelines)")
    reconcile = commands.add_parser(
        "reconcile", help="compare extracted scores with the published numbers",
        description="Compare the scores table under --processed with the index's published "
                    "numbers and write the reconciliation table (one row per report and "
                    "score code: match, mismatch, missing_in_report, missing_in_reference), "
                    "partitioned by edition.",
        epilog=RECONCILE_EXAMPLE.format(prog=prog), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reconcile.add_argument("--reference", type=Path, action="append", required=True,
                           metavar="PATH", help="published numbers: the index workbook "
                           "(.xlsx) or indicator CSV (.csv); repeat for more")
    reconcile.add_argument("--processed", type=Path, default=Path("processed"), metavar="DIR",
                           help="folder holding the scores table (default: processed/)")
    reconcile.add_argument("--edition", type=int, metavar="YEAR",
                           help="edition of a CSV reference (default: the year in its name)")
    report = commands.add_parser(
        "report", help="write an HTML QA page per edition",
        description="Write DIR/report/<edition>.html: batch summary, findings by rule, one "
                    "row per report, score charts, movers, delta agreement, reconciliation, "
                    "and the page region behind each invalid PDF's first error.",
        epilog=REPORT_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("--out", type=Path, default=Path("processed"), metavar="DIR",
                        help="output folder of a run (default: processed/)")
    which = report.add_mutually_exclusive_group()
    which.add_argument("--edition", type=int, metavar="YEAR",
                       help="only this edition (default: every edition in DIR)")
    which.add_argument("--last-run", action="store_true",
                       help="only the editions the last run rewrote (DIR/runs.json), "
                       "unless reported since")
    diff = commands.add_parser(
        "diff", help="compare the tables of two output folders",
        description="Compare two output folders (or a golden fixture folder) table by "
                    "table: rows added, removed and changed, each changed cell with its old "
                    "and new value, findings that appeared or went away.",
        epilog=DIFF_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("old", type=Path, metavar="OLD_DIR")
    diff.add_argument("new", type=Path, metavar="NEW_DIR")
    diff.add_argument("--format", choices=("text", "json"), default="text",
                      help="a short summary (default) or every difference as JSON")
    catalogue = commands.add_parser(
        "catalogue", help="maintain the catalogue's data files",
        description="Maintain the catalogue: the CSV files of editions, indicators, "
                    "continents, regions and memberships.",
        epilog=CATALOGUE_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = catalogue.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add-edition", help="add an edition from the published workbook",
                             epilog=CATALOGUE_EXAMPLE,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("workbook", type=Path, metavar="WORKBOOK",
                     help="the index's workbook (.xlsx) with a <year>_dataset sheet")
    add.add_argument("--edition", type=int, required=True, metavar="YEAR")
    add.add_argument("--catalogue", type=Path, metavar="DIR",
                     help="catalogue folder to add to (default: $OCINDEX_CATALOGUE, else "
                          "the package's own)")
    return parser


def fallback_note(pages: int) -> str:
    """The summary's word on pages pypdfium2 handed to pdfplumber, if any."""
    return f" ({pages} read by pdfplumber, pypdfium2 could not)" if pages else ""


def first_error_line(result) -> str | None:
    """One line naming the file, the place and the reason of a report's first error."""
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    if not errors:
        return None
    # A text that is no profile at all says so, whatever else stood out in it.
    first = next((f for f in errors if f.rule == Rule.NOT_A_PROFILE), errors[0])
    more = f" (+{len(errors) - 1} more in findings)" if len(errors) > 1 else ""
    return f"{result.source_path}: {first.location}: {first.message}{more}"


def warning_lines(results, limit: int = STRICT_LIMIT) -> list[str]:
    """A line per warning (file: place: message), `limit` at most, then a count of the rest."""
    lines = [f"{r.source_path}: {f.location}: warning: {f.message}"
             for r in results for f in r.findings if f.severity == Severity.WARNING]
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more warnings in findings"]
    return lines


@contextmanager
def interrupts_raised() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into Interrupted, which the batch stops on cleanly."""
    from .run import Interrupted

    def interrupt(signum, frame):
        raise Interrupted(signum)

    signums = (signal.SIGINT, signal.SIGTERM)
    previous = [signal.signal(s, interrupt) for s in signums]
    try:
        yield
    finally:
        for signum, handler in zip(signums, previous):
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def interrupted_line(written: int) -> str:
    # On a terminal the progress bar holds the line: start a new one.
    return ("\n" if sys.stderr.isatty() else "") + \
        f"interrupted: {written} reports written, nothing partial kept"


def progress_reporter() -> Callable[[int, int], None]:
    """A progress bar on a terminal (stderr); a plain stdout line every tenth of the way otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = None

        def show(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="report", file=sys.stderr)
            bar.update(done - bar.n)
            if done == total:
                bar.close()

        return show
    started = time.perf_counter()

    def log(done: int, total: int) -> None:
        step = max(1, total // 10)
        if done == total or done % step == 0:
            print(f"processed {done}/{total} reports ({time.perf_counter() - started:.1f}s)",
                  flush=True)

    return log


def command_run(args: argparse.Namespace) -> int:
    from .run import Interrupted, NoReports, run_batch
    from .write import LockedError

    inputs = args.inputs or [Path("raw")]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        with interrupts_raised():
            summary = run_batch(inputs, args.out, args.edition, jobs=args.jobs,
                                pdf_source=args.pdf_source,
                                force=args.force, progress=progress_reporter())
    except Interrupted as stop:  # before any report was written, or while staging
        print(interrupted_line(0), file=sys.stderr)
        return 128 + stop.signum
    except NoReports as exc:
        print(f"error: {exc}", file=sys.stderr)
        return FAILED
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return LOCKED
    except Exception as exc:  # a bug: one clear line; processed/ is left as it was
        if os.environ.get("OCINDEX_DEBUG"):
            raise
        print(f"error: internal error while writing {args.out}/ "
              f"({type(exc).__name__}: {clip(str(exc))}); "
              f"{args.out}/ is unchanged; set OCINDEX_DEBUG=1 for the traceback",
              file=sys.stderr)
        return FAILED
    if summary.interrupted:
        written = sum(r.edition is not None for r in summary.results)
        print(interrupted_line(written), file=sys.stderr)
        return 128 + summary.interrupted
    for result in summary.results:
        line = first_error_line(result)
        if line:
            print(line, file=sys.stderr)
    results = summary.results
    errors, warnings = summary.findings(Severity.ERROR), summary.findings(Severity.WARNING)
    print(
        f"{len(results)} reports: {summary.count('ok')} ok, {summary.count('invalid')} "
        f"invalid, {summary.count('failed')} failed ({summary.skipped} unchanged, skipped); "
        f"{summary.pages} pages{fallback_note(summary.fallback_pages)}; "
        f"{errors} errors, {warnings} warnings, "
        f"{summary.findings(Severity.INFO)} info; written to {args.out}/ "
        f"in {summary.seconds:.2f}s"
    )
    if summary.reconciliation_dropped:
        print(f"dropped {summary.reconciliation_dropped} reconciliation rows of the reports "
              "rewritten (they compared the old scores); run reconcile again")
    if summary.skipped_not_ok:
        print(f"{summary.skipped_not_ok} unchanged reports were invalid or failed when last "
              f"processed; see {args.out}/findings (or rerun with --force)", file=sys.stderr)
    if summary.skipped_not_ok or not all(r.status == "ok" for r in results):
        return FAILED
    if args.strict and warnings:
        print("\n".join(warning_lines(results)), file=sys.stderr)
        print(f"--strict: {warnings} warning{'s' * (warnings != 1)}", file=sys.stderr)
        return FAILED
    return OK


def command_reconcile(args: argparse.Namespace) -> int:
    # Imported here: reconcile needs pandas, which `run` can do without at start-up.
    from .reconcile import ReferenceFileError, reconcile_references, summary_lines
    from .write import LockedError, locked

    try:
        with locked(args.processed):
            result = reconcile_references(args.reference, args.processed, args.edition)
    except ReferenceFileError as error:
        print(f"error: {clip(str(error), 400)}", file=sys.stderr)
        return USAGE
    except LockedError as error:
        print(f"error: {error}", file=sys.stderr)
        return LOCKED
    lines = summary_lines(result)
    if not result.rows:  # nothing compared: say why, and fail
        print(lines[0])
        print("\n".join(f"error: nothing to compare: {line}" for line in lines[1:]),
              file=sys.stderr)
        return FAILED
    print("\n".join(lines))
    return FAILED if any(row["status"] == "mismatch" for row in result.rows) else OK


def command_report(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("matplotlib") is None:
        print("error: the report needs matplotlib; install it with "
              "pip install 'ocindex-pipeline[report]'", file=sys.stderr)
        return 2
    # Imported here: the report needs matplotlib, which nothing else does.
    from .report import ReportError, write_reports

    try:
        paths = write_reports(args.out, args.edition, last_run=args.last_run)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"report: {path}")
    if not paths:
        print("no edition rewritten since the last report; no report written")
    return 0


def command_diff(args: argparse.Namespace) -> int:
    from .diff import diff_folders, diffs_to_json, summary_lines

    missing = [str(p) for p in (args.old, args.new) if not p.is_dir()]
    if missing:
        print(f"error: no such folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    diffs = diff_folders(args.old, args.new)
    print(diffs_to_json(diffs) if args.format == "json" else "\n".join(summary_lines(diffs)))
    return 1 if any(d.differs for d in diffs) else 0
def command_catalogue(args: argparse.Namespace) -> int:
    from .catalogue.add_edition import add_edition, summary_lines
    from .catalogue.load import CatalogueError, catalogue_dir, read_catalogue

    folder = args.catalogue or catalogue_dir()
    try:
        rows = add_edition(args.workbook, args.edition, folder)
    except CatalogueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("\n".join(summary_lines(rows, folder)))
    try:
        read_catalogue(folder)
    except CatalogueError as error:
        print(f"error: the catalogue is now incomplete: {error}", file=sys.stderr)
        return 1
    return 1 if rows.unmapped else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "catalogue":
        return command_catalogue(args)
    try:  # an incomplete catalogue stops here, before any report is read
        catalogue.load()
    except catalogue.CatalogueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.command == "run":
        return command_run(args)
    if args.command == "reconcile":
        return command_reconcile(args)
    if args.command == "report":
        return command_report(args)
    if args.command == "diff":
        return command_diff(args)
    return 2
