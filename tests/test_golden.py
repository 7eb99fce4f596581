"""Every fixture folder's tables equal its golden files, byte for byte, and `diff` agrees."""

import pytest

from pipeline.cli import main
from tests.golden import cases, render, run_case


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_fixture_matches_golden_files(case, tmp_path, capsys):
    out = tmp_path / "out"
    status = run_case(case, out)
    for filename, text in render(out, status).items():
        expected = (case / filename).read_text(encoding="utf-8")
        assert text == expected, f"{case.name}/{filename} differs; run `make golden` and read the diff"
    # The same check through the diff command, as a user would run it on a golden folder.
    capsys.readouterr()
    assert main(["diff", str(case), str(out)]) == 0, capsys.readouterr().out
