"""The ballot box: typed round trip through a slot and the seal, refusals, random slots, units."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau

from storage import ballot_box, filling, sealing
from storage import campaigns as c
from storage import definitions as d
from storage.db import StorageError
from survey_engine.answer import Answer
from tests.storage._db import fresh_db

ANSWERS = [
    Answer("s1", "grade", option_id="excellent", value_num=4.0),
    Answer("s1", "matrix", row_id="de", value_num=5),
    Answer("s1", "matrix", row_id="neng", is_na=True),
    Answer("s1", "checklist", option_id="c1"),
    Answer("s1", "comment", value_text="意见 'quoted'; DROP TABLE answer"),
]


@pytest.fixture
def db(tmp_path):
    yield from fresh_db(tmp_path)


@pytest.fixture
def phase_id(db):
    d.save_definition(db, "dm", {"id": "dm"})
    d.publish_definition(db, "dm", 1)
    cid = c.create_campaign(
        db, name="2025", year=2025, settings_json=json.dumps({"thresholds": {"peer": 3}})
    )
    pid = c.add_phase(db, campaign_id=cid, kind="single", definition_id="dm", definition_version=1)
    c.open_phase(db, pid)
    return pid


def _insert(cur, phase_id, answers=ANSWERS, source="online", group="peer"):
    return filling.insert_ballots(
        cur,
        phase_id=phase_id,
        definition_id="dm",
        definition_version=1,
        source=source,
        ballots=[(group, answers)],
    )


def test_a_ballot_round_trips_through_its_slot_and_the_seal(db, phase_id):
    with db.transaction() as cur:
        assert _insert(cur, phase_id) == 1
    assert db.query_df("SELECT count(*) AS n FROM ballot")["n"][0] == 0  # only in the box
    c.close_phase(db, phase_id)
    with db.read() as cur:
        got = [Answer(*r[1:]) for r in cur.execute("SELECT * FROM answer").fetchall()]
    assert sorted(got, key=repr) == sorted(ANSWERS, key=repr)
    ballot = db.query_df("SELECT * FROM ballot")
    assert len(ballot) == 1 and len(ballot["ballot_id"][0]) == 32
    assert db.query_df("SELECT count(*) AS n FROM ballot_slot")["n"][0] == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"source": "email"}, "source"), ({"answers": []}, "at least one answer")],
)
def test_insert_refuses(db, phase_id, kwargs, message):
    with pytest.raises(StorageError, match=message), db.transaction() as cur:
        _insert(cur, phase_id, **kwargs)
    assert (
        db.query_df("SELECT count(*) AS n FROM ballot_slot WHERE payload IS NOT NULL")["n"][0] == 0
    )


def test_slots_are_filled_in_random_order(db, phase_id):
    """Sixty ballots one after another: the box's row order is no trace of their order. The box
    is allocated for every ballot the open invitations can give (here 60 single assignments)."""
    with db.transaction() as cur:
        for i in range(60):
            cur.execute(
                "INSERT INTO invitation (invitation_id, phase_id, rater_id, kind, token_hash,"
                " expires_at, created_on) VALUES (?, ?, ?, 'personal', ?, now(), today())",
                [f"i{i}", phase_id, f"r{i}", f"h{i}"],
            )
            cur.execute(
                "INSERT INTO assignment VALUES (?, ?, ?, 's1', 'peer', FALSE)",
                [f"a{i}", phase_id, f"i{i}"],
            )
    for i in range(60):
        with db.transaction() as cur:
            _insert(cur, phase_id, [Answer("s1", "comment", value_text=f"c{i:03d}")])
    box = db.query_df("SELECT slot_no, payload FROM ballot_slot WHERE phase_id = ?", [phase_id])
    filled = box.dropna(subset=["payload"])
    order = [int(json.loads(p)["a"][0][5][1:]) for p in filled["payload"]]
    assert sorted(order) == list(range(60))
    tau = kendalltau(filled["slot_no"], order).statistic
    assert abs(tau) < 0.4  # submission order would give 1.0 (p < 1e-5 by chance)
    assert len(box) > len(filled)  # free slots remain among the filled ones


def _frames(groups: dict[str, list[str]], source="online"):
    ballots = pd.DataFrame(
        {
            "ballot_id": list(groups),
            "phase_id": "p",
            "definition_id": "d",
            "definition_version": 1,
            "rater_group": "peer",
            "source": source,
        }
    )
    answers = pd.DataFrame(
        [(b, s, "q", None, None, 4.0, None, False) for b, ss in groups.items() for s in ss],
        columns=list(ballot_box.ANSWER_COLUMNS),
    )
    return ballots, answers


def test_a_subject_set_shared_by_k_ballots_stays_whole_others_split():
    groups = {f"k{i}": ["a", "b", "c"] for i in range(3)} | {"x": ["a", "b"], "y": ["c"]}
    ballots, answers = ballot_box.split_small_units(*_frames(groups), {"peer": 3})
    sets = answers.groupby("ballot_id")["subject_id"].agg(lambda s: tuple(sorted(s)))
    assert sorted(sets.value_counts().items()) == [
        (("a",), 1),
        (("a", "b", "c"), 3),
        (("b",), 1),
        (("c",), 1),
    ]
    assert set(ballots["ballot_id"]) == set(answers["ballot_id"]) and len(ballots) == 6


def test_paper_ballots_stay_whole():
    ballots, _ = ballot_box.split_small_units(*_frames({"p": ["a", "b"]}, "paper"), {"peer": 3})
    assert list(ballots["ballot_id"]) == ["p"]


def test_shuffled_keeps_every_answer_with_its_ballot():
    groups = {f"b{i}": ["a", "b"] for i in range(30)}
    ballots, answers = _frames(groups)
    out_b, out_a = ballot_box.shuffled(ballots, answers)
    assert list(out_b["ballot_id"]) != list(ballots["ballot_id"])
    pd.testing.assert_frame_equal(
        out_a.sort_values(["ballot_id", "subject_id"], ignore_index=True),
        answers.sort_values(["ballot_id", "subject_id"], ignore_index=True),
    )
    first_seen = list(dict.fromkeys(out_a["ballot_id"]))
    assert first_seen == list(out_b["ballot_id"])  # answers follow the ballots' order


def test_sealing_clears_the_register_and_keeps_counts(db, phase_id):
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO invitation (invitation_id, phase_id, rater_id, kind, token_hash,"
            " expires_at, finished, created_on) VALUES ('i1', ?, 'r1', 'personal', 'h1',"
            " now(), TRUE, today())",
            [phase_id],
        )
        cur.execute("INSERT INTO assignment VALUES ('a1', ?, 'i1', 's1', 'peer', TRUE)", [phase_id])
        _insert(cur, phase_id)
    c.close_phase(db, phase_id)
    reg = db.query_df(
        "SELECT a.done, i.finished, i.token_hash FROM assignment a JOIN invitation i"
        " USING (invitation_id)"
    )
    assert reg["done"].isna().all() and reg["finished"].isna().all()
    assert reg["token_hash"][0].startswith("sealed:")
    counts = db.query_df("SELECT view, body FROM phase_count WHERE phase_id = ?", [phase_id])
    by_group = json.loads(counts.set_index("view")["body"]["by_group"])["data"]
    assert by_group == [{"phase_id": phase_id, "rater_group": "peer", "assigned": 1, "done": 1}]
    assert np.isin(["by_subject", "by_rater_unit", "by_phase"], counts["view"]).all()
    with pytest.raises(StorageError, match="only an open phase"), db.transaction() as cur:
        sealing.seal(cur, phase_id)
