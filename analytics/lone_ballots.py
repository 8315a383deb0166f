"""Lone ballots: a ballot whose score lies far from all other ballots on a subject (issue #13).

A ballot about a subject whose overall score lies far from every other ballot about the same
subject may be a grudge, or a false accusation to be cleared (澄清正名). Such a ballot is
flagged for a human to look at; it is never excluded automatically.

Within each subject the score is put on the modified z-score scale of Iglewicz & Hoaglin
(1993), which uses the median and the median absolute deviation (MAD) and so is not dragged
along by the very ballot it should detect:

``M_i = 0.6745 (x_i - median) / MAD``, ``MAD = median |x_i - median|``,

and a ballot is flagged when ``|M_i| > 3.5``, their recommended cut-off (also in the
NIST/SEMATECH e-Handbook, section 1.3.5.17). When most ballots are identical the MAD is 0; the
usual fallback then divides by the mean absolute deviation, ``M_i = (x_i - median) /
(1.253314 * meanAD)`` (1.253314 = sqrt(pi / 2)). If that is 0 too, all ballots agree and
nothing is flagged.

References
----------
Iglewicz, B., & Hoaglin, D. C. (1993). *How to Detect and Handle Outliers*. ASQC Basic
References in Quality Control, vol. 16. Milwaukee: ASQC Quality Press.

NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.5.17, "Detection of Outliers".
https://www.itl.nist.gov/div898/handbook/eda/section3/eda35h.htm
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics._validation import (
    require_columns,
    require_frame,
    require_numeric,
    require_positive,
    require_unique_pairs,
    require_whole,
)

__all__ = ["LONE_COLUMNS", "lone_ballots"]

LONE_COLUMNS = ("median", "mad", "modified_z", "direction")
MAD_FACTOR = 0.6745  # the 0.75 quantile of the standard normal: MAD / 0.6745 estimates sigma
MEANAD_FACTOR = 1.253314  # sqrt(pi / 2): 1.253314 * meanAD estimates sigma for normal data


def lone_ballots(
    data: pd.DataFrame,
    *,
    subject: str,
    ballot: str,
    score: str,
    threshold: float = 3.5,
    min_ballots: int = 5,
) -> pd.DataFrame:
    """Flag ballots whose score lies far from all other ballots about the same subject.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (subject, ballot) with a numeric score. Rows whose score is NaN are
        dropped; a repeated (subject, ballot) pair raises ``ValueError``.
    subject, ballot, score : str
        Column names: the subject rated, the ballot (anonymous rater id), the ballot's overall
        score for that subject.
    threshold : float, default 3.5
        A ballot is flagged when ``|modified_z| > threshold`` (Iglewicz & Hoaglin's cut-off).
    min_ballots : int, default 5
        Subjects with fewer scored ballots than this are skipped: with so few ballots there is
        no "rest" to be far from, and pointing at one ballot of a handful would also come close
        to naming its rater (an anonymity guard). At least 3.

    Returns
    -------
    pandas.DataFrame
        The flagged rows only, columns ``subject, ballot, score`` (under their own names),
        ``median`` and ``mad`` (of the subject's scores; ``mad`` is 0 where the mean absolute
        deviation fallback was used), ``modified_z`` and ``direction`` (``"low"`` or
        ``"high"``), sorted by ``|modified_z|`` descending. ``attrs["threshold"]`` holds the
        cut-off used. A flag asks a human to look; it never excludes a ballot.

    Raises
    ------
    ValueError
        If ``data`` is not a non-empty DataFrame, a column is missing or ``score`` is not
        numeric, ``subject`` or ``ballot`` has missing values, a (subject, ballot) pair
        repeats, or ``threshold`` / ``min_ballots`` is invalid.

    Examples
    --------
    Twelve ballots rate subject A around 80, one gives 10; subject B has only four ballots.

    >>> import pandas as pd
    >>> scores = [80, 82, 79, 81, 80, 78, 83, 80, 81, 79, 80, 82, 10]
    >>> data = pd.DataFrame(
    ...     {
    ...         "subject": ["A"] * 13 + ["B"] * 4,
    ...         "ballot": [f"a{i}" for i in range(13)] + ["b0", "b1", "b2", "b3"],
    ...         "score": scores + [90, 10, 50, 60],
    ...     }
    ... )
    >>> flagged = lone_ballots(data, subject="subject", ballot="ballot", score="score")
    >>> flagged[["subject", "ballot", "score", "median", "mad", "direction"]]
      subject ballot  score  median  mad direction
    0       A    a12   10.0    80.0  1.0       low
    >>> round(float(flagged["modified_z"].iloc[0]), 3)  # 0.6745 * (10 - 80) / 1
    -47.215
    """
    require_frame(data, "data")
    require_columns(data, subject=subject, ballot=ballot, score=score)
    require_numeric(data, [score])
    threshold = require_positive(threshold, "threshold")
    min_ballots = require_whole(min_ballots, "min_ballots", 3)
    for argument, column in (("subject", subject), ("ballot", ballot)):
        if data[column].isna().any():
            raise ValueError(f"{argument}: column {column!r} has missing values.")
    require_unique_pairs(data, subject, ballot, "data")

    frame = data.loc[data[score].notna(), [subject, ballot, score]].copy()
    frame[score] = frame[score].astype(float)
    result_columns = [subject, ballot, score, *LONE_COLUMNS]
    frame = frame[frame.groupby(subject, sort=False)[score].transform("size") >= min_ballots]
    if frame.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in result_columns})
        empty.attrs["threshold"] = threshold
        return empty

    x = frame[score]
    keys = frame[subject]
    median = x.groupby(keys, sort=False).transform("median")
    deviation = x - median
    absolute = deviation.abs()
    mad = absolute.groupby(keys, sort=False).transform("median")
    mean_ad = absolute.groupby(keys, sort=False).transform("mean")
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(
            mad > 0,
            MAD_FACTOR * deviation / mad,
            np.where(mean_ad > 0, deviation / (MEANAD_FACTOR * mean_ad), 0.0),
        )
    frame["median"] = median
    frame["mad"] = mad
    frame["modified_z"] = z
    frame["direction"] = np.where(deviation < 0, "low", "high")

    flagged = frame[np.abs(frame["modified_z"]) > threshold]
    order = np.argsort(-np.abs(flagged["modified_z"].to_numpy()), kind="stable")
    out = flagged.iloc[order][result_columns].reset_index(drop=True)
    out.attrs["threshold"] = threshold
    return out
