"""Ballots and answers: the bulk path, the date-only rule, shuffling physical order."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storage import filling
from storage.db import StorageError
from survey_engine.answer import Answer
from tests.storage._db import fresh_db


@pytest.fixture
def db(tmp_path):
    yield from fresh_db(tmp_path)


ANSWERS = [
    Answer("s1", "grade", option_id="excellent", value_num=4.0),
    Answer("s1", "matrix", row_id="de", value_num=5),
    Answer("s1", "matrix", row_id="neng", is_na=True),
    Answer("s1", "checklist", option_id="c1"),
    Answer("s1", "comment", value_text="意见 'quoted'; DROP TABLE answer"),
]


def _insert(cur, **overrides):
    args = {
        "phase_id": "p",
        "definition_id": "dm",
        "definition_version": 1,
        "rater_group": "peer",
        "rater_pseudonym": "ps",
        "source": "online",
        "submitted_on": date(2025, 6, 1),
        "answers": ANSWERS,
    } | overrides
    return filling.insert_ballot(cur, **args)


def test_insert_ballot_round_trips_typed_answers(db):
    with db.transaction() as cur:
        ballot_id = _insert(cur)
    assert len(ballot_id) == 32
    with db.read() as cur:
        rows = cur.execute("SELECT * FROM answer").fetchall()
    assert sorted((Answer(*r[1:]) for r in rows), key=repr) == sorted(ANSWERS, key=repr)
    assert {r[0] for r in rows} == {ballot_id}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"submitted_on": datetime(2025, 6, 1, 9, 30)}, "never a time"),
        ({"source": "email"}, "source"),
        ({"answers": []}, "at least one answer"),
    ],
)
def test_insert_ballot_refuses(db, overrides, message):
    with pytest.raises(StorageError, match=message), db.transaction() as cur:
        _insert(cur, **overrides)
    assert db.query_df("SELECT count(*) AS n FROM ballot")["n"][0] == 0


def test_shuffle_keeps_content_and_orders_by_random_id(db):
    with db.transaction() as cur:
        ids = [_insert(cur, rater_pseudonym=f"ps{i}") for i in range(20)]
        _insert(cur, phase_id="other")
    before = db.query_df("SELECT * FROM answer ORDER BY ALL")
    assert filling.shuffle_phase_ballots(db, "p") == 20
    physical = list(db.query_df("SELECT ballot_id FROM ballot WHERE phase_id = 'p'")["ballot_id"])
    assert physical == sorted(ids)
    after = db.query_df("SELECT * FROM answer ORDER BY ALL")
    assert before.equals(after)
