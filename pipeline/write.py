"""Stage 6, write: report results into the Parquet tables under processed/.

Each table is a folder partitioned by edition (`scores/edition=2025/...`).
Rerunning replaces the rows of the reports it processed and keeps the rest.

Nothing in processed/ is touched until every new file is written: a run
stages its files in `processed/.staging-<pid>/`, writes a journal of the
moves, then moves each file into place (each move atomic) and deletes the
journal. A run killed while staging leaves processed/ as it was; one killed
while moving is finished by the next run (`recover`). A lock file keeps two
runs from writing at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, derive
from .records import ReportResult, Rule
from .schemas import TABLES, arrow_schema, data_dictionary

SORT_KEYS = {
    "reports": ["report_id"],
    "scores": ["report_id", "position"],
    "ranks": ["report_id"],  # the stable sort keeps report order within a report
    "narrative": ["report_id", "paragraph_no"],
    "findings": ["report_id", "severity", "rule", "location", "message"],
}
LOCK, JOURNAL, MANIFEST = ".lock", ".commit.json", "manifest.json"


class LockedError(Exception):
    """Another run holds the output folder."""


@dataclass(frozen=True)
class Written:
    editions: set[int]  # editions whose partitions were rewritten
    reconciliation_dropped: int  # reconciliation rows of rewritten reports, now stale
    interrupted: int | None  # a signal that arrived while the files moved into place


def bbox_columns(bbox) -> dict:
    x0, top, x1, bottom = bbox if bbox else (None, None, None, None)
    return {"bbox_x0": x0, "bbox_top": top, "bbox_x1": x1, "bbox_bottom": bottom}


def result_to_rows(result: ReportResult) -> dict[str, list[dict]]:
    """Turn one report's result into rows of every table."""
    ids = {"report_id": result.report_id, "country": result.country, "iso3": result.iso3}
    x = result.extraction
    keep_data = result.status != "failed" and not result.duplicate_of
    scores = [
        {**ids, "dimension": s.dimension, "pillar": s.pillar, "level": s.level,
         "indicator": s.indicator if s.level == "indicator" else (s.pillar or s.dimension),
         "label": s.label, "score": s.score, "delta": s.delta, "direction": s.direction,
         "previous_score": None if s.delta is None else s.score - s.delta,
         "arrow_colour": s.arrow_colour, "position": s.position, "page": s.page, **bbox_columns(s.bbox)}
        for s in (x.scores if x and keep_data else ())
    ]
    ranks = [
        {**ids, "dimension": r.dimension, "scope": r.scope, "area": r.area, "rank": r.rank,
         "out_of": r.out_of, "rank_change": r.rank_change,
         "previous_rank": None if r.rank_change is None else r.rank + r.rank_change,
         "label": r.label, "page": r.page, **bbox_columns(r.bbox)}
        for r in (x.ranks if x and keep_data else ())
    ]
    narrative = [
        {**ids, "section": p.section, "heading": p.heading, "subheading": p.subheading,
         "paragraph_no": p.paragraph_no, "text": p.text, "indicators": list(p.indicators),
         "page_start": p.page_start, "page_end": p.page_end}
        for p in (x.paragraphs if x and keep_data else ())
    ]
    findings = [
        {"report_id": result.report_id, "source_path": result.source_path,
         "severity": f.severity.value, "rule": f.rule.value, "message": f.message,
         "location": f.location, "value": f.value}
        for f in result.findings
    ]
    report = {
        **ids, "source_path": result.source_path, "source_sha256": result.sha256,
        "source_format": result.source_format, "page_count": result.page_count,
        "status": result.status, "n_scores": len(scores), "n_ranks": len(ranks),
        "n_paragraphs": len(narrative),
        "n_errors": sum(f["severity"] == "error" for f in findings),
        "n_warnings": sum(f["severity"] == "warning" for f in findings),
        "pipeline_version": __version__,
    }
    return {"reports": [report], "scores": scores, "ranks": ranks,
            "narrative": narrative, "findings": findings}


def partition_path(out_dir: Path, table: str, edition: int) -> Path:
    return out_dir / table / f"edition={edition}" / "part-0.parquet"


def write_parquet_atomically(table: pa.Table, target: Path) -> None:
    """Write beside the target, then swap it in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; tables are for everyone
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text_atomically(text: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock for a whole run; LockedError if another run has it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    handle = open(out_dir / LOCK, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise LockedError(f"{out_dir}/ is being written by {holder}; wait for it to "
                              "finish, then run again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        recover(out_dir)
        yield
    finally:
        handle.close()


def recover(out_dir: Path) -> None:
    """Finish the moves of a run killed while committing; drop abandoned staging."""
    journal = out_dir / JOURNAL
    if journal.exists():
        staging = out_dir / json.loads(journal.read_text(encoding="utf-8"))["staging"]
        move_into_place(staging, out_dir)
        journal.unlink()
    for stale in out_dir.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def move_into_place(staging: Path, out_dir: Path) -> None:
    for source in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = out_dir / source.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        crash_point("move")


def crash_point(name: str) -> None:
    """Die here if OCINDEX_CRASH_AT names this point: lets a test kill a run mid-commit."""
    if os.environ.get("OCINDEX_CRASH_AT") == name:
        os._exit(137)


def read_partition(out_dir: Path, table: str, edition: int) -> pa.Table | None:
    path = partition_path(out_dir, table, edition)
    if not path.exists():
        return None
    schema = arrow_schema(table)
    # ParquetFile: one known file, without loading pyarrow.dataset (0.2 s).
    stored = pq.ParquetFile(path)
    if stored.schema_arrow.remove_metadata().equals(schema):
        return stored.read()
    # Written by an older version (a column since added): read_table fills it in.
    return pq.read_table(path, schema=schema)


def merge_partition(old: pa.Table | None, table: str, rows: list[dict],
                    replaced_ids: set[str]) -> pa.Table:
    """Old rows of other reports plus this batch's rows, sorted."""
    new = pa.Table.from_pylist(rows, schema=arrow_schema(table))
    if old is not None:
        keep = [rid not in replaced_ids for rid in old.column("report_id").to_pylist()]
        new = pa.concat_tables([old.filter(pa.array(keep, pa.bool_())), new])
    elif in_order(rows, SORT_KEYS[table]):
        return new  # a first run's rows usually come in order: no need to move them
    return new.sort_by([(k, "ascending") for k in SORT_KEYS[table]])


def in_order(rows: list[dict], keys: list[str]) -> bool:
    """Whether the rows already are in the order `sort_by` (stable) would give them."""
    try:
        values = [tuple(row[k] for k in keys) for row in rows]
        return all(a <= b for a, b in zip(values, values[1:]))
    except TypeError:  # None beside a value: Arrow puts nulls last; leave it to Arrow
        return False


def stage_results(out_dir: Path, staging: Path, results: list[ReportResult]) -> tuple[set[int], int]:
    """Write the merged partitions of every edition the results touch; return the
    editions and how many reconciliation rows of the rewritten reports were dropped."""
    dropped = 0
    by_edition: dict[int, list[ReportResult]] = {}
    for result in sorted(results, key=lambda r: r.report_id):
        by_edition.setdefault(result.edition or 0, []).append(result)
    for edition, group in sorted(by_edition.items()):
        replaced = {r.report_id for r in group} | {r.source_path for r in group}
        rows: dict[str, list[dict]] = {name: [] for name in TABLES if name in SORT_KEYS}
        for result in group:
            for name, table_rows in result_to_rows(result).items():
                rows[name].extend(table_rows)
        for name, table_rows in rows.items():
            old = read_partition(out_dir, name, edition)
            if old is not None and name in ("reports", "findings"):
                # A file reprocessed under a new id (say, now readable) drops its old rows.
                paths = old.column("source_path").to_pylist()
                ids = old.column("report_id").to_pylist()
                replaced |= {rid for rid, p in zip(ids, paths) if p in replaced}
            merged = merge_partition(old, name, table_rows, replaced)
            pq.write_table(merged, ensure_parent(partition_path(staging, name, edition)))
            crash_point("stage")
        dropped += stage_stale_reconciliation(out_dir, staging, edition, replaced)
    return set(by_edition), dropped


def stage_stale_reconciliation(out_dir: Path, staging: Path, edition: int,
                               replaced: set[str]) -> int:
    """Drop the reconciliation rows of reports this run rewrites: they compared
    scores that are gone. Return how many; `reconcile` makes them again."""
    old = read_partition(out_dir, "reconciliation", edition)
    if old is None:
        return 0
    keep = [rid not in replaced for rid in old.column("report_id").to_pylist()]
    if all(keep):
        return 0
    pq.write_table(old.filter(pa.array(keep, pa.bool_())),
                   ensure_parent(partition_path(staging, "reconciliation", edition)))
    return len(keep) - sum(keep)


def current_partition(out_dir: Path, staging: Path, table: str, edition: int) -> pa.Table | None:
    """A partition as it will be after the commit: staged if this run wrote it."""
    staged = read_partition(staging, table, edition)
    return staged if staged is not None else read_partition(out_dir, table, edition)


def partition_editions(folder: Path, table: str) -> set[int]:
    return {int(p.name.split("=", 1)[1]) for p in (folder / table).glob("edition=*")
            if p.name.split("=", 1)[1].isdigit()}


def stage_derived(out_dir: Path, staging: Path, touched: set[int]) -> int:
    """Stage `panel` for every edition, `dataset` for the touched ones, and the
    cross-edition findings; return how many deltas disagree with the previous edition."""
    editions = sorted((partition_editions(out_dir, "scores") |
                       partition_editions(staging, "scores")) - {0})
    scores: dict[int, list[dict]] = {}
    for edition in editions:
        table = current_partition(out_dir, staging, "scores", edition)
        if table is not None and table.num_rows:
            columns = ["report_id", "country", "iso3", "indicator", "score", "delta"]
            scores[edition] = [{**row, "edition": edition}
                               for row in table.select(columns).to_pylist()]
    if not scores:
        return 0
    panel = derive.scores_to_panel([row for rows in scores.values() for row in rows])
    cross = derive.panel_to_findings(panel)
    for edition in editions:
        rows = [{k: v for k, v in r.items() if k != "edition"}
                for r in panel if r["edition"] == edition]
        pq.write_table(derive.rows_to_table(rows, "panel"),
                       ensure_parent(partition_path(staging, "panel", edition)))
        if edition in touched:
            stage_dataset(staging, scores.get(edition, []), edition)
        stage_cross_findings(out_dir, staging, edition,
                             [f for f in cross if f["edition"] == edition])
    return len(cross)


def stage_dataset(staging: Path, scores: list[dict], edition: int) -> None:
    rows = derive.scores_to_dataset(scores, edition)
    pq.write_table(derive.rows_to_table(rows, "dataset"),
                   ensure_parent(partition_path(staging, "dataset", edition)))
    headers, cells = derive.dataset_sheet(rows, edition)
    derive.write_dataset_csv(headers, cells, staging / f"dataset_{edition}.csv")
    derive.write_dataset_xlsx(headers, cells, staging / f"dataset_{edition}.xlsx",
                              f"{edition}_dataset")


def stage_cross_findings(out_dir: Path, staging: Path, edition: int,
                         rows: list[dict]) -> None:
    """Replace the edition's cross-edition findings with these, where they changed."""
    old = current_partition(out_dir, staging, "findings", edition)
    if old is None:
        old = pa.Table.from_pylist([], schema=arrow_schema("findings"))
    rule = Rule.DELTA_VS_PREVIOUS.value
    kept = old.filter(pa.array([r != rule for r in old.column("rule").to_pylist()],
                               pa.bool_()))
    if old.num_rows - kept.num_rows == 0 and not rows:
        return
    reports = current_partition(out_dir, staging, "reports", edition)
    paths = dict(zip(reports.column("report_id").to_pylist(),
                     reports.column("source_path").to_pylist())) if reports else {}
    new = [{**{k: v for k, v in r.items() if k != "edition"},
            "source_path": paths.get(r["report_id"])} for r in rows]
    merged = merge_partition(kept, "findings", new, set())
    pq.write_table(merged, ensure_parent(partition_path(staging, "findings", edition)))


def ensure_parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def commit(out_dir: Path, staging: Path) -> None:
    """Move every staged file into place, behind a journal that recover() replays."""
    write_text_atomically(json.dumps({"staging": staging.name}), out_dir / JOURNAL)
    move_into_place(staging, out_dir)
    (out_dir / JOURNAL).unlink()
    shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def interrupts_deferred() -> Iterator[list[int]]:
    """Hold SIGINT and SIGTERM off (the moves take milliseconds); yield those that came."""
    arrived: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield arrived
        return
    signums = (signal.SIGINT, signal.SIGTERM)
    previous = [signal.signal(s, lambda signum, frame: arrived.append(signum)) for s in signums]
    try:
        yield arrived
    finally:
        for signum, handler in zip(signums, previous):
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def write_results(out_dir: Path, results: list[ReportResult],
                  manifest: dict | None = None) -> Written:
    """Stage and commit the rows of every result; say which editions were rewritten."""
    staging = out_dir / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    arrow_without_pandas()
    try:
        editions, dropped = stage_results(out_dir, staging, results) if results else (set(), 0)
        stage_derived(out_dir, staging, editions)
        (staging / "DATA_DICTIONARY.md").write_text(data_dictionary(), encoding="utf-8")
        if manifest is not None:
            (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True),
                                            encoding="utf-8")
    except BaseException:  # a failure or an interrupt while staging: processed/ as it was
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with interrupts_deferred() as arrived:
        commit(out_dir, staging)
    return Written(editions, dropped, arrived[0] if arrived else None)


class NoPandas:
    """A module finder that refuses pandas (see `arrow_without_pandas`)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas":
            raise ImportError("pandas is not needed to write the tables")
        return None


def arrow_without_pandas() -> None:
    """Keep pyarrow from importing pandas, which the tables never need.

    pyarrow imports pandas on the first array it builds from Python values,
    only to ask whether they are pandas objects (ours never are); that
    import is the largest fixed cost of a short run. Its first look is let
    fail, which pyarrow remembers for the array checks alone: pandas stays
    importable, and `to_pandas()` still imports it when asked.
    """
    import sys

    if "pandas" in sys.modules:
        return
    sys.meta_path.insert(0, NoPandas)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(NoPandas)


def read_manifest(out_dir: Path) -> dict:
    """{source path: {sha256, pipeline_version, report_id, edition}} of earlier runs."""
    path = out_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
