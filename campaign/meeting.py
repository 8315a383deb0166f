"""Meeting mode for a 民主测评 in a room: single-use ballot tokens, counts only.

The organizer asks for as many tokens as people present. Each token belongs to no one
(``rater_id`` NULL), opens one grid (the same subjects for every ballot, one rater group) and
works once: the ballot is submitted whole and the token is finished. Tokens come back in random
order, to be printed on identical slips and drawn by the people in the room. See
docs/ANONYMITY.md for ballot stuffing and what this does and does not prevent.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from campaign import tokens
from storage import campaigns as campaign_store
from storage import filling
from storage.db import Database

MAX_TOKENS = 2000


@dataclass(frozen=True, slots=True)
class Meeting:
    meeting_id: str
    tokens: tuple[str, ...]  # raw, random order; shown once for printing, never stored


def create_meeting(
    db: Database,
    key: bytes,
    *,
    phase_id: str,
    rater_group: str,
    subject_ids: list[str],
    n_tokens: int,
    expires_at: datetime,
) -> Meeting:
    """Issue ``n_tokens`` single-use meeting tokens for one phase, rater group and grid."""
    if not 1 <= n_tokens <= MAX_TOKENS:
        raise ValueError(f"a meeting has between 1 and {MAX_TOKENS} tokens, not {n_tokens}")
    if rater_group not in campaign_store.RATER_GROUPS or rater_group in ("self", "superior"):
        raise ValueError(f"meeting ballots are for anonymous groups, not {rater_group!r}")
    subjects = list(dict.fromkeys(subject_ids))
    if not subjects:
        raise ValueError("a meeting grid needs at least one subject")
    meeting_id = uuid.uuid4().hex
    raw = [tokens.generate_token() for _ in range(n_tokens)]
    secrets.SystemRandom().shuffle(raw)
    inv_ids = [uuid.uuid4().hex for _ in raw]
    invitations = pd.DataFrame(
        {
            "invitation_id": inv_ids,
            "phase_id": phase_id,
            "rater_id": None,
            "kind": "meeting",
            "token_hash": [tokens.token_hash(key, t) for t in raw],
            "expires_at": expires_at,
            "meeting_id": meeting_id,
        }
    ).astype({"rater_id": "object"})
    grid = pd.DataFrame(
        [(i, s) for i in inv_ids for s in subjects], columns=["invitation_id", "subject_id"]
    ).assign(phase_id=phase_id, rater_group=rater_group)
    with db.transaction() as cur:
        campaign_store.insert_invitations(cur, invitations)
        campaign_store.insert_assignments(cur, grid)
    return Meeting(meeting_id, tuple(raw))


def live_count(db: Database, meeting_id: str) -> dict[str, int]:
    """issued / received / revoked / open for the meeting: numbers, never which token."""
    return filling.meeting_counts(db, meeting_id)


def close_meeting(db: Database, meeting_id: str) -> int:
    """Revoke the tokens not used (so left-over slips cannot be filled later)."""
    return filling.close_meeting(db, meeting_id)
