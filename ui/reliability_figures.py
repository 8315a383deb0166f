"""The reliability page's figures of one phase, computed once per phase version (cached).

Every click on the reliability page computed α, ω, the ICC, rwg and Krippendorff's α again from
the phase's answers: 0.5 s a run on the default demo world (#12). They depend on the answers, the
definition and the anonymity rules only, not on the language, so they are computed here with ids
(dimension, item) and the page labels them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import (
    ballot_overall,
    cronbach_alpha,
    icc,
    krippendorff_alpha,
    mcdonald_omega,
    recoded_ratings,
    rwg,
)
from ui.review import PhaseData, counted_answers, phase_key, rules


def phase_reliability(data: PhaseData) -> dict | None:
    """The phase's figures (see :func:`_figures`), or None with nothing counted to compute from."""
    if data.items.empty:
        return None
    key = f"{phase_key(data)}|{rules(data.settings)!r}"
    return _figures(data, key)


@st.cache_data(show_spinner=False, max_entries=32)
def _figures(_data: PhaseData, key: str) -> dict | None:
    """``consistency`` (a row per dimension id: k, n, alpha with its interval, omega, and which
    could not be computed), ``icc`` (the table, or the reason as ``icc_error``), ``agreement``
    (rwg and awg per subject, None without a rating scale) and ``kripp`` (item id -> ordinal α or
    None)."""
    counted = counted_answers(_data.answers, _data.settings)
    if counted.empty:
        return None
    ratings = recoded_ratings(counted, _data.items)
    dims = [d.id for d in _data.survey.dimensions]
    return {
        "consistency": _consistency(ratings, dims),
        **_icc(counted, _data.items),
        "agreement": _agreement(ratings),
        "kripp": {
            i.id: _kripp(counted, i.id) for i in _data.survey.all_items() if i.type == "grade"
        },
    }


def _consistency(ratings: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    rows = []
    for dim in dims:
        part = ratings[ratings["dimension"] == dim]
        wide = part.pivot_table(index=["ballot_id", "subject_id"], columns="item_key",
                                values="value")  # fmt: skip
        row = {"dimension": dim, "k": wide.shape[1], "n": len(wide), "alpha": None,
               "ci_low": None, "ci_high": None, "omega": None, "alpha_needs": False,
               "omega_needs": False}  # fmt: skip
        try:
            a = cronbach_alpha(wide)
            row.update(alpha=a.alpha, ci_low=a.ci_low, ci_high=a.ci_high, n=a.n)
        except ValueError:
            row["alpha_needs"] = True
        try:
            row["omega"] = mcdonald_omega(wide).omega
        except ValueError:
            row["omega_needs"] = True
        rows.append(row)
    return pd.DataFrame(rows)


def _icc(counted: pd.DataFrame, items: pd.DataFrame) -> dict:
    overall = ballot_overall(counted, items)
    try:
        res = icc(overall, targets="subject_id", raters="ballot_id", ratings="score")
    except ValueError as error:
        return {"icc": None, "icc_error": str(error)}
    return {"icc": res, "icc_error": None}


def _agreement(ratings: pd.DataFrame) -> pd.DataFrame | None:
    scale = ratings[ratings["type"].isin(["likert", "matrix"])]
    if scale.empty:
        return None
    lo, hi = scale.groupby(["scale_min", "scale_max"]).size().idxmax()
    scale = scale[(scale["scale_min"] == lo) & (scale["scale_max"] == hi)]
    return rwg(scale, groups="subject_id", items="item_key", ratings="value",
               scale_points=int(hi - lo + 1), scale_min=lo).reset_index()  # fmt: skip


def _kripp(counted: pd.DataFrame, item_id: str) -> float | None:
    part = counted[(counted["item_id"] == item_id) & ~counted["is_na"]]
    try:
        return krippendorff_alpha(part, units="subject_id", raters="ballot_id",
                                  values="value_num", level="ordinal")  # fmt: skip
    except ValueError:
        return None
