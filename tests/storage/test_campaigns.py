"""Campaigns and phases: published definitions only, transitions, thresholds locked."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from storage import campaigns as c
from storage import definitions as d
from storage import filling
from storage.db import StorageError
from survey_engine.answer import Answer
from tests.storage._db import fresh_db


@pytest.fixture
def db(tmp_path):
    yield from fresh_db(tmp_path)


SETTINGS = json.dumps({"thresholds": {"peer": 3}})


@pytest.fixture
def campaign_id(db):
    d.save_definition(db, "dm", {"id": "dm"})
    d.publish_definition(db, "dm", 1)
    d.save_definition(db, "dm", {"id": "dm", "changed": True})
    return c.create_campaign(db, name="2025", year=2025, settings_json=SETTINGS)


def _phase(db, campaign_id, kind="year_start", version=1):
    return c.add_phase(
        db, campaign_id=campaign_id, kind=kind, definition_id="dm", definition_version=version
    )


def test_phase_refuses_a_draft_definition(db, campaign_id):
    with pytest.raises(c.CampaignError, match="published definition"):
        _phase(db, campaign_id, version=2)


def test_three_phases_in_order_and_single_stands_alone(db, campaign_id):
    for kind in ("year_end", "year_start", "mid_year"):
        _phase(db, campaign_id, kind)
    assert list(c.list_phases(db, campaign_id)["kind"]) == ["year_start", "mid_year", "year_end"]
    with pytest.raises(c.CampaignError):
        _phase(db, campaign_id, "single")
    with pytest.raises(c.CampaignError):
        _phase(db, campaign_id, "mid_year")


def test_open_launches_and_a_closed_phase_is_never_reopened(db, campaign_id):
    pid = _phase(db, campaign_id)
    assert not c.get_campaign(db, campaign_id)["launched"]
    with pytest.raises(c.CampaignError, match="cannot set it closed"):
        c.close_phase(db, pid)
    c.open_phase(db, pid)
    assert c.get_campaign(db, campaign_id)["launched"]
    c.close_phase(db, pid)
    assert c.get_phase(db, pid)["status"] == "closed"
    with pytest.raises(c.CampaignError, match="cannot set it open"):
        c.open_phase(db, pid)
    with pytest.raises(c.CampaignError, match="cannot set it closed"):
        c.close_phase(db, pid)
    assert not hasattr(c, "reopen_phase")


def _refuse(old: str, new: str) -> None:
    raise ValueError("refused")


def test_settings_guard_runs_after_launch_only(db, campaign_id):
    c.update_settings(db, campaign_id, SETTINGS, guard=_refuse)
    c.launch_campaign(db, campaign_id)
    with pytest.raises(ValueError, match="refused"):
        c.update_settings(db, campaign_id, "{}", guard=_refuse)
    assert c.get_campaign(db, campaign_id)["settings"] == SETTINGS


@pytest.mark.parametrize("close", [False, True])
def test_no_ballot_enters_a_phase_that_is_not_open(db, campaign_id, close):
    """A draft phase has not started (the thresholds are not fixed yet); a closed one never
    changes, so no later view can be subtracted from an earlier one: paper ballots included."""
    pid = _phase(db, campaign_id)
    if close:
        c.open_phase(db, pid)
        c.close_phase(db, pid)
    with pytest.raises(StorageError, match="ballots enter an open phase only"):
        with db.transaction() as cur:
            filling.insert_ballots(
                cur,
                phase_id=pid,
                definition_id="dm",
                definition_version=1,
                source="paper",
                ballots=[("peer", [Answer("s", "q", value_num=1)])],
            )
    assert db.query_df("SELECT count(*) AS n FROM ballot_slot")["n"][0] == 0


def test_relationships_round_trip_and_unknown_group(db, campaign_id):
    rel = pd.DataFrame(
        {"rater_id": ["r1", "r2"], "subject_id": ["s1", "s1"], "rater_group": ["peer", "public"]}
    )
    assert c.insert_relationships(db, campaign_id, rel) == 2
    pd.testing.assert_frame_equal(c.relationships(db, campaign_id), rel)
    with pytest.raises(c.CampaignError, match="unknown rater groups"):
        c.insert_relationships(db, campaign_id, rel.assign(rater_group="boss"))
