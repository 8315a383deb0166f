"""A small launched campaign on a throw-away DuckDB file, with tokens issued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
import pytest

from campaign import tokens
from campaign.settings import CampaignSettings
from storage import campaigns, definitions
from storage.db import Database
from survey_engine.answer import Answer

SUBJECTS = ["s_head", "s_a", "s_b"]
# rater -> [(subject, group)]
RELATIONS = {
    "r_head": [("s_a", "superior"), ("s_b", "superior"), ("s_head", "self")],
    "r_a": [("s_head", "subordinate"), ("s_b", "peer"), ("s_a", "self")],
    "r_b": [("s_head", "subordinate"), ("s_a", "peer")],
    "r_c": [("s_head", "subordinate"), ("s_a", "peer"), ("s_b", "peer")],
    "r_d": [("s_head", "subordinate"), ("s_a", "peer"), ("s_b", "peer")],
}


@dataclass
class World:
    db: Database
    key: bytes
    campaign_id: str
    phase_id: str
    tokens: dict[str, str]  # rater_id -> raw token
    invitations: dict[str, str]  # rater_id -> invitation_id


def make_answers(subject_ids, score: float = 4.0, comment: str | None = None) -> list[Answer]:
    out = []
    for s in subject_ids:
        out.append(Answer(s, "q_overall", option_id="competent", value_num=score))
        out.append(Answer(s, "q_matrix", row_id="integrity", value_num=score))
        out.append(Answer(s, "q_matrix", row_id="ability", is_na=True))
        if comment:
            out.append(Answer(s, "q_comment", value_text=comment))
    return out


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "q.duckdb")
    yield database
    database.close()


@pytest.fixture
def key(db) -> bytes:
    return tokens.load_server_key(db.path)


@pytest.fixture
def world(db, key) -> World:
    definitions.save_definition(db, "dm", {"schema_version": 1, "id": "dm", "items": []})
    definitions.publish_definition(db, "dm", 1)
    cid = campaigns.create_campaign(
        db, name="2025 年度考核", year=2025, settings_json=CampaignSettings().to_json()
    )
    pid = campaigns.add_phase(
        db, campaign_id=cid, kind="single", definition_id="dm", definition_version=1
    )
    rel = pd.DataFrame(
        [(r, s, g) for r, pairs in RELATIONS.items() for s, g in pairs],
        columns=["rater_id", "subject_id", "rater_group"],
    )
    campaigns.insert_relationships(db, cid, rel)
    campaigns.open_phase(db, pid)
    issued = tokens.issue_phase_tokens(db, key, pid, expires_at=datetime.now() + timedelta(days=14))
    return World(
        db,
        key,
        cid,
        pid,
        {t.rater_id: t.token for t in issued},
        {t.rater_id: t.invitation_id for t in issued},
    )


def boxed(db: Database, phase_id: str | None = None):
    """The ballots and answers waiting in ballot boxes (all open phases, or one)."""
    from storage import ballot_box

    with db.read() as cur:
        rows = cur.execute(
            "SELECT phase_id, payload FROM ballot_slot WHERE payload IS NOT NULL"
            " AND (CAST(? AS VARCHAR) IS NULL OR phase_id = ?)",
            [phase_id, phase_id],
        ).fetchall()
    frames = [ballot_box.decode(p, [payload]) for p, payload in rows]
    if not frames:
        return ballot_box.decode("", [])
    return tuple(pd.concat(f, ignore_index=True) for f in zip(*frames, strict=True))
