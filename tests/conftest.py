from pathlib import Path

import pytest

SEED_PATH = Path(__file__).parent / "fixtures" / "seed_azerbaijan_2025" / "input" / "2025" / "azerbaijan.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def write_report(tmp_path):
    """Write text as a report under an edition folder; return its path."""
    def write(text: str | bytes, name: str = "2025/report.txt") -> Path:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            text = text.encode("utf-8")
        path.write_bytes(text)
        return path
    return write
