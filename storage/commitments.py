"""Commitments stated at year start (亮诺): public by nature, rated in later phases."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import duckdb
import pandas as pd

from storage.db import Database, bulk_insert


def insert_commitments(
    cur: duckdb.DuckDBPyConnection, *, phase_id: str, rows: Sequence[tuple[str, int, str]]
) -> int:
    """Record ``(subject_id, seq, text)`` commitments of the phase's campaign.

    Runs inside the caller's transaction.

    A subject's earlier commitments in the campaign are replaced: the latest statement counts.
    """
    if not rows:
        return 0
    campaign_id = cur.execute(
        "SELECT campaign_id FROM phase WHERE phase_id = ?", [phase_id]
    ).fetchone()[0]
    subjects = sorted({r[0] for r in rows})
    cur.execute(
        "DELETE FROM commitment WHERE campaign_id = ? AND list_contains(?, subject_id)",
        [campaign_id, subjects],
    )
    frame = pd.DataFrame(
        {
            "commitment_id": [uuid.uuid4().hex for _ in rows],
            "campaign_id": campaign_id,
            "subject_id": [r[0] for r in rows],
            "seq": [int(r[1]) for r in rows],
            "text": [r[2] for r in rows],
        }
    )
    return bulk_insert(cur, "commitment", frame)


def stated_commitments(
    db: Database, *, phase_id: str, subject_ids: Sequence[str]
) -> dict[str, list[tuple[str, str]]]:
    """``{subject_id: [(commitment_id, text)]}`` in order, for the campaign of ``phase_id``."""
    frame = db.query_df(
        "SELECT c.subject_id, c.commitment_id, c.text FROM commitment c"
        " JOIN phase p ON p.campaign_id = c.campaign_id"
        " WHERE p.phase_id = ? AND list_contains(?, c.subject_id) ORDER BY c.subject_id, c.seq",
        [phase_id, list(subject_ids)],
    )
    out: dict[str, list[tuple[str, str]]] = {}
    for row in frame.itertuples(index=False):
        out.setdefault(row.subject_id, []).append((row.commitment_id, row.text))
    return out
