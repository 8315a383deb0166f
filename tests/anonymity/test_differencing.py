"""Differencing (audit finding 5): every route by which two views of one phase could be
subtracted to reveal one ballot is tried, and each is refused or recovers nothing.

(a) reopen a closed phase, let one more rater submit, close again: refused (closing is final);
(b) count a paper ballot, submit online, or issue new codes into a closed phase: refused;
(c) recompute a hidden dimension from the overall and the shown dimensions: see
    tests/analytics/test_differencing_dimensions.py (published numbers are identical whatever
    the hidden answers are).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from campaign import meeting, paper, respondent, tokens
from campaign.monitoring import rates_by_group, rates_by_phase
from storage import campaigns, results
from storage.db import StorageError
from tests.campaign.conftest import make_answers


@pytest.fixture
def closed(world):
    """Three raters submit, the phase is closed and a reviewer reads the results."""
    for rater in ("r_b", "r_c", "r_d"):
        respondent.submit(world.db, world.key, world.tokens[rater], ["s_a"], make_answers(["s_a"]))
    token = world.tokens["r_b"]  # r_b finishes: s_head too
    respondent.submit(world.db, world.key, token, ["s_head"], make_answers(["s_head"]))
    campaigns.close_phase(world.db, world.phase_id)
    before = results.answers_frame(world.db, phase_id=world.phase_id)
    return world, before


def test_a_closed_phase_cannot_be_reopened_by_any_route(closed):
    world, _ = closed
    assert not hasattr(campaigns, "reopen_phase")
    for status in ("open", "draft"):
        with pytest.raises(campaigns.CampaignError):
            campaigns.set_phase_status(world.db, world.phase_id, status)
    with pytest.raises(campaigns.CampaignError):
        campaigns.open_phase(world.db, world.phase_id)
    assert campaigns.get_phase(world.db, world.phase_id)["status"] == "closed"


def test_no_ballot_enters_a_closed_phase(closed):
    world, before = closed
    with pytest.raises(tokens.TokenError):  # (a) the one more rater of the attack
        respondent.submit(world.db, world.key, world.tokens["r_a"], ["s_b"], make_answers(["s_b"]))
    paper.enter_sheet(world.db, world.phase_id, "001", "A", "peer", make_answers(["s_a"]))
    paper.enter_sheet(world.db, world.phase_id, "001", "B", "peer", make_answers(["s_a"]))
    with pytest.raises(paper.PaperError, match="open phase only"):  # (b) paper after close
        paper.count_sheet(world.db, world.phase_id, "001")
    with pytest.raises(campaigns.CampaignError, match="closed and sealed"):
        meeting.create_meeting(
            world.db,
            world.key,
            phase_id=world.phase_id,
            rater_group="public",
            subject_ids=["s_a"],
            n_tokens=3,
            expires_at=datetime.now() + timedelta(hours=1),
        )
    with pytest.raises(campaigns.CampaignError, match="closed and sealed"):
        tokens.issue_phase_tokens(
            world.db, world.key, world.phase_id, expires_at=datetime.now() + timedelta(days=1)
        )
    with pytest.raises(StorageError, match="sealed"):
        tokens.reissue(
            world.db,
            world.key,
            world.invitations["r_a"],
            expires_at=datetime.now() + timedelta(days=1),
        )
    after = results.answers_frame(world.db, phase_id=world.phase_id)
    assert (
        after.sort_values(list(after.columns))
        .reset_index(drop=True)
        .equals(before.sort_values(list(before.columns)).reset_index(drop=True))
    )


def test_monitoring_of_a_closed_phase_is_frozen_and_names_no_one(closed):
    """The counts are the ones kept at the seal; the reminder list is empty: nobody can watch
    who moves off the pending list of a closed phase."""
    world, _ = closed
    from campaign.monitoring import pending_raters

    groups = rates_by_group(world.db, world.phase_id)
    assert groups.set_index("rater_group").loc["peer", "done"] == 3
    phases = rates_by_phase(world.db, world.campaign_id)
    assert phases["status"].tolist() == ["closed"] and phases["finished"].tolist() == [1]
    assert phases["done"].tolist() == [4]
    assert pending_raters(world.db, world.phase_id).empty
