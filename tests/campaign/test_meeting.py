"""Meeting mode: single-use anonymous ballot tokens for a grid, counts only."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from campaign import meeting, respondent, tokens
from tests.campaign.conftest import boxed, make_answers

GRID = ["s_head", "s_a", "s_b"]


@pytest.fixture
def room(world):
    return meeting.create_meeting(
        world.db,
        world.key,
        phase_id=world.phase_id,
        rater_group="peer",
        subject_ids=GRID,
        n_tokens=5,
        expires_at=datetime.now() + timedelta(hours=3),
    )


def test_meeting_tokens_belong_to_no_one(world, room):
    assert len(set(room.tokens)) == 5
    inv = world.db.query_df("SELECT * FROM invitation WHERE kind = 'meeting'")
    assert inv["rater_id"].isna().all()
    assert set(inv["meeting_id"]) == {room.meeting_id}
    session = respondent.open_session(world.db, world.key, room.tokens[0], "room")
    assert session.kind == "meeting" and [q.subject_id for q in session.queue] == sorted(GRID)


def test_meeting_token_is_single_use(world, room):
    token = room.tokens[0]
    first = respondent.submit(world.db, world.key, token, GRID, make_answers(GRID))
    assert first.status == "submitted" and first.finished
    again = respondent.submit(world.db, world.key, token, GRID, make_answers(GRID, 1.0))
    assert again.status == "already_submitted"
    assert tokens.lookup(world.db, world.key, token) == "finished"
    ballots = boxed(world.db)[0][["source", "rater_group"]]
    assert ballots.to_dict("records") == [{"source": "meeting", "rater_group": "peer"}]


def test_meeting_ballot_is_submitted_whole(world, room):
    with pytest.raises(respondent.SubmitError, match="whole"):
        respondent.submit(world.db, world.key, room.tokens[1], ["s_a"], make_answers(["s_a"]))


def test_live_count_and_close(world, room):
    for token in room.tokens[:3]:
        respondent.submit(world.db, world.key, token, GRID, make_answers(GRID))
    assert meeting.live_count(world.db, room.meeting_id) == {
        "issued": 5,
        "received": 3,
        "revoked": 0,
        "open": 2,
    }
    assert meeting.close_meeting(world.db, room.meeting_id) == 2
    assert tokens.lookup(world.db, world.key, room.tokens[4]) == "revoked"
    assert meeting.live_count(world.db, room.meeting_id)["open"] == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_tokens": 0}, "between"),
        ({"rater_group": "self"}, "anonymous"),
        ({"subject_ids": []}, "at least one"),
    ],
)
def test_create_meeting_rejects_bad_requests(world, kwargs, message):
    args = {
        "phase_id": world.phase_id,
        "rater_group": "peer",
        "subject_ids": GRID,
        "n_tokens": 3,
        "expires_at": datetime.now() + timedelta(hours=1),
    } | kwargs
    with pytest.raises(ValueError, match=message):
        meeting.create_meeting(world.db, world.key, **args)
