"""Stage 1: bytes into a Document, or a ReadError saying where and why."""

import pytest

from pipeline.read import find_reports
from pipeline.read.text import text_bytes_to_document
from pipeline.records import ReadError


@pytest.mark.parametrize("data, location, reason", [
    (b"", "byte 0", "empty"),
    (b"  \n\n\t\n", "byte 0", "empty"),
    (b"AZERBAIJAN\x00\x01\x02", "byte 10", "binary"),
    (b"\xff\xfeA\x00\x00\xd8", "byte 4", "not utf-16 text"),
])
def test_unreadable_text_raises_with_place_and_reason(data, location, reason):
    with pytest.raises(ReadError) as caught:
        text_bytes_to_document(data, "x.txt")
    assert caught.value.location == location
    assert reason in caught.value.reason


def test_readable_text_keeps_raw_lines_and_numbers():
    doc = text_bytes_to_document("\ufeff# AZERBAIJAN\r\n\r\n5.03\r\n".encode(), "x.txt")
    assert [(ln.line_no, ln.raw) for ln in doc.lines] == [(1, "# AZERBAIJAN"), (2, ""), (3, "5.03"), (4, "")]
    assert doc.page_count == 1 and doc.source_format == "text" and len(doc.sha256) == 64


def test_form_feed_starts_a_new_page():
    doc = text_bytes_to_document(b"one\ntwo\fthree\n\ffour", "x.txt")
    assert [(ln.raw, ln.page) for ln in doc.lines if ln.raw] == [
        ("one", 1), ("two", 1), ("three", 2), ("four", 3)]
    assert doc.page_count == 3


def test_find_reports_searches_folders_for_report_suffixes(tmp_path):
    (tmp_path / "2025").mkdir()
    for name in ("2025/b.txt", "2025/a.pdf", "notes.csv", "c.md"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_reports([tmp_path])]
    assert found == ["2025/a.pdf", "2025/b.txt", "c.md"]
