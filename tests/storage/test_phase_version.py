"""The review caches' key of a phase (storage.review.phase_data_versions) changes with any ballot
added or removed, even when the count stays the same."""

from __future__ import annotations

import json

import pandas as pd

from storage import campaigns, definitions
from storage.db import Database, bulk_insert
from storage.review import phase_data_version, phase_data_versions
from survey_engine import dumps_definition, load_template


def _phase(db: Database) -> str:
    body = json.loads(dumps_definition(load_template("democratic_assessment")))
    version = definitions.save_definition(db, "d", {**body, "id": "d"}).version
    definitions.publish_definition(db, "d", version)
    campaign = campaigns.create_campaign(db, name="c", year=2026, settings_json="{}")
    return campaigns.add_phase(db, campaign_id=campaign, kind="single", definition_id="d",
                               definition_version=version)  # fmt: skip


def _add(db: Database, phase: str, ids: list[str]) -> None:
    frame = pd.DataFrame(
        {
            "ballot_id": ids,
            "phase_id": phase,
            "definition_id": "d",
            "definition_version": 1,
            "rater_group": "peer",
            "source": "online",
        }
    )
    with db.transaction() as cur:
        bulk_insert(cur, "ballot", frame)


def test_a_swap_of_one_ballot_for_another_changes_the_stamp(tmp_path):
    db = Database(tmp_path / "v.duckdb")
    phase, other = _phase(db), _phase(db)
    empty = phase_data_version(db, phase)
    _add(db, phase, ["b1", "b2", "b3"])
    three = phase_data_version(db, phase)
    assert three != empty
    with db.transaction() as cur:
        cur.execute("DELETE FROM ballot WHERE ballot_id = 'b2'")
    _add(db, phase, ["b0"])  # the same count, the same largest id
    assert phase_data_version(db, phase) not in (three, empty)
    both = phase_data_versions(db, [phase, other])
    assert both == {phase: phase_data_version(db, phase), other: empty}
    db.close()
