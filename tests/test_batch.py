"""Batch runs: workers, incremental reruns, the lock, and surviving a kill."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.write import locked
from tests.pdf_cases import load_spec, spec_paths
from tests.support.profiles import spec_to_pdf, spec_to_text

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder of text and PDF profiles of several countries and editions."""
    root = tmp_path_factory.mktemp("corpus")
    for n, path in enumerate(spec_paths()):
        spec = load_spec(path)
        folder = root / str(spec["edition"])
        folder.mkdir(exist_ok=True)
        if n % 2:
            spec_to_pdf(spec, folder / f"{path.stem}.pdf", arrows="vector")
        else:
            (folder / f"{path.stem}.txt").write_text(spec_to_text(spec), encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / t) for t in ("reports", "scores", "ranks", "narrative")}


def test_workers_write_the_same_tables_as_one_process(corpus, tmp_path):
    assert main(["run", str(corpus), "--out", str(tmp_path / "one"), "-j", "1"]) in (0, 1)
    assert main(["run", str(corpus), "--out", str(tmp_path / "two"), "-j", "2"]) in (0, 1)
    one, two = tables(tmp_path / "one"), tables(tmp_path / "two")
    for name in one:
        assert one[name].astype(str).equals(two[name].astype(str)), name
    assert len(one["reports"]) == len(spec_paths())


def test_unchanged_reports_are_skipped_and_force_reprocesses(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    main(["run", str(corpus), "--out", str(out)])
    before = snapshot(out)
    capsys.readouterr()
    main(["run", str(corpus), "--out", str(out)])
    assert f"({len(spec_paths())} unchanged, skipped)" in capsys.readouterr().out
    assert snapshot(out) == before
    main(["run", str(corpus), "--out", str(out), "--force"])
    assert "(0 unchanged, skipped)" in capsys.readouterr().out


def test_a_changed_report_rewrites_only_its_edition(corpus, tmp_path):
    work = tmp_path / "raw"
    work.mkdir()
    for p in corpus.rglob("*.txt"):
        (work / p.parent.name).mkdir(exist_ok=True)
        (work / p.parent.name / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    main(["run", str(work), "--out", str(out)])
    before = snapshot(out)
    target = next((work / "2023").glob("*.txt"))
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    main(["run", str(work), "--out", str(out)])
    after = snapshot(out)
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed and all("edition=2023" in p or p.startswith("dataset_2023.") or
                           p in ("manifest.json", "runs.json", "DATA_DICTIONARY.md") for p in changed)


def test_second_run_on_a_locked_folder_is_refused(seed_text, write_report, tmp_path, capsys):
    out = tmp_path / "out"
    with locked(out):
        assert main(["run", str(write_report(seed_text)), "--out", str(out)]) == 3
    assert "is being written by pid" in capsys.readouterr().err
    assert not (out / "scores").exists()


def test_strict_fails_on_warnings(seed_text, write_report, tmp_path):
    path = write_report(seed_text)
    assert main(["run", str(path), "--out", str(tmp_path / "a")]) == 0
    assert main(["run", str(path), "--out", str(tmp_path / "b"), "--strict"]) == 1


def run_pipeline(args: list[str], **env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args], cwd=ROOT,
                            env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


@pytest.mark.parametrize("crash_at", ["stage", "move"])
def test_a_run_killed_mid_write_leaves_processed_whole(corpus, tmp_path, crash_at):
    out = tmp_path / "out"
    first = corpus / "2025"
    assert main(["run", str(first), "--out", str(out)]) in (0, 1)
    before = snapshot(out)
    killed = run_pipeline([str(corpus), "--out", str(out), "--force"], OCINDEX_CRASH_AT=crash_at)
    assert killed.wait() == 137
    if crash_at == "stage":
        assert {k: v for k, v in snapshot(out).items() if not k.startswith(".")} == before
    for table in ("reports", "scores", "ranks", "narrative", "findings"):
        pd.read_parquet(out / table)  # readable, whatever the moment of the kill
    # The next run finishes or discards what the killed one left.
    assert main(["run", str(corpus), "--out", str(out)]) in (0, 1)
    assert not list(out.glob(".staging-*")) and not (out / ".commit.json").exists()
    reports = pd.read_parquet(out / "reports")
    assert len(reports) == len(spec_paths())


def test_kill_9_during_processing_loses_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(corpus / "2021"), "--out", str(out)]) in (0, 1)
    before = snapshot(out)
    proc = run_pipeline([str(corpus), "--out", str(out), "--force", "-j", "1"])
    # Killed once it says it has read its first report: mid-batch, however fast it reads.
    first = proc.stdout.readline()
    assert first.startswith(b"processed 1/"), first
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {k: v for k, v in snapshot(out).items() if not k.startswith(".")} == before
    assert len(pd.read_parquet(out / "scores")) == 30 * len(list((corpus / "2021").iterdir()))


def test_workers_are_replaced_over_a_long_batch(seed_text, tmp_path):
    """Each worker retires after 50 reports; the batch must still finish (no hang)."""
    folder = tmp_path / "raw" / "2025"
    folder.mkdir(parents=True)
    for n in range(130):
        (folder / f"copy{n:03}.txt").write_text(seed_text, encoding="utf-8")
    proc = run_pipeline([str(folder), "--out", str(tmp_path / "out"), "-j", "2"])
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 1  # 129 copies are duplicates of the first
    assert b"130 reports: 1 ok, 129 invalid" in out


def test_the_same_file_by_another_path_is_not_a_duplicate(seed_text, tmp_path, monkeypatch,
                                                           capsys):
    folder = tmp_path / "raw" / "2025"
    folder.mkdir(parents=True)
    (folder / "azerbaijan.txt").write_text(seed_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "raw", "--out", "out"]) == 0
    assert main(["run", str(tmp_path / "raw"), "--out", "out"]) == 0
    assert "(1 unchanged, skipped)" in capsys.readouterr().out
    assert main(["run", str(tmp_path / "raw"), "--out", "out", "--force"]) == 0
    assert pd.read_parquet(tmp_path / "out" / "reports").status.tolist() == ["ok"]


def test_writing_leaves_the_garbage_collector_as_it_found_it(seed_text, write_report,
                                                             tmp_path, monkeypatch):
    """The write freezes the objects of the batch; it must thaw them, even on failure."""
    import gc

    from pipeline import derive

    report = write_report(seed_text)
    main(["run", str(report), "--out", str(tmp_path / "out")])
    assert gc.get_freeze_count() == 0

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(derive, "write_dataset_xlsx", fail)
    assert main(["run", str(report), "--out", str(tmp_path / "out2")]) == 1
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1], [1, 0, 2]])
def test_a_new_partition_comes_out_sorted_whatever_order_the_rows_came_in(order):
    from pipeline.write import merge_partition

    rows = [{"report_id": rid, "country": None, "iso3": None, "section": "criminality",
             "heading": None, "subheading": None, "paragraph_no": no, "text": f"{rid} {no}",
             "indicators": [], "page_start": 1, "page_end": 1}
            for rid, no in [("2025-AZE", 1), ("2025-AZE", 2), ("2025-FJI", 1)]]
    table = merge_partition(None, "narrative", [rows[i] for i in order], set())
    assert table.column("text").to_pylist() == ["2025-AZE 1", "2025-AZE 2", "2025-FJI 1"]


def test_tables_written_before_a_column_was_added_are_still_merged(seed_text, write_report,
                                                                    tmp_path):
    """An output folder from an older version lacks newer columns; a rerun fills them."""
    import pyarrow.parquet as pq

    from pipeline.write import partition_path

    out = tmp_path / "out"
    report = write_report(seed_text)
    other = write_report(seed_text.replace("AZERBAIJAN", "GEORGIA").replace(
        "Azerbaijan", "Georgia"), "2025/other.txt")
    assert main(["run", str(report), str(other), "--out", str(out)]) == 0
    path = partition_path(out, "scores", 2025)
    pq.write_table(pq.read_table(path).drop_columns(["arrow_colour"]), path)
    assert main(["run", str(report), "--out", str(out), "--force"]) == 0
    scores = pd.read_parquet(out / "scores")
    assert "arrow_colour" in scores.columns
    assert set(scores.report_id) == {"2025-AZE", "2025-GEO"}


RUN_AND_SAY_WHAT_IT_IMPORTED = (
    "import sys\nfrom pipeline.cli import main\n"
    "status = main(['run', {inputs!r}, '--out', {out!r}, '-j', '1'])\n"
    "print('imported:', 'pandas' in sys.modules, 'openpyxl' in sys.modules, status)\n")


def run_in_a_new_process(inputs: Path, out: Path) -> str:
    done = subprocess.run([sys.executable, "-c", RUN_AND_SAY_WHAT_IT_IMPORTED.format(
        inputs=str(inputs), out=str(out))], capture_output=True, text=True, check=True)
    return next(line for line in done.stdout.splitlines() if line.startswith("imported:"))


def test_a_run_never_imports_pandas_and_writes_a_workbook_only_where_its_edition_changed(
        tmp_path):
    from tests.pdf_cases import SPECS, load_spec
    from tests.support.profiles import spec_to_text

    raw, out = tmp_path / "raw", tmp_path / "out"
    for stem in ("2025_azerbaijan", "2023_colombia"):
        spec = load_spec(SPECS / f"{stem}.json")
        path = raw / str(spec["edition"]) / f"{stem}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(spec_to_text(spec), encoding="utf-8")
    assert run_in_a_new_process(raw, out) == "imported: False True 0"
    books = {year: out / f"dataset_{year}.xlsx" for year in (2023, 2025)}
    written = {year: book.stat().st_mtime_ns for year, book in books.items()}
    # Nothing changed: no workbook, and neither library is loaded.
    assert run_in_a_new_process(raw, out) == "imported: False False 0"
    assert {year: book.stat().st_mtime_ns for year, book in books.items()} == written
    # One 2023 report changed: the 2023 workbook is written again, the 2025 one is not.
    colombia = raw / "2023" / "2023_colombia.txt"
    colombia.write_text(colombia.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run_in_a_new_process(raw, out) == "imported: False True 0"
    assert books[2025].stat().st_mtime_ns == written[2025]
    assert books[2023].stat().st_mtime_ns != written[2023]
