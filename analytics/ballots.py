"""Per-ballot views of a phase, the inputs of reliability and agreement statistics.

Reliability needs one number per ballot (an ICC of the overall score) or per ballot and item
(alpha, rwg), but only from ballots whose group is published: a statistic computed from a
suppressed group would leak it. :func:`counted_answers` keeps exactly those ballots, with the
same rule :func:`analytics.score_subjects` applies; :func:`recoded_ratings` and
:func:`ballot_overall` then turn them into ratings and ballot scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from analytics._validation import require_table
from analytics.scoring import average_commitments, prepare_items
from analytics.suppression import AnonymityRules, anonymity_decisions

__all__ = ["ballot_overall", "counted_answers", "recoded_ratings"]

_CELL = ["phase_id", "subject_id", "rater_group"]
_BALLOT = ["ballot_id", "subject_id", "rater_group"]


def counted_answers(
    answers: pd.DataFrame,
    *,
    thresholds: AnonymityRules | Mapping[str, Any] | None = None,
    self_too: bool = False,
) -> pd.DataFrame:
    """Answers of the ballots behind published cells: groups the anonymity rule shows or merges.

    Parameters
    ----------
    answers : pandas.DataFrame
        Long answer frame (``storage.results.answers_frame`` columns); needs ``phase_id``,
        ``subject_id``, ``rater_group`` and ``ballot_id``.
    thresholds : AnonymityRules or mapping, optional
        The campaign's anonymity settings (see :class:`analytics.AnonymityRules`).
    self_too : bool, default False
        Keep self-ratings too; by default only the others' ballots are returned.

    Returns
    -------
    pandas.DataFrame
        The rows of ``answers`` whose (phase, subject, rater group) cell is ``shown`` or
        ``merged``; suppressed cells are left out entirely.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = [("p", s, g, f"{s}-{g}{i}") for s, g, n in
    ...         [("s1", "peer", 2), ("s1", "self", 1), ("s2", "peer", 3), ("s2", "self", 1)]
    ...         for i in range(n)]
    >>> a = pd.DataFrame(rows, columns=["phase_id", "subject_id", "rater_group", "ballot_id"])
    >>> counted_answers(a).groupby("subject_id")["ballot_id"].nunique().to_dict()
    {'s2': 3}
    >>> counted_answers(a, self_too=True).groupby("subject_id")["ballot_id"].nunique().to_dict()
    {'s1': 1, 's2': 4}
    """
    require_table(answers, [*_CELL, "ballot_id"], "answers", allow_empty=True)
    if answers.empty:
        return answers
    counts = answers.groupby(_CELL)["ballot_id"].nunique().rename("n").reset_index()
    decided = anonymity_decisions(counts, thresholds=thresholds)
    keep = decided[decided["status"].isin(["shown", "merged"])]
    if not self_too:
        keep = keep[keep["rater_group"] != "self"]
    return answers.merge(keep[_CELL], on=_CELL, how="inner")


def _rating_cells(answers: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Answered numeric cells joined to their item metadata (commitment ratings averaged)."""
    prepared = prepare_items(items.reset_index(drop=True))
    answers = average_commitments(answers, items)
    a = answers[~answers["is_na"]].assign(row_key=answers["row_id"].fillna("").astype(str))
    m = a.merge(prepared, on=["item_id", "row_key"], how="inner").dropna(subset=["value_num"])
    return m.assign(value_num=m["value_num"].astype(float))


def recoded_ratings(answers: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Every rating with reverse-keyed items turned round (``min + max - x``).

    Parameters
    ----------
    answers : pandas.DataFrame
        Long answer frame (``ballot_id, subject_id, rater_group, item_id, row_id, value_num,
        is_na``).
    items : pandas.DataFrame
        Scored cells (``survey_engine.items_frame``), one row per item or matrix row.

    Returns
    -------
    pandas.DataFrame
        ``ballot_id, subject_id, rater_group, item_key, type, dimension, value, scale_min,
        scale_max``; ``item_key`` is ``item_id`` or ``item_id|row_id`` for a matrix row.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"item_id": ["q1", "q2"], "row_id": [None, None],
    ...     "type": "likert", "dimension": "d", "weight": 1.0, "reverse": [False, True],
    ...     "scale_min": 1, "scale_max": 5})
    >>> answers = pd.DataFrame({"ballot_id": "b", "subject_id": "s", "rater_group": "peer",
    ...     "item_id": ["q1", "q2"], "row_id": None, "value_num": [4.0, 4.0], "is_na": False})
    >>> recoded_ratings(answers, items)[["item_key", "value"]].to_dict("list")
    {'item_key': ['q1', 'q2'], 'value': [4.0, 2.0]}
    """
    m = _rating_cells(answers, items)
    x = m["value_num"]
    m["value"] = np.where(m["reverse"].astype(bool), m["scale_min"] + m["scale_max"] - x, x)
    m["item_key"] = np.where(m["row_key"] == "", m["item_id"], m["item_id"] + "|" + m["row_key"])
    cols = [*_BALLOT, "item_key", "type", "dimension", "value", "scale_min", "scale_max"]
    return m[cols].reset_index(drop=True)


def ballot_overall(answers: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Each ballot's overall score of a subject on 0..100, by the formula of the scores.

    The item POMP ``(x - min) / (max - min)`` (reversed: ``(max - x) / (max - min)``) is
    averaged with the item weights within a dimension, then the dimensions with their weights,
    as :func:`analytics.score_subjects` does for a group; N/A and unanswered cells drop out.

    Parameters
    ----------
    answers, items : pandas.DataFrame
        As for :func:`recoded_ratings`.

    Returns
    -------
    pandas.DataFrame
        ``ballot_id, subject_id, rater_group, score``, one row per ballot and subject.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"item_id": ["q1", "q2"], "row_id": [None, None],
    ...     "type": "likert", "dimension": ["a", "b"], "weight": 1.0, "reverse": False,
    ...     "scale_min": 1, "scale_max": 5})
    >>> answers = pd.DataFrame({"ballot_id": "b", "subject_id": "s", "rater_group": "peer",
    ...     "item_id": ["q1", "q2"], "row_id": None, "value_num": [5.0, 3.0], "is_na": False})
    >>> ballot_overall(answers, items)["score"].tolist()
    [75.0]
    """
    m = _rating_cells(answers, items)
    span = m["scale_max"] - m["scale_min"]
    x = m["value_num"]
    pomp = np.where(m["reverse"], m["scale_max"] - x, x - m["scale_min"]) / span
    m = m.assign(wp=m["weight"] * pomp)
    d = (
        m.groupby([*_BALLOT, "dimension"])
        .agg(wp=("wp", "sum"), w=("weight", "sum"), dw=("dim_weight", "first"))
        .reset_index()
    )
    d = d[d["w"] > 0].assign(s=lambda f: f["dw"] * f["wp"] / f["w"])
    o = d.groupby(_BALLOT).agg(s=("s", "sum"), dw=("dw", "sum")).reset_index()
    o = o[o["dw"] > 0]
    return o.assign(score=100 * o["s"] / o["dw"])[[*_BALLOT, "score"]].reset_index(drop=True)
