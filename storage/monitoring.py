"""Response counts for monitoring a phase: counts only, never what or whom a rater rated.

Counts come from ``assignment.done`` and ``invitation.finished``; revoked invitations and their
assignments are left out. The reminder list names raters who have not finished, with no subject
and no rater group beside them.
"""

from __future__ import annotations

import pandas as pd

from storage.db import Database


def assignment_counts_by_subject(db: Database, phase_id: str) -> pd.DataFrame:
    """``phase_id, subject_id, subject_name, unit_id, unit_name, assigned, done`` per subject."""
    return db.query_df(
        "WITH c AS (SELECT a.phase_id, a.subject_id, count(*) AS assigned,"
        " count(*) FILTER (WHERE a.done) AS done"
        " FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
        " WHERE a.phase_id = ? AND NOT i.revoked GROUP BY a.phase_id, a.subject_id)"
        " SELECT c.phase_id, c.subject_id, s.name AS subject_name, s.unit_id,"
        " u.name_zh AS unit_name, c.assigned, c.done FROM c"
        " LEFT JOIN subject s ON s.subject_id = c.subject_id"
        " LEFT JOIN unit u ON u.unit_id = s.unit_id ORDER BY s.unit_id, c.subject_id",
        [phase_id],
    )


def assignment_counts_by_group(db: Database, phase_id: str) -> pd.DataFrame:
    """``phase_id, rater_group, assigned, done`` per rater group."""
    return db.query_df(
        "SELECT a.phase_id, a.rater_group, count(*) AS assigned,"
        " count(*) FILTER (WHERE a.done) AS done"
        " FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
        " WHERE a.phase_id = ? AND NOT i.revoked"
        " GROUP BY a.phase_id, a.rater_group ORDER BY a.rater_group",
        [phase_id],
    )


def assignment_counts_by_subject_unit(db: Database, phase_id: str) -> pd.DataFrame:
    """``phase_id, unit_id, unit_name, assigned, done`` per unit of the subjects rated."""
    return db.query_df(
        "WITH c AS (SELECT a.phase_id, s.unit_id, count(*) AS assigned,"
        " count(*) FILTER (WHERE a.done) AS done"
        " FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
        " LEFT JOIN subject s ON s.subject_id = a.subject_id"
        " WHERE a.phase_id = ? AND NOT i.revoked GROUP BY a.phase_id, s.unit_id)"
        " SELECT c.phase_id, c.unit_id, u.name_zh AS unit_name, c.assigned, c.done FROM c"
        " LEFT JOIN unit u ON u.unit_id = c.unit_id ORDER BY c.unit_id NULLS LAST",
        [phase_id],
    )


def invitation_counts_by_rater_unit(db: Database, phase_id: str) -> pd.DataFrame:
    """``phase_id, unit_id, unit_name, invited, finished`` per unit of the raters invited
    (personal invitations; raters without a unit have ``unit_id`` NULL)."""
    return db.query_df(
        "WITH c AS (SELECT i.phase_id, r.unit_id, count(*) AS invited,"
        " count(*) FILTER (WHERE i.finished) AS finished"
        " FROM invitation i JOIN rater r ON r.rater_id = i.rater_id"
        " WHERE i.phase_id = ? AND i.kind = 'personal' AND NOT i.revoked"
        " GROUP BY i.phase_id, r.unit_id)"
        " SELECT c.phase_id, c.unit_id, u.name_zh AS unit_name, c.invited, c.finished FROM c"
        " LEFT JOIN unit u ON u.unit_id = c.unit_id ORDER BY c.unit_id NULLS LAST",
        [phase_id],
    )


def counts_by_phase(db: Database, campaign_id: str) -> pd.DataFrame:
    """``phase_id, seq, kind, status, invited, finished, assigned, done`` per phase."""
    return db.query_df(
        "WITH inv AS (SELECT phase_id, count(*) AS invited,"
        "  count(*) FILTER (WHERE finished) AS finished"
        "  FROM invitation WHERE NOT revoked GROUP BY phase_id),"
        " asg AS (SELECT a.phase_id, count(*) AS assigned, count(*) FILTER (WHERE a.done) AS done"
        "  FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
        "  WHERE NOT i.revoked GROUP BY a.phase_id)"
        " SELECT p.phase_id, p.seq, p.kind, p.status,"
        " coalesce(inv.invited, 0) AS invited, coalesce(inv.finished, 0) AS finished,"
        " coalesce(asg.assigned, 0) AS assigned, coalesce(asg.done, 0) AS done"
        " FROM phase p LEFT JOIN inv ON inv.phase_id = p.phase_id"
        " LEFT JOIN asg ON asg.phase_id = p.phase_id"
        " WHERE p.campaign_id = ? ORDER BY p.seq",
        [campaign_id],
    )


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
