"""Run the stages over one report, and over a batch of them.

process_report never raises: whatever goes wrong with one report becomes
its findings and status, and the batch goes on.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import re
import time
from contextlib import contextmanager
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from . import catalogue
from .extract import segments_to_extraction
from .normalize import normalize_document
from .read import PDF_SUFFIXES, find_reports, path_to_document
from .records import Finding, ReadError, ReportResult, Rule, Severity
from .segment import assign_text_pages, document_to_segments, find_title
from .validate import infer_delta_signs, validate
from .runlog import record_run
from .write import locked, read_manifest, write_results

YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass
class BatchSummary:
    results: list[ReportResult] = field(default_factory=list)
    skipped: int = 0  # unchanged since the last run: not reprocessed
    skipped_not_ok: int = 0  # of those, reports an earlier run found invalid or failed
    editions_written: set[int] = field(default_factory=set)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def findings(self, severity: Severity) -> int:
        return sum(f.severity == severity for r in self.results for f in r.findings)

    @property
    def pages(self) -> int:
        return sum(r.page_count or 0 for r in self.results)


def edition_from_path(path: Path) -> int | None:
    """The last four-digit year in the path, e.g. raw/2025/azerbaijan.txt -> 2025."""
    years = YEAR_RE.findall(str(path))
    return int(years[-1]) if years else None


def fallback_id(edition: int | None, path: Path) -> str:
    """A report id for a report whose country is unknown: edition and file name."""
    stem = re.sub(r"[^A-Za-z0-9]+", "_", path.stem).strip("_").lower() or "report"
    return f"{edition or 0}-{stem}"


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


def process_report(path: Path, edition: int | None = None) -> ReportResult:
    """Read, normalize, segment, extract and validate one report."""
    given = edition is not None
    edition = edition or edition_from_path(path)
    try:
        doc = path_to_document(path)
    except ReadError as exc:
        return failed(path, edition, Rule.UNREADABLE, exc.location, exc.reason)
    except OSError as exc:
        return failed(path, edition, Rule.UNREADABLE, "file", exc.strerror or str(exc))
    except Exception as exc:  # a file that breaks the reader must not stop the batch
        return failed(path, edition, Rule.UNREADABLE, "file",
                      f"cannot read it ({type(exc).__name__}: {exc})")
    known = {"sha256": doc.sha256, "source_format": doc.source_format,
             "page_count": doc.page_count}
    if edition is None:
        return failed(path, None, Rule.NO_EDITION, "path",
                      "no edition: put the year in the path (raw/2025/...) or pass "
                      "--edition YEAR", **known)
    try:
        doc = normalize_document(doc)
        doc = assign_text_pages(doc, find_title(doc.lines))
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


def mark_duplicates(results: list[ReportResult], manifest: dict | None = None) -> list[ReportResult]:
    """Keep the first report of each country and edition; flag the others.

    "First" is in path order, counting reports an earlier run kept.
    """
    first: dict[str, ReportResult] = {}
    # Reports an earlier run kept, by absolute path; a file since removed no longer counts.
    earlier = {entry.get("report_id"): str(Path(path).resolve())
               for path, entry in (manifest or {}).items()
               if entry.get("status") != "failed" and Path(path).exists()}
    resolved = {r.source_path: str(Path(r.source_path).resolve()) for r in results}
    out = []
    for r in results:
        kept = first.get(r.report_id)
        owner = earlier.get(r.report_id)
        if kept is None and owner is not None and owner != resolved[r.source_path] \
                and owner < resolved[r.source_path]:
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
        out.append(ReportResult(
            r.source_path, f"{r.report_id}~{n}", r.edition, "invalid",
            (*r.findings, finding), r.extraction, r.country, r.iso3, r.sha256,
            r.source_format, r.page_count, duplicate_of=kept.source_path))
    return out


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def process_all(paths: list[Path], edition: int | None, jobs: int,
                progress: Callable[[int, int], None] | None = None) -> list[ReportResult]:
    """Process reports in path order, in `jobs` worker processes when more than one."""
    task = partial(process_report, edition=edition)
    if jobs <= 1 or len(paths) <= 1:
        return collect(map(task, paths), len(paths), progress)
    # Fresh workers every 50 reports keep memory flat over a long batch.
    # (multiprocessing.Pool replaces retired workers; ProcessPoolExecutor's
    # max_tasks_per_child can hang on Python 3.11, CPython gh-115634.)
    with multiprocessing.Pool(processes=jobs, maxtasksperchild=50) as pool:
        return collect(pool.imap(task, paths, chunksize=1), len(paths), progress)


def collect(results: Iterator[ReportResult], total: int,
            progress: Callable[[int, int], None] | None) -> list[ReportResult]:
    """Gather results as they come, reporting progress after each."""
    out = []
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


def run_batch(inputs: list[Path], out_dir: Path, edition: int | None = None, *, jobs: int = 1,
              force: bool = False,
              progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Process every new or changed report under the inputs and write the tables.

    A manifest in the output folder records each input's sha256 and the
    pipeline version; unchanged inputs are skipped unless `force`.
    """
    started = time.perf_counter()
    with locked(out_dir), long_lived_objects_frozen() as freeze:
        manifest = read_manifest(out_dir)
        todo, skipped, skipped_not_ok = [], 0, 0
        hashes = {}
        for path in find_reports(inputs):
            digest = file_sha256(path)
            hashes[str(path)] = digest
            # Keyed by absolute path: "raw/x.pdf" and "/work/raw/x.pdf" are one file.
            seen = manifest.get(str(path.resolve()), {})
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
        results = mark_duplicates(process_all(todo, edition, jobs, progress), manifest)
        for r in results:
            manifest[str(Path(r.source_path).resolve())] = {
                "sha256": r.sha256 or hashes.get(r.source_path),
                "pipeline_version": __version__, "report_id": r.report_id,
                "edition": r.edition, "status": r.status}
        freeze()  # the results too: building the tables' rows must not walk them again
        editions = write_results(out_dir, results, manifest) if results else set()
        summary = BatchSummary(results, skipped, skipped_not_ok, editions,
                               time.perf_counter() - started)
        if results:  # a run that reprocessed nothing leaves the folder as it was
            record_run(out_dir, inputs, summary)
    return summary
