"""Scores per subject: item -> dimension -> overall, per rater group and the "others" composite.

Two routes compute the same cell statistics (n, mean, variance of ballot-level scores per phase,
subject, rater group and dimension): :func:`score_subjects` from the long answer frame with
pandas, and :func:`score_campaign` in DuckDB SQL (:mod:`storage.scoring`). Both then run the same
code: anonymity (:func:`analytics.suppression.suppress_cell_stats`), composites, intervals, units.

A rated commitment item (亮效/亮绩: ``type == "commitment"``, one item row with ``row_id`` None; its
answers carry the subject's commitment id as ``row_id``) scores, per ballot and subject, as the mean
of that ballot's non-N/A ratings of the subject's commitments; that mean then enters its dimension
like any other item (see :func:`score_subjects`, Notes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as st

from analytics._validation import require_table
from analytics.suppression import COMBINED, GROUPS, AnonymityRules, suppress_cell_stats

OVERALL = "overall"
OTHERS = "others"
KEYS = ["phase_id", "subject_id", "rater_group"]
ANSWER_COLUMNS = ("phase_id", "ballot_id", "rater_group", "subject_id", "item_id", "row_id",
                  "value_num", "is_na")  # fmt: skip
ITEM_COLUMNS = ("item_id", "row_id", "dimension", "weight", "reverse", "scale_min", "scale_max")
COMMITMENT = "commitment"  # items_frame ``type`` of a rated commitment: its ratings are averaged
RESULT_COLUMNS = ["phase_id", "subject_id", "rater_group", "dimension", "score", "n", "sd",
                  "ci_low", "ci_high", "suppressed", "status"]  # fmt: skip
_GROUP_ORDER = [*GROUPS[:-1], COMBINED, OTHERS, "self"]


def _missing(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    require_table(frame, columns, name)


def prepare_items(
    items: pd.DataFrame, dimension_weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Check the item metadata frame and add ``row_key`` (row_id, '' for none) and ``dim_weight``.

    The optional column ``type`` (as in ``survey_engine.items_frame``) is kept (None when absent):
    rows with ``type == "commitment"`` are rated commitments, whose per-commitment answers are
    averaged per ballot and subject (:func:`score_subjects`, Notes); such an item has one row with
    ``row_id`` None. Raises ``ValueError`` naming the column for duplicates, bad weights or scales.
    """
    _missing(items, ITEM_COLUMNS, "items")
    out = items.loc[:, list(ITEM_COLUMNS)].copy()
    out["type"] = items["type"].astype(object) if "type" in items.columns else None
    out["row_key"] = out["row_id"].astype("string").fillna("").astype(str)
    if out.duplicated(["item_id", "row_key"]).any():
        raise ValueError("items: item_id/row_id must be unique (one row per scored cell).")
    commitment = out["type"].eq(COMMITMENT)
    if ((out["row_key"] != "") & commitment).any() or out.loc[commitment, "item_id"].isin(
        out.loc[~commitment, "item_id"]
    ).any():
        raise ValueError(
            "items: a commitment item (column 'type') has exactly one row, with row_id None."
        )
    if out["dimension"].isna().any():
        raise ValueError("items: column 'dimension' has missing values.")
    out["dimension"] = out["dimension"].astype(str)
    if (out["dimension"] == OVERALL).any():
        raise ValueError(f"items: 'dimension' may not be called {OVERALL!r} (reserved).")
    for column in ("weight", "scale_min", "scale_max"):
        values = pd.to_numeric(out[column], errors="coerce")
        if values.isna().any() or not np.isfinite(values).all():
            raise ValueError(f"items: column {column!r} must hold finite numbers.")
        out[column] = values.astype(float)
    if (out["weight"] < 0).any():
        raise ValueError("items: column 'weight' must be >= 0.")
    if (out["scale_max"] <= out["scale_min"]).any():
        raise ValueError("items: 'scale_max' must be greater than 'scale_min'.")
    if out["reverse"].isna().any() or not out["reverse"].isin([True, False]).all():
        raise ValueError("items: column 'reverse' must be True or False.")
    out["reverse"] = out["reverse"].astype(bool)
    dims = list(dict.fromkeys(out["dimension"]))
    weights = {d: 1.0 for d in dims} if dimension_weights is None else dict(dimension_weights)
    unknown = set(weights) - set(dims)
    if unknown or set(dims) - set(weights):
        raise ValueError(
            f"dimension_weights must name every dimension of items {dims}, got {sorted(weights)}."
        )
    if any(not np.isfinite(w) or w < 0 for w in weights.values()):
        raise ValueError("dimension_weights must be finite numbers >= 0.")
    out["dim_weight"] = out["dimension"].map(weights).astype(float)
    return out


def _cell_stats(answers: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Per phase x subject x group x dimension (and overall): n, mean, var of ballot scores."""
    _missing(answers, ANSWER_COLUMNS, "answers")
    a = answers.loc[~answers["is_na"].fillna(False).astype(bool), list(ANSWER_COLUMNS[:-1])]
    answer_key = a["row_id"].astype("string").fillna("").astype(str)
    commitment = a["item_id"].isin(items.loc[items["type"].eq(COMMITMENT), "item_id"])
    # a rated commitment's answers (row_id = commitment id) all join its one item row (row_key '')
    a = a.assign(answer_key=answer_key, row_key=answer_key.mask(commitment, ""))
    m = a.merge(items, on=["item_id", "row_key"], how="inner")
    if m.empty:
        raise ValueError("answers: no answer matches a scored item of items (item_id, row_id).")
    bad = set(m["rater_group"]) - set(GROUPS)
    if bad:
        raise ValueError(f"answers: column 'rater_group' has unknown groups {sorted(bad)}.")
    x = pd.to_numeric(m["value_num"], errors="coerce").astype(float)
    if x.isna().any():
        raise ValueError("answers: column 'value_num' is missing on a scored answer not N/A.")
    if ((x < m["scale_min"]) | (x > m["scale_max"])).any():
        raise ValueError("answers: column 'value_num' has values outside scale_min..scale_max.")
    if m.duplicated(["ballot_id", "subject_id", "item_id", "answer_key"]).any():
        raise ValueError("answers: a ballot answers the same item_id/row_id twice for a subject.")
    if (m.groupby("ballot_id")["rater_group"].nunique() > 1).any():
        raise ValueError("answers: column 'rater_group' differs within one ballot_id.")
    m = _mean_commitments(m.assign(value_num=x).drop(columns="answer_key"))
    x = m["value_num"]
    span = m["scale_max"] - m["scale_min"]
    m["p"] = np.where(m["reverse"], m["scale_max"] - x, x - m["scale_min"]) / span
    m["wp"] = m["weight"] * m["p"]
    ballot = [*KEYS, "ballot_id"]
    bd = m.groupby([*ballot, "dimension"], sort=False, observed=True).agg(
        wp=("wp", "sum"), w=("weight", "sum"), dw=("dim_weight", "first")
    )
    bd = bd[bd["w"] > 0].reset_index()
    bd["score"] = bd["wp"] / bd["w"]
    bd["dws"] = bd["dw"] * bd["score"]
    bo = bd.groupby(ballot, sort=False).agg(dws=("dws", "sum"), dw=("dw", "sum"))
    bo = bo[bo["dw"] > 0].reset_index()
    bo["score"], bo["dimension"] = bo["dws"] / bo["dw"], OVERALL
    cols = [*KEYS, "dimension", "score"]
    both = pd.concat([bd[cols], bo[cols]], ignore_index=True)
    out = both.groupby([*KEYS, "dimension"], sort=False).agg(
        n=("score", "size"), mean=("score", "mean"), var=("score", "var")
    )
    return out.reset_index()


def average_commitments(answers: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Answers with each ballot's ratings of a rated commitment item replaced by their mean.

    The scoring rule of this module, for callers that work on answer rows themselves (e.g.
    per-ballot reliability): one row per ballot x subject x commitment item, ``row_id`` None,
    ``value_num`` the mean of the non-N/A ratings. Other answers are returned unchanged.

    Examples
    --------
    >>> a = pd.DataFrame({"ballot_id": "b", "subject_id": "s", "item_id": "c",
    ...     "row_id": ["k1", "k2", "k3"], "value_num": [4.0, 5.0, None],
    ...     "is_na": [False, False, True]})
    >>> items = pd.DataFrame({"item_id": ["c"], "type": ["commitment"]})
    >>> average_commitments(a, items)[["item_id", "row_id", "value_num"]].to_dict("records")
    [{'item_id': 'c', 'row_id': None, 'value_num': 4.5}]
    """
    rated = items.loc[items["type"].eq(COMMITMENT), "item_id"]
    commitment = answers["item_id"].isin(rated) & ~answers["is_na"].fillna(False).astype(bool)
    dropped_na = answers["item_id"].isin(rated) & ~commitment
    if not commitment.any():
        return answers[~dropped_na]
    keys = [c for c in answers.columns if c not in ("row_id", "value_num", "value_text", "is_na",
                                                    "option_id")]  # fmt: skip
    mean = answers[commitment].groupby(keys, sort=False, dropna=False)["value_num"].mean()
    mean = mean.reset_index().assign(row_id=None, option_id=None, value_text=None, is_na=False)
    rest = answers[~commitment & ~dropped_na]
    return pd.concat([rest, mean[answers.columns]], ignore_index=True)


def _mean_commitments(m: pd.DataFrame) -> pd.DataFrame:
    """One row per ballot x subject x rated commitment item: the mean of its ratings."""
    commitment = m["type"].eq(COMMITMENT)
    if not commitment.any():
        return m
    keys = ["phase_id", "ballot_id", "rater_group", "subject_id", "item_id"]
    rest = {c: (c, "first") for c in m.columns if c not in keys and c != "value_num"}
    mean = (
        m[commitment]
        .groupby(keys, sort=False, dropna=False)
        .agg(value_num=("value_num", "mean"), **rest)
    )
    mean = mean.reset_index()  # row_key stays '' (the item's one row)
    return pd.concat([m[~commitment], mean[m.columns]], ignore_index=True)


def _weights(weights: Mapping[str, float] | None) -> dict[str, float] | None:
    if weights is None:
        return None
    out = dict(weights)
    for group, w in out.items():
        if group not in GROUPS or group == "self":
            raise ValueError(f"weights: {group!r} is not a rater group of the others composite.")
        if not np.isfinite(w) or w < 0:
            raise ValueError(f"weights: weight of {group!r} must be a finite number >= 0.")
    return out


def composite_weight(cells: pd.DataFrame, weights: Mapping[str, float] | None) -> pd.Series:
    """Group weight of each shown cell in the others composite (0 = left out).

    Self never counts. ``weights=None`` gives every group weight 1. A :data:`COMBINED` cell weighs
    the sum of its member groups' weights (members are the cells with status ``merged``).
    """
    w = (lambda g: 1.0) if weights is None else (lambda g: float(weights.get(g, 0.0)))
    own = cells["rater_group"].map(lambda g: 0.0 if g in ("self", COMBINED) else w(g))
    members = cells[cells["status"] == "merged"].drop_duplicates([*KEYS])
    member_w = members.assign(w=members["rater_group"].map(w)).groupby(KEYS[:2])["w"].sum()
    comb = cells["rater_group"] == COMBINED
    if comb.any():
        idx = pd.MultiIndex.from_frame(cells.loc[comb, KEYS[:2]])
        own[comb] = member_w.reindex(idx).to_numpy()
    return own.where(cells["status"] == "shown", 0.0).astype(float)


def _composite(cells: pd.DataFrame, weights: Mapping[str, float] | None) -> pd.DataFrame:
    """Others composite per phase x subject x dimension from shown cells (see Notes)."""
    c = cells.assign(w=composite_weight(cells, weights))
    c = c[c["w"] > 0]
    if c.empty:
        return pd.DataFrame(columns=[*KEYS, "dimension", "n", "mean", "se2", "df"])
    key = ["phase_id", "subject_id", "dimension"]
    c = c.assign(a=c["w"] / c.groupby(key)["w"].transform("sum"))
    c = c.assign(am=c["a"] * c["mean"], v=c["a"] ** 2 * c["var"] / c["n"])
    c = c.assign(v2=c["v"] ** 2 / (c["n"] - 1), gap=c["v"].isna())
    out = c.groupby(key, sort=False).agg(
        n=("n", "sum"), mean=("am", "sum"), se2=("v", "sum"), v2=("v2", "sum"), gap=("gap", "any")
    )
    out["se2"] = out["se2"].mask(out["gap"])  # a cell with n < 2 has no variance: no interval
    out["df"] = out["se2"] ** 2 / out["v2"]
    out = out.drop(columns=["v2", "gap"]).reset_index()
    out["rater_group"], out["status"] = OTHERS, "composite"
    return out


def _finish(
    stats: pd.DataFrame,
    items: pd.DataFrame,
    *,
    weights: Mapping[str, float] | None,
    thresholds: AnonymityRules | Mapping | None,
    percent: bool,
    confidence: float,
) -> pd.DataFrame:
    """Shared tail of both routes: anonymity, composite, intervals, units, order."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}.")
    weights = _weights(weights)
    dim_weights = dict(zip(items["dimension"], items["dim_weight"], strict=True))
    cells = suppress_cell_stats(stats, thresholds, dimension_weights=dim_weights)
    comp = _composite(cells, weights)
    cells = cells.assign(se2=cells["var"] / cells["n"], df=cells["n"] - 1.0)
    out = pd.concat([cells, comp], ignore_index=True)
    df = out["df"].astype(float)  # object dtype when every cell is hidden
    q = st.t.ppf((1 + confidence) / 2, df.where(df > 0))
    se2 = out["se2"].astype(float)
    half = np.where(se2 == 0, 0.0, q * np.sqrt(se2))  # no spread at all: a zero-width interval
    lo, span = _unit(items, percent)
    out["score"] = lo + span * out["mean"]
    out["sd"] = span * np.sqrt(out["var"].astype(float))
    out["ci_low"], out["ci_high"] = out["score"] - span * half, out["score"] + span * half
    out["suppressed"] = out["status"].isin(["suppressed", "merged"])
    out["n"] = out["n"].astype("Int64").mask(out["suppressed"])
    return _order(out, items)[RESULT_COLUMNS]


def _unit(items: pd.DataFrame, percent: bool) -> tuple[float, float]:
    if percent:
        return 0.0, 100.0
    scales = items[["scale_min", "scale_max"]].drop_duplicates()
    if len(scales) > 1:
        raise ValueError(
            "items: scale_min/scale_max differ between items, so there is no common scale; "
            "use percent=True (0..100)."
        )
    lo, hi = scales.iloc[0]
    return float(lo), float(hi - lo)


def _order(out: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    dims = [*dict.fromkeys(items["dimension"]), OVERALL]
    blank = out["status"].isin(["suppressed", "merged"])
    blank = blank.groupby([out[k] for k in KEYS], sort=False, dropna=False).transform("all")
    hidden = out[blank.astype(bool) & (out["dimension"] == OVERALL)]
    if not hidden.empty:  # a wholly hidden row shows every dimension blank, whatever it answered
        grid = hidden[[*KEYS, "status"]].merge(pd.DataFrame({"dimension": dims}), how="cross")
        rest = out[~out.set_index(KEYS).index.isin(hidden.set_index(KEYS).index)]
        out = pd.concat([rest, grid], ignore_index=True)
        out["suppressed"] = out["suppressed"].astype("boolean").fillna(True).astype(bool)
        out["n"] = out["n"].astype("Int64")
    out["_g"] = out["rater_group"].map({g: i for i, g in enumerate(_GROUP_ORDER)})
    out["_d"] = out["dimension"].map({d: i for i, d in enumerate(dims)})
    out = out.sort_values(["phase_id", "subject_id", "_g", "_d"], kind="stable")
    return out.reset_index(drop=True)


def score_subjects(
    answers: pd.DataFrame,
    items: pd.DataFrame,
    *,
    weights: Mapping[str, float] | None = None,
    dimension_weights: Mapping[str, float] | None = None,
    thresholds: AnonymityRules | Mapping[str, Any] | None = None,
    percent: bool = False,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Scores per subject, rater group and dimension, with the anonymity rule applied.

    Parameters
    ----------
    answers : pandas.DataFrame
        The long answer frame (``phase_id, ballot_id, rater_group, subject_id, item_id, row_id,
        value_num, is_na`` are used). Answers to items not in ``items`` are ignored.
    items : pandas.DataFrame
        Item metadata: ``item_id, row_id, dimension, weight, reverse, scale_min, scale_max`` and
        optionally ``type`` (``"commitment"`` marks a rated commitment item, see Notes).
    weights : mapping, optional
        Rater-group weights of the ``others`` composite, e.g. ``{"superior": .3, "peer": .4,
        "subordinate": .3}``; groups not named weigh 0. Default: equal weights.
    dimension_weights : mapping, optional
        Weight of each dimension in the overall score (default equal).
    thresholds : AnonymityRules or mapping, optional
        Campaign anonymity settings (:class:`analytics.suppression.AnonymityRules`).
    percent : bool
        Report on 0..100 (percent of maximum possible) instead of the item scale.
    confidence : float
        Level of the confidence intervals.

    Returns
    -------
    pandas.DataFrame
        ``phase_id, subject_id, rater_group, dimension, score, n, sd, ci_low, ci_high, suppressed,
        status``. ``dimension`` includes ``"overall"``; ``rater_group`` includes ``"others"`` (the
        composite, self excluded) and ``"others_combined"`` (merged small groups). ``status`` is
        ``shown``, ``composite``, ``merged`` or ``suppressed``; hidden rows have no numbers.

    Notes
    -----
    Each ballot counts once. With ``p = (x - min) / (max - min)`` (``(max - x) / (max - min)`` for
    reverse-keyed items, i.e. ``x' = min + max - x``) and N/A answers left out, a ballot's
    dimension score is ``D = sum(w_i p_i) / sum(w_i)`` over its answered items and its overall is
    ``O = sum(W_d D_d) / sum(W_d)`` over its answered dimensions. A cell reports the mean, sample
    SD and ``n`` of those ballot scores and the t-interval ``mean +- t(1-a/2, n-1) sd/sqrt(n)``
    (none for ``n < 2``). The composite is ``sum(a_g M_g)`` with ``a_g = w_g / sum(w)`` over the
    shown, non-self cells (weights renormalized); its interval uses ``SE^2 = sum(a_g^2 s_g^2/n_g)``
    with Welch-Satterthwaite df, and is missing when a contributing cell has ``n < 2``.

    A rated commitment item (亮效/亮绩, ``type == "commitment"``: one item row, ``row_id`` None;
    each answer's ``row_id`` is one of the subject's commitment ids) gives, per ballot and subject,
    the single value ``x = mean`` of that ballot's non-N/A ratings of the subject's commitments
    (however many the subject stated; all N/A = item not answered). ``x`` then enters its
    dimension like any other item, with the item's weight, reverse flag and scale: the item counts
    once, not once per commitment. Every rating is checked (scale, duplicates) before averaging.

    References
    ----------
    Cohen, P., Cohen, J., Aiken, L. S., & West, S. G. (1999). The problem of units and the
    circumstance for POMP. *Multivariate Behavioral Research*, 34(3), 315-346.
    Satterthwaite, F. E. (1946). An approximate distribution of estimates of variance components.
    *Biometrics Bulletin*, 2(6), 110-114.

    Examples
    --------
    >>> items = pd.DataFrame({"item_id": ["q1", "q2"], "row_id": None, "dimension": "ability",
    ...     "weight": 1.0, "reverse": [False, True], "scale_min": 1, "scale_max": 5})
    >>> answers = pd.DataFrame({"phase_id": "p", "subject_id": "s", "rater_group": "peer",
    ...     "ballot_id": ["b1", "b1", "b2", "b2", "b3", "b3"], "item_id": ["q1", "q2"] * 3,
    ...     "row_id": None, "value_num": [5, 1, 4, 2, 3, None],
    ...     "is_na": [False] * 5 + [True]})
    >>> out = score_subjects(answers, items)
    >>> out.loc[out.rater_group == "peer", ["dimension", "score", "n"]]
      dimension  score  n
    0   ability    4.0  3
    1   overall    4.0  3
    """
    prepared = prepare_items(items, dimension_weights)
    stats = _cell_stats(answers, prepared)
    return _finish(
        stats, prepared, weights=weights, thresholds=thresholds, percent=percent,
        confidence=confidence,
    )  # fmt: skip


def score_campaign(
    db: Any,
    campaign_id: str,
    items: pd.DataFrame,
    *,
    phase_id: str | None = None,
    weights: Mapping[str, float] | None = None,
    dimension_weights: Mapping[str, float] | None = None,
    thresholds: AnonymityRules | Mapping[str, Any] | None = None,
    percent: bool = False,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """:func:`score_subjects` for a stored campaign, aggregated in DuckDB (same output).

    ``db`` is a :class:`storage.db.Database`; ``phase_id`` limits to one phase. The cell
    statistics come from :func:`storage.scoring.cell_stats`; anonymity, composites and intervals
    are the same code as :func:`score_subjects`.
    """
    from storage.scoring import cell_stats

    prepared = prepare_items(items, dimension_weights)
    stats = cell_stats(db, campaign_id, prepared, phase_id=phase_id)
    if stats.empty:
        raise ValueError(f"campaign {campaign_id!r}: no scored answers found.")
    return _finish(
        stats, prepared, weights=weights, thresholds=thresholds, percent=percent,
        confidence=confidence,
    )  # fmt: skip
