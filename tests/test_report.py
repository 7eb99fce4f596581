"""`python -m pipeline report`: one self-contained QA page per edition."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.pdf_cases import load_spec, spec_paths
from tests.support.profiles import spec_to_pdf, spec_to_text

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--window-size=1200,3000"]
# What would make a browser fetch something: a src/href to another host, a CSS import.
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//"""
                      r"""|@import|url\(\s*["']?\s*https?:""", re.IGNORECASE)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """Two editions of text profiles, and one 2025 PDF whose first indicator was changed
    so that its pillar no longer adds up (invalid); run and reported."""
    root = tmp_path_factory.mktemp("report")
    wanted = {"2023_azerbaijan", "2023_fiji", "2025_azerbaijan", "2025_fiji", "2025_germany"}
    for path in spec_paths():
        if path.stem not in wanted:
            continue
        spec = load_spec(path)
        folder = root / "raw" / str(spec["edition"])
        folder.mkdir(parents=True, exist_ok=True)
        if path.stem == "2025_germany":
            indicator = spec["dimensions"][0]["pillars"][0]["indicators"][0]
            bad = copy.deepcopy(spec)
            bad["dimensions"][0]["pillars"][0]["indicators"][0] = {
                **indicator, "score": "9.50" if indicator["score"] != "9.50" else "1.00"}
            spec_to_pdf(bad, folder / "germany_changed.pdf", arrows="vector")
        else:
            (folder / f"{path.stem}.txt").write_text(spec_to_text(spec), encoding="utf-8")
    assert main(["run", str(root / "raw"), "--out", str(root / "out"), "-j", "1"]) == 1
    assert main(["report", "--out", str(root / "out")]) == 0
    return root


def page(batch: Path, edition: int) -> str:
    return (batch / "out" / "report" / f"{edition}.html").read_text(encoding="utf-8")


def test_a_page_per_edition_names_every_report_and_holds_charts(batch):
    for edition in (2023, 2025):
        html = page(batch, edition)
        for report in (batch / "raw" / str(edition)).iterdir():
            assert report.name in html
        assert html.count("<svg") >= 3
    html = page(batch, 2025)
    assert "/raw" in html and "last run" in html  # the input folder and the run's time
    assert "Measured from the previous edition&#x27;s extracted score" in html
    # The invalid PDF's first error, cut from its page with the line outlined.
    assert re.search(r'<img class="crop" alt="page 1: arithmetic \(line \d+, page 1\)" '
                     r'src="data:image/png;base64,', html)


def test_the_page_loads_nothing_from_the_network(batch):
    html = page(batch, 2025)
    assert not EXTERNAL.findall(html)
    assert "<script src" not in html and "<link rel=\"stylesheet\"" not in html


def test_the_run_records_its_time_and_input(batch):
    runs = json.loads((batch / "out" / "runs.json").read_text(encoding="utf-8"))
    assert runs[-1]["inputs"] == [str(batch / "raw")]
    assert runs[-1]["editions_written"] == [2023, 2025] and runs[-1]["invalid"] == 1
    assert runs[-1]["seconds"] > 0


def test_last_run_reports_only_the_editions_it_rewrote(batch, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(batch / "out", out)
    shutil.rmtree(out / "report")
    text = next((batch / "raw" / "2023").glob("*.txt"))
    capsys.readouterr()
    main(["run", str(text), "--out", str(out), "--force"])
    assert main(["report", "--out", str(out), "--last-run"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"report: {out}/report/2023.html"
    assert sorted(p.name for p in (out / "report").iterdir()) == ["2023.html"]
    # Reported already: a second call (or a rerun that changed nothing) writes nothing.
    assert main(["report", "--out", str(out), "--last-run"]) == 0
    assert "no report written" in capsys.readouterr().out


def test_report_on_an_empty_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path)]) == 2
    assert "no reports table" in capsys.readouterr().err


def test_help_and_run_do_not_import_matplotlib_or_pandas(tmp_path):
    code = ("import sys\nfrom pipeline.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('help:', 'matplotlib' in sys.modules, 'pandas' in sys.modules)\n"
            f"main(['run', {str(Path(__file__).parent / 'conftest.py')!r}, '--edition', '2025',"
            f" '--out', {str(tmp_path)!r}])\n"
            "print('run:', 'matplotlib' in sys.modules, 'pandas' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    said = [line for line in done.stdout.splitlines() if line.startswith(("help:", "run:"))]
    assert said == ["help: False False", "run: False False"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install "
                    "chromium); the browser check of the QA page is skipped")
def test_the_page_renders_in_chromium_without_console_errors(batch, tmp_path):
    screenshot = tmp_path / "report_2025.png"
    done = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={screenshot}",
         (batch / "out" / "report" / "2025.html").resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    # The page logs nothing: any console message (an error, an uncaught exception) fails.
    console = [line for line in done.stderr.splitlines()
               if ":CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")
