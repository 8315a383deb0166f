"""The respondent path in SQL: invitations by token hash, the queue, the ballot box, drafts.

The register (``invitation``, ``assignment``) says who was invited and who has finished;
``assignment.done`` and ``invitation.finished`` are updated in place. Ballots go into the phase's
ballot box (``storage.ballot_box``) as payloads that name no rater, invitation, token or time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from storage import ballot_box
from storage.db import Database, StorageError
from survey_engine.answer import Answer

SOURCES = frozenset({"online", "meeting", "paper"})
ANSWER_COLUMNS = ballot_box.ANSWER_FIELDS


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
    """The invitation holding this token hash, or None (also for a token of a sealed phase)."""
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
            "SELECT i.rater_id, p.status FROM invitation i JOIN phase p USING (phase_id)"
            " WHERE i.invitation_id = ?",
            [invitation_id],
        ).fetchone()
        if row is None:
            raise StorageError(f"no invitation {invitation_id!r}")
        if row[1] == "closed":
            raise StorageError("the phase is closed and sealed: its invitations are retired")
        cur.execute(
            "UPDATE invitation SET token_hash = ?, expires_at = ?, revoked = FALSE"
            " WHERE invitation_id = ?",
            [token_hash, expires_at, invitation_id],
        )
    return row[0]


def queue_rows(cur: duckdb.DuckDBPyConnection, invitation_id: str) -> list[tuple[str, str, bool]]:
    """The invitation's assignments as ``(subject_id, rater_group, done)``, ordered by subject:
    plain tuples, since the ballot page and the submit read them on every run, where building a
    DataFrame cost more than the query."""
    return cur.execute(
        "SELECT subject_id, rater_group, done FROM assignment WHERE invitation_id = ?"
        " ORDER BY subject_id",
        [invitation_id],
    ).fetchall()


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


def answer_rows(answers: Sequence[Answer]) -> list[tuple]:
    """The answers as tuples in ``ANSWER_COLUMNS`` order (a ballot box payload's rows)."""
    return [tuple(getattr(a, c) for c in ANSWER_COLUMNS) for a in answers]


def insert_ballots(
    cur: duckdb.DuckDBPyConnection,
    *,
    phase_id: str,
    definition_id: str,
    definition_version: int,
    source: str,
    ballots: Sequence[tuple[str, Sequence[Answer]]],
) -> int:
    """Put ballots ``(rater_group, answers)`` into the phase's ballot box, each in its own random
    slot, inside the caller's transaction; returns how many.

    A ballot carries no id, rater, token, pseudonym or time: it gets its random id when the phase
    is sealed (``storage.sealing``)."""
    if source not in SOURCES:
        raise StorageError(f"ballot source must be one of {sorted(SOURCES)}, not {source!r}")
    if any(not answers for _, answers in ballots):
        raise StorageError("a ballot needs at least one answer")
    payloads = [
        ballot_box.encode(
            definition_id=definition_id,
            definition_version=definition_version,
            rater_group=group,
            source=source,
            rows=answer_rows(answers),
        )
        for group, answers in ballots
    ]
    ballot_box.put(cur, phase_id, payloads)
    return len(payloads)


def assigned_set_count(
    cur: duckdb.DuckDBPyConnection, phase_id: str, rater_group: str, subject_ids: Sequence[str]
) -> int:
    """How many unrevoked invitations of the phase have exactly these subjects in this group."""
    return cur.execute(
        "WITH sets AS (SELECT a.invitation_id, list_sort(list(a.subject_id)) AS s"
        " FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
        " WHERE a.phase_id = ? AND a.rater_group = ? AND NOT i.revoked"
        " GROUP BY a.invitation_id) SELECT count(*) FROM sets WHERE s = ?",
        [phase_id, rater_group, sorted(subject_ids)],
    ).fetchone()[0]


# -- drafts ------------------------------------------------------------------------------------
def save_draft(
    db: Database, draft_key: str, nonce: bytes, ciphertext: bytes, *, phase_id: str
) -> None:
    with db.transaction() as cur:
        cur.execute("DELETE FROM draft WHERE draft_key = ?", [draft_key])
        cur.execute(
            "INSERT INTO draft (draft_key, nonce, ciphertext, saved_on, phase_id)"
            " VALUES (?, ?, ?, ?, ?)",
            [draft_key, nonce, ciphertext, date.today(), phase_id],
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
