"""How rankings and grade bands move when the rater-group weights move.

Works on the output of :func:`analytics.scoring.score_subjects` (anonymity already applied): the
``others`` composite is recomputed from the shown group cells with each group's weight moved up
and down by ``step`` *percentage points* of the normalized weights (default 10 pp, so 0.4 becomes
0.5 or 0.3; never below 0), then renormalized over the groups shown for each subject.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analytics.scoring import OTHERS, OVERALL, composite_weight

_SCENARIO_COLUMNS = ["phase_id", "subject_id", "scenario", "group", "delta", "score", "rank",
                     "band"]  # fmt: skip


def weight_scenarios(
    weights: Mapping[str, float], *, step: float = 0.10
) -> list[tuple[str, str | None, float, dict[str, float]]]:
    """The base weights and each group's weight moved by +-``step`` (absolute, then clipped at 0).

    >>> [s[0] for s in weight_scenarios({"peer": 0.5, "subordinate": 0.5})]
    ['base', 'peer +10pp', 'peer -10pp', 'subordinate +10pp', 'subordinate -10pp']
    """
    if not weights:
        raise ValueError("weights must name at least one rater group.")
    if not 0 < step < 1:
        raise ValueError(f"step must be between 0 and 1 (a share of the weights), got {step!r}.")
    total = float(sum(weights.values()))
    if any(not np.isfinite(w) or w < 0 for w in weights.values()) or total <= 0:
        raise ValueError("weights must be finite, >= 0, with a positive sum.")
    base = {g: float(w) / total for g, w in weights.items()}
    out = [("base", None, 0.0, base)]
    for group in base:
        for delta in (step, -step):
            moved = {**base, group: max(0.0, base[group] + delta)}
            out.append((f"{group} {delta * 100:+.0f}pp", group, delta, moved))
    return out


def _band(score: pd.Series, bands: Mapping[str, float] | None) -> pd.Series:
    if not bands:
        return pd.Series(pd.NA, index=score.index, dtype=object)
    cuts = sorted(bands.items(), key=lambda kv: kv[1])
    labels = pd.Series(pd.NA, index=score.index, dtype=object)
    for label, low in cuts:  # highest lower bound <= score wins
        labels[score >= low] = label
    return labels


def weight_sensitivity(
    scores: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    step: float = 0.10,
    bands: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Composite score, rank and band of every subject under each weight scenario (long, tidy).

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`analytics.scoring.score_subjects` (its ``overall`` rows are used).
    weights : mapping
        Base rater-group weights (normalized to sum 1 first).
    step : float
        Move of one group's weight, in absolute shares (0.10 = 10 percentage points).
    bands : mapping, optional
        Grade band -> lowest score of the band, on the scale of ``scores``.

    Returns
    -------
    pandas.DataFrame
        ``phase_id, subject_id, scenario, group, delta, score, rank, band``; rank 1 is the
        highest composite within the phase (ties share the best rank).

    Notes
    -----
    For scenario weights ``w'``, ``score = sum(w'_g M_g) / sum(w'_g)`` over the shown non-self
    cells of the subject (a combined cell weighs the sum of its members' weights).

    Examples
    --------
    >>> scores = pd.DataFrame({"phase_id": "p", "subject_id": ["a", "a", "b", "b"],
    ...     "rater_group": ["peer", "subordinate"] * 2, "dimension": "overall",
    ...     "score": [4.0, 3.0, 3.3, 3.6], "status": "shown"})
    >>> out = weight_sensitivity(scores, {"peer": 0.5, "subordinate": 0.5})
    >>> out.pivot(index="scenario", columns="subject_id", values="rank").loc[
    ...     ["base", "peer -10pp"]]
    subject_id  a  b
    scenario
    base        1  2
    peer -10pp  2  1
    """
    for column in ("phase_id", "subject_id", "rater_group", "dimension", "score", "status"):
        if column not in scores.columns:
            raise ValueError(f"scores: missing column {column!r}.")
    keep = (scores["dimension"] == OVERALL) & ~scores["rater_group"].isin([OTHERS, "self"])
    cells = scores.loc[keep & scores["status"].isin(["shown", "merged"])]
    cells = cells.rename(columns={"score": "mean"})
    frames = []
    for name, group, delta, w in weight_scenarios(weights, step=step):
        c = cells.assign(w=composite_weight(cells, w).to_numpy())
        c = c[(c["w"] > 0) & c["mean"].notna()]
        c = c.assign(wm=c["w"] * c["mean"])
        agg = c.groupby(["phase_id", "subject_id"], sort=False)[["wm", "w"]].sum().reset_index()
        agg["score"] = agg["wm"] / agg["w"]
        agg["rank"] = agg.groupby("phase_id")["score"].rank(ascending=False, method="min")
        frames.append(agg.assign(scenario=name, group=group, delta=delta))
    out = pd.concat(frames, ignore_index=True)
    out["rank"] = out["rank"].astype("int64")
    out["band"] = _band(out["score"], bands)
    return out[_SCENARIO_COLUMNS]


def rank_sensitivity(
    scores: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    step: float = 0.10,
    bands: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Per subject: base rank, best and worst rank over the scenarios, and band changes.

    Same parameters as :func:`weight_sensitivity`. Returns ``phase_id, subject_id, base_score,
    base_rank, min_rank, max_rank, rank_range, base_band, band_changes, bands_seen``.

    Examples
    --------
    >>> scores = pd.DataFrame({"phase_id": "p", "subject_id": ["a", "a", "b", "b"],
    ...     "rater_group": ["peer", "subordinate"] * 2, "dimension": "overall",
    ...     "score": [4.0, 3.0, 3.3, 3.6], "status": "shown"})
    >>> rank_sensitivity(scores, {"peer": .5, "subordinate": .5}, bands={"A": 3.5, "B": 0})[
    ...     ["subject_id", "base_rank", "min_rank", "max_rank", "band_changes"]]
      subject_id  base_rank  min_rank  max_rank  band_changes
    0          a          1         1         2          True
    1          b          2         1         2         False
    """
    long = weight_sensitivity(scores, weights, step=step, bands=bands)
    key = ["phase_id", "subject_id"]
    base = long[long["scenario"] == "base"].set_index(key)
    grouped = long.groupby(key, sort=False)
    out = pd.DataFrame({
        "base_score": base["score"], "base_rank": base["rank"],
        "min_rank": grouped["rank"].min(), "max_rank": grouped["rank"].max(),
        "base_band": base["band"],
        "bands_seen": grouped["band"].agg(lambda s: " / ".join(map(str, s.dropna().unique()))),
    })  # fmt: skip
    out["rank_range"] = out["max_rank"] - out["min_rank"]
    out["band_changes"] = grouped["band"].nunique() > 1
    cols = ["base_score", "base_rank", "min_rank", "max_rank", "rank_range", "base_band",
            "band_changes", "bands_seen"]  # fmt: skip
    return out[cols].reset_index()
