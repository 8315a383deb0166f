"""campaign.review: a closed phase loaded for analytics, as review pages and notebooks use it."""

from __future__ import annotations

import pandas as pd
import pytest

import demo
from analytics import score_subjects
from campaign.review import PhaseNotClosed, composite_weights, load_phase, scored_items
from campaign.settings import CampaignSettings
from storage import campaigns
from storage.db import Database
from survey_engine import load_template


@pytest.fixture(scope="module")
def world() -> Database:
    db = Database(":memory:")
    demo.generate(db, size="tiny", seed=3, locale="en")
    return db


def _phases(db: Database) -> pd.DataFrame:
    return pd.concat(
        [campaigns.list_phases(db, c) for c in campaigns.list_campaigns(db)["campaign_id"]]
    )


def test_a_closed_phase_loads_its_own_answers_items_and_settings(world: Database) -> None:
    phases = _phases(world)
    loaded = [(row, load_phase(world, row["phase_id"]))
              for _, row in phases[phases["status"] == "closed"].iterrows()]  # fmt: skip
    assert loaded
    # a closed phase whose survey has scored items (a pledge phase has none)
    closed, data = next((row, d) for row, d in loaded if not d.items.empty)
    assert set(data.answers["phase_id"]) == {closed["phase_id"]}
    assert data.survey.id == closed["definition_id"]
    assert data.items["dimension"].notna().all()
    assert set(data.items["item_id"]) <= {i.id for i in data.survey.all_items()}
    assert data.rules.threshold("peer") == data.settings.thresholds.for_group("peer")
    scores = score_subjects(data.answers, data.items, weights=data.weights, thresholds=data.rules)
    assert set(scores["subject_id"]) <= set(data.answers["subject_id"])
    assert "shown" in set(scores["status"])


def test_an_open_phase_is_refused(world: Database) -> None:
    phases = _phases(world)
    open_phases = phases[phases["status"] != "closed"]
    assert not open_phases.empty
    with pytest.raises(PhaseNotClosed, match="results come at close"):
        load_phase(world, open_phases.iloc[0]["phase_id"])


def test_weights_fall_back_to_equal_when_they_name_no_group_that_rated() -> None:
    settings = CampaignSettings(group_weights={"superior": 0.3, "peer": 0.7})
    peers = pd.DataFrame({"rater_group": ["peer", "self"]})
    public = pd.DataFrame({"rater_group": ["public"]})
    assert composite_weights(settings, peers) == ({"superior": 0.3, "peer": 0.7}, False)
    assert composite_weights(settings, public) == (None, True)


def test_scored_items_keep_only_dimension_cells() -> None:
    items = scored_items(load_template("achievement_view_360"))
    assert not items.empty
    assert items["dimension"].notna().all()
    assert not items["type"].isin(["text", "multiple_choice", "checklist", "ranking"]).any()
