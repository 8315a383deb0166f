"""Scoring aggregation in DuckDB SQL: ballot-level scores and their per-cell n, mean, variance.

The numbers are those of ``analytics.scoring._cell_stats`` (the pandas route); analytics applies
anonymity and composites to them (``analytics.scoring.score_campaign``). The item metadata frame
is registered as a relation for the duration of one read; campaign, phase and the ids of the
rated commitment items travel as bound parameters.

A rated commitment item (``type == "commitment"``, one item row with ``row_key`` '') is answered
once per commitment (``row_id`` = commitment id): every answer joins the item row, is checked like
any answer, and the ballot's answers of the item for one subject collapse to their mean (``avg``)
before scoring, as in the pandas route.
"""

from __future__ import annotations

import threading

import pandas as pd

from storage.db import Database

ITEM_RELATION_COLUMNS = ["item_id", "row_key", "dimension", "weight", "reverse", "scale_min",
                         "scale_max", "dim_weight"]  # fmt: skip

# Every scored, non-N/A answer of the campaign (and phase), with its item metadata; an answer of
# a rated commitment item ($commitments) joins the item's one row (row_key '') whatever its row_id.
_ANSWERS = """
    SELECT b.phase_id, b.ballot_id, b.rater_group, a.subject_id, a.item_id,
           coalesce(a.row_id, '') AS answer_key, i.row_key, a.value_num,
           i.dimension, i.weight, i.reverse, i.scale_min, i.scale_max, i.dim_weight
    FROM answer a
    JOIN ballot b ON b.ballot_id = a.ballot_id
    JOIN phase p ON p.phase_id = b.phase_id
    JOIN {items} i ON i.item_id = a.item_id
     AND i.row_key = CASE WHEN list_contains($commitments::VARCHAR[], a.item_id) THEN ''
                          ELSE coalesce(a.row_id, '') END
    WHERE p.campaign_id = $campaign AND ($phase IS NULL OR p.phase_id = $phase) AND NOT a.is_na
"""

# One scored value per ballot x subject x cell: ordinary answers as they are, a rated commitment
# item as the mean of the ballot's ratings of the subject's commitments.
_SCORED = """
    WITH r AS ({answers})
    SELECT phase_id, ballot_id, rater_group, subject_id, item_id, row_key, value_num,
           dimension, weight, reverse, scale_min, scale_max, dim_weight
    FROM r
    WHERE NOT list_contains($commitments::VARCHAR[], item_id)
    UNION ALL
    SELECT phase_id, ballot_id, rater_group, subject_id, item_id, '' AS row_key,
           avg(value_num) AS value_num,
           any_value(dimension), any_value(weight), any_value(reverse), any_value(scale_min),
           any_value(scale_max), any_value(dim_weight)
    FROM r
    WHERE list_contains($commitments::VARCHAR[], item_id)
    GROUP BY phase_id, ballot_id, rater_group, subject_id, item_id
"""

# Checked on every answer (each commitment rating), before commitments are averaged.
_CHECK = """
    WITH s AS ({answers})
    SELECT
      count(*) FILTER (WHERE value_num IS NULL) AS missing,
      count(*) FILTER (WHERE value_num < scale_min OR value_num > scale_max) AS outside,
      count(*) FILTER (WHERE rater_group NOT IN
          ('superior', 'peer', 'subordinate', 'self', 'public', 'observer')) AS bad_group,
      count(*) - (SELECT count(*) FROM (SELECT DISTINCT ballot_id, subject_id, item_id, answer_key
                                       FROM s)) AS duplicated
    FROM s
"""

_STATS = """
    WITH s AS ({scored}),
    bd AS (   -- one score per ballot x subject x dimension: item-weighted mean of p
      SELECT phase_id, subject_id, rater_group, ballot_id, dimension,
             sum(weight * (CASE WHEN reverse THEN scale_max - value_num
                                ELSE value_num - scale_min END / (scale_max - scale_min)))
               / sum(weight) AS score,
             any_value(dim_weight) AS dw
      FROM s
      GROUP BY phase_id, subject_id, rater_group, ballot_id, dimension
      HAVING sum(weight) > 0
    ),
    bo AS (   -- one overall per ballot x subject: dimension-weighted mean of its dimensions
      SELECT phase_id, subject_id, rater_group, ballot_id, 'overall' AS dimension,
             sum(dw * score) / sum(dw) AS score
      FROM bd
      GROUP BY phase_id, subject_id, rater_group, ballot_id
      HAVING sum(dw) > 0
    ),
    scores AS (
      SELECT phase_id, subject_id, rater_group, dimension, score FROM bd
      UNION ALL
      SELECT phase_id, subject_id, rater_group, dimension, score FROM bo
    )
    SELECT phase_id, subject_id, rater_group, dimension,
           count(*) AS n, avg(score) AS mean, var_samp(score) AS var
    FROM scores
    GROUP BY phase_id, subject_id, rater_group, dimension
"""


def cell_stats(
    db: Database, campaign_id: str, items: pd.DataFrame, *, phase_id: str | None = None
) -> pd.DataFrame:
    """n, mean and sample variance of ballot-level scores per phase x subject x group x dimension.

    ``items`` is the prepared item frame (``analytics.scoring.prepare_items``): columns
    :data:`ITEM_RELATION_COLUMNS`, and ``type`` if any item is a rated commitment
    (``"commitment"``: its ratings are averaged per ballot and subject). Scores are on 0..1
    (proportion of the scale). One row per cell with ``dimension = 'overall'`` for the ballot
    overall. Raises ``ValueError`` when a scored answer (each commitment rating, before averaging)
    lacks its value, lies outside the scale, is duplicated, or has an unknown rater group.
    """
    missing = [c for c in ITEM_RELATION_COLUMNS if c not in items.columns]
    if missing:
        raise ValueError(f"items: missing columns {missing} (use analytics.scoring.prepare_items).")
    relation = f"_score_items_{threading.get_ident()}"  # generated here, never user input
    answers = _ANSWERS.format(items=relation)
    scored = _SCORED.format(answers=answers)
    commitments = (
        sorted({str(i) for i in items.loc[items["type"].eq("commitment"), "item_id"]})
        if "type" in items.columns
        else []
    )  # bound as a VARCHAR[] parameter, never formatted into the SQL
    params = {"campaign": campaign_id, "phase": phase_id, "commitments": commitments}
    with db.read() as cur:
        cur.register(relation, items[ITEM_RELATION_COLUMNS])
        try:
            check = cur.execute(_CHECK.format(answers=answers), params).fetchall()[0]
            _raise_on(check)
            out = cur.execute(_STATS.format(scored=scored), params).df()
        finally:
            cur.unregister(relation)
    out["n"] = out["n"].astype("int64")
    return out


def _raise_on(check: tuple) -> None:
    missing, outside, bad_group, duplicated = check
    if missing:
        raise ValueError(f"answers: column 'value_num' is missing on {missing} scored answers.")
    if outside:
        raise ValueError(
            f"answers: column 'value_num' has {outside} values outside scale_min..scale_max."
        )
    if bad_group:
        raise ValueError(f"answers: column 'rater_group' is unknown on {bad_group} answers.")
    if duplicated:
        raise ValueError(
            f"answers: {duplicated} answers repeat an item_id/row_id of one ballot and subject."
        )
