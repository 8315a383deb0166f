"""The style guide holds in the code: ruff's lint and format pass, and modules stay small."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ["analytics", "campaign", "demo", "storage", "survey_engine", "ui", "pages", "bench"]
MAX_MODULE_LINES = 420  # STYLE.md: "under about 400 lines"


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")])
def test_ruff_passes(args: tuple[str, ...]) -> None:
    result = _ruff(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_modules_stay_small() -> None:
    big = {
        str(p.relative_to(ROOT)): n
        for d in SOURCE_DIRS
        for p in (ROOT / d).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert big == {}
