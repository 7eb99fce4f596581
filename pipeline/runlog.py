"""The run log, `processed/runs.json`: when each run started, how long it took, what it read.

The tables say what every report gave; they do not say which command wrote
them. The QA report's batch summary reads this log for that.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from . import __version__
from .write import write_text_atomically

RUNS = "runs.json"
KEEP_RUNS = 200  # older entries are dropped: the log is for the recent batches


def read_runs(out_dir: Path) -> list[dict]:
    """The runs recorded in the output folder, oldest first; [] when there is no log."""
    try:
        runs = json.loads((out_dir / RUNS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return runs if isinstance(runs, list) else []


def record_run(out_dir: Path, inputs: list[Path], summary) -> None:
    """Append one run (a BatchSummary) to the log."""
    counts = {status: summary.count(status) for status in ("ok", "invalid", "failed")}
    entry = {
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(summary.seconds, 3),
        "inputs": [str(p) for p in inputs],
        "pipeline_version": __version__,
        "editions_written": sorted(summary.editions_written),
        "reports_processed": len(summary.results),
        "reports_skipped": summary.skipped,
        "pages": summary.pages,
        **counts,
    }
    runs = [*read_runs(out_dir), entry][-KEEP_RUNS:]
    write_text_atomically(json.dumps(runs, indent=1) + "\n", out_dir / RUNS)
