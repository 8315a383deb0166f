"""Counts for the home page: how much there is in this database."""

from __future__ import annotations

from storage.db import Database

_COUNTED = ("unit", "subject", "rater", "campaign", "ballot", "answer")


def overview_counts(db: Database) -> dict[str, int]:
    """Row counts of the main tables, by table name."""
    counts = {}
    with db.read() as cur:
        for table in _COUNTED:  # fixed names, not user input
            counts[table] = cur.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
    return counts
