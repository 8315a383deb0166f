"""Order in the raw bytes (audit finding 4): free-text answers must not sit in the file in the
order they were submitted, neither in the open phase's box nor after the seal."""

from __future__ import annotations

import secrets
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import kendalltau

from campaign import respondent
from storage import campaigns
from storage.db import Database
from survey_engine.answer import Answer
from tests.anonymity._load import launch

N = 48


@pytest.fixture
def submitted(tmp_path):
    """48 raters, one colleague each, submit one after another, each with a unique comment."""
    db = Database(tmp_path / "q.duckdb")
    sheet = pd.DataFrame(
        {"rater_id": [f"r{i:02d}" for i in range(N)], "subject_id": "s1", "rater_group": "peer"}
    )
    key, _, pid, issued = launch(db, sheet)
    comments = []
    for i, inv in enumerate(sorted(issued, key=lambda x: x.rater_id)):
        text = f"意见{i:03d}-{secrets.token_hex(10)}"
        answers = [Answer("s1", "q", value_num=3.0), Answer("s1", "c", value_text=text)]
        respondent.submit(db, key, inv.token, ["s1"], answers)
        comments.append(text)
    yield db, pid, comments
    db.close()


def _positions(path: str, comments: list[str]) -> list[tuple[int, int]]:
    raw = Path(path).read_bytes()
    found = [(raw.find(c.encode("utf-8")), i) for i, c in enumerate(comments)]
    return [(pos, i) for pos, i in found if pos >= 0]


def _assert_no_order(path: str, comments: list[str]) -> None:
    found = _positions(path, comments)
    assert len(found) >= 0.9 * len(comments)  # the texts are in the file: the check is real
    tau = kendalltau([p for p, _ in found], [i for _, i in found]).statistic
    assert abs(tau) < 0.4, f"file order follows submission order (tau = {tau:.2f})"


def test_open_box_bytes_do_not_follow_submission_order(submitted):
    db, _, comments = submitted
    assert db.checkpoint()
    _assert_no_order(db.path, comments)


def test_sealed_file_bytes_do_not_follow_submission_order_and_keep_no_box(submitted):
    db, pid, comments = submitted
    campaigns.close_phase(db, pid)
    _assert_no_order(db.path, comments)
    raw = Path(db.path).read_bytes()
    assert not [c for c in comments if raw.count(c.encode("utf-8")) != 1]  # no old copy left
    assert not Path(db.path + ".wal").exists() or Path(db.path + ".wal").stat().st_size == 0
