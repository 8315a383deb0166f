"""Data steps of schema migrations (see ``storage.db._DATA_STEPS``).

``to_v3`` brings a database written before the ballot box (schema 1-2) to the sealed design, in
the migration's own transaction; the database is then rewritten into a fresh file, so none of the
old bytes (row order, pseudonyms, who finished) survives. Closed phases are sealed as if closed
now; the ballots of open phases move into their box. Nothing is lost: every ballot's answers
stay, split into one ballot per subject where the unit rule demands it.
"""

from __future__ import annotations

import duckdb

from storage import ballot_box, sealing
from storage.db import bulk_insert


def _phase_frames(cur: duckdb.DuckDBPyConnection, phase_id: str):
    ballots = cur.execute(
        "SELECT ballot_id, phase_id, definition_id, definition_version, rater_group, source"
        " FROM ballot WHERE phase_id = ?",
        [phase_id],
    ).df()
    answers = cur.execute(
        "SELECT a.ballot_id, a.subject_id, a.item_id, a.row_id, a.option_id, a.value_num,"
        " a.value_text, a.is_na FROM answer a JOIN ballot b ON b.ballot_id = a.ballot_id"
        " WHERE b.phase_id = ?",
        [phase_id],
    ).df()
    cur.execute(
        "DELETE FROM answer WHERE ballot_id IN (SELECT ballot_id FROM ballot WHERE phase_id = ?)",
        [phase_id],
    )
    cur.execute("DELETE FROM ballot WHERE phase_id = ?", [phase_id])
    thresholds = sealing.phase_thresholds(cur, phase_id)
    return ballot_box.split_small_units(ballots, answers, thresholds)


def _into_box(cur, phase_id: str, ballots, answers) -> None:
    rows = answers.groupby("ballot_id", sort=False)
    payloads = [
        ballot_box.encode(
            definition_id=b.definition_id,
            definition_version=b.definition_version,
            rater_group=b.rater_group,
            source=b.source,
            rows=rows.get_group(b.ballot_id)[list(ballot_box.ANSWER_FIELDS)].itertuples(
                index=False
            ),
        )
        for b in ballots.itertuples()
    ]
    free = ballot_box.open_capacity(cur, phase_id) + ballot_box.SLOT_MARGIN
    bulk_insert(cur, "ballot_slot", ballot_box.slot_frame(phase_id, payloads, free))


def to_v3(cur: duckdb.DuckDBPyConnection) -> bool:
    """Seal closed phases and box open ones; True when there was anything to rewrite."""
    phases = cur.execute("SELECT phase_id, status FROM phase ORDER BY phase_id").fetchall()
    touched = False
    for phase_id, status in phases:
        if status == "draft":
            continue
        ballots, answers = _phase_frames(cur, phase_id)
        if status == "closed":
            ballot_box.write_ballots(cur, *ballot_box.shuffled(ballots, answers))
            sealing.clear_register(cur, phase_id)
        else:
            _into_box(cur, phase_id, ballots, answers)
        touched = True
    return touched
