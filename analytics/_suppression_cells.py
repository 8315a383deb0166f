"""Cell-level helpers of :mod:`analytics.suppression` (the rule itself is stated there).

:func:`pool_frame` pools merged groups into the combined cell; :func:`partial_overall` finds the
overall cells that rule 7 (complementary suppression over dimensions) must hide.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

OVERALL = "overall"
ROW = ["phase_id", "subject_id", "rater_group"]


def pool_frame(cells: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """``analytics.suppression.pool_stats`` for every group of ``key`` at once (same formula).

    Examples
    --------
    >>> cells = pd.DataFrame({"k": "x", "n": [2, 1], "mean": [1.5, 4.0], "var": [0.5, np.nan]})
    >>> pool_frame(cells, ["k"]).round(4).to_dict("records")
    [{'k': 'x', 'n': 3, 'mean': 2.3333, 'var': 2.3333}]
    """
    c = cells.assign(sx=cells["n"] * cells["mean"])
    c["w2"] = np.where(c["n"] > 1, (c["n"] - 1) * c["var"], 0.0)
    sums = c.groupby(key, sort=False)[["n", "sx", "w2"]].sum()
    grand = (sums["sx"] / sums["n"]).rename("mean")
    c = c.join(grand.rename("grand"), on=key)
    between = (c["n"] * (c["mean"] - c["grand"]) ** 2).groupby([c[k] for k in key]).sum()
    total = sums["n"]
    var = ((sums["w2"] + between.reindex(sums.index)) / (total - 1)).where(total > 1)
    out = pd.DataFrame({"n": total.astype("int64"), "mean": grand, "var": var})
    return out.reset_index()


def partial_overall(
    cells: pd.DataFrame, dimension_weights: Mapping[str, float] | None = None
) -> pd.Series:
    """Shown overall cells of rows in which a dimension entering the overall is hidden (rule 7).

    Parameters
    ----------
    cells : pandas.DataFrame
        Cells with ``phase_id, subject_id, rater_group, dimension, status``; one row of cells
        per phase x subject x rater group, its ``dimension == "overall"`` cell included.
    dimension_weights : mapping of str to float, optional
        Weight of each dimension in the overall; a dimension weighing 0 does not enter it, one not
        named is taken to enter it. Default: every dimension enters.

    Returns
    -------
    pandas.Series of bool
        Aligned with ``cells``: True for each overall cell that is ``shown`` although a
        dimension cell entering it is not, i.e. the cells to suppress as well.

    Examples
    --------
    >>> cells = pd.DataFrame({"phase_id": "p", "subject_id": "s",
    ...     "rater_group": ["peer"] * 3 + ["public"] * 3, "dimension": ["a", "b", "overall"] * 2,
    ...     "status": ["shown", "suppressed", "shown", "shown", "shown", "shown"]})
    >>> partial_overall(cells).tolist()
    [False, False, True, False, False, False]
    >>> partial_overall(cells, {"a": 1.0, "b": 0.0}).tolist()
    [False, False, False, False, False, False]
    """
    dims = cells["dimension"] != OVERALL
    if dimension_weights is None:
        enters = dims
    else:
        weights = {str(d): float(w) for d, w in dimension_weights.items()}
        enters = dims & (cells["dimension"].map(weights).fillna(1.0) > 0)
    hidden_input = (enters & (cells["status"] != "shown")).astype(bool)
    row = [cells[k] for k in ROW]
    leaks = hidden_input.groupby(row, sort=False, dropna=False).transform("any").astype(bool)
    return leaks & ~dims & (cells["status"] == "shown")
