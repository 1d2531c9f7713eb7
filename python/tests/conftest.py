"""Shared fixtures: the demo corpus read in redline's text layout, and the CLI binary when there is one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "demo" / "escalation-2021-22"


def read_txt(path: Path) -> dict:
    """One article of the text layout, as `redline code` reads it (line 1 title, 2 date, 3 URL, body)."""
    lines = [line.rstrip("\r") for line in path.read_text(encoding="utf-8").removeprefix("\ufeff").rstrip().split("\n")]
    date = lines[1].strip()
    return {
        "id": path.stem,
        "title": lines[0].strip() or None,
        "date": f"{date[:4]}-{date[4:6]}-{date[6:]}",
        "url": lines[2].strip() or None,
        "text": "\n".join(lines[3:]),
    }


@pytest.fixture(scope="session")
def demo_articles() -> list[dict]:
    """Every 25th article of the demo corpus (42 articles, in file order)."""
    files = sorted(CORPUS.glob("*.txt"))
    assert files, f"no demo corpus at {CORPUS}"
    return [read_txt(p) for p in files[::25]]


@pytest.fixture(scope="session")
def redline_bin() -> str:
    """The `redline` binary (REDLINE_BIN, else target/debug/redline, else on PATH); skips without one."""
    for candidate in (os.environ.get("REDLINE_BIN"), str(ROOT / "target" / "debug" / "redline"), shutil.which("redline")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.skip("no redline binary: set REDLINE_BIN or build with `cargo build -p redline-cli`")
