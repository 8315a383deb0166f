"""The respondent path in SQL: invitations by token hash, the queue, ballots and answers, drafts.

Nothing written here to ``ballot`` or ``answer`` names a rater, an invitation, a token or its hash,
or a time finer than the day. ``assignment.done`` and ``invitation.finished`` are updated in place.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from storage.db import Database, StorageError, bulk_insert
from survey_engine.answer import Answer

SOURCES = frozenset({"online", "meeting", "paper"})
ANSWER_COLUMNS = (
    "subject_id",
    "item_id",
    "row_id",
    "option_id",
    "value_num",
    "value_text",
    "is_na",
)


@dataclass(frozen=True, slots=True)
class Invitation:
    invitation_id: str
    phase_id: str
    kind: str
    expires_at: datetime
    revoked: bool
    finished: bool
    phase_status: str
    definition_id: str
    definition_version: int


_INVITATION_SQL = (
    "SELECT i.invitation_id, i.phase_id, i.kind, i.expires_at, i.revoked, i.finished, p.status,"
    " p.definition_id, p.definition_version FROM invitation i"
    " JOIN phase p ON p.phase_id = i.phase_id WHERE i.token_hash = ?"
)


def find_invitation(
    db_or_cur: Database | duckdb.DuckDBPyConnection, token_hash: str
) -> Invitation | None:
    """The invitation holding this token hash, or None."""
    if isinstance(db_or_cur, Database):
        with db_or_cur.read() as cur:
            row = cur.execute(_INVITATION_SQL, [token_hash]).fetchone()
    else:
        row = db_or_cur.execute(_INVITATION_SQL, [token_hash]).fetchone()
    return Invitation(*row) if row else None


def invitation_state(inv: Invitation | None, now: datetime) -> str:
    """valid | expired | revoked | finished | unknown (a phase not open counts as expired)."""
    if inv is None:
        return "unknown"
    if inv.revoked:
        return "revoked"
    if inv.finished:
        return "finished"
    if inv.expires_at <= now or inv.phase_status != "open":
        return "expired"
    return "valid"


def revoke_invitation(db: Database, token_hash: str | None, *, invitation_id: str | None = None):
    with db.transaction() as cur:
        n = cur.execute(
            "UPDATE invitation SET revoked = TRUE WHERE token_hash = ? OR invitation_id = ?",
            [token_hash, invitation_id],
        ).fetchone()[0]
    if n == 0:
        raise StorageError("no such invitation")


def replace_token_hash(
    db: Database, invitation_id: str, token_hash: str, *, expires_at: datetime
) -> str | None:
    """Re-issue: a new token hash (the old token stops working); returns the rater id."""
    with db.transaction() as cur:
        row = cur.execute(
            "SELECT rater_id FROM invitation WHERE invitation_id = ?", [invitation_id]
        ).fetchone()
        if row is None:
            raise StorageError(f"no invitation {invitation_id!r}")
        cur.execute(
            "UPDATE invitation SET token_hash = ?, expires_at = ?, revoked = FALSE"
            " WHERE invitation_id = ?",
            [token_hash, expires_at, invitation_id],
        )
    return row[0]


def queue(cur: duckdb.DuckDBPyConnection, invitation_id: str) -> pd.DataFrame:
    """The invitation's assignments: subject_id, rater_group, done (ordered by subject)."""
    return cur.execute(
        "SELECT subject_id, rater_group, done FROM assignment WHERE invitation_id = ?"
        " ORDER BY subject_id",
        [invitation_id],
    ).df()


def mark_done(
    cur: duckdb.DuckDBPyConnection, invitation_id: str, subject_ids: Sequence[str]
) -> int:
    """Set done on the still-open assignments; returns how many changed."""
    return cur.execute(
        "UPDATE assignment SET done = TRUE WHERE invitation_id = ? AND NOT done"
        " AND list_contains(?, subject_id)",
        [invitation_id, list(subject_ids)],
    ).fetchone()[0]


def finish_if_complete(cur: duckdb.DuckDBPyConnection, invitation_id: str) -> bool:
    """Mark the invitation finished when none of its assignments is open; True if finished."""
    open_left = cur.execute(
        "SELECT count(*) FROM assignment WHERE invitation_id = ? AND NOT done", [invitation_id]
    ).fetchone()[0]
    if open_left == 0:
        cur.execute(
            "UPDATE invitation SET finished = TRUE WHERE invitation_id = ?", [invitation_id]
        )
    return open_left == 0


def answers_to_frame(ballot_id: str, answers: Sequence[Answer]) -> pd.DataFrame:
    """The ``answer`` rows of one ballot as a typed DataFrame."""
    frame = pd.DataFrame(
        [[getattr(a, c) for c in ANSWER_COLUMNS] for a in answers], columns=list(ANSWER_COLUMNS)
    )
    frame = frame.astype({"value_num": "float64", "is_na": "bool"})
    frame.insert(0, "ballot_id", ballot_id)
    return frame


def insert_ballot(
    cur: duckdb.DuckDBPyConnection,
    *,
    phase_id: str,
    definition_id: str,
    definition_version: int,
    rater_group: str,
    rater_pseudonym: str,
    source: str,
    submitted_on: date,
    answers: Sequence[Answer],
) -> str:
    """Write one ballot and its answers inside the caller's transaction; return the random id.

    ``submitted_on`` must be a ``date`` (a datetime would reveal the time and is refused). The
    answers go in through one DataFrame (the bulk path).
    """
    if source not in SOURCES:
        raise StorageError(f"ballot source must be one of {sorted(SOURCES)}, not {source!r}")
    if isinstance(submitted_on, datetime) or not isinstance(submitted_on, date):
        raise StorageError("submitted_on must be a date, never a time")
    if not answers:
        raise StorageError("a ballot needs at least one answer")
    ballot_id = uuid.uuid4().hex
    cur.execute(
        "INSERT INTO ballot (ballot_id, phase_id, definition_id, definition_version, rater_group,"
        " rater_pseudonym, source, submitted_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ballot_id,
            phase_id,
            definition_id,
            definition_version,
            rater_group,
            rater_pseudonym,
            source,
            submitted_on,
        ],
    )
    bulk_insert(cur, "answer", answers_to_frame(ballot_id, answers))
    return ballot_id


# -- drafts ------------------------------------------------------------------------------------
def save_draft(db: Database, draft_key: str, nonce: bytes, ciphertext: bytes) -> None:
    with db.transaction() as cur:
        cur.execute("DELETE FROM draft WHERE draft_key = ?", [draft_key])
        cur.execute(
            "INSERT INTO draft VALUES (?, ?, ?, ?)", [draft_key, nonce, ciphertext, date.today()]
        )


def load_draft(db: Database, draft_key: str) -> tuple[bytes, bytes] | None:
    with db.read() as cur:
        row = cur.execute(
            "SELECT nonce, ciphertext FROM draft WHERE draft_key = ?", [draft_key]
        ).fetchone()
    return (bytes(row[0]), bytes(row[1])) if row else None


def delete_draft(cur: duckdb.DuckDBPyConnection, draft_key: str) -> None:
    cur.execute("DELETE FROM draft WHERE draft_key = ?", [draft_key])


# -- meetings ----------------------------------------------------------------------------------
def meeting_counts(db: Database, meeting_id: str) -> dict[str, int]:
    """issued, received (finished), revoked and open tokens of one meeting: counts only."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT count(*), count(*) FILTER (WHERE finished),"
            " count(*) FILTER (WHERE revoked AND NOT finished),"
            " count(*) FILTER (WHERE NOT revoked AND NOT finished)"
            " FROM invitation WHERE meeting_id = ? AND kind = 'meeting'",
            [meeting_id],
        ).fetchone()
    return dict(zip(("issued", "received", "revoked", "open"), row, strict=True))


def close_meeting(db: Database, meeting_id: str) -> int:
    """Revoke the meeting's unused tokens; returns how many."""
    with db.transaction() as cur:
        return cur.execute(
            "UPDATE invitation SET revoked = TRUE WHERE meeting_id = ? AND kind = 'meeting'"
            " AND NOT finished AND NOT revoked",
            [meeting_id],
        ).fetchone()[0]


# -- physical order ----------------------------------------------------------------------------
def shuffle_phase_ballots(db: Database, phase_id: str) -> int:
    """Rewrite a phase's ballots and answers in random-id order, so the physical row order no
    longer follows submission order (run when a phase closes). Returns the ballots rewritten."""
    with db.transaction() as cur:
        ballots = cur.execute(
            "SELECT * FROM ballot WHERE phase_id = ? ORDER BY ballot_id", [phase_id]
        ).df()
        answers = cur.execute(
            "SELECT a.* FROM answer a JOIN ballot b ON b.ballot_id = a.ballot_id"
            " WHERE b.phase_id = ? ORDER BY a.ballot_id, a.subject_id, a.item_id,"
            " a.row_id, a.option_id",
            [phase_id],
        ).df()
        cur.execute(
            "DELETE FROM answer WHERE ballot_id IN (SELECT ballot_id FROM ballot"
            " WHERE phase_id = ?)",
            [phase_id],
        )
        cur.execute("DELETE FROM ballot WHERE phase_id = ?", [phase_id])
        bulk_insert(cur, "ballot", ballots)
        bulk_insert(cur, "answer", answers)
    try:
        with db.read() as cur:
            cur.execute("CHECKPOINT")
    except duckdb.Error:
        pass  # another transaction is running; DuckDB checkpoints later on its own
    return len(ballots)
