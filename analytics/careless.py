"""Careless-responding indices per ballot, defined as in the R package careless 1.2
(Yentes & Wilhelm; the 1.2.2 source: ``R/longstring.R``, ``R/irv.R``, ``R/evenodd.R``,
``R/mahad.R`` with ``psych::outlier``, ``R/psychsyn.R``, ``R/psychant.R``).

Each index is a plain numpy computation over the ballots x items matrix; no R code is copied.
Where R stops with an error (even-odd over a single scale, no psychometric synonyms found, a
singular covariance matrix) the index is NaN here instead, so that one index that cannot be
computed does not hide the others. On a single item R's ``psych::outlier`` fails too
("non-conformable arrays"); the same formula gives ``(x - mean)**2 / var`` here.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analytics._validation import require_frame, require_numeric

__all__ = ["careless_indices", "psychant"]

INDICES = ("longstring", "avgstring", "irv", "evenodd", "mahad", "psychsyn")
SYNONYM_CRITVAL = 0.60


def _items(data: object) -> np.ndarray:
    """Validate ``data`` (a numeric DataFrame) and return its values as floats."""
    frame = require_frame(data)
    repeated = frame.columns[frame.columns.duplicated()]
    if len(repeated):
        raise ValueError(f"data has column {repeated[0]!r} more than once.")
    require_numeric(frame, frame.columns)
    return frame.to_numpy(dtype=float, na_value=np.nan)


def _row_mean(block: np.ndarray) -> np.ndarray:
    """Mean of each row over its non-missing cells (NaN where none)."""
    count = (~np.isnan(block)).sum(axis=1)
    total = np.nansum(block, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _longstring(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longest and mean run of identical consecutive answers per row.

    As R's ``rle``, a missing answer never equals its neighbour: each NaN is a run of length 1
    of its own and breaks the run around it (so consecutive NaNs are separate runs too).
    """
    n_rows, n_items = values.shape
    same = values[:, 1:] == values[:, :-1]  # NaN == anything is False
    run = np.ones(n_rows)
    longest = np.ones(n_rows)
    for j in range(n_items - 1):
        run = np.where(same[:, j], run + 1, 1.0)
        longest = np.maximum(longest, run)
    n_runs = 1 + (~same).sum(axis=1)
    return longest, n_items / n_runs


def _irv(values: np.ndarray) -> np.ndarray:
    """Sample standard deviation (ddof=1) of each row's non-missing answers (``sd(na.rm=TRUE)``)."""
    count = (~np.isnan(values)).sum(axis=1)
    deviation = values - _row_mean(values)[:, None]
    squares = np.nansum(deviation**2, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count >= 2, np.sqrt(squares / (count - 1)), np.nan)


def _rowwise_pearson(x: np.ndarray, y: np.ndarray, min_pairs: int = 2) -> np.ndarray:
    """Pearson r between ``x[i]`` and ``y[i]`` for each row i, over the complete pairs.

    As ``cor(use = "pairwise.complete.obs")``: NaN when fewer than ``min_pairs`` complete pairs
    remain or when either side is constant over them; the result is clamped to [-1, 1].
    """
    both = ~(np.isnan(x) | np.isnan(y))
    count = both.sum(axis=1)
    x = np.where(both, x, np.nan)
    y = np.where(both, y, np.nan)
    dx = np.where(both, x - _row_mean(x)[:, None], 0.0)
    dy = np.where(both, y - _row_mean(y)[:, None], 0.0)
    constant = (_spread(x) == 0) | (_spread(y) == 0)
    sxx, syy, sxy = (dx * dx).sum(axis=1), (dy * dy).sum(axis=1), (dx * dy).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.clip(sxy / np.sqrt(sxx * syy), -1.0, 1.0)
    return np.where((count >= max(min_pairs, 2)) & ~constant, r, np.nan)


def _spread(block: np.ndarray) -> np.ndarray:
    """Max minus min of each row's non-missing cells (NaN where none)."""
    if block.shape[1] == 0:
        return np.full(block.shape[0], np.nan)
    high = np.where(np.isnan(block), -np.inf, block).max(axis=1)
    low = np.where(np.isnan(block), np.inf, block).min(axis=1)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(high), high - low, np.nan)


def _check_scales(data: pd.DataFrame, scales: object) -> list[list[int]]:
    """Column positions of each scale's items, in the order listed."""
    if not isinstance(scales, Mapping):
        raise ValueError(
            f"scales must map scale names to item columns, got {type(scales).__name__}."
        )
    positions = []
    for name, items in scales.items():
        if isinstance(items, str) or not isinstance(items, Sequence) or len(items) == 0:
            raise ValueError(f"scales[{name!r}] must be a non-empty list of item columns.")
        for item in items:
            if item not in data.columns:
                raise ValueError(f"scales[{name!r}] names {item!r}, which is not a column of data.")
        positions.append([data.columns.get_loc(item) for item in items])
    return positions


def _evenodd(values: np.ndarray, positions: list[list[int]]) -> np.ndarray:
    """careless::evenodd: minus the Spearman-Brown corrected within-person correlation.

    Per scale, the mean of the even-numbered items (2nd, 4th, ... in R's 1-based count) and of
    the odd-numbered ones (1st, 3rd, ...), each over its non-missing answers; a one-item scale
    has no even half, so it drops out. Per row, the correlation r between the even and the odd
    means over the scales where both exist (NaN with fewer than 2 such scales or zero variance),
    then ``2r / (1 + r)`` floored at -1, and negated: higher means less consistent.
    """
    even = np.column_stack([_row_mean(values[:, cols[1::2]]) for cols in positions])
    odd = np.column_stack([_row_mean(values[:, cols[0::2]]) for cols in positions])
    r = _rowwise_pearson(even, odd)
    with np.errstate(invalid="ignore", divide="ignore"):
        corrected = 2 * r / (1 + r)
    return -np.where(corrected < -1, -1.0, corrected)


def _pairwise(values: np.ndarray, statistic: str) -> np.ndarray:
    """Covariance (ddof=1) or Pearson correlation matrix over pairwise-complete rows, as R's
    ``cov`` / ``cor`` with ``use = "pairwise"``; NaN where a pair has too few rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # one ballot: NaN, as in R
        return getattr(pd.DataFrame(values), statistic)().to_numpy()


def _mahad(values: np.ndarray) -> np.ndarray:
    """careless::mahad (``psych::outlier``): squared Mahalanobis distance D² per row.

    The covariance is pairwise-complete; each row is centred on the column means of the
    available answers, and missing answers count as zero deviation (the quadratic form uses
    the full inverse over the answered items only). All-missing rows are NaN. A covariance that
    R's ``solve`` would reject (NA cells, or reciprocal condition number below machine epsilon)
    gives NaN throughout.
    """
    out = np.full(values.shape[0], np.nan)
    answered = ~np.isnan(values).all(axis=1)
    x = values[answered]
    if x.shape[0] == 0:
        return out
    cov = _pairwise(x, "cov")
    if not np.isfinite(cov).all() or 1 / np.linalg.cond(cov, 1) < np.finfo(float).eps:
        return out
    inverse = np.linalg.inv(cov)
    centred = np.nan_to_num(x - _row_mean(x.T)[None, :], nan=0.0)
    out[answered] = np.einsum("ij,jk,ik->i", centred, inverse, centred)
    return out


def _item_pairs(values: np.ndarray, critval: float, antonyms: bool) -> tuple:
    """Item pairs (later item, earlier item) whose pairwise-complete correlation passes."""
    corr = _pairwise(values, "corr")
    limit = abs(critval)
    passes = corr < -limit if antonyms else corr > limit  # NaN never passes
    later, earlier = np.nonzero(np.tril(passes, k=-1))
    return later, earlier


def _psychsyn(values: np.ndarray, critval: float, antonyms: bool = False) -> np.ndarray:
    """careless::psychsyn (resample_na = FALSE): within-person r across the item pairs.

    Pairs are items whose correlation over all ballots exceeds ``|critval|`` (is below
    ``-|critval|`` for antonyms). A row needs more than two pairs answered on both sides and
    variance on both sides, else NaN. No qualifying pair at all gives NaN (R stops).
    """
    later, earlier = _item_pairs(values, critval, antonyms)
    if later.size == 0:
        return np.full(values.shape[0], np.nan)
    return _rowwise_pearson(values[:, later], values[:, earlier], min_pairs=3)


def careless_indices(
    data: pd.DataFrame, *, scales: Mapping[str, Sequence[object]] | None = None
) -> pd.DataFrame:
    """Careless-responding indices for each ballot, as the R package careless 1.2 computes them.

    Parameters
    ----------
    data : pandas.DataFrame
        Wide frame: one row per ballot (the index is kept), one numeric column per item, in the
        order the items were shown; NaN is a missing answer.
    scales : mapping of str to list of column names, optional
        The items of each scale, in order. Only even-odd uses them (R's ``evenodd(x, factors)``
        run on these columns, scale after scale). Without them even-odd is NaN: its halves are
        defined within scales, and the items' scales cannot be guessed from the columns.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``data``, with columns:

        - ``longstring``: longest run of identical consecutive answers (``longstring``).
        - ``avgstring``: mean run length (``longstring(avg = TRUE)``). As in R, each missing
          answer is a run of length 1 that breaks the runs around it.
        - ``irv``: sample standard deviation of the answered items (``irv``); NaN below 2.
        - ``evenodd``: minus the Spearman-Brown corrected correlation between the scales'
          even-item and odd-item means (``evenodd``, sign of version 1.2: higher = less
          consistent, at most 1). NaN with fewer than 2 scales having both halves, no
          variance, or one scale only (where R stops).
        - ``mahad``: squared Mahalanobis distance D² (``mahad``, i.e. ``psych::outlier``), on
          the pairwise-complete covariance, missing answers as zero deviation; NaN for an
          all-missing ballot, or for all ballots if the covariance is singular.
        - ``psychsyn``: within-ballot correlation across the item pairs correlating above .60
          in the sample (``psychsyn(critval = .60, resample_na = FALSE)``); NaN with fewer
          than 3 answered pairs, no variance, or no such pair (where R stops).

    Raises
    ------
    ValueError
        If ``data`` is not a non-empty DataFrame, a column is not numeric, or ``scales`` names a
        column that ``data`` lacks or has an empty scale.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame(
    ...     [[1, 1, 1, 2, 2, 3], [2, 3, 2, 3, 2, 3], [5, 4, 3, 2, 1, None]],
    ...     index=["b1", "b2", "b3"],
    ...     columns=["q1", "q2", "q3", "q4", "q5", "q6"],
    ... )
    >>> scales = {"A": ["q1", "q2"], "B": ["q3", "q4"], "C": ["q5", "q6"]}
    >>> out = careless_indices(data, scales=scales)
    >>> out[["longstring", "avgstring", "irv", "evenodd"]].round(3)
        longstring  avgstring    irv  evenodd
    b1         3.0        2.0  0.816   -0.928
    b2         1.0        1.0  0.548      NaN
    b3         1.0        1.0  1.581   -1.000

    Ballot b2's odd items (q1, q3, q5) are all 2, so its even-odd correlation is undefined;
    b3's missing q6 is a run of its own, and leaves scale C without an even half. Mahalanobis
    distance and psychometric synonyms need a sample of ballots larger than the number of items.
    """
    values = _items(data)
    evenodd = np.full(values.shape[0], np.nan)
    if scales is not None:
        positions = _check_scales(data, scales)
        if len(positions) >= 2:
            evenodd = _evenodd(values, positions)
    longest, average = _longstring(values)
    columns = {
        "longstring": longest,
        "avgstring": average,
        "irv": _irv(values),
        "evenodd": evenodd,
        "mahad": _mahad(values),
        "psychsyn": _psychsyn(values, SYNONYM_CRITVAL),
    }
    return pd.DataFrame(columns, index=data.index, columns=list(INDICES))


def psychant(data: pd.DataFrame, critval: float = -0.60) -> pd.Series:
    """Psychometric antonym score per ballot, as ``careless::psychant`` 1.2 computes it.

    Parameters
    ----------
    data : pandas.DataFrame
        Wide frame as for :func:`careless_indices` (ballots x numeric items, NaN missing).
    critval : float
        Only its magnitude counts (as in R): item pairs correlating below ``-|critval|``
        over all ballots are psychometric antonyms.

    Returns
    -------
    pandas.Series
        Named ``psychant``, indexed like ``data``: each ballot's correlation across the
        antonym pairs (the sign is not flipped, so attentive respondents score negative). NaN
        with fewer than 3 pairs answered on both sides, no variance, or no antonym pair at all
        (where R stops). R's ``psychant`` wrapper always resamples such NaN rows at random
        (``resample_na = TRUE``, swapping each pair's two answers up to 10 times); this
        function does not, and equals ``psychsyn(x, critval, anto = TRUE, resample_na = FALSE)``.

    Raises
    ------
    ValueError
        If ``data`` is not a non-empty DataFrame or a column is not numeric.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame(
    ...     {"a": [1, 2, 3, 4, 5], "b": [5, 4, 3, 2, 1], "c": [1, 3, 2, 5, 4],
    ...      "d": [5, 3, 4, 1, 2], "e": [2, 2, 3, 4, 4], "f": [4, 4, 3, 2, 1]}
    ... )
    >>> psychant(data).round(3).tolist()
    [-0.947, -0.64, -0.308, -0.877, -0.908]
    """
    values = _items(data)
    if not isinstance(critval, int | float) or np.isnan(critval):
        raise ValueError(f"critval must be a number, got {critval!r}.")
    scores = _psychsyn(values, float(critval), antonyms=True)
    return pd.Series(scores, index=data.index, name="psychant")
