"""Compare two output folders table by table: rows added, removed and changed.

A folder is either a run's output (`<table>/edition=<year>/part-0.parquet`)
or a golden fixture folder (`<table>.csv`, `narrative.jsonl`: what
`tests/golden.py` writes). Cells are compared as the golden files write
them (null as "", lists as JSON), so a run's output and a golden folder
compare alike. A golden folder keeps only some tables and drops the
machine-dependent columns: with one on either side, only the tables and
columns both sides have are compared.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from .schemas import TABLES, arrow_schema

# Row keys: which columns name a row. A key can repeat (a report printing an
# indicator twice); the n-th row with a key is matched with the other side's n-th.
KEYS = {
    "reports": ("report_id",),
    "scores": ("report_id", "indicator"),
    "ranks": ("report_id", "dimension", "scope"),
    "narrative": ("report_id", "paragraph_no"),
    "dataset": ("report_id",),
    "panel": ("report_id", "indicator"),
    "reconciliation": ("report_id", "indicator"),
}
# Findings have no key: a finding appears or goes; a changed message is both.
FINDINGS = "findings"
SHOWN_PER_TABLE = 20


@dataclass
class TableDiff:
    table: str
    added: list[dict] = field(default_factory=list)  # {"key": {...}, "row": {...}}
    removed: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)  # {"key", "cells": {col: [old, new]}}
    columns_not_compared: list[str] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def cell_text(value) -> str:
    """A cell as the golden files write it: null as "", lists as JSON, the rest as str."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


def is_golden_folder(folder: Path) -> bool:
    return any((folder / f"{name}.csv").is_file() or (folder / f"{name}.jsonl").is_file()
               for name in TABLES)


def folder_tables(folder: Path) -> set[str]:
    """The tables a folder holds."""
    if is_golden_folder(folder):
        return {name for name in TABLES if (folder / f"{name}.csv").is_file()
                or (folder / f"{name}.jsonl").is_file()}
    return {name for name in TABLES if any((folder / name).glob("edition=*/*.parquet"))}


def read_rows(folder: Path, table: str) -> list[dict[str, str]]:
    """Every row of a table, edition included, with cells as text."""
    if is_golden_folder(folder):
        jsonl, table_csv = folder / f"{table}.jsonl", folder / f"{table}.csv"
        if jsonl.is_file():
            lines = jsonl.read_text(encoding="utf-8").splitlines()
            return [{k: cell_text(v) for k, v in json.loads(line).items()}
                    for line in lines if line.strip()]
        if table_csv.is_file():
            with table_csv.open(encoding="utf-8", newline="") as handle:
                return list(csv.DictReader(handle))
        return []
    rows = []
    for part in sorted((folder / table).glob("edition=*/*.parquet"),
                       key=lambda p: p.parent.name):
        edition = part.parent.name.split("=", 1)[1]
        # With the current schema: a partition an older version wrote gets its new columns.
        data = pq.read_table(part, schema=arrow_schema(table)).to_pylist()
        rows += [{**{k: cell_text(v) for k, v in row.items()}, "edition": edition}
                 for row in data]
    return rows


def keyed(rows: list[dict], key: tuple[str, ...]) -> dict[tuple, dict]:
    """Rows by key, a repeated key numbered by its occurrence."""
    seen: Counter = Counter()
    out = {}
    for row in rows:
        k = tuple(row.get(c, "") for c in key)
        seen[k] += 1
        out[(*k, seen[k])] = row
    return out


def key_dict(key: tuple[str, ...], k: tuple) -> dict:
    named = dict(zip(key, k))
    if k[-1] > 1:
        named["occurrence"] = k[-1]
    return named


def unmatched(rows: list[tuple], others: list[tuple]) -> list[tuple]:
    """The rows with no equal row left in `others`, matched one for one, in order."""
    left = Counter(others)
    out = []
    for row in rows:
        if left[row]:
            left[row] -= 1
        else:
            out.append(row)
    return out


def diff_table(table: str, old: list[dict], new: list[dict], common_only: bool) -> TableDiff:
    """Rows added, removed and changed between two versions of a table."""
    result = TableDiff(table)
    old_columns = set(old[0]) if old else set()
    new_columns = set(new[0]) if new else set()
    if common_only and old and new:
        result.columns_not_compared = sorted(old_columns ^ new_columns)
        columns = [c for c in new[0] if c in old_columns]
    else:
        columns = list(dict.fromkeys([*(new[0] if new else {}), *(old[0] if old else {})]))
    if table == FINDINGS:
        before = [tuple(row.get(c, "") for c in columns) for row in old]
        after = [tuple(row.get(c, "") for c in columns) for row in new]
        result.removed = [{"key": {}, "row": dict(zip(columns, r))}
                          for r in unmatched(before, after)]
        result.added = [{"key": {}, "row": dict(zip(columns, r))}
                        for r in unmatched(after, before)]
        return result
    key = KEYS[table]
    before, after = keyed(old, key), keyed(new, key)
    for k, row in after.items():
        if k not in before:
            result.added.append({"key": key_dict(key, k), "row": row})
            continue
        cells = {c: [before[k].get(c, ""), row.get(c, "")] for c in columns
                 if before[k].get(c, "") != row.get(c, "")}
        if cells:
            result.changed.append({"key": key_dict(key, k), "cells": cells})
    result.removed = [{"key": key_dict(key, k), "row": row}
                      for k, row in before.items() if k not in after]
    return result


def diff_folders(old: Path, new: Path) -> list[TableDiff]:
    """Compare every table of two output (or golden) folders."""
    common_only = is_golden_folder(old) or is_golden_folder(new)
    old_tables, new_tables = folder_tables(old), folder_tables(new)
    names = old_tables & new_tables if common_only else old_tables | new_tables
    return [diff_table(name, read_rows(old, name) if name in old_tables else [],
                       read_rows(new, name) if name in new_tables else [], common_only)
            for name in TABLES if name in names]


def short(value: str, width: int = 60) -> str:
    text = value if value != "" else "(null)"
    return text if len(text) <= width else text[:width - 1] + "…"


def key_text(key: dict) -> str:
    return " ".join(str(v) for v in key.values())


def finding_text(row: dict) -> str:
    return (f"{row.get('report_id', '')} {row.get('severity', '')} {row.get('rule', '')} "
            f"({row.get('location', '')}): {short(row.get('message', ''), 80)}")


def summary_lines(diffs: list[TableDiff]) -> list[str]:
    """A short account of the differences, a few rows per table."""
    lines = []
    for d in diffs:
        if d.table == FINDINGS:
            head = f"{d.table}: {len(d.added)} appeared, {len(d.removed)} gone"
            detail = [f"  + {finding_text(a['row'])}" for a in d.added] + \
                     [f"  - {finding_text(r['row'])}" for r in d.removed]
        else:
            head = (f"{d.table}: {len(d.changed)} changed, {len(d.added)} added, "
                    f"{len(d.removed)} removed")
            detail = [f"  ~ {key_text(c['key'])} {col}: {short(o)} -> {short(n)}"
                      for c in d.changed for col, (o, n) in c["cells"].items()]
            detail += [f"  + {key_text(a['key'])}" for a in d.added]
            detail += [f"  - {key_text(r['key'])}" for r in d.removed]
        if d.columns_not_compared:
            head += f" (not compared, on one side only: {', '.join(d.columns_not_compared)})"
        lines.append(head)
        lines += detail[:SHOWN_PER_TABLE]
        if len(detail) > SHOWN_PER_TABLE:
            lines.append(f"  ... {len(detail) - SHOWN_PER_TABLE} more (--format json lists all)")
    differing = [d.table for d in diffs if d.differs]
    lines.append(f"differ: {', '.join(differing)}" if differing
                 else f"identical: {len(diffs)} tables compared")
    return lines


def diffs_to_json(diffs: list[TableDiff]) -> str:
    return json.dumps({
        "identical": not any(d.differs for d in diffs),
        "tables": {d.table: {"added": d.added, "removed": d.removed, "changed": d.changed,
                             "columns_not_compared": d.columns_not_compared}
                   for d in diffs},
    }, indent=1, ensure_ascii=False)
