"""Unlinkability: after a batch of submissions and the seal, open the database FILE and look at
everything, holding the server key and every token as an administrator would."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pydantic import ValidationError

from campaign import drafts, meeting, respondent, tokens
from campaign.settings import (
    CampaignSettings,
    SettingsError,
    Thresholds,
    load_campaign_settings,
    update_campaign_settings,
)
from storage import campaigns, filling
from storage.db import bulk_insert
from tests.campaign.conftest import RELATIONS, make_answers

BALLOT_COLUMNS = {
    "ballot_id",
    "phase_id",
    "definition_id",
    "definition_version",
    "rater_group",
    "source",
}
ANSWER_COLUMNS = {
    "ballot_id",
    "subject_id",
    "item_id",
    "row_id",
    "option_id",
    "value_num",
    "value_text",
    "is_na",
}
SHARED_LABELS = {"personal", "meeting"}


@pytest.fixture
def filled(world):
    """Every rater submits (one subject at a time for some), plus a meeting; then close the file."""
    raters = pd.DataFrame(
        {
            "rater_id": list(RELATIONS),
            "name": [f"姓名{r}" for r in RELATIONS],
            "contact": [f"1380000{i:04d}" for i in range(len(RELATIONS))],
        }
    )
    with world.db.transaction() as cur:
        bulk_insert(cur, "rater", raters)
    for i, (rater, pairs) in enumerate(RELATIONS.items()):
        subjects = [s for s, _ in pairs]
        batches = [subjects] if i % 2 else [[s] for s in subjects]
        for batch in batches:
            respondent.submit(
                world.db,
                world.key,
                world.tokens[rater],
                batch,
                make_answers(batch, score=float(i), comment=f"意见{rater}"),
            )
    room = meeting.create_meeting(
        world.db,
        world.key,
        phase_id=world.phase_id,
        rater_group="public",
        subject_ids=["s_a"],
        n_tokens=3,
        expires_at=datetime.now() + timedelta(hours=1),
    )
    for token in room.tokens[:2]:
        respondent.submit(world.db, world.key, token, ["s_a"], make_answers(["s_a"]))
    all_tokens = list(world.tokens.values()) + list(room.tokens)
    drafts.save_draft(world.db, world.key, room.tokens[2], {"x": "unsent"})
    campaigns.close_phase(world.db, world.phase_id)
    path = world.db.path
    world.db.close()
    return path, all_tokens, world


def _tables(path: str) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(path, read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        return {n: con.execute(f'SELECT * FROM "{n}"').df() for n in names}  # noqa: S608
    finally:
        con.close()


def _column_types(path: str, table: str) -> dict[str, str]:
    con = duckdb.connect(path, read_only=True)
    try:
        rows = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
            [table],
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


def test_ballot_and_answer_hold_only_allowed_columns_and_no_time(filled):
    path, _, _ = filled
    for table, allowed in (("ballot", BALLOT_COLUMNS), ("answer", ANSWER_COLUMNS)):
        types = _column_types(path, table)
        assert set(types) == allowed
        assert not [c for c, t in types.items() if "TIME" in t or "DATE" in t or "INTERVAL" in t]


def _strings(frame: pd.DataFrame) -> set[str]:
    values = set()
    for column in frame.columns:
        if frame[column].dtype == bool:
            continue
        values |= {str(v) for v in frame[column].dropna()}
    return values


def test_no_ballot_or_answer_value_appears_in_identity_tables(filled):
    path, all_tokens, world = filled
    tables = _tables(path)
    ballot, answer = tables["ballot"], tables["answer"]
    assert len(ballot) > 10 and len(answer) > 30
    identity = set()
    for name in ("invitation", "assignment", "rater", "relationship"):
        identity |= _strings(tables[name].select_dtypes(exclude=["datetime", "datetimetz"]))
    shared = (
        set(tables["phase"]["phase_id"])
        | set(tables["subject"]["subject_id"])
        | set(tables["relationship"]["subject_id"])
        | set(ballot["rater_group"])
        | set(ballot["definition_id"])
        | {str(v) for v in ballot["definition_version"]}
        | {world.campaign_id}
        | SHARED_LABELS
    )
    written = _strings(ballot) | _strings(answer)
    assert written & (identity - shared) == set()


def _token_derived(key: bytes, token: str) -> set[str]:
    """Everything the code has ever derived from a token with the server key."""
    groups = ("superior", "peer", "subordinate", "self", "public", "observer")
    canon = token.replace("-", "")
    return {
        token,
        canon,
        token.lower(),
        canon.lower(),
        tokens.token_hash(key, token),
        tokens.draft_key(key, token),
        tokens.rater_pseudonym(key, token),
        *(tokens.rater_pseudonym(key, token, g) for g in groups),
    }


def test_sealed_file_holds_nothing_derivable_from_any_token_even_with_the_key(filled):
    """An administrator with the file, the key and the whole token list: no token, token hash,
    pseudonym or draft key of any form is anywhere in the file's bytes or in any table."""
    path, all_tokens, world = filled
    raw = open(path, "rb").read()  # noqa: SIM115
    derived = set().union(*(_token_derived(world.key, t) for t in all_tokens))
    assert not [d for d in derived if d.encode("ascii") in raw]
    values = set().union(*(_strings(frame) for frame in _tables(path).values()))
    assert not derived & values
    assert not Path(path + ".wal").exists()


def test_ballots_link_subjects_only_where_a_slate_is_shared(filled):
    """Raters here have individual sheets (no subject set is assigned to 3 raters of a group):
    every online ballot holds one subject; the meeting grid is one subject too."""
    path, _, _ = filled
    tables = _tables(path)
    per_ballot = tables["answer"].groupby("ballot_id")["subject_id"].nunique()
    assert (per_ballot == 1).all()
    assert len(per_ballot) == len(tables["ballot"])


def test_draft_is_unreadable_in_the_file(world):
    secret = "这位同志工作作风需要改进-DRAFT-MARKER"
    drafts.save_draft(world.db, world.key, world.tokens["r_a"], {"comment": secret})
    stored = world.db.query_df("SELECT ciphertext FROM draft")["ciphertext"][0]
    assert secret.encode("utf-8") not in bytes(stored)
    world.db.close()
    assert secret.encode("utf-8") not in open(world.db.path, "rb").read()  # noqa: SIM115


def test_draft_needs_the_token_not_just_the_server_key(world):
    drafts.save_draft(world.db, world.key, world.tokens["r_a"], {"x": 1})
    assert drafts.load_draft(world.db, world.key, world.tokens["r_b"]) is None
    row_key = tokens.draft_key(world.key, world.tokens["r_a"])
    nonce, ciphertext = filling.load_draft(world.db, row_key)
    wrong = drafts.derive_draft_key(world.key, tokens.generate_token())
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    with pytest.raises(InvalidTag):
        AESGCM(wrong).decrypt(nonce, ciphertext, row_key.encode("ascii"))


def test_thresholds_cannot_be_lowered_after_launch(world):
    raised = CampaignSettings(thresholds=Thresholds(peer=5, comments=7))
    update_campaign_settings(world.db, world.campaign_id, raised)
    assert load_campaign_settings(world.db, world.campaign_id).thresholds.peer == 5
    for lower in (
        CampaignSettings(thresholds=Thresholds(peer=4, comments=7)),
        CampaignSettings(thresholds=Thresholds(peer=5, comments=6)),
        CampaignSettings(thresholds=Thresholds(peer=5, comments=7), show_superior=True),
    ):
        with pytest.raises(SettingsError, match="cannot be lowered|not lowered"):
            update_campaign_settings(world.db, world.campaign_id, lower)
    assert load_campaign_settings(world.db, world.campaign_id) == raised


def test_thresholds_may_change_freely_before_launch(db):
    cid = campaigns.create_campaign(
        db, name="c", year=2025, settings_json=CampaignSettings().to_json()
    )
    update_campaign_settings(db, cid, CampaignSettings(thresholds=Thresholds(peer=6)))
    update_campaign_settings(db, cid, CampaignSettings(thresholds=Thresholds(peer=4)))
    assert load_campaign_settings(db, cid).thresholds.peer == 4


@pytest.mark.parametrize("group", ["peer", "subordinate", "public", "observer", "comments"])
def test_no_threshold_below_three_is_accepted(group):
    with pytest.raises(ValidationError, match="greater than or equal to 3"):
        Thresholds(**{group: 2})
