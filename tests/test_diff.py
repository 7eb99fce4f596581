"""`python -m pipeline diff` on two output folders and on a golden folder (also test_golden)."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.cli import main
from pipeline.diff import diff_table
from tests.golden import cases


@pytest.fixture(scope="module")
def seed_runs(tmp_path_factory, seed_text):
    """Three runs of the seed: two of the same input, one with human trafficking 4.50 -> 5.50."""
    root = tmp_path_factory.mktemp("seed_runs")
    report = root / "raw" / "2025" / "azerbaijan.txt"
    report.parent.mkdir(parents=True)
    report.write_text(seed_text, encoding="utf-8")
    main(["run", str(report.parent), "--out", str(root / "first")])
    main(["run", str(report.parent), "--out", str(root / "again")])
    changed = seed_text.replace("HUMAN TRAFFICKING\t4.50", "HUMAN TRAFFICKING\t5.50")
    assert changed != seed_text
    report.write_text(changed, encoding="utf-8")
    main(["run", str(report.parent), "--out", str(root / "changed")])
    return root


def test_two_runs_of_the_same_input_are_identical(seed_runs, capsys):
    assert main(["diff", str(seed_runs / "first"), str(seed_runs / "again")]) == 0
    assert capsys.readouterr().out.strip().endswith("identical: 7 tables compared")
    assert main(["diff", str(seed_runs / "first"), str(seed_runs / "again"),
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["identical"] is True


def test_a_changed_score_is_named_with_its_old_and_new_value(seed_runs, capsys):
    assert main(["diff", str(seed_runs / "first"), str(seed_runs / "changed")]) == 1
    out = capsys.readouterr().out
    assert "~ 2025-AZE human_trafficking score: 4.50 -> 5.50" in out
    assert "+ 2025-AZE error arithmetic" in out  # the pillar no longer adds up
    assert main(["diff", str(seed_runs / "first"), str(seed_runs / "changed"),
                 "--format", "json"]) == 1
    scores = json.loads(capsys.readouterr().out)["tables"]["scores"]
    assert scores["changed"] == [{"key": {"report_id": "2025-AZE",
                                          "indicator": "human_trafficking"},
                                  "cells": {"score": ["4.50", "5.50"],
                                            "previous_score": ["4.50", "5.50"]}}]


def test_a_golden_folder_that_differs_from_the_run_is_reported(seed_runs, tmp_path, capsys):
    golden = tmp_path / "golden"
    shutil.copytree(cases()[-1], golden, ignore=shutil.ignore_patterns("input"))
    scores = golden / "scores.csv"
    assert ",4.50," in scores.read_text(encoding="utf-8")
    scores.write_text(scores.read_text(encoding="utf-8").replace(",4.50,", ",4.00,", 1),
                      encoding="utf-8")
    # The changed run against the altered golden file: both differences show.
    assert main(["diff", str(golden), str(seed_runs / "changed")]) == 1
    out = capsys.readouterr().out
    assert "~ 2025-AZE human_trafficking score: 4.00 -> 5.50" in out
    assert "not compared, on one side only: pipeline_version" in out


FINDING = {"report_id": "2025-AZE", "severity": "error", "rule": "arithmetic",
           "location": "line 10, page 1", "message": "m", "value": "4.27"}


@pytest.mark.parametrize("old, new, appeared, gone", [
    ([FINDING], [FINDING], 0, 0),
    ([FINDING], [], 0, 1),
    ([], [FINDING, FINDING], 2, 0),
    ([FINDING, FINDING], [FINDING], 0, 1),
    ([FINDING], [{**FINDING, "message": "other"}], 1, 1),
])
def test_findings_appear_and_go_one_for_one(old, new, appeared, gone):
    diff = diff_table("findings", old, new, common_only=False)
    assert (len(diff.added), len(diff.removed)) == (appeared, gone)


def test_a_repeated_key_is_matched_by_occurrence():
    row = {"report_id": "2025-AZE", "indicator": "arms_trafficking", "score": "3.00"}
    diff = diff_table("scores", [row, row], [row, {**row, "score": "3.50"}], common_only=False)
    assert diff.changed == [{"key": {"report_id": "2025-AZE", "indicator": "arms_trafficking",
                                     "occurrence": 2}, "cells": {"score": ["3.00", "3.50"]}}]


def test_a_missing_folder_is_a_usage_error(tmp_path):
    assert main(["diff", str(tmp_path / "nope"), str(tmp_path)]) == 2
