"""Sealing a phase: the ballot box emptied into ``ballot``/``answer`` in random order, the register
reduced to counts, in one transaction; the caller then rewrites the file (``Database.compact``).

After sealing, nothing in the database says which invitation finished or which subjects a rater
had done: ``assignment.done`` and ``invitation.finished`` are NULL, token hashes are replaced by
random values (a sealed phase keeps nothing derivable from any token, even with the server key;
an old link is then an unknown code), drafts are deleted, and the monitoring counts live in
``phase_count``.
"""

from __future__ import annotations

import duckdb

from storage import ballot_box, monitoring
from storage.db import StorageError


def phase_thresholds(cur: duckdb.DuckDBPyConnection, phase_id: str) -> dict[str, int]:
    row = cur.execute(
        "SELECT c.settings FROM phase p JOIN campaign c ON c.campaign_id = p.campaign_id"
        " WHERE p.phase_id = ?",
        [phase_id],
    ).fetchone()
    if row is None:
        raise StorageError(f"no phase {phase_id!r}")
    return ballot_box.thresholds_of(row[0])


def move_box_to_ballots(cur: duckdb.DuckDBPyConnection, phase_id: str) -> int:
    """Empty the phase's box into ``ballot``/``answer`` (units checked, random order)."""
    ballots, answers = ballot_box.decode(phase_id, ballot_box.filled_payloads(cur, phase_id))
    ballots, answers = ballot_box.split_small_units(
        ballots, answers, phase_thresholds(cur, phase_id)
    )
    ballots, answers = ballot_box.shuffled(ballots, answers)
    ballot_box.write_ballots(cur, ballots, answers)
    ballot_box.empty_box(cur, phase_id)
    return len(ballots)


def clear_register(cur: duckdb.DuckDBPyConnection, phase_id: str) -> None:
    """Keep the monitoring counts, then forget who finished what and every token hash."""
    monitoring.keep_counts(cur, phase_id)
    cur.execute("UPDATE assignment SET done = NULL WHERE phase_id = ?", [phase_id])
    cur.execute(
        "UPDATE invitation SET finished = NULL, token_hash = 'sealed:' || gen_random_uuid()"
        " WHERE phase_id = ?",
        [phase_id],
    )
    cur.execute("DELETE FROM draft WHERE phase_id = ?", [phase_id])


def seal(cur: duckdb.DuckDBPyConnection, phase_id: str) -> int:
    """Close an open phase and seal it, inside the caller's transaction; returns the ballots."""
    row = cur.execute("SELECT status FROM phase WHERE phase_id = ?", [phase_id]).fetchone()
    if row is None:
        raise StorageError(f"no phase {phase_id!r}")
    if row[0] != "open":
        raise StorageError(f"phase {phase_id!r} is {row[0]}; only an open phase can be closed")
    cur.execute("UPDATE phase SET status = 'closed' WHERE phase_id = ?", [phase_id])
    n = move_box_to_ballots(cur, phase_id)
    clear_register(cur, phase_id)
    return n
