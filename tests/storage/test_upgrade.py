"""Migration 003: a database written by the old design (pseudonyms, days, ballots in submission
order, who-did-whom kept after close) is sealed and rewritten when it is first opened."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from storage.db import MIGRATIONS_DIR, Database

PSEUDONYM = "f00dfeed" * 8


def _old_database(path: Path) -> None:
    """Schema 2 with one closed and one open phase, as the old respondent path left them."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_on DATE NOT NULL)"
    )
    for n, name in ((1, "initial"), (2, "meeting_batch")):
        con.execute((MIGRATIONS_DIR / f"{n:03d}_{name}.sql").read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_migration VALUES (?, ?, ?)", [n, name, date.today()])
    settings = json.dumps({"thresholds": {"peer": 3}})
    con.execute("INSERT INTO campaign VALUES ('c', 'c', 2025, ?, TRUE, today(), FALSE)", [settings])
    for pid, status in (("closed", "closed"), ("open", "open")):
        con.execute(
            "INSERT INTO phase VALUES (?, 'c', 'single', ?, 'dm', 1, ?, NULL, NULL)",
            [pid, 1 if pid == "closed" else 2, status],
        )
        for r in range(4):
            inv = f"{pid}-i{r}"
            con.execute(
                "INSERT INTO invitation VALUES (?, ?, ?, 'personal', ?, now(), FALSE, TRUE,"
                " today(), NULL)",
                [inv, pid, f"r{r}", f"hash-{inv}"],
            )
            subjects = ["s1", "s2"] if r < 2 else ["s1", "s2", "s3"]
            for s in subjects:
                con.execute(
                    "INSERT INTO assignment VALUES (?, ?, ?, ?, 'peer', TRUE)",
                    [f"{inv}-{s}", pid, inv, s],
                )
            ballot = f"{pid}-b{r}"  # the old design: one ballot over the rater's whole sheet
            con.execute(
                "INSERT INTO ballot VALUES (?, ?, 'dm', 1, 'peer', ?, 'online', today())",
                [ballot, pid, PSEUDONYM[:-2] + f"{r:02d}"],
            )
            for s in subjects:
                con.execute(
                    "INSERT INTO answer VALUES (?, ?, 'q', NULL, NULL, ?, ?, FALSE)",
                    [ballot, s, float(r), f"comment-{pid}-{r}-{s}"],
                )
    con.close()


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "old.duckdb"
    _old_database(path)
    db = Database(path)
    yield db, path
    db.close()


def test_closed_phase_is_sealed_and_split_nothing_lost(upgraded):
    db, _ = upgraded
    assert db.schema_version() >= 3
    answers = db.query_df(
        "SELECT a.* FROM answer a JOIN ballot b USING (ballot_id) WHERE b.phase_id = 'closed'"
    )
    assert sorted(answers["value_text"]) == sorted(
        f"comment-closed-{r}-{s}" for r in range(4) for s in (["s1", "s2", "s3"][: 2 + (r >= 2)])
    )
    # no subject set was shared by 3 ballots: every ballot now holds one subject
    assert (answers.groupby("ballot_id")["subject_id"].nunique() == 1).all()
    register = db.query_df(
        "SELECT a.done, i.finished, i.token_hash FROM assignment a"
        " JOIN invitation i USING (invitation_id) WHERE a.phase_id = 'closed'"
    )
    assert register["done"].isna().all() and register["finished"].isna().all()
    assert not register["token_hash"].str.startswith("hash-").any()
    kept = db.query_df("SELECT count(*) AS n FROM phase_count WHERE phase_id = 'closed'")
    assert kept["n"][0] == 5


def test_open_phase_moves_into_its_box(upgraded):
    db, _ = upgraded
    assert db.query_df("SELECT count(*) AS n FROM ballot WHERE phase_id = 'open'")["n"][0] == 0
    box = db.query_df("SELECT payload FROM ballot_slot WHERE phase_id = 'open'")
    filled = box["payload"].dropna()
    assert len(filled) == 10 and len(box) > len(filled)  # split per subject; free slots too
    texts = sorted(json.loads(p)["a"][0][5] for p in filled)
    assert texts == sorted(
        f"comment-open-{r}-{s}" for r in range(4) for s in (["s1", "s2", "s3"][: 2 + (r >= 2)])
    )


def test_the_file_is_rewritten_without_old_bytes(upgraded):
    _, path = upgraded
    raw = path.read_bytes()
    assert PSEUDONYM[:-2].encode() not in raw  # no pseudonym survives in a freed block
    assert b"hash-closed-i" not in raw
    assert raw.count(b"comment-closed-0-s1") == 1
    assert not Path(str(path) + ".compact").exists()
