"""What a real user hits (issue 14): stale tables, interrupts, encodings, long
messages, silent successes, --strict, duplicates across runs, keys and exit
codes, and the command line's own words."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.records import Finding, ReportResult, Rule, Severity
from tests.test_reconcile import csv_row, write_csv

ROOT = Path(__file__).parent.parent


# 1. A derived table never outlives the rows it was derived from.

def test_a_rerun_drops_the_reconciliation_of_the_reports_it_rewrote(tmp_path, seed_text,
                                                                     write_report, capsys):
    report = write_report(seed_text, "2025/azerbaijan.txt")
    out = tmp_path / "out"
    reference = write_csv(tmp_path / "oc_index_2025.csv", [csv_row("AZ", "Azerbaijan")])
    assert main(["run", str(report), "--out", str(out)]) == 0
    assert main(["reconcile", "--processed", str(out), "--reference", str(reference)]) == 0
    assert len(pd.read_parquet(out / "reconciliation")) == 36
    capsys.readouterr()
    report.write_text(seed_text.replace("HEROIN TRADE\t6.50", "HEROIN TRADE\t7.00"),
                      encoding="utf-8")
    main(["run", str(report), "--out", str(out)])
    assert "dropped 36 reconciliation rows" in capsys.readouterr().out
    assert len(pd.read_parquet(out / "reconciliation")) == 0
    assert main(["reconcile", "--processed", str(out), "--reference", str(reference)]) == 1
    assert "heroin_trade: extracted 7.00, published 6.50" in capsys.readouterr().out


# 2. Ctrl-C and SIGTERM stop a batch with workers cleanly.

def processes_in_group(pgid: int) -> list[int]:
    """Live processes (not zombies reaped by init) whose process group is pgid."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            found.append(int(stat.parent.name))
    return found


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory, seed_text) -> Path:
    """Enough text reports that an interrupt after the first progress line lands mid-batch."""
    folder = tmp_path_factory.mktemp("batch") / "2025"
    folder.mkdir()
    for n in range(400):
        (folder / f"copy{n:03}.txt").write_text(seed_text, encoding="utf-8")
    return folder


def interrupt_once(batch: Path, out: Path, signum: int, whole_group: bool, jobs: int = 2):
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(batch), "--out",
                             str(out), "-j", str(jobs)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        first = proc.stdout.readline()  # the first progress line: workers are busy
        assert first.startswith("processed "), first
        # A terminal sends Ctrl-C to the whole group; `kill` to the one process.
        os.killpg(proc.pid, signum) if whole_group else proc.send_signal(signum)
        sent = time.perf_counter()
        stdout, stderr = proc.communicate(timeout=15)
        return proc.returncode, first + stdout, stderr, time.perf_counter() - sent, proc.pid
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.parametrize("jobs", [2, 1])
def test_interrupts_stop_the_batch_with_one_line_and_keep_only_whole_reports(big_batch,
                                                                             tmp_path, jobs):
    kinds = [(signal.SIGINT, True), (signal.SIGTERM, False), (signal.SIGINT, False),
             (signal.SIGTERM, True)]
    for attempt in range(10 if jobs > 1 else 1):
        signum, whole_group = kinds[attempt % len(kinds)]
        out = tmp_path / f"out{attempt}"
        code, stdout, stderr, seconds, pgid = interrupt_once(big_batch, out, signum,
                                                             whole_group, jobs)
        where = f"attempt {attempt}, {signum.name}, group={whole_group}: {stderr!r}"
        assert code == 128 + signum, where
        assert "Traceback" not in stderr and seconds < 8, where
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("interrupted: "), where
        assert lines[0].endswith(" reports written, nothing partial kept"), where
        written = int(lines[0].split()[1])
        assert 0 < written < 400, where  # landed mid-batch, and the done ones were kept
        assert not processes_in_group(pgid), where
        assert not list(out.glob(".staging-*")) and not (out / ".commit.json").exists()
        reports = pd.read_parquet(out / "reports")
        assert len(reports) == written, where
        # The reports done are the first ones, in order, each whole.
        assert sorted(Path(p).name for p in reports.source_path) == [
            f"copy{n:03}.txt" for n in range(written)], where
        assert len(pd.read_parquet(out / "scores")) == 36 * (reports.status == "ok").sum()
        assert len(json.loads((out / "manifest.json").read_text())) == written


# 3. Encodings: UTF-8 with or without BOM, UTF-16/32 by BOM, else a single-byte code page.

@pytest.mark.parametrize("encoding, named", [
    ("utf-8", None), ("utf-8-sig", None), ("utf-16", "utf-16"), ("utf-16-be", "utf-16"),
    ("utf-32", "utf-32"), ("cp1252", "cp1252"),
])
def test_text_in_any_common_encoding_is_read_and_named(encoding, named):
    from pipeline.read.text import bytes_to_text

    text = "# CÔTE D’IVOIRE\n\n“Quoted” – naïve café, Zürich\n" * 30
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert bytes_to_text(data) == (text, named)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_report_not_in_utf8_is_read_with_a_warning_naming_its_encoding(
        tmp_path, seed_text, write_report, encoding):
    report = write_report(seed_text.encode(encoding), "2025/azerbaijan.txt")
    out = tmp_path / "out"
    assert main(["run", str(report), "--out", str(out)]) == 0
    assert pd.read_parquet(out / "reports").status.tolist() == ["ok"]
    findings = pd.read_parquet(out / "findings")
    said = findings[findings.rule == "encoding"]
    assert said.severity.tolist() == ["warning"] and encoding in said.message.iloc[0]
    assert len(pd.read_parquet(out / "scores")) == 36


def test_binary_data_is_still_called_binary():
    from pipeline.read.text import bytes_to_text
    from pipeline.records import ReadError

    with pytest.raises(ReadError) as caught:
        bytes_to_text(b"PK\x03\x04\x00\x00binary")
    assert "binary data" in caught.value.reason


# 4. Runaway input: at most about 120 characters of it in any message.

def test_a_huge_line_is_quoted_short_in_findings_and_on_stderr(tmp_path, seed_text,
                                                               write_report, capsys):
    long_line = "COCAINE " + "abc def 1.5 " * 20_000
    report = write_report(seed_text.replace("HEROIN TRADE\t6.50\t0.00",
                                            "HEROIN TRADE\t6.50\t0.00\n" + long_line))
    out = tmp_path / "out"
    assert main(["run", str(report), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cannot read a score in 'COCAINE abc def" in err and "…'" in err
    assert len(err) < 1000
    findings = pd.read_parquet(out / "findings")
    assert findings.message.str.len().max() <= 400
    assert findings.value.dropna().str.len().max() <= 120


def test_a_finding_clips_each_long_quote_and_keeps_the_rest_of_its_sentence():
    finding = Finding(Severity.ERROR, Rule.UNKNOWN_LABEL,
                      f"unknown label {'x' * 5000!r} (nearest: heroin_trade)", "line 3",
                      "y" * 5000)
    assert finding.message.startswith("unknown label 'xxx")
    assert finding.message.endswith("x…' (nearest: heroin_trade)")
    assert len(finding.message) < 160 and len(finding.value) == 120


# 5. Nothing to do is not a success.

@pytest.mark.parametrize("files, said", [
    ([], "the folder is empty"),
    (["a.docx", "b.docx", "notes.csv"], "skipped 3 other files: 2 .docx, 1 .csv"),
])
def test_no_reports_found_exits_1_with_one_line(tmp_path, capsys, files, said):
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in files:
        (folder / name).write_text("x")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--strict"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no reports (.txt, .md, .pdf)" in err[0] and said in err[0]
    assert not out.exists()


# 6. --strict says which warnings made it fail.

def test_strict_prints_each_warning(tmp_path, seed_text, write_report, capsys):
    report = write_report(seed_text)
    assert main(["run", str(report), "--out", str(tmp_path / "out"), "--strict"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith(f"{report}: ") and "warning: label 'ILLCIT TRADE" in err[0]
    assert err[-1] == "--strict: 1 warning"


def test_strict_warning_lines_stop_at_20_then_count():
    from pipeline.cli import warning_lines

    findings = tuple(Finding(Severity.WARNING, Rule.FUZZY_LABEL, f"label {n}", f"line {n}")
                     for n in range(25))
    lines = warning_lines([ReportResult("r.txt", "2025-AZE", 2025, "ok", findings)])
    assert len(lines) == 21 and lines[0] == "r.txt: line 0: warning: label 0"
    assert lines[-1] == "... and 5 more warnings in findings"


# 7. A later run's second file for a kept country does not replace it.

def test_a_later_duplicate_sorting_first_keeps_the_earlier_report(tmp_path, seed_text,
                                                                  write_report, capsys):
    kept = write_report(seed_text, "2025/b_azerbaijan.txt")
    out = tmp_path / "out"
    assert main(["run", str(kept.parent), "--out", str(out)]) == 0
    later = write_report(seed_text + "\n", "2025/a_azerbaijan.txt")
    capsys.readouterr()
    assert main(["run", str(kept.parent), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(kept) in err and str(later) in err
    reports = pd.read_parquet(out / "reports").set_index("source_path")
    assert reports.loc[str(kept), "status"] == "ok"
    assert reports.loc[str(later), "status"] == "invalid"
    assert reports.loc[str(kept), "report_id"] == "2025-AZE"
    # --force reprocesses both, and path order decides, as within one run.
    assert main(["run", str(kept.parent), "--out", str(out), "--force"]) == 1
    reports = pd.read_parquet(out / "reports").set_index("source_path")
    assert reports.loc[str(later), "report_id"] == "2025-AZE"
    assert reports.loc[str(kept), "status"] == "invalid"


# 8. Keys and exit codes.

def test_manifest_is_keyed_from_the_input_root_so_a_moved_project_is_not_reprocessed(
        tmp_path, seed_text, capsys, monkeypatch):
    project = tmp_path / "project"
    (project / "raw" / "2025").mkdir(parents=True)
    (project / "raw" / "2025" / "azerbaijan.txt").write_text(seed_text, encoding="utf-8")
    assert main(["run", str(project / "raw"), "--out", str(project / "processed")]) == 0
    manifest = json.loads((project / "processed" / "manifest.json").read_text())
    assert list(manifest) == ["raw/2025/azerbaijan.txt"]
    assert len(manifest["raw/2025/azerbaijan.txt"]["sha256"]) == 64
    moved = Path(shutil.move(project, tmp_path / "moved"))
    capsys.readouterr()
    monkeypatch.chdir(moved)
    assert main(["run", "raw", "--out", "processed"]) == 0
    assert "(1 unchanged, skipped)" in capsys.readouterr().out


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "3 the output folder is locked" in text and "130 interrupted" in text


# 9. The command line's own words.

def test_version_names_the_program_as_invoked(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/somewhere/.venv/bin/ocindex", "--version"])
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == "ocindex 0.1.0"


def test_help_examples_run_a_command_that_works_without_an_active_venv(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/x/pipeline/__main__.py"])
    for command in ("run", "reconcile"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        examples = [line.strip() for line in capsys.readouterr().out.splitlines()
                    if " -m pipeline " in line and not line.startswith("usage:")]
        assert examples and all(line.startswith((".venv/bin/python -m pipeline",
                                                 f"{sys.executable} -m pipeline"))
                                for line in examples), examples


def test_the_rerun_hint_names_the_output_folder_in_use(tmp_path, seed_text, write_report,
                                                       capsys):
    bad = write_report(b"Dear reader,\n\nthis is a letter.\n", "2025/letter.txt")
    out = tmp_path / "elsewhere"
    assert main(["run", str(bad), "--out", str(out)]) == 1
    capsys.readouterr()
    assert main(["run", str(bad), "--out", str(out)]) == 1
    assert f"see {out}/findings" in capsys.readouterr().err
