"""Within-group agreement: ``rwg`` / ``rwg_j`` (James, Demaree & Wolf 1984) and awg
(Brown & Hauenstein 2005), over a long frame (one row per rating)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analytics._validation import (
    require_columns,
    require_frame,
    require_numeric,
)

__all__ = ["rwg"]


def _awg_item(x: np.ndarray, low: float, high: float) -> float:
    """Brown & Hauenstein's awg for one item in one group (NaN where undefined)."""
    k = len(x)
    if k < 2:
        return math.nan
    mean = x.mean()
    if mean in (low, high):
        return 1.0
    if mean < (low * (k - 1) + high) / k or mean > (high * (k - 1) + low) / k:
        return math.nan
    max_var = ((high + low) * mean - mean**2 - high * low) * k / (k - 1)
    return float(1.0 - 2.0 * x.var(ddof=1) / max_var)


def _rwg_group(group: pd.DataFrame, items: str, ratings: str, spec: tuple) -> dict:
    sigma_eu, low, high = spec
    per_item = [g.to_numpy(float) for _, g in group.groupby(items, observed=True)[ratings]]
    variances = [x.var(ddof=1) for x in per_item if len(x) >= 2]
    n_items = len(per_item)
    rwg_j = math.nan
    if variances:
        ratio = min(float(np.mean(variances)) / sigma_eu, 1.0)
        rwg_j = n_items * (1 - ratio) / (n_items * (1 - ratio) + ratio)
    awgs = [a for a in (_awg_item(x, low, high) for x in per_item) if not math.isnan(a)]
    return {
        "n_raters": max(len(x) for x in per_item),
        "n_items": n_items,
        "mean": float(group[ratings].mean()),
        "rwg": rwg_j if n_items == 1 else math.nan,
        "rwg_j": rwg_j,
        "awg": float(np.mean(awgs)) if awgs else math.nan,
    }


def rwg(
    data: pd.DataFrame,
    *,
    groups: str,
    items: str,
    ratings: str,
    scale_points: int,
    scale_min: float = 1,
) -> pd.DataFrame:
    """Within-group agreement per group: rwg / rwg(j) and awg.

    Parameters
    ----------
    data : pandas.DataFrame
        Long frame, one row per rating of one item by one member of a group (e.g. the
        subordinates rating one cadre). Missing ratings are ignored.
    groups, items, ratings : str
        Columns holding the group, the item and the numeric rating.
    scale_points : int
        Number of response options A (at least 2).
    scale_min : float
        Lowest response option; options are ``scale_min, ..., scale_min + A - 1``.

    Returns
    -------
    pandas.DataFrame
        Indexed by group, columns ``n_raters`` (most ratings on one item), ``n_items``,
        ``mean``, ``rwg`` (single-item groups only, else NaN), ``rwg_j`` (J = ``n_items``;
        equals rwg when J = 1) and ``awg``.

    Notes
    -----
    With :math:`\\bar s^2` the mean over items of the within-group item variances (ddof 1)
    and the uniform null variance :math:`\\sigma^2_{EU} = (A^2 - 1)/12`
    (James, Demaree & Wolf 1984):

    .. math:: r_{wg(J)} = \\frac{J(1 - \\bar s^2/\\sigma^2_{EU})}
                               {J(1 - \\bar s^2/\\sigma^2_{EU}) + \\bar s^2/\\sigma^2_{EU}}

    which is :math:`r_{wg} = 1 - s^2/\\sigma^2_{EU}` for one item. As JDW recommend (and R
    ``multilevel::rwg``/``rwg.j`` do), an observed variance above :math:`\\sigma^2_{EU}` is
    truncated to it, so both lie in [0, 1]. Per item, with mean :math:`M`, :math:`k`
    ratings, scale bounds :math:`L, H` (Brown & Hauenstein 2005, eq. 7):

    .. math:: a_{wg} = 1 - \\frac{2 s^2}{[(H + L)M - M^2 - HL]\\,k/(k - 1)}

    As in ``multilevel::awg``: awg is 1 when every rating is the same extreme option, NaN
    when :math:`M` is too close to an extreme for the maximum variance to be attainable
    (:math:`M < (L(k-1)+H)/k` or :math:`M > (H(k-1)+L)/k`), and a multi-item awg(J) is the
    mean of the defined item values. Groups with fewer than two ratings per item give NaN.
    Brown & Hauenstein advise at least A - 1 raters.

    References
    ----------
    James, L. R., Demaree, R. G., & Wolf, G. (1984). Estimating within-group interrater
    reliability with and without response bias. Journal of Applied Psychology, 69(1), 85-98.

    Brown, R. D., & Hauenstein, N. M. A. (2005). Interrater agreement reconsidered: An
    alternative to the rwg indices. Organizational Research Methods, 8(2), 165-184.

    Examples
    --------
    >>> import pandas as pd
    >>> from analytics import rwg
    >>> ratings = pd.DataFrame({"team": ["a"] * 4 + ["b"] * 4, "item": "q1",
    ...                         "score": [3, 4, 4, 5, 1, 5, 1, 5]})
    >>> res = rwg(ratings, groups="team", items="item", ratings="score", scale_points=5)
    >>> res[["n_raters", "rwg", "awg"]].round(4)
          n_raters     rwg     awg
    team
    a            4  0.6667  0.6667
    b            4  0.0000 -1.0000
    """
    frame = require_frame(data)
    require_columns(frame, groups=groups, items=items, ratings=ratings)
    require_numeric(frame, [ratings])
    if isinstance(scale_points, bool) or not isinstance(scale_points, int | np.integer):
        raise ValueError(f"scale_points must be an integer, got {scale_points!r}.")
    if scale_points < 2:
        raise ValueError(f"scale_points must be at least 2, got {scale_points}.")
    low, high = float(scale_min), float(scale_min) + scale_points - 1
    frame = frame[[groups, items, ratings]].dropna(subset=[ratings])
    if frame.empty:
        raise ValueError(f"column {ratings!r} has no ratings.")
    outside = ~frame[ratings].between(low, high)
    if outside.any():
        raise ValueError(
            f"ratings must lie in [{low:g}, {high:g}] for scale_points={scale_points}, "
            f"got {frame.loc[outside, ratings].iloc[0]!r}."
        )
    spec = ((scale_points**2 - 1) / 12.0, low, high)
    rows = {
        name: _rwg_group(group, items, ratings, spec)
        for name, group in frame.groupby(groups, sort=True, observed=True)
    }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = groups
    return out
