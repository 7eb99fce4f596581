"""Every fixture folder's tables equal its golden files, byte for byte."""

import pytest

from tests.golden import cases, compute


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_fixture_matches_golden_files(case):
    for filename, text in compute(case).items():
        expected = (case / filename).read_text(encoding="utf-8")
        assert text == expected, f"{case.name}/{filename} differs; run `make golden` and read the diff"
