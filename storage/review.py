"""Read queries of the review pages (results, tallies, reliability).

The answers of one phase, limited to the definition version the phase uses (a ballot answers the
definition it was filled against; anything else is left out), and a cheap data version stamp for
the UI caches. Rows are ordered by the random ballot id, never by submission order; no
threshold is applied here (analytics does that, in one place).
"""

from __future__ import annotations

import pandas as pd

from storage.db import Database
from storage.results import ANSWER_FRAME_COLUMNS


def phase_answers(
    db: Database, phase_id: str, definition_id: str, definition_version: int
) -> pd.DataFrame:
    """The long answer frame (``storage.results.answers_frame`` columns) of one phase, only for
    ballots of ``definition_id`` version ``definition_version``."""
    frame = db.query_df(
        "SELECT p.campaign_id, p.phase_id, p.kind AS phase_kind, b.ballot_id, b.rater_group,"
        " a.subject_id, a.item_id, a.row_id, a.option_id, a.value_num,"
        " a.value_text, a.is_na FROM answer a JOIN ballot b ON b.ballot_id = a.ballot_id"
        " JOIN phase p ON p.phase_id = b.phase_id"
        " WHERE p.phase_id = ? AND b.definition_id = ? AND b.definition_version = ?"
        " ORDER BY b.ballot_id, a.subject_id, a.item_id, a.row_id, a.option_id",
        [phase_id, definition_id, int(definition_version)],
    )
    return frame.astype({"value_num": "float64", "is_na": "bool"})[list(ANSWER_FRAME_COLUMNS)]


def phase_data_version(db: Database, phase_id: str) -> str:
    """A stamp that changes whenever ballots of the phase are added or removed (cache key).
    A ballot's answers are written and removed with it, never alone, so the ballots suffice."""
    return phase_data_versions(db, [phase_id])[phase_id]


def phase_data_versions(db: Database, phase_ids: list[str]) -> dict[str, str]:
    """:func:`phase_data_version` of several phases in one query: the number of ballots and an
    order-free sum of their ids' hashes (changed by any ballot added or removed)."""
    frame = db.query_df(
        "SELECT phase_id, count(*) AS ballots, CAST(sum(hash(ballot_id)) AS VARCHAR) AS ids"
        " FROM ballot WHERE list_contains(?, phase_id) GROUP BY phase_id",
        [list(phase_ids)],
    )
    got = {r.phase_id: f"{int(r.ballots)}:{r.ids}" for r in frame.itertuples()}
    return {p: got.get(p, "0:0") for p in phase_ids}


def campaigns_for_review(db: Database) -> pd.DataFrame:
    """Campaigns with the number of ballots in their closed phases (most first) and the
    ``"id:version"`` definitions those closed phases use: the review pages open on the campaign
    that has the most to show."""
    return db.query_df(
        "SELECT c.campaign_id, c.name, c.year,"
        " count(b.ballot_id) FILTER (WHERE p.status = 'closed') AS closed_ballots,"
        " list(DISTINCT p.definition_id || ':' || p.definition_version)"
        "   FILTER (WHERE p.status = 'closed') AS definitions"
        " FROM campaign c LEFT JOIN phase p ON p.campaign_id = c.campaign_id"
        " LEFT JOIN ballot b ON b.phase_id = p.phase_id"
        " GROUP BY c.campaign_id, c.name, c.year ORDER BY closed_ballots DESC, c.year DESC, c.name"
    )
