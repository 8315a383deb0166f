"""360-degree views: self-other agreement, gaps between rater groups, blind spots."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics._validation import (
    require_columns,
    require_frame,
    require_numeric,
    require_positive,
)

__all__ = ["blind_spots", "rater_group_gaps", "self_other_agreement"]

OVER = "over-estimator"
UNDER = "under-estimator"
AGREE_GOOD = "in agreement and good"
AGREE_POOR = "in agreement and poor"


def self_other_agreement(
    data: pd.DataFrame,
    *,
    subject: str,
    self_score: str,
    other_score: str,
    threshold: float = 0.5,
) -> pd.DataFrame:
    """Classify each subject as over-, under-estimator or in agreement (good or poor).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subject with the self-rating and the mean rating by others.
    subject, self_score, other_score : str
        Columns holding the subject id, the self score and the others' score.
    threshold : float
        Half-width of the agreement band, in standard deviations of the difference scores
        (0.5 in Atwater & Yammarino).

    Returns
    -------
    pandas.DataFrame
        Indexed by subject: ``self, other, difference, z, category``. Subjects missing either
        score get no category (``<NA>``) and do not enter the means and SD.

    Notes
    -----
    With :math:`d_i = \\text{self}_i - \\text{other}_i` over the classified subjects, mean
    :math:`\\bar d` and standard deviation :math:`s_d` (ddof 1),
    :math:`z_i = (d_i - \\bar d)/s_d`. A subject is an *over-estimator* when
    :math:`z_i > c`, an *under-estimator* when :math:`z_i < -c` (:math:`c` = ``threshold``),
    else *in agreement*: *good* when the others' score is at or above the mean others'
    score of the classified subjects, *poor* below it (Atwater & Yammarino 1992, 1997;
    Fleenor, McCauley & Brutus 1996). The rule is relative to this set of subjects: a
    uniformly lenient group of self-raters yields no over-estimators. If :math:`s_d = 0`
    every subject is in agreement.

    References
    ----------
    Atwater, L. E., & Yammarino, F. J. (1992). Does self-other agreement on leadership
    perceptions moderate the validity of leadership and performance predictions? Personnel
    Psychology, 45(1), 141-164.

    Atwater, L. E., & Yammarino, F. J. (1997). Self-other rating agreement: A review and
    model. Research in Personnel and Human Resources Management, 15, 121-174.

    Fleenor, J. W., McCauley, C. D., & Brutus, S. (1996). Self-other rating agreement and
    leader effectiveness. The Leadership Quarterly, 7(4), 487-506.

    Examples
    --------
    >>> import pandas as pd
    >>> from analytics import self_other_agreement
    >>> scores = pd.DataFrame({"cadre": ["a", "b", "c", "d"], "self": [5.0, 3.0, 4.0, 2.0],
    ...                        "others": [3.0, 4.0, 4.0, 2.0]})
    >>> self_other_agreement(scores, subject="cadre", self_score="self",
    ...                      other_score="others")["category"].tolist()
    ['over-estimator', 'under-estimator', 'in agreement and good', 'in agreement and poor']
    """
    frame = _subject_frame(data, subject, self_score, other_score)
    limit = require_positive(threshold, "threshold")
    out = pd.DataFrame(
        {"self": frame[self_score].to_numpy(float), "other": frame[other_score].to_numpy(float)},
        index=pd.Index(frame[subject], name=subject),
    )
    out["difference"] = out["self"] - out["other"]
    complete = out["difference"].notna()
    if complete.sum() < 2:
        raise ValueError("at least two subjects with both scores are required.")
    diff = out.loc[complete, "difference"]
    spread = diff.std(ddof=1)
    out["z"] = (out["difference"] - diff.mean()) / spread if spread > 0 else 0.0
    out.loc[~complete, "z"] = np.nan
    good = out["other"] >= out.loc[complete, "other"].mean()
    category = np.select(
        [out["z"] > limit, out["z"] < -limit, good],
        [OVER, UNDER, AGREE_GOOD],
        default=AGREE_POOR,
    )
    out["category"] = pd.Series(category, index=out.index, dtype="string").where(complete)
    return out


def _subject_frame(data: pd.DataFrame, subject: str, *scores: str) -> pd.DataFrame:
    frame = require_frame(data)
    require_columns(frame, subject=subject, **{f"score_{i}": s for i, s in enumerate(scores)})
    require_numeric(frame, scores)
    if frame[subject].isna().any():
        raise ValueError(f"column {subject!r} has missing subject ids.")
    if frame[subject].duplicated().any():
        raise ValueError(f"column {subject!r} must hold one row per subject.")
    return frame


def rater_group_gaps(
    data: pd.DataFrame,
    *,
    subject: str,
    rater_group: str,
    score: str,
    reference: str | None = "self",
) -> pd.DataFrame:
    """Mean score of each rater group per subject and its gap to a reference.

    Parameters
    ----------
    data : pandas.DataFrame
        Long frame, one row per rating (or per rater) of a subject. Missing scores are
        ignored.
    subject, rater_group, score : str
        Columns holding the subject, the rater group (e.g. 'self', 'peer') and the score.
    reference : str or None
        A rater group to compare every other group with (default 'self'); with None each
        group is compared with the pooled ratings of all *other* groups of that subject.

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per subject and compared group, columns ``<subject>, <rater_group>,
        n, mean, reference, reference_mean, gap`` with ``gap = mean - reference_mean``; NaN when the
        subject has no rating from the reference.

    Notes
    -----
    Group means are plain means of the ratings. Anonymity thresholds (hiding groups with too
    few raters) are applied upstream, before these numbers are shown.

    Examples
    --------
    >>> import pandas as pd
    >>> from analytics import rater_group_gaps
    >>> long = pd.DataFrame({"cadre": "a", "group": ["self", "peer", "peer", "superior"],
    ...                      "score": [5.0, 3.0, 4.0, 4.0]})
    >>> rater_group_gaps(long, subject="cadre", rater_group="group", score="score")
      cadre     group  n  mean reference  reference_mean  gap
    0     a      peer  2   3.5      self             5.0 -1.5
    1     a  superior  1   4.0      self             5.0 -1.0
    """
    frame = require_frame(data)
    require_columns(frame, subject=subject, rater_group=rater_group, score=score)
    require_numeric(frame, [score])
    frame = frame[[subject, rater_group, score]].dropna()
    if frame.empty:
        raise ValueError(f"column {score!r} has no scores.")
    stats = frame.groupby([subject, rater_group], sort=True, observed=True)[score].agg(
        ["size", "sum"]
    )
    stats = stats.rename(columns={"size": "n"}).reset_index()
    stats["mean"] = stats["sum"] / stats["n"]
    if reference is None:
        totals = stats.groupby(subject, observed=True)[["n", "sum"]].transform("sum")
        stats["reference"] = "others"
        stats["reference_mean"] = (totals["sum"] - stats["sum"]) / (totals["n"] - stats["n"])
    else:
        ref = stats.loc[stats[rater_group] == reference].set_index(subject)["mean"]
        stats = stats.loc[stats[rater_group] != reference].copy()
        stats["reference"] = reference
        stats["reference_mean"] = stats[subject].map(ref).astype(float)
    stats["gap"] = stats["mean"] - stats["reference_mean"]
    columns = [subject, rater_group, "n", "mean", "reference", "reference_mean", "gap"]
    return stats[columns].reset_index(drop=True)


def blind_spots(
    data: pd.DataFrame,
    *,
    subject: str,
    item: str,
    self_score: str,
    other_score: str,
    top: int = 3,
    min_gap: float = 1.0,
) -> pd.DataFrame:
    """Per subject, items rated far higher by self (blind spots) or far lower (hidden strengths).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subject and item with the self score and the others' mean score.
    subject, item, self_score, other_score : str
        Columns holding the subject, the item, the self score and the others' score.
    top : int
        At most this many items of each kind per subject.
    min_gap : float
        Smallest absolute self - other difference, in scale points, that counts.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``subject, item, kind, rank, self, other, difference``; ``kind`` is
        'blind spot' or 'hidden strength'; rank 1 is the largest absolute difference.

    Notes
    -----
    With :math:`d = \\text{self} - \\text{other}` for an item, the item is a *blind spot*
    when :math:`d \\ge` ``min_gap`` (the subject sees a strength the others do not) and a
    *hidden strength* when :math:`d \\le -` ``min_gap`` (others value what the subject
    underrates), the classic 360 report split (London & Smither 1995). Within a subject and
    kind, items are ranked by :math:`|d|`, ties by item, and the first ``top`` are kept.
    Items missing either score are skipped.

    References
    ----------
    London, M., & Smither, J. W. (1995). Can multi-source feedback change perceptions of
    goal accomplishment, self-evaluations, and performance-related outcomes? Personnel
    Psychology, 48(4), 803-839.

    Examples
    --------
    >>> import pandas as pd
    >>> from analytics import blind_spots
    >>> items = pd.DataFrame({"cadre": "a", "item": ["q1", "q2", "q3"],
    ...                       "self": [5.0, 2.0, 4.0], "others": [3.0, 4.0, 4.0]})
    >>> blind_spots(items, subject="cadre", item="item", self_score="self",
    ...             other_score="others")[["item", "kind", "difference"]]
      item             kind  difference
    0   q1       blind spot         2.0
    1   q2  hidden strength        -2.0
    """
    frame = require_frame(data)
    require_columns(
        frame, subject=subject, item=item, self_score=self_score, other_score=other_score
    )
    require_numeric(frame, [self_score, other_score])
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}.")
    gap = require_positive(min_gap, "min_gap")
    if frame.duplicated(subset=[subject, item]).any():
        raise ValueError("each (subject, item) pair must occur once.")
    out = frame[[subject, item, self_score, other_score]].dropna()
    out = out.rename(columns={self_score: "self", other_score: "other"})
    out["difference"] = out["self"].astype(float) - out["other"].astype(float)
    out["kind"] = np.select(
        [out["difference"] >= gap, out["difference"] <= -gap],
        ["blind spot", "hidden strength"],
        default="",
    )
    out = out.loc[out["kind"] != ""].assign(size=out["difference"].abs())
    out = out.sort_values([subject, "kind", "size", item], ascending=[True, True, False, True])
    out["rank"] = out.groupby([subject, "kind"], observed=True).cumcount() + 1
    out = out.loc[out["rank"] <= top]
    columns = [subject, item, "kind", "rank", "self", "other", "difference"]
    return out[columns].reset_index(drop=True)
