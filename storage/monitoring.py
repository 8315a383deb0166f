"""Response counts for monitoring a phase: counts only, never what or whom a rater rated.

Counts come from ``assignment.done`` and ``invitation.finished``; revoked invitations and their
assignments are left out. When a phase is sealed (closed) the register is cleared and the counts
computed at that moment are kept in ``phase_count`` (:func:`keep_counts`); they are read from there
afterwards. The reminder list names raters who have not finished, with no subject
and no rater group beside them.
"""

from __future__ import annotations

import io

import duckdb
import pandas as pd

from storage.db import Database

_BY_SUBJECT = (
    "WITH c AS (SELECT a.phase_id, a.subject_id, count(*) AS assigned,"
    " count(*) FILTER (WHERE a.done) AS done"
    " FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
    " WHERE a.phase_id = ? AND NOT i.revoked GROUP BY a.phase_id, a.subject_id)"
    " SELECT c.phase_id, c.subject_id, s.name AS subject_name, s.unit_id,"
    " u.name_zh AS unit_name, c.assigned, c.done FROM c"
    " LEFT JOIN subject s ON s.subject_id = c.subject_id"
    " LEFT JOIN unit u ON u.unit_id = s.unit_id ORDER BY s.unit_id, c.subject_id"
)
_BY_GROUP = (
    "SELECT a.phase_id, a.rater_group, count(*) AS assigned,"
    " count(*) FILTER (WHERE a.done) AS done"
    " FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
    " WHERE a.phase_id = ? AND NOT i.revoked"
    " GROUP BY a.phase_id, a.rater_group ORDER BY a.rater_group"
)
_BY_SUBJECT_UNIT = (
    "WITH c AS (SELECT a.phase_id, s.unit_id, count(*) AS assigned,"
    " count(*) FILTER (WHERE a.done) AS done"
    " FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
    " LEFT JOIN subject s ON s.subject_id = a.subject_id"
    " WHERE a.phase_id = ? AND NOT i.revoked GROUP BY a.phase_id, s.unit_id)"
    " SELECT c.phase_id, c.unit_id, u.name_zh AS unit_name, c.assigned, c.done FROM c"
    " LEFT JOIN unit u ON u.unit_id = c.unit_id ORDER BY c.unit_id NULLS LAST"
)
_BY_RATER_UNIT = (
    "WITH c AS (SELECT i.phase_id, r.unit_id, count(*) AS invited,"
    " count(*) FILTER (WHERE i.finished) AS finished"
    " FROM invitation i JOIN rater r ON r.rater_id = i.rater_id"
    " WHERE i.phase_id = ? AND i.kind = 'personal' AND NOT i.revoked"
    " GROUP BY i.phase_id, r.unit_id)"
    " SELECT c.phase_id, c.unit_id, u.name_zh AS unit_name, c.invited, c.finished FROM c"
    " LEFT JOIN unit u ON u.unit_id = c.unit_id ORDER BY c.unit_id NULLS LAST"
)
_BY_PHASE = (
    "SELECT p.phase_id, p.seq, p.kind, p.status,"
    " (SELECT count(*) FROM invitation i WHERE i.phase_id = p.phase_id AND NOT i.revoked)"
    " AS invited,"
    " (SELECT count(*) FROM invitation i WHERE i.phase_id = p.phase_id AND NOT i.revoked"
    "  AND i.finished) AS finished,"
    " (SELECT count(*) FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
    "  WHERE a.phase_id = p.phase_id AND NOT i.revoked) AS assigned,"
    " (SELECT count(*) FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
    "  WHERE a.phase_id = p.phase_id AND NOT i.revoked AND a.done) AS done"
    " FROM phase p WHERE p.phase_id = ?"
)
VIEWS = {
    "by_subject": _BY_SUBJECT,
    "by_group": _BY_GROUP,
    "by_subject_unit": _BY_SUBJECT_UNIT,
    "by_rater_unit": _BY_RATER_UNIT,
    "by_phase": _BY_PHASE,
}


def keep_counts(cur: duckdb.DuckDBPyConnection, phase_id: str) -> None:
    """Store every monitoring view of the phase in ``phase_count`` (called when sealing)."""
    cur.execute("DELETE FROM phase_count WHERE phase_id = ?", [phase_id])
    for view, sql in VIEWS.items():
        frame = cur.execute(sql, [phase_id]).df()
        if view == "by_phase":
            frame["status"] = "closed"
        cur.execute(
            "INSERT INTO phase_count VALUES (?, ?, ?)",
            [phase_id, view, frame.to_json(orient="table", index=False)],
        )


def _view(db: Database, view: str, phase_id: str) -> pd.DataFrame:
    with db.read() as cur:
        row = cur.execute(
            "SELECT body FROM phase_count WHERE phase_id = ? AND view = ?", [phase_id, view]
        ).fetchone()
        if row is None:
            return cur.execute(VIEWS[view], [phase_id]).df()
    return pd.read_json(io.StringIO(row[0]), orient="table")


def assignment_counts_by_subject(db: Database, phase_id: str) -> pd.DataFrame:
    """``phase_id, subject_id, subject_name, unit_id, unit_name, assigned, done`` per subject."""
    return _view(db, "by_subject", phase_id)


def assignment_counts_by_group(db: Database, phase_id: str) -> pd.DataFrame:
    """``phase_id, rater_group, assigned, done`` per rater group."""
    return _view(db, "by_group", phase_id)


def assignment_counts_by_subject_unit(db: Database, phase_id: str) -> pd.DataFrame:
    """``phase_id, unit_id, unit_name, assigned, done`` per unit of the subjects rated."""
    return _view(db, "by_subject_unit", phase_id)


def invitation_counts_by_rater_unit(db: Database, phase_id: str) -> pd.DataFrame:
    """``phase_id, unit_id, unit_name, invited, finished`` per unit of the raters invited
    (personal invitations; raters without a unit have ``unit_id`` NULL)."""
    return _view(db, "by_rater_unit", phase_id)


def counts_by_phase(db: Database, campaign_id: str) -> pd.DataFrame:
    """``phase_id, seq, kind, status, invited, finished, assigned, done`` per phase."""
    phases = db.query_df(
        "SELECT phase_id FROM phase WHERE campaign_id = ? ORDER BY seq", [campaign_id]
    )
    frames = [_view(db, "by_phase", pid) for pid in phases["phase_id"]]
    columns = ["phase_id", "seq", "kind", "status", "invited", "finished", "assigned", "done"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def unfinished_raters(db: Database, phase_id: str) -> pd.DataFrame:
    """``rater_id, name, unit_id, unit_name, contact`` of raters whose personal, unrevoked
    invitation for the phase is not finished. No subject, no rater group."""
    return db.query_df(
        "SELECT DISTINCT r.rater_id, r.name, r.unit_id, u.name_zh AS unit_name, r.contact"
        " FROM invitation i JOIN rater r ON r.rater_id = i.rater_id"
        " LEFT JOIN unit u ON u.unit_id = r.unit_id"
        " WHERE i.phase_id = ? AND i.kind = 'personal' AND NOT i.revoked AND NOT i.finished"
        " ORDER BY r.unit_id NULLS LAST, r.name, r.rater_id",
        [phase_id],
    )
