"""Stage 6, write: report results into the Parquet tables under processed/.

Each table is a folder partitioned by edition (`scores/edition=2025/...`).
Rerunning replaces the rows of the reports it processed and keeps the
rest; each partition file is written beside its target and swapped in, so
a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .schemas import TABLES, arrow_schema, data_dictionary

if TYPE_CHECKING:
    from .run import ReportResult

SORT_KEYS = {
    "reports": ["report_id"],
    "scores": ["report_id", "position"],
    "ranks": ["report_id"],  # the stable sort keeps report order within a report
    "narrative": ["report_id", "paragraph_no"],
    "findings": ["report_id", "severity", "rule", "location", "message"],
}


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
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def merge_partition(out_dir: Path, table: str, edition: int, rows: list[dict],
                    replaced_ids: set[str]) -> pa.Table:
    """Old rows of other reports plus this batch's rows, sorted."""
    schema = arrow_schema(table)
    new = pa.Table.from_pylist(rows, schema=schema)
    path = partition_path(out_dir, table, edition)
    if path.exists():
        old = pq.read_table(path, schema=schema)
        keep = [rid not in replaced_ids for rid in old.column("report_id").to_pylist()]
        new = pa.concat_tables([old.filter(pa.array(keep, pa.bool_())), new])
    return new.sort_by([(k, "ascending") for k in SORT_KEYS[table]])


def write_results(out_dir: Path, results: list[ReportResult]) -> None:
    """Write the rows of every result, replacing earlier rows of the same reports."""
    by_edition: dict[int, list[ReportResult]] = {}
    for result in results:
        by_edition.setdefault(result.edition or 0, []).append(result)
    for edition, group in sorted(by_edition.items()):
        replaced = {r.report_id for r in group}
        rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        for result in group:
            for name, table_rows in result_to_rows(result).items():
                rows[name].extend(table_rows)
        for name in TABLES:
            merged = merge_partition(out_dir, name, edition, rows[name], replaced)
            write_parquet_atomically(merged, partition_path(out_dir, name, edition))
    dictionary = out_dir / "DATA_DICTIONARY.md"
    dictionary.parent.mkdir(parents=True, exist_ok=True)
    dictionary.write_text(data_dictionary(), encoding="utf-8")
