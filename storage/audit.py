"""The audit log: append-only rows, each hashed together with the row before it.

There is no update or delete here, and :func:`verify_chain` finds a row that was edited, removed
or inserted out of order by hand. What goes in (event kinds, coarse times, never a token or a
ballot) is decided by :mod:`security.audit`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import duckdb
import pandas as pd

from storage.db import Database

GENESIS = "0" * 64
COLUMNS = ("seq", "logged_at", "actor", "kind", "target", "detail")


def row_hash(prev_hash: str, seq: int, at: datetime, actor: str, kind: str, target: str,
             detail: str) -> str:  # fmt: skip
    """SHA-256 over the previous hash and the row's fields (unit-separator joined)."""
    text = "\x1f".join([prev_hash, str(seq), at.isoformat(), actor, kind, target, detail])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(db: Database, *, at: datetime, actor: str, kind: str, target: str, detail: dict) -> int:
    """Append one event in its own transaction (retried if another append won the race)."""
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    for attempt in range(5):
        try:
            with db.transaction() as cur:
                return _append(cur, at, actor, kind, target, text)
        except (duckdb.TransactionException, duckdb.ConstraintException):
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _append(cur, at: datetime, actor: str, kind: str, target: str, detail: str) -> int:
    last = cur.execute("SELECT seq, row_hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    digest = row_hash(prev, seq, at, actor, kind, target, detail)
    cur.execute(
        "INSERT INTO audit_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, actor, kind, target, detail, prev, digest],
    )
    return seq


def events(
    db: Database,
    *,
    kinds: list[str] | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Events, newest first, optionally filtered by kind, actor and time."""
    return db.query_df(
        "SELECT seq, logged_at, actor, kind, target, detail FROM audit_event"
        " WHERE (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], kind))"
        " AND (?::VARCHAR IS NULL OR actor = ?::VARCHAR)"
        " AND (?::TIMESTAMP IS NULL OR logged_at >= ?::TIMESTAMP) ORDER BY seq DESC LIMIT ?",
        [kinds or None, kinds or None, actor, actor, since, since, limit or 2**62],
    )


def verify_chain(db: Database) -> int | None:
    """The ``seq`` of the first row whose hash does not follow from the rows before, or None."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT seq, logged_at, actor, kind, target, detail, prev_hash, row_hash"
            " FROM audit_event ORDER BY seq"
        ).fetchall()
    prev, expected_seq = GENESIS, 1
    for seq, at, actor, kind, target, detail, prev_hash, digest in rows:
        ok = seq == expected_seq and prev_hash == prev
        if not ok or digest != row_hash(prev, seq, at, actor, kind, target, detail):
            return seq
        prev, expected_seq = digest, seq + 1
    return None
