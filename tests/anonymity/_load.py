"""A launched 360-style campaign with an open phase and issued tokens, on a real DuckDB file.

Used by the anonymity attack tests: ``raters`` raters (``r00``, ``r01``, ...), each assigned
1-4 peer subjects out of ``subjects`` (``s00``, ...), drawn with a seeded ``random.Random``;
one personal token per rater. Nothing here reaches into production internals: the world is
built through the same calls as ``tests/campaign/conftest.py``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from campaign import tokens
from campaign.settings import CampaignSettings
from storage import ballot_box, campaigns, definitions
from storage.db import Database
from survey_engine.answer import Answer


@dataclass
class Load:
    db: Database
    key: bytes
    campaign_id: str
    phase_id: str
    tokens: dict[str, str]  # rater_id -> raw token
    invitations: dict[str, str]  # rater_id -> invitation_id
    subjects: dict[str, list[str]]  # rater_id -> assigned subjects (sorted)


def assign(raters: int, subjects: int, seed: int) -> dict[str, list[str]]:
    """rater_id -> 1-4 distinct peer subjects, seeded."""
    rng = random.Random(seed)
    pool = [f"s{i:02d}" for i in range(subjects)]
    return {f"r{i:02d}": sorted(rng.sample(pool, rng.randint(1, 4))) for i in range(raters)}


def launch(db: Database, sheet: pd.DataFrame) -> tuple[bytes, str, str, list]:
    """A campaign over ``sheet`` (rater_id, subject_id, rater_group) with one open phase and a
    code per rater: (key, campaign id, phase id, issued codes)."""
    key = tokens.load_server_key(db.path)
    definitions.save_definition(db, "dm", {"schema_version": 1, "id": "dm", "items": []})
    definitions.publish_definition(db, "dm", 1)
    cid = campaigns.create_campaign(
        db, name="360 load", year=2025, settings_json=CampaignSettings().to_json()
    )
    pid = campaigns.add_phase(
        db, campaign_id=cid, kind="single", definition_id="dm", definition_version=1
    )
    campaigns.insert_relationships(db, cid, sheet)
    campaigns.open_phase(db, pid)
    issued = tokens.issue_phase_tokens(db, key, pid, expires_at=datetime.now() + timedelta(days=14))
    return key, cid, pid, issued


def build(path: str | Path, *, raters: int = 60, subjects: int = 12, seed: int = 2025) -> Load:
    """Create the database at ``path`` and a campaign with one open phase, tokens issued."""
    db = Database(path)
    assigned = assign(raters, subjects, seed)
    rel = pd.DataFrame(
        [(r, s, "peer") for r, subs in assigned.items() for s in subs],
        columns=["rater_id", "subject_id", "rater_group"],
    )
    key, cid, pid, issued = launch(db, rel)
    db.checkpoint()
    return Load(
        db,
        key,
        cid,
        pid,
        {t.rater_id: t.token for t in issued},
        {t.rater_id: t.invitation_id for t in issued},
        assigned,
    )


def comment_of(rater_id: str, subject_id: str, tag: str = "") -> str:
    """The unique comment text of one rater's answer about one subject (the test's ground
    truth; it names the rater, which a real comment would not)."""
    return f"c{tag}:{rater_id}:{subject_id}"


def answers_for(subject_ids, rater_id: str, tag: str = "") -> list[Answer]:
    """Answers for the subjects, each with its unique comment (see :func:`comment_of`)."""
    out = []
    for s in subject_ids:
        out.append(Answer(s, "q_overall", option_id="competent", value_num=4.0))
        out.append(Answer(s, "q_comment", value_text=comment_of(rater_id, s, tag)))
    return out


def payload_comments(payload: str) -> list[str]:
    """The comment texts inside one ballot-box payload (decoded by ``storage.ballot_box``)."""
    _, answers = ballot_box.decode("", [payload])
    return [t for t in answers["value_text"] if isinstance(t, str)]
