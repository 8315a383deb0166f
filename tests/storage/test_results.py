"""The long answer frame (column contract) and response counts."""

from __future__ import annotations

import pytest

from storage import campaigns, definitions, filling, results
from survey_engine.answer import Answer
from tests.storage._db import fresh_db


@pytest.fixture
def db(tmp_path):
    yield from fresh_db(tmp_path)


def _world(db):
    definitions.save_definition(db, "dm", {"id": "dm"})
    definitions.publish_definition(db, "dm", 1)
    cid = campaigns.create_campaign(db, name="c", year=2025, settings_json="{}")
    pid = campaigns.add_phase(
        db, campaign_id=cid, kind="single", definition_id="dm", definition_version=1
    )
    campaigns.open_phase(db, pid)
    with db.transaction() as cur:
        for i, group in enumerate(["peer", "peer", "subordinate"]):
            answers = [Answer("s1", "q", value_num=float(i)), Answer("s2", "q", is_na=True)]
            if i == 0:
                answers.append(Answer("s1", "comment", value_text="好"))
            filling.insert_ballots(
                cur,
                phase_id=pid,
                definition_id="dm",
                definition_version=1,
                source="online",
                ballots=[(group, answers)],
            )
    campaigns.close_phase(db, pid)
    return cid, pid


def test_answers_frame_contract(db):
    cid, pid = _world(db)
    frame = results.answers_frame(db, campaign_id=cid)
    assert tuple(frame.columns) == results.ANSWER_FRAME_COLUMNS
    assert len(frame) == 7
    assert set(frame["phase_kind"]) == {"single"} and set(frame["phase_id"]) == {pid}
    assert frame["value_num"].dtype == "float64" and frame["is_na"].dtype == bool
    assert list(frame["ballot_id"]) == sorted(frame["ballot_id"])
    assert results.answers_frame(db, phase_id="nope").empty
    assert len(results.answers_frame(db)) == 7


def test_response_counts(db):
    cid, _ = _world(db)
    counts = results.response_counts(db, campaign_id=cid)
    got = {(r.subject_id, r.rater_group): (r.n_ballots, r.n_comments) for r in counts.itertuples()}
    assert got == {
        ("s1", "peer"): (2, 1),
        ("s1", "subordinate"): (1, 0),
        ("s2", "peer"): (2, 0),
        ("s2", "subordinate"): (1, 0),
    }
