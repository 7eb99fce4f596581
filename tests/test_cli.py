"""The command line as a user runs it: exit statuses, bad input, reruns."""

import subprocess
import sys

import pandas as pd
import pytest

from pipeline.cli import main


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit) as done:
        main(["run", "--help"])
    assert done.value.code == 0
    assert "example" in capsys.readouterr().out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as done:
        main(["run", "--edition", "soon"])
    assert done.value.code == 2
    assert main(["run", "/no/such/folder"]) == 2


def test_module_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True,
                          text=True, check=True)
    assert "run" in done.stdout


@pytest.mark.parametrize("name, data, rule, where", [
    ("2025/empty.txt", b"", "unreadable", "byte 0"),
    ("2025/binary.txt", b"\x00\x01\x02PK", "unreadable", "byte 0"),
    ("2025/utf16.txt", b"\xff\xfe\x00\xd8", "unreadable", "byte 2"),
    ("noyear/azerbaijan.txt", None, "no_edition", "path"),
    ("2025/letter.txt", b"Dear reader,\n\nthis is a letter.\n", "not_a_profile", "whole document"),
    # Numbers that look like scores do not make it a profile, nor lead its line.
    ("2025/notes.txt", b"Notes\n\nThe budget went up 5.00 points.\n\n| Item | Cost |\n|---|---|\n"
     b"| Coffee | 4.50 |\n", "not_a_profile", "whole document"),
])
def test_bad_report_fails_alone_with_one_clear_line(tmp_path, seed_text, write_report, capsys,
                                                    name, data, rule, where):
    good = write_report(seed_text, "2025/azerbaijan.txt")
    bad = write_report(seed_text.encode() if data is None else data, name)
    out = tmp_path / "out"
    assert main(["run", str(good.parent.parent), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{bad}: {where}: ")
    reports = pd.read_parquet(out / "reports").set_index("source_path")
    assert reports.loc[str(good), "status"] == "ok"
    assert len(pd.read_parquet(out / "scores")) == 36
    if rule == "no_edition":  # no edition, no partition: the line above says it all
        assert str(bad) not in reports.index and not list(out.glob("*/edition=0"))
        return
    assert reports.loc[str(bad), "status"] in ("failed", "invalid")
    findings = pd.read_parquet(out / "findings")
    assert rule in set(findings[findings.source_path == str(bad)].rule)


def test_edition_flag_overrides_the_path(tmp_path, seed_text, write_report):
    path = write_report(seed_text, "profiles/azerbaijan.txt")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--edition", "2025"]) == 0
    assert list(pd.read_parquet(out / "reports").report_id) == ["2025-AZE"]


def test_rerun_replaces_rows_of_processed_reports_and_keeps_the_rest(tmp_path, seed_text,
                                                                     write_report):
    out = tmp_path / "out"
    seed = write_report(seed_text, "2025/azerbaijan.txt")
    other = write_report(seed_text.replace("# AZERBAIJAN", "# GEORGIA"), "2023/georgia.txt")
    main(["run", str(seed), str(other), "--out", str(out)])
    changed = seed_text.replace("HEROIN TRADE\t6.50", "HEROIN TRADE\t7.00")
    seed.write_text(changed, encoding="utf-8")
    main(["run", str(seed), "--out", str(out)])
    scores = pd.read_parquet(out / "scores")
    assert sorted(scores.report_id.unique()) == ["2023-GEO", "2025-AZE"]
    assert (scores.report_id == "2025-AZE").sum() == 36
    heroin = scores[(scores.report_id == "2025-AZE") & (scores.indicator == "heroin_trade")]
    assert [str(v) for v in heroin.score] == ["7.00"]
    assert len(pd.read_parquet(out / "reports")) == 2


def test_two_reports_for_one_country_keep_the_first(tmp_path, seed_text, write_report):
    first = write_report(seed_text, "2025/a.txt")
    second = write_report(seed_text, "2025/b.txt")
    out = tmp_path / "out"
    assert main(["run", str(first.parent), "--out", str(out)]) == 1
    reports = pd.read_parquet(out / "reports").set_index("source_path")
    assert reports.loc[str(first), "status"] == "ok"
    assert reports.loc[str(second), "status"] == "invalid"
    findings = pd.read_parquet(out / "findings")
    dup = findings[findings.rule == "duplicate_report"]
    assert str(first) in dup.message.iloc[0] and str(second) in dup.message.iloc[0]
    assert len(pd.read_parquet(out / "scores")) == 36


def test_tables_read_back_with_duckdb(tmp_path, seed_text, write_report):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out"
    main(["run", str(write_report(seed_text)), "--out", str(out)])
    rows = duckdb.sql(
        f"select edition, indicator, score from read_parquet('{out}/scores/**/*.parquet', "
        "hive_partitioning=true) where indicator = 'criminality'").fetchall()
    assert [(e, i, str(s)) for e, i, s in rows] == [(2025, "criminality", "5.03")]
    dictionary = (out / "DATA_DICTIONARY.md").read_text()
    for table in ("reports", "scores", "ranks", "narrative", "findings"):
        assert f"## {table}\n" in dictionary


def test_profile_missing_its_resilience_page_is_invalid(tmp_path, seed_text, write_report, capsys):
    start = seed_text.index("# AZERBAIJAN", seed_text.index("# AZERBAIJAN") + 1)
    end = seed_text.index("NON-STATE ACTORS")
    end = seed_text.index("\n", end)
    bad = write_report(seed_text[:start] + seed_text[end:], "2025/cut.txt")
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{bad}: whole document: no resilience score")
    findings = pd.read_parquet(out / "findings")
    assert {"missing_score", "missing_indicator", "missing_rank"} <= set(findings.rule)
    assert pd.read_parquet(out / "reports").status.tolist() == ["invalid"]
