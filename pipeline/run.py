"""Run the stages over one report, and over a batch of them.

process_report never raises: whatever goes wrong with one report becomes
its findings and status, and the batch goes on.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import re
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from functools import partial
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from . import catalogue
from .extract import segments_to_extraction
from .normalize import normalize_document
from .read import DEFAULT_PDF_SOURCE, PDF_SUFFIXES, SUFFIXES, find_reports, path_to_document
from .records import Finding, ReadError, ReportResult, Rule, Severity
from .segment import assign_text_pages, document_to_segments, find_title
from .validate import infer_delta_signs, validate
from .runlog import record_run
from .write import locked, read_manifest, write_results

YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived (raised by the command line's handler)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class NoReports(Exception):
    """The inputs hold no report file; the message counts what was skipped, by suffix."""


@dataclass
class BatchSummary:
    results: list[ReportResult] = field(default_factory=list)
    skipped: int = 0  # unchanged since the last run: not reprocessed
    skipped_not_ok: int = 0  # of those, reports an earlier run found invalid or failed
    editions_written: set[int] = field(default_factory=set)
    seconds: float = 0.0
    interrupted: int | None = None  # the signal that stopped the batch; results are those done
    reconciliation_dropped: int = 0  # reconciliation rows of rewritten reports, dropped

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def findings(self, severity: Severity) -> int:
        return sum(f.severity == severity for r in self.results for f in r.findings)

    @property
    def pages(self) -> int:
        return sum(r.page_count or 0 for r in self.results)

    @property
    def fallback_pages(self) -> int:
        return sum(r.fallback_pages for r in self.results)


def edition_from_path(path: Path) -> int | None:
    """The last four-digit year in the path, e.g. raw/2025/azerbaijan.txt -> 2025."""
    years = YEAR_RE.findall(str(path))
    return int(years[-1]) if years else None


def fallback_id(edition: int | None, path: Path) -> str:
    """A report id for a report whose country is unknown: edition and file name."""
    stem = re.sub(r"[^A-Za-z0-9]+", "_", path.stem).strip("_").lower() or "report"
    return f"{edition}-{stem}" if edition else stem


def failed(path: Path, edition: int | None, rule: Rule, location: str, message: str,
           **known) -> ReportResult:
    finding = Finding(Severity.ERROR, rule, message, location)
    return ReportResult(str(path), fallback_id(edition, path), edition, "failed",
                        (finding,), **known)


def edition_findings(path: Path, edition: int, given: bool) -> list[Finding]:
    """Warnings about the edition: not the one the path names, or not in the catalogue."""
    found = []
    in_path = edition_from_path(path)
    if given and in_path is not None and in_path != edition:
        found.append(Finding(Severity.WARNING, Rule.EDITION_MISMATCH,
                             f"--edition {edition} but the path says {in_path}; "
                             f"read as {edition}", "path", str(in_path)))
    if not catalogue.is_known_edition(edition):
        template = catalogue.template_edition(edition)
        found.append(Finding(
            Severity.WARNING, Rule.UNKNOWN_EDITION,
            f"edition {edition} is not in the catalogue "
            f"({', '.join(map(str, catalogue.editions()))}); read with the {template} "
            f"edition's indicators, continents and regions as template; its indicator set, "
            f"region sizes and memberships could not be checked", "path", str(edition)))
    return found


def process_report(path: Path, edition: int | None = None,
                   pdf_source: str = DEFAULT_PDF_SOURCE) -> ReportResult:
    """Read, normalize, segment, extract and validate one report."""
    given = edition is not None
    edition = edition or edition_from_path(path)
    try:
        doc = path_to_document(path, pdf_source)
    except ReadError as exc:
        return failed(path, edition, Rule.UNREADABLE, exc.location, exc.reason)
    except OSError as exc:
        return failed(path, edition, Rule.UNREADABLE, "file", exc.strerror or str(exc))
    except Exception as exc:  # a file that breaks the reader must not stop the batch
        return failed(path, edition, Rule.UNREADABLE, "file",
                      f"cannot read it ({type(exc).__name__}: {exc})")
    known = {"sha256": doc.sha256, "source_format": doc.source_format,
             "page_count": doc.page_count, "fallback_pages": doc.fallback_pages}
    if edition is None:
        return failed(path, None, Rule.NO_EDITION, "path",
                      "no edition: put the year in the path (raw/2025/...) or pass "
                      "--edition YEAR", **known)
    try:
        doc = normalize_document(doc)
        doc = assign_text_pages(doc, find_title(doc.lines) or find_title(doc.furniture))
        segments = document_to_segments(doc, edition)
        extraction = segments_to_extraction(segments, edition)
        extraction, inferred = infer_delta_signs(extraction, edition)
        findings = [*edition_findings(path, edition, given), *doc.findings, *inferred,
                    *validate(extraction, edition)]
    except Exception as exc:  # a bug must not stop the batch: report it as a finding
        return failed(path, edition, Rule.UNREADABLE, "pipeline",
                      f"internal error {type(exc).__name__}: {exc}", **known)
    known["page_count"] = doc.page_count
    iso3 = extraction.iso3
    report_id = f"{edition}-{iso3}" if iso3 else fallback_id(edition, path)
    status = "invalid" if any(f.severity == Severity.ERROR for f in findings) else "ok"
    return ReportResult(
        str(path), report_id, edition, status, tuple(findings), extraction,
        country=catalogue.country(iso3).name if iso3 else None, iso3=iso3, **known,
    )


def mark_duplicates(results: list[ReportResult], manifest: dict | None = None,
                    root: Path | None = None, force: bool = False) -> list[ReportResult]:
    """Keep one report of each country and edition; flag the others.

    The one kept is the one an earlier run kept (manifest keys are relative
    to `root`), else the first in path order; with `force`, whichever of
    them sorts first.
    """
    first: dict[str, ReportResult] = {}
    resolved = {r.source_path: str(Path(r.source_path).resolve()) for r in results}
    now = {resolved[r.source_path]: r.report_id for r in results}
    # Reports an earlier run kept; a file since removed, or reprocessed now
    # as another report, no longer counts.
    earlier = {}
    for key, entry in (manifest or {}).items():
        path = str(((root or Path()) / key).resolve())
        rid = entry.get("report_id")
        if entry.get("status") != "failed" and now.get(path, rid) == rid \
                and Path(path).exists():
            earlier[rid] = path
    out = []
    for r in results:
        kept = first.get(r.report_id)
        owner = earlier.get(r.report_id)
        if kept is None and owner is not None and owner != resolved[r.source_path] \
                and (not force or owner < resolved[r.source_path]):
            kept = ReportResult(owner, r.report_id, r.edition, "ok", ())
        if kept is None:
            first[r.report_id] = r
            out.append(r)
            continue
        n = sum(x.report_id.startswith(r.report_id + "~") for x in out) + 2
        finding = Finding(
            Severity.ERROR, Rule.DUPLICATE_REPORT,
            f"second report for {r.report_id}: {kept.source_path} is kept, "
            f"{r.source_path} is not written", "whole document", kept.source_path)
        out.append(replace(r, report_id=f"{r.report_id}~{n}", status="invalid",
                           findings=(*r.findings, finding), duplicate_of=kept.source_path))
    return out


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def process_all(paths: list[Path], edition: int | None, jobs: int,
                progress: Callable[[int, int], None] | None = None,
                pdf_source: str = DEFAULT_PDF_SOURCE
                ) -> tuple[list[ReportResult], Interrupted | None]:
    """Process reports in path order, in `jobs` worker processes when more than one.

    On Interrupted, return the reports done so far with it.
    """
    task = partial(process_report, edition=edition, pdf_source=pdf_source)
    done: list[ReportResult] = []
    if jobs <= 1 or len(paths) <= 1:
        try:
            return collect(map(task, paths), len(paths), progress, done), None
        except Interrupted as interrupted:
            return done, interrupted
    # Fresh workers every 50 reports keep memory flat over a long batch.
    # (multiprocessing.Pool replaces retired workers; ProcessPoolExecutor's
    # max_tasks_per_child can hang on Python 3.11, CPython gh-115634.)
    pool = multiprocessing.Pool(processes=jobs, maxtasksperchild=50,
                                initializer=leave_interrupts_to_the_parent)
    try:
        return collect(pool.imap(task, paths, chunksize=1), len(paths), progress, done), None
    except Interrupted as interrupted:
        return done, interrupted
    finally:
        stop_pool(pool)


def leave_interrupts_to_the_parent() -> None:
    """In a worker: ignore Ctrl-C (the terminal sends it to every process of the
    group) and die on SIGTERM (the parent's way of stopping a worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def stop_pool(pool, timeout: float = 1.5) -> None:
    """Terminate the workers; kill them if terminating hangs.

    Pool.terminate waits on a queue lock, and a worker killed from outside
    (a SIGTERM to the whole group) may have died holding it.
    """
    stopper = threading.Thread(target=pool.terminate, daemon=True)
    stopper.start()
    stopper.join(timeout)
    if stopper.is_alive():
        for child in multiprocessing.active_children():
            child.kill()
        stopper.join(1.0)


def collect(results: Iterator[ReportResult], total: int,
            progress: Callable[[int, int], None] | None,
            out: list[ReportResult]) -> list[ReportResult]:
    """Gather results into `out` as they come, reporting progress after each."""
    for n, result in enumerate(results, start=1):
        out.append(result)
        if progress:
            progress(n, total)
    return out


@contextmanager
def long_lived_objects_frozen() -> Iterator[Callable[[], None]]:
    """Keep the cyclic garbage collector off objects that live through the batch.

    Every full collection walks every tracked object; pdfminer's garbage
    sets off hundreds of them in a batch, and each would walk the imported
    modules (and later the results) again: about a tenth of a PDF run.
    `gc.freeze()` takes all objects that exist now out of its reach; the
    yielded function freezes again, for objects made since; everything is
    handed back on exit. Workers forked meanwhile inherit the frozen set.
    """
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def input_root(inputs: list[Path], out_dir: Path) -> Path:
    """The folder manifest keys start from: the project (the output folder's
    parent) when the inputs are in it, so `run raw/2025` and `run raw/2023`
    key their files apart; else the folder the inputs share."""
    folders = [p.resolve() if p.is_dir() else p.resolve().parent for p in inputs]
    project = out_dir.resolve().parent
    if all(folder.is_relative_to(project) for folder in folders):
        return project
    return Path(os.path.commonpath([str(folder) for folder in folders]))


def manifest_key(path: Path, root: Path) -> str:
    """A report's manifest key: its path from the input root, so that moving the
    project, or naming raw/ by another path, keeps it."""
    return Path(os.path.relpath(path.resolve(), root)).as_posix()


def rebase_manifest(manifest: dict, root: Path) -> dict:
    """Manifest entries keyed by path from `root`; an older run's absolute keys under it too."""
    out = {}
    for key, entry in manifest.items():
        if os.path.isabs(key) and Path(key).is_relative_to(root):
            key = manifest_key(Path(key), root)
        out.setdefault(key, entry)
    return out


def no_reports_message(inputs: list[Path]) -> str:
    """One line saying no report was found, counting the files skipped by suffix."""
    skipped = Counter(p.suffix.lower() or "(no suffix)" for folder in inputs if folder.is_dir()
                      for p in folder.rglob("*") if p.is_file())
    where = ", ".join(str(p).rstrip("/") + "/" if p.is_dir() else str(p) for p in inputs)
    counts = ", ".join(f"{n} {suffix}" for suffix, n in sorted(skipped.items(),
                                                                key=lambda kv: (-kv[1], kv[0])))
    return (f"no reports ({', '.join(SUFFIXES)}) under {where}; "
            + (f"skipped {sum(skipped.values())} other files: {counts}" if skipped
               else "the folder is empty"))


def run_batch(inputs: list[Path], out_dir: Path, edition: int | None = None, *, jobs: int = 1,
              force: bool = False,
              progress: Callable[[int, int], None] | None = None,
              pdf_source: str = DEFAULT_PDF_SOURCE) -> BatchSummary:
    """Process every new or changed report under the inputs and write the tables.

    A manifest in the output folder records each input's sha256 and the
    pipeline version; unchanged inputs are skipped unless `force`. NoReports
    if the inputs hold none. On Interrupted, the reports done are written.
    """
    started = time.perf_counter()
    found = find_reports(inputs)
    if not found:
        raise NoReports(no_reports_message(inputs))
    root = input_root(inputs, out_dir)
    with locked(out_dir), long_lived_objects_frozen() as freeze:
        manifest = rebase_manifest(read_manifest(out_dir), root)
        todo, skipped, skipped_not_ok = [], 0, 0
        hashes = {}
        for path in found:
            digest = file_sha256(path)
            hashes[str(path)] = digest
            seen = manifest.get(manifest_key(path, root), {})
            unchanged = (digest is not None and seen.get("sha256") == digest
                         and seen.get("pipeline_version") == __version__
                         and seen.get("edition") == (edition or seen.get("edition")))
            if unchanged and not force:
                skipped += 1
                skipped_not_ok += seen.get("status") != "ok"
            else:
                todo.append(path)
        if any(p.suffix.lower() in PDF_SUFFIXES for p in todo):
            from .read import pdf  # noqa: F401  (loaded now, its modules freeze too)

            freeze()
        done, interrupted = process_all(todo, edition, jobs, progress, pdf_source)
        results = mark_duplicates(done, manifest, root, force)
        for r in results:
            if r.edition is None:  # read again next time, to say so again
                continue
            manifest[manifest_key(Path(r.source_path), root)] = {
                "sha256": r.sha256 or hashes.get(r.source_path),
                "pipeline_version": __version__, "report_id": r.report_id,
                "edition": r.edition, "status": r.status}
        freeze()  # the results too: building the tables' rows must not walk them again
        # A report with no edition has no partition to go to: its line on
        # stderr and the exit status say it, at every run.
        written = write_results(out_dir, [r for r in results if r.edition is not None],
                                manifest) if results else None
        summary = BatchSummary(results, skipped, skipped_not_ok, seconds=0.0,
                               interrupted=interrupted and interrupted.signum)
        if written:
            summary.editions_written = written.editions
            summary.reconciliation_dropped = written.reconciliation_dropped
            summary.interrupted = summary.interrupted or written.interrupted
        summary.seconds = time.perf_counter() - started
        if results:  # a run that reprocessed nothing leaves the folder as it was
            record_run(out_dir, inputs, summary)
    return summary
