"""Small key/value facts about this database (``app_meta``)."""

from __future__ import annotations

from storage.db import Database


def get_meta(db: Database, key: str) -> str | None:
    """The value stored under ``key``, or None."""
    with db.read() as cur:
        row = cur.execute("SELECT value FROM app_meta WHERE key = ?", [key]).fetchone()
    return None if row is None else row[0]


def set_meta(db: Database, key: str, value: str) -> None:
    """Store ``value`` under ``key`` (insert or replace)."""
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO app_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def delete_meta(db: Database, key: str) -> None:
    with db.transaction() as cur:
        cur.execute("DELETE FROM app_meta WHERE key = ?", [key])
