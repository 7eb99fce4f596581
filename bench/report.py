"""Turn measured runs into the printed table, the ratios and the targets."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from importlib import metadata

# Targets from the performance issue.
PDF_RATIO_TARGET = 1.3  # pipeline PDF -j 1 --pdf-source pdfplumber / bare pdfplumber
PDFIUM_RATIO_TARGET = 0.2  # pipeline PDF -j 1 (pdfium, the default) / bare pdfplumber
TEXT_RATE_TARGET = 200.0  # text reports per second on one core
NOOP_SECONDS_TARGET = 2.0
PEAK_MB_TARGET = 500.0


@dataclass
class RunResult:
    """One row of the table and of results.json."""

    name: str
    what: str
    command: str
    reports: int | None = None
    pages: int | None = None
    seconds: float | None = None
    cpu_seconds: float | None = None  # user + system CPU of the run's process tree
    reports_per_s: float | None = None
    s_per_page: float | None = None
    peak_tree_mb: float | None = None
    max_process_mb: float | None = None
    returncode: int | None = None
    summary: str | None = None
    statuses: dict = field(default_factory=dict)
    chars: int | None = None  # bare and source passes: characters read
    fallback_pages: int | None = None  # source_pdfium: pages the pdfplumber source read
    missing: str | None = None  # why there is no figure
    note: str | None = None


def machine_info() -> dict:
    """Describe the machine and the libraries the figures depend on."""
    memory_kb = None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    memory_kb = int(line.split()[1])
    except OSError:
        pass
    versions = {}
    for name in ("pdfplumber", "pdfminer.six", "pypdfium2", "pyarrow", "pandas"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"cores": os.cpu_count(), "memory_gib": memory_kb and round(memory_kb / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": versions, "load_before": load_average()}


def load_average() -> float | None:
    """Return the one-minute load average: other work on the machine skews the figures."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return float(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def ratio(top: float | None, bottom: float | None) -> float | None:
    """Divide two figures, or None when either is missing."""
    return round(top / bottom, 3) if top is not None and bottom else None


def verdict(value: float | None, target: float, higher_is_better: bool = False) -> str:
    """Write whether a figure meets its target."""
    if value is None:
        return "n/a"
    met = value >= target if higher_is_better else value <= target
    return "met" if met else "MISSED"


def comparisons(runs: dict[str, RunResult], jobs: int) -> list[dict]:
    """Return the ratios and headline figures, each beside its target."""
    def seconds(name: str) -> float | None:
        return runs[name].seconds if name in runs else None

    def cpu(name: str) -> float | None:
        return runs[name].cpu_seconds if name in runs else None

    def reports(name: str) -> str:
        return f" ({runs[name].reports} reports)" if name in runs else ""

    startup = seconds("startup")
    text = runs.get("text_j1")
    text_rate = text.reports_per_s if text else None
    text_net = None
    if text and text.seconds and startup and text.seconds > startup:
        text_net = round(text.reports / (text.seconds - startup), 1)
    text_marginal = marginal_rate(text, runs.get("text_quarter_j1"))
    peaks = [r.peak_tree_mb for r in runs.values()
             if r.name != "startup" and not r.name.startswith(("bare_", "source_"))
             and r.peak_tree_mb is not None]
    peak = max(peaks) if peaks else None
    bare = [s for s in (seconds("bare_pdfplumber"), seconds("bare_pdfplumber_again")) if s]
    bare_mean = sum(bare) / len(bare) if bare else None
    pdf_ratio = ratio(seconds("pdf_j1"), bare_mean)
    bare_cpu = [s for s in (cpu("bare_pdfplumber"), cpu("bare_pdfplumber_again")) if s]
    pdf_cpu_ratio = ratio(cpu("pdf_j1"), sum(bare_cpu) / len(bare_cpu) if bare_cpu else None)
    source = runs.get("source_pdfium")
    us_per_char = None
    if source and source.seconds and source.chars:
        us_per_char = round((source.seconds - (startup or 0)) / source.chars * 1e6, 2)
    # (key, what, value, unit, target, verdict)
    rows = [
        ("source_pdfium_vs_pdfplumber", "source_pdfium pdf_to_pages / bare pdfplumber (time)",
         ratio(seconds("source_pdfium"), bare_mean), "x", "", ""),
        ("source_pdfium_vs_pypdfium2", "source_pdfium pdf_to_pages / bare pypdfium2 (time)",
         ratio(seconds("source_pdfium"), seconds("bare_pypdfium2")), "x", "", ""),
        ("source_pdfplumber_vs_pdfplumber",
         "source_pdfplumber pdf_to_pages / bare pdfplumber (time)",
         ratio(seconds("source_pdfplumber"), bare_mean), "x", "", ""),
        ("source_pdfium_vs_source_pdfplumber", "source_pdfium / source_pdfplumber (time)",
         ratio(seconds("source_pdfium"), seconds("source_pdfplumber")), "x", "", ""),
        ("source_pdfium_us_per_char", "source_pdfium, microseconds per character (start-up "
         "subtracted)", us_per_char, "us", "", ""),
        ("source_pdfium_fallback_pages", "source_pdfium, pages read by the pdfplumber fallback",
         source.fallback_pages if source else None, "pages", "", ""),
        ("pdf_vs_pdfplumber",
         "pipeline PDF -j 1 (pdfium, the default) / bare pdfplumber (time; mean of its runs)",
         pdf_ratio, "x", f"<= {PDFIUM_RATIO_TARGET}", verdict(pdf_ratio, PDFIUM_RATIO_TARGET)),
        ("pdf_vs_pdfplumber_cpu",
         "the same, by CPU seconds (user + system; steadier on a shared machine)",
         pdf_cpu_ratio, "x", f"<= {PDFIUM_RATIO_TARGET}",
         verdict(pdf_cpu_ratio, PDFIUM_RATIO_TARGET)),
        ("pdf_vs_pypdfium2", "pipeline PDF -j 1 (pdfium) / bare pypdfium2 (time)",
         ratio(seconds("pdf_j1"), seconds("bare_pypdfium2")), "x", "", ""),
        ("pdf_pdfplumber_vs_pdfplumber",
         "pipeline PDF -j 1 --pdf-source pdfplumber / bare pdfplumber (time)",
         ratio(seconds("pdf_pdfplumber_j1"), bare_mean), "x", f"<= {PDF_RATIO_TARGET}",
         verdict(ratio(seconds("pdf_pdfplumber_j1"), bare_mean), PDF_RATIO_TARGET)),
        ("pdf_speedup", f"pipeline PDF -j 1 / -j {jobs} (speed-up)",
         ratio(seconds("pdf_j1"), seconds(f"pdf_j{jobs}")), "x", "", ""),
        ("text_rate", "text reports/s, one core (wall, with start-up)", text_rate, "/s",
         f">= {TEXT_RATE_TARGET:.0f}", verdict(text_rate, TEXT_RATE_TARGET, True)),
        ("text_rate_net", "text reports/s, one core, start-up subtracted", text_net, "/s",
         f">= {TEXT_RATE_TARGET:.0f}", verdict(text_net, TEXT_RATE_TARGET, True)),
        ("text_rate_marginal", "text reports/s, one core, each further report (full - quarter)",
         text_marginal, "/s", f">= {TEXT_RATE_TARGET:.0f}",
         verdict(text_marginal, TEXT_RATE_TARGET, True)),
        ("text_fixed_s", "text run's fixed cost (full run less its reports at that rate)",
         fixed_cost(text, text_marginal), "s", "", ""),
        ("pdf_noop_s", "no-op rerun, PDF corpus" + reports("pdf_noop"), seconds("pdf_noop"),
         "s", f"< {NOOP_SECONDS_TARGET:.0f}", verdict(seconds("pdf_noop"), NOOP_SECONDS_TARGET)),
        ("all_noop_s", "no-op rerun, both corpora" + reports("all_noop"), seconds("all_noop"),
         "s", f"< {NOOP_SECONDS_TARGET:.0f}", verdict(seconds("all_noop"), NOOP_SECONDS_TARGET)),
        ("startup_s", "start-up (python -m pipeline --version)", startup, "s", "", ""),
        ("peak_mb", "largest pipeline run, process tree peak RSS", peak, "MB",
         f"< {PEAK_MB_TARGET:.0f}", verdict(peak, PEAK_MB_TARGET)),
    ]
    keys = ("key", "what", "value", "unit", "target", "verdict")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def marginal_rate(full: RunResult | None, part: RunResult | None) -> float | None:
    """Reports per second the full run's extra reports cost over a run on part of them.

    Start-up, imports and writing each table once cost the same in both runs
    and cancel out; what is left is the cost of one more report: reading,
    processing, and its rows in the tables.
    """
    if not (full and part and full.seconds and part.seconds and full.reports and part.reports):
        return None
    extra, seconds = full.reports - part.reports, full.seconds - part.seconds
    return round(extra / seconds, 1) if extra > 0 and seconds > 0 else None


def fixed_cost(full: RunResult | None, rate: float | None) -> float | None:
    """What the full run spends beyond its reports at the marginal rate."""
    if not (full and full.seconds and full.reports and rate):
        return None
    return round(full.seconds - full.reports / rate, 2)


def cell(value, digits: int) -> str:
    """Format a figure for the table; a dash when it is missing."""
    return "-" if value is None else f"{value:.{digits}f}" if isinstance(value, float) \
        else str(value)


def format_runs(runs: list[RunResult]) -> str:
    """Write the runs as an aligned table."""
    head = ("run", "reports", "pages", "seconds", "cpu s", "reports/s", "s/page", "tree MB",
            "max proc MB", "status")
    rows = [head]
    for r in runs:
        status = r.missing or (", ".join(f"{v} {k}" for k, v in r.statuses.items()
                                         if k != "reports") or "ok")
        status += f" ({r.note})" if r.note else ""
        rows.append((r.name, cell(r.reports, 0), cell(r.pages, 0), cell(r.seconds, 2),
                     cell(r.cpu_seconds, 2), cell(r.reports_per_s, 1), cell(r.s_per_page, 4),
                     cell(r.peak_tree_mb, 0), cell(r.max_process_mb, 0), status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:],
                                                                          strict=True)]
        lines.append("  ".join(cells + [row[-1]]))
    return "\n".join(lines)


def format_comparisons(rows: list[dict]) -> str:
    """Write the ratios and headline figures beside their targets."""
    width = max(len(row["what"]) for row in rows)
    lines = []
    for row in rows:
        digits = 0 if row["unit"] in ("MB", "pages") else 2
        value = "-" if row["value"] is None else f"{row['value']:.{digits}f} {row['unit']}"
        target = f"target {row['target']} {row['unit']}: {row['verdict']}" if row["target"] \
            else ""
        lines.append(f"{row['what'].ljust(width)}  {value:>12}  {target}".rstrip())
    return "\n".join(lines)


def format_machine(machine: dict) -> str:
    """Write the machine in one line."""
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
    return (f"machine: {machine['cores']} cores, {machine['memory_gib']} GiB, "
            f"Python {machine['python']}; {versions}; "
            f"load average {machine['load_before']} before the runs (other work skews them)")
