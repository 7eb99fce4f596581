"""Golden files: a fixture folder's expected tables, computed and compared.

A case is `tests/fixtures/<case>/input/...` (laid out like raw/, so the
edition comes from the path) beside its expected tables: `<table>.csv`
(`narrative.jsonl` for paragraphs) and `exit_status`. `make golden`
rewrites them; read the diff before committing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("reports", "scores", "ranks", "narrative", "findings")
# Columns that depend on the machine or the release, not on the report.
VOLATILE = {"pipeline_version"}


def cases() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if (p / "input").is_dir())


def table_to_text(rows: list[dict], name: str) -> str:
    """Render rows as CSV (or JSON lines for narrative)."""
    for row in rows:
        for key in VOLATILE & row.keys():
            del row[key]
    if name == "narrative":
        return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    return out.getvalue()


def run_case(case: Path, out: Path) -> int:
    """Run the CLI on the case's input from the case folder, so source paths read "input/..."."""
    here = os.getcwd()
    os.chdir(case)
    try:
        return main(["run", "input", "--out", str(out.resolve())])
    finally:
        os.chdir(here)


def render(out: Path, status: int) -> dict[str, str]:
    """Every table of a run's output folder, and its exit status, as golden file text."""
    rendered = {"exit_status": f"{status}\n"}
    for name in TABLES:
        rows = []
        for part in sorted((out / name).glob("edition=*/*.parquet")):
            edition = int(part.parent.name.split("=")[1])
            rows += [{**r, "edition": edition} for r in pq.read_table(part).to_pylist()]
        filename = f"{name}.jsonl" if name == "narrative" else f"{name}.csv"
        rendered[filename] = table_to_text(rows, name)
    return rendered


def compute(case: Path) -> dict[str, str]:
    """Run the CLI on the case's input and render every table and the exit status."""
    with tempfile.TemporaryDirectory() as tmp:
        return render(Path(tmp), run_case(case, Path(tmp)))


def regenerate() -> None:
    for case in cases():
        for filename, text in compute(case).items():
            (case / filename).write_text(text, encoding="utf-8")
        print(f"wrote {case.relative_to(FIXTURES.parent.parent)}", file=sys.stderr)


if __name__ == "__main__":
    regenerate()
