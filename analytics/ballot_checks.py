"""Per-ballot checks that need no link between ballots (issue #13).

A ballot is the only unit the platform can look at: answers of one rater are linked within a
ballot and nowhere else (docs/ANONYMITY.md). A 民主测评 grid ballot holds one rater's marks on
a whole slate of subjects, a 360 ballot covers one subject. :func:`ballot_checks` describes
each ballot by itself (share of "cannot judge" cells, one answer everywhere, no difference
between the subjects of a slate) and :func:`flag_ballots` turns those descriptions into flags.

Screening follows Meade & Craig (2012) and Curran (2016): no single indicator identifies a
careless respondent, so a ballot is flagged as careless only on a consensus of indicators,
here at least two of them.

References
----------
Meade, A. W., & Craig, S. B. (2012). Identifying careless responses in survey data.
*Psychological Methods*, 17(3), 437-455. https://doi.org/10.1037/a0028085

Curran, P. G. (2016). Methods for the detection of carelessly invalid responses in survey data.
*Journal of Experimental Social Psychology*, 66, 4-19. https://doi.org/10.1016/j.jesp.2015.07.006
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics._validation import (
    require_columns,
    require_frame,
    require_numeric,
    require_table,
    require_whole,
)

__all__ = ["CHECK_COLUMNS", "INDICATORS", "ballot_checks", "flag_ballots"]

CHECK_COLUMNS = (
    "subjects",
    "cells",
    "answered",
    "na_share",
    "same_for_all_subjects",
    "subject_profiles_distinct",
    "straightline",
    "mode_share",
)
INDICATORS = ("na_overuse", "same_for_all_subjects", "straightline")
NA_SHARE_MAX = 0.5
_SEP = "\x1f"  # joins keys that are never split again


def _check_is_na(answers: pd.DataFrame, is_na: str) -> pd.Series:
    """The ``is_na`` column as booleans; only True/False (or 1/0) are accepted."""
    require_numeric(answers, [is_na])
    flags = answers[is_na]
    if not flags.isin([True, False]).all():
        raise ValueError(f"column {is_na!r} must hold only True/False.")
    return flags.astype(bool)


def _cells(answers: pd.DataFrame, keys: dict[str, str | None], value: str, is_na: str):
    """One row per cell (answered with a number, or "cannot judge"): ``b, s, k, na, v``.

    Rows with neither (text answers, unchosen checklist options) are no cells and are left out.
    """
    na = _check_is_na(answers, is_na)
    v = answers[value].astype(float)
    keep = na | v.notna()
    cell_keys = [c for c in (keys["ballot"], keys["subject"], keys["item"], keys["row"]) if c]
    repeated = answers.loc[keep].duplicated(subset=cell_keys, keep=False)
    if repeated.any():
        example = answers.loc[keep].loc[repeated, cell_keys].iloc[0].tolist()
        raise ValueError(
            f"answers: the cell {example} ({', '.join(cell_keys)}) occurs more than once; "
            "pass one row per cell (e.g. leave out checklist and ranking rows)."
        )
    item = answers[keys["item"]].astype(str)
    if keys["row"]:
        item = item + _SEP + answers[keys["row"]].fillna("").astype(str)
    return pd.DataFrame(
        {
            "b": answers[keys["ballot"]],
            "s": answers[keys["subject"]].astype(str),
            "k": item,
            "na": na,
            "v": v.where(~na),
        }
    ).loc[keep]


def _counts(c: pd.DataFrame, min_cells: int) -> pd.DataFrame:
    """Per ballot: cells, answered, na_share, straightline and mode_share."""
    g = c.groupby("b", sort=False)
    out = pd.DataFrame({"cells": g.size(), "n_na": g["na"].sum()})
    answered = c[~c["na"]]
    out["answered"] = answered.groupby("b").size().reindex(out.index, fill_value=0)
    out["na_share"] = out["n_na"] / out["cells"]
    distinct = answered.groupby("b")["v"].nunique().reindex(out.index, fill_value=0)
    out["straightline"] = (out["answered"] >= min_cells) & (distinct == 1)
    mode = answered.groupby(["b", "v"]).size().groupby(level="b").max()
    out["mode_share"] = mode.reindex(out.index) / out["answered"].where(out["answered"] > 0)
    return out.drop(columns="n_na")


def _profiles(c: pd.DataFrame) -> pd.DataFrame:
    """Per ballot: subjects and distinct answer profiles (item -> answer, NA included)."""
    mark = np.where(c["na"], "NA", c["v"].astype(str))
    token = c["k"] + "=" + mark
    ordered = c.assign(token=token).sort_values(["b", "s", "k"])
    profile = ordered.groupby(["b", "s"], sort=False)["token"].agg(_SEP.join)
    per_ballot = profile.groupby(level="b", sort=False)
    return pd.DataFrame({"subjects": per_ballot.size(), "distinct": per_ballot.nunique()})


def ballot_checks(
    answers: pd.DataFrame,
    *,
    ballot: str = "ballot_id",
    subject: str = "subject_id",
    item: str = "item_id",
    value: str = "value_num",
    is_na: str = "is_na",
    row: str | None = "row_id",
    min_cells: int = 4,
) -> pd.DataFrame:
    """Describe each ballot by itself: "cannot judge" overuse, straight-lining, no
    differentiation between the subjects of a slate.

    Parameters
    ----------
    answers : pandas.DataFrame
        Long answer frame (``storage.results.answers_frame`` columns), one row per (ballot,
        subject, item[, row]) cell. A cell is answered when ``value`` holds a number and
        "cannot judge" when ``is_na`` is True; other rows (text answers, unchosen checklist
        options) are no cells and are ignored. Values are compared as stored: pass items that
        share one response scale (or recode them first), else a rater who ticks the top of a
        1-5 and of a 1-3 scale does not straight-line.
    ballot, subject, item, value, is_na : str
        Column names. ``value`` must be numeric, ``is_na`` boolean.
    row : str or None, default "row_id"
        Column telling apart the rows of one matrix item; ignored when ``answers`` has no such
        column, or when None.
    min_cells : int, default 4
        Fewest answered cells for ``straightline`` (one value on two or three cells is no
        evidence).

    Returns
    -------
    pandas.DataFrame
        One row per ballot (in order of first appearance), the ballot column followed by
        ``subjects``, ``cells`` (answered or "cannot judge"), ``answered``, ``na_share``
        ("cannot judge" cells / cells), ``same_for_all_subjects`` (nullable boolean: True when
        the ballot covers at least two subjects and every subject got the same answer, or the
        same "cannot judge", on every item; missing when the ballot covers one subject or
        answered no cell), ``subject_profiles_distinct`` (distinct item -> answer profiles over
        the ballot's subjects), ``straightline`` (at least ``min_cells`` answered cells, all
        one value) and ``mode_share`` (share of answered cells holding the most frequent
        value; NaN when none is answered). Ballots with no cell at all are left out.

    Raises
    ------
    ValueError
        If ``answers`` is not a non-empty DataFrame, lacks a named column, has a non-numeric
        ``value`` or non-boolean ``is_na``, holds a cell twice, or ``min_cells`` < 1.

    Examples
    --------
    >>> import pandas as pd
    >>> grid = pd.DataFrame({"ballot_id": "g", "subject_id": ["s1", "s1", "s2", "s2"],
    ...     "item_id": ["de", "neng"] * 2, "value_num": 3.0, "is_na": False})
    >>> one = pd.DataFrame({"ballot_id": "h", "subject_id": "s1", "item_id": ["de", "neng"],
    ...     "value_num": [float("nan"), 4.0], "is_na": [True, False]})
    >>> checks = ballot_checks(pd.concat([grid, one]))
    >>> checks[["ballot_id", "cells", "na_share", "same_for_all_subjects", "straightline"]]
      ballot_id  cells  na_share  same_for_all_subjects  straightline
    0         g      4       0.0                   True          True
    1         h      2       0.5                   <NA>         False
    """
    require_frame(answers, "answers")
    require_columns(answers, ballot=ballot, subject=subject, item=item, value=value, is_na=is_na)
    require_numeric(answers, [value])
    min_cells = require_whole(min_cells, "min_cells")
    row = row if row is not None and row in answers.columns else None
    keys = {"ballot": ballot, "subject": subject, "item": item, "row": row}
    c = _cells(answers, keys, value, is_na)
    out = _counts(c, min_cells).join(_profiles(c))
    same = (out["subjects"] >= 2) & (out["distinct"] == 1)
    unknown = (out["subjects"] < 2) | (out["answered"] == 0)
    out["same_for_all_subjects"] = same.astype("boolean").mask(unknown)
    out = out.rename(columns={"distinct": "subject_profiles_distinct"})
    out = out[list(CHECK_COLUMNS)].rename_axis(ballot).reset_index()
    return out


def flag_ballots(checks: pd.DataFrame, *, na_share_max: float = NA_SHARE_MAX) -> pd.DataFrame:
    """Turn :func:`ballot_checks` into flags: which indicators fired and whether they agree.

    Indicators: ``na_overuse`` (``na_share`` above ``na_share_max``), ``same_for_all_subjects``
    (missing counts as not fired) and ``straightline``. Following Meade & Craig (2012) and
    Curran (2016), who advise screening on several indicators and never on one alone, the
    platform calls a ballot ``careless`` only when at least two indicators fire.

    Parameters
    ----------
    checks : pandas.DataFrame
        Output of :func:`ballot_checks` (needs ``na_share``, ``same_for_all_subjects`` and
        ``straightline``; other columns, such as the ballot id, are carried over).
    na_share_max : float, default 0.5
        Highest tolerated share of "cannot judge" cells. The 0.5 is the platform's convention
        (a ballot that cannot judge most of what it was asked), not a published cut-off:
        neither reference gives one for "cannot judge" answers; set it per campaign.

    Returns
    -------
    pandas.DataFrame
        The columns of ``checks`` that :func:`ballot_checks` did not compute (e.g. the ballot
        id), then one boolean
        column per indicator, ``consensus`` (how many fired), ``careless`` (``consensus`` >= 2)
        and ``rules`` (the names of the indicators that fired, joined by "+", "" when none).

    Examples
    --------
    >>> import pandas as pd
    >>> checks = pd.DataFrame({"ballot_id": ["g", "h"], "na_share": [0.0, 0.75],
    ...     "same_for_all_subjects": pd.array([True, pd.NA], dtype="boolean"),
    ...     "straightline": [True, False]})
    >>> flag_ballots(checks)[["ballot_id", "consensus", "careless", "rules"]]
      ballot_id  consensus  careless                        rules
    0         g          2      True  same_for_all_subjects+straightline
    1         h          1     False                   na_overuse
    """
    used = ["na_share", "same_for_all_subjects", "straightline"]
    require_table(checks, used, "checks")
    if isinstance(na_share_max, bool) or not isinstance(na_share_max, int | float):
        raise ValueError(f"na_share_max must be a number, got {na_share_max!r}.")
    if not 0.0 <= na_share_max <= 1.0:
        raise ValueError(f"na_share_max must be between 0 and 1, got {na_share_max!r}.")
    fired = pd.DataFrame(
        {
            "na_overuse": checks["na_share"].astype(float) > na_share_max,
            "same_for_all_subjects": checks["same_for_all_subjects"]
            .astype("boolean")
            .fillna(False),
            "straightline": checks["straightline"].astype("boolean").fillna(False),
        },
        index=checks.index,
    ).astype(bool)
    ids = [c for c in checks.columns if c not in CHECK_COLUMNS and c not in INDICATORS]
    out = pd.concat([checks[ids], fired], axis=1)
    out["consensus"] = fired.sum(axis=1).astype(int)
    out["careless"] = out["consensus"] >= 2
    names = np.array(INDICATORS, dtype=object)
    out["rules"] = ["+".join(names[mask]) for mask in fired.to_numpy()]
    return out
