"""Read queries for the meeting, paper and monitoring pages: subjects for a grid, meeting batches.

Counts and lists only: nothing here joins an invitation to a ballot, and a meeting batch is
described by its size, group and grid, never by which token was used.
"""

from __future__ import annotations

import pandas as pd

from storage.db import Database


def subjects_frame(db: Database) -> pd.DataFrame:
    """Every subject: ``subject_id, name, unit_id, unit_name, position`` (unit, then name)."""
    return db.query_df(
        "SELECT s.subject_id, s.name, s.unit_id, u.name_zh AS unit_name, s.position"
        " FROM subject s LEFT JOIN unit u ON u.unit_id = s.unit_id"
        " ORDER BY s.unit_id, s.name, s.subject_id"
    )


def meeting_batches(db: Database, phase_id: str) -> pd.DataFrame:
    """The meeting batches of a phase, newest first: ``meeting_id, created_on, rater_group,
    subjects, issued, received, revoked, open`` (counts only)."""
    return db.query_df(
        "WITH inv AS (SELECT meeting_id, min(created_on) AS created_on, count(*) AS issued,"
        "  count(*) FILTER (WHERE finished) AS received,"
        "  count(*) FILTER (WHERE revoked AND NOT finished) AS revoked,"
        "  count(*) FILTER (WHERE NOT revoked AND NOT finished) AS open"
        "  FROM invitation WHERE phase_id = ? AND kind = 'meeting' AND meeting_id IS NOT NULL"
        "  GROUP BY meeting_id),"
        " grid AS (SELECT i.meeting_id, min(a.rater_group) AS rater_group,"
        "  count(DISTINCT a.subject_id) AS subjects"
        "  FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
        "  WHERE i.phase_id = ? AND i.kind = 'meeting' GROUP BY i.meeting_id)"
        " SELECT inv.meeting_id, inv.created_on, grid.rater_group,"
        " coalesce(grid.subjects, 0) AS subjects, inv.issued, inv.received, inv.revoked, inv.open"
        " FROM inv LEFT JOIN grid ON grid.meeting_id = inv.meeting_id"
        " ORDER BY inv.created_on DESC, inv.meeting_id",
        [phase_id, phase_id],
    )


def meeting_subjects(db: Database, meeting_id: str) -> list[str]:
    """The subject ids of a meeting batch's grid (the same for every token of the batch)."""
    frame = db.query_df(
        "SELECT DISTINCT a.subject_id FROM assignment a"
        " JOIN invitation i ON i.invitation_id = a.invitation_id"
        " WHERE i.meeting_id = ? AND i.kind = 'meeting' ORDER BY a.subject_id",
        [meeting_id],
    )
    return frame["subject_id"].tolist()


def paper_sheet_counts(db: Database, phase_id: str) -> dict[str, int]:
    """How many sheets of a phase are ``counted`` and ``void`` (counts only)."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT count(*) FILTER (WHERE status = 'counted'),"
            " count(*) FILTER (WHERE status = 'void') FROM paper_sheet WHERE phase_id = ?",
            [phase_id],
        ).fetchone()
    return {"counted": int(row[0]), "void": int(row[1])}


def campaign_definitions(db: Database) -> pd.DataFrame:
    """``campaign_id, definition_id, definition_version`` of every phase."""
    return db.query_df(
        "SELECT DISTINCT campaign_id, definition_id, definition_version FROM phase"
        " ORDER BY campaign_id, definition_id, definition_version"
    )
