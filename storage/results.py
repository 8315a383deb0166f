"""Read side for analytics: the long answer frame and response counts.

Rows are ordered by random ballot id, never by submission order. Suppression of small groups is
not applied here: analytics applies the campaign thresholds in one place, using
:func:`response_counts`.
"""

from __future__ import annotations

import pandas as pd

from storage.db import Database

ANSWER_FRAME_COLUMNS = (
    "campaign_id",
    "phase_id",
    "phase_kind",
    "ballot_id",
    "rater_group",
    "subject_id",
    "item_id",
    "row_id",
    "option_id",
    "value_num",
    "value_text",
    "is_na",
)


def answers_frame(
    db: Database, *, campaign_id: str | None = None, phase_id: str | None = None
) -> pd.DataFrame:
    """One row per stored answer cell, the input of analytics.

    Columns (in this order):

    - ``campaign_id``, ``phase_id`` (str), ``phase_kind`` (year_start | mid_year | year_end |
      single)
    - ``ballot_id`` (str, random): answers of one ballot share it. It is the only link between
      answers: a ballot covers several subjects only where that subject set is assigned to at
      least the group's threshold of raters (docs/ANONYMITY.md)
    - ``rater_group`` (superior | peer | subordinate | self | public | observer)
    - ``subject_id``, ``item_id`` (str); ``row_id``, ``option_id`` (str, missing when absent)
    - ``value_num`` (float64, NaN when absent), ``value_text`` (str, missing when absent),
      ``is_na`` (bool)

    The meaning of the value columns per item type is documented on ``survey_engine.answer.Answer``.
    Filters combine; with neither, every answer is returned. No threshold is applied here.
    """
    frame = db.query_df(
        "SELECT p.campaign_id, p.phase_id, p.kind AS phase_kind, b.ballot_id, b.rater_group,"
        " a.subject_id, a.item_id, a.row_id, a.option_id, a.value_num,"
        " a.value_text, a.is_na FROM answer a JOIN ballot b ON b.ballot_id = a.ballot_id"
        " JOIN phase p ON p.phase_id = b.phase_id"
        " WHERE (CAST(? AS VARCHAR) IS NULL OR p.campaign_id = ?)"
        " AND (CAST(? AS VARCHAR) IS NULL OR p.phase_id = ?)"
        " ORDER BY p.campaign_id, p.seq, b.ballot_id, a.subject_id, a.item_id, a.row_id,"
        " a.option_id",
        [campaign_id, campaign_id, phase_id, phase_id],
    )
    return frame.astype({"value_num": "float64", "is_na": "bool"})[list(ANSWER_FRAME_COLUMNS)]


def response_counts(
    db: Database, *, campaign_id: str | None = None, phase_id: str | None = None
) -> pd.DataFrame:
    """Ballots per subject and rater group, the basis of the anonymity thresholds.

    Columns: ``campaign_id, phase_id, phase_kind, subject_id, rater_group, n_ballots`` (distinct
    ballots with any answer for the subject) and ``n_comments`` (distinct ballots with a
    non-empty text answer for the subject).
    """
    return db.query_df(
        "SELECT p.campaign_id, p.phase_id, p.kind AS phase_kind, a.subject_id, b.rater_group,"
        " count(DISTINCT b.ballot_id) AS n_ballots,"
        " count(DISTINCT b.ballot_id) FILTER (WHERE nullif(trim(a.value_text), '') IS NOT NULL)"
        " AS n_comments FROM answer a JOIN ballot b ON b.ballot_id = a.ballot_id"
        " JOIN phase p ON p.phase_id = b.phase_id"
        " WHERE (CAST(? AS VARCHAR) IS NULL OR p.campaign_id = ?)"
        " AND (CAST(? AS VARCHAR) IS NULL OR p.phase_id = ?)"
        " GROUP BY ALL ORDER BY p.campaign_id, p.phase_id, a.subject_id, b.rater_group",
        [campaign_id, campaign_id, phase_id, phase_id],
    )
