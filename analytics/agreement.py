"""Inter-rater reliability over long frames (one row per rating).

``icc`` (Shrout & Fleiss 1979; McGraw & Wong 1996) and ``krippendorff_alpha`` (Krippendorff 2011).
Within-group agreement (rwg, awg) is in :mod:`analytics.within_group`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from analytics._validation import (
    require_choice,
    require_columns,
    require_frame,
    require_numeric,
    require_open_unit,
    require_unique_pairs,
)

__all__ = ["icc", "krippendorff_alpha"]

_ICC_INDEX = ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
_ICC_DESCRIPTION = {
    "ICC1": "one-way random, single rater",
    "ICC2": "two-way random, absolute agreement, single rater",
    "ICC3": "two-way mixed, consistency, single rater",
    "ICC1k": "one-way random, mean of k raters",
    "ICC2k": "two-way random, absolute agreement, mean of k raters",
    "ICC3k": "two-way mixed, consistency, mean of k raters",
}
_LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _long_ratings(
    data: pd.DataFrame, first: str, second: str, value: str, nan_policy: str
) -> pd.DataFrame:
    frame = require_frame(data)
    require_columns(frame, targets=first, raters=second, ratings=value)
    require_numeric(frame, [value])
    frame = frame[[first, second, value]].copy()
    if frame[[first, second]].isna().any().any():
        raise ValueError("targets and raters must not be missing.")
    if frame[value].isna().any():
        if nan_policy == "raise":
            raise ValueError(
                f"column {value!r} has missing ratings; drop them or use nan_policy='omit'."
            )
        frame = frame.dropna(subset=[value])
    require_unique_pairs(frame, first, second, "each rater may rate each target once")
    frame[value] = frame[value].astype(float)
    return frame


def _oneway(frame: pd.DataFrame, targets: str, ratings: str) -> dict[str, float]:
    """One-way ANOVA with unequal group sizes; k0 is the adjusted mean group size."""
    groups = frame.groupby(targets, sort=False, observed=True)[ratings]
    sizes, means = groups.size().to_numpy(float), groups.mean().to_numpy()
    n_obs, n_targets = sizes.sum(), len(sizes)
    grand = frame[ratings].mean()
    ss_between = float(np.sum(sizes * (means - grand) ** 2))
    ss_within = float(((frame[ratings] - groups.transform("mean")) ** 2).sum())
    df_b, df_w = n_targets - 1, n_obs - n_targets
    k0 = (n_obs - np.sum(sizes**2) / n_obs) / (n_targets - 1)
    return {
        "msb": ss_between / df_b,
        "msw": ss_within / df_w,
        "df_b": df_b,
        "df_w": df_w,
        "k": float(k0),
    }


def _twoway(wide: np.ndarray) -> dict[str, float]:
    """Two-way ANOVA without replication on a complete targets x raters matrix."""
    n, k = wide.shape
    grand = wide.mean()
    ss_rows = k * np.sum((wide.mean(axis=1) - grand) ** 2)
    ss_cols = n * np.sum((wide.mean(axis=0) - grand) ** 2)
    ss_err = np.sum((wide - grand) ** 2) - ss_rows - ss_cols
    return {
        "msj": ss_cols / (k - 1),
        "mse": ss_err / ((n - 1) * (k - 1)),
        "df_e": (n - 1) * (k - 1),
    }


def _oneway_rows(a: dict[str, float], level: float) -> dict[str, list[float]]:
    msb, msw, k, df_b, df_w = a["msb"], a["msw"], a["k"], a["df_b"], a["df_w"]
    f_obs = msb / msw
    f_low = f_obs / stats.f.ppf(level, df_b, df_w)
    f_high = f_obs * stats.f.ppf(level, df_w, df_b)
    pval = stats.f.sf(f_obs, df_b, df_w)
    return {
        "ICC1": [
            (msb - msw) / (msb + (k - 1) * msw),
            f_obs,
            df_b,
            df_w,
            pval,
            (f_low - 1) / (f_low + k - 1),
            (f_high - 1) / (f_high + k - 1),
        ],
        "ICC1k": [(msb - msw) / msb, f_obs, df_b, df_w, pval, 1 - 1 / f_low, 1 - 1 / f_high],
    }


def _twoway_rows(a: dict[str, float], n: int, level: float) -> dict[str, list[float]]:
    msb, msj, mse, k, df_b, df_e = a["msb"], a["msj"], a["mse"], a["k"], a["df_b"], a["df_e"]
    f_obs = msb / mse
    pval = stats.f.sf(f_obs, df_b, df_e)
    icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    icc3 = (msb - mse) / (msb + (k - 1) * mse)
    f3_low = f_obs / stats.f.ppf(level, df_b, df_e)
    f3_high = f_obs * stats.f.ppf(level, df_e, df_b)
    # ICC2 interval: Satterthwaite df (McGraw & Wong 1996, table 7; Shrout & Fleiss eq. 13).
    fj = msj / mse
    v_num = df_e * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v_den = df_b * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = v_num / v_den
    f_up, f_lo = stats.f.ppf(level, df_b, v), stats.f.ppf(level, v, df_b)
    low2 = n * (msb - f_up * mse) / (f_up * (k * msj + (k * n - k - n) * mse) + n * msb)
    high2 = n * (f_lo * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f_lo * msb)
    return {
        "ICC2": [icc2, f_obs, df_b, df_e, pval, low2, high2],
        "ICC3": [
            icc3,
            f_obs,
            df_b,
            df_e,
            pval,
            (f3_low - 1) / (f3_low + k - 1),
            (f3_high - 1) / (f3_high + k - 1),
        ],
        "ICC2k": [
            (msb - mse) / (msb + (msj - mse) / n),
            f_obs,
            df_b,
            df_e,
            pval,
            low2 * k / (1 + low2 * (k - 1)),
            high2 * k / (1 + high2 * (k - 1)),
        ],
        "ICC3k": [(msb - mse) / msb, f_obs, df_b, df_e, pval, 1 - 1 / f3_low, 1 - 1 / f3_high],
    }


def _design(frame: pd.DataFrame, targets: str, raters: str) -> str:
    n_t, n_r = frame[targets].nunique(), frame[raters].nunique()
    if len(frame) == n_t * n_r and n_r >= 2:
        return "crossed"
    if frame.groupby(raters, observed=True)[targets].nunique().max() == 1:
        return "nested"
    return "incomplete"


def icc(
    data: pd.DataFrame,
    *,
    targets: str,
    raters: str,
    ratings: str,
    nan_policy: str = "raise",
    ci: float = 0.95,
) -> pd.DataFrame:
    """Intraclass correlations ICC1, ICC2, ICC3 and their k-rater means, for any design.

    Parameters
    ----------
    data : pandas.DataFrame
        Long frame, one row per rating.
    targets, raters, ratings : str
        Columns holding the rated subject, the rater and the numeric rating. Each rater rates
        a target at most once.
    nan_policy : {'raise', 'omit'}
        Missing ratings raise, or ('omit') are dropped before the design is classified.
    ci : float
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Indexed ``ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k`` with columns ``description, ICC, F,
        df1, df2, pval, ci_low, ci_high, valid, reason``; ``attrs`` holds ``design``
        ('crossed', 'nested' or 'incomplete'), ``n_targets`` and ``k`` (raters per target,
        k0 when unbalanced). Rows that the design does not support are NaN, ``valid`` False,
        with the reason.

    Notes
    -----
    *Crossed complete design* (every rater rates every target): the six forms of Shrout &
    Fleiss (1979) from the two-way ANOVA mean squares for targets (MSB), raters (MSJ),
    error (MSE) and the one-way within-target MSW, with :math:`n` targets, :math:`k` raters:

    .. math::
        ICC1 = \\frac{MSB - MSW}{MSB + (k-1)MSW},\\quad
        ICC2 = \\frac{MSB - MSE}{MSB + (k-1)MSE + k(MSJ - MSE)/n},\\quad
        ICC3 = \\frac{MSB - MSE}{MSB + (k-1)MSE}

    and ICC1k = (MSB-MSW)/MSB, ICC2k = (MSB-MSE)/(MSB+(MSJ-MSE)/n), ICC3k = (MSB-MSE)/MSB.
    Intervals follow McGraw & Wong (1996); values equal ``pingouin.intraclass_corr``.

    *Any other design* (raters nested in targets, as in 360 feedback where every subject has
    own raters, or unbalanced/incomplete data): only the one-way model is valid. It is
    fitted as a one-way ANOVA with unequal group sizes :math:`n_i` (:math:`N = \\sum n_i`),
    replacing :math:`k` by the adjusted average group size (Snedecor & Cochran; Donner 1986)

    .. math:: k_0 = \\frac{N - \\sum_i n_i^2 / N}{n - 1}

    so ICC1 = (MSB-MSW)/(MSB+(k0-1)MSW) and ICC1k = (MSB-MSW)/MSB, the reliability of a
    mean of k0 ratings. The F test (df n-1, N-n) is exact; the interval uses the balanced
    formula with k0, an approximation when groups are unequal.

    References
    ----------
    Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: Uses in assessing rater
    reliability. Psychological Bulletin, 86(2), 420-428.

    McGraw, K. O., & Wong, S. P. (1996). Forming inferences about some intraclass
    correlation coefficients. Psychological Methods, 1(1), 30-46.

    Donner, A. (1986). A review of inference procedures for the intraclass correlation
    coefficient in the one-way random effects model. International Statistical Review,
    54(1), 67-82.

    Examples
    --------
    Shrout & Fleiss (1979), table 2: six targets rated by four judges.

    >>> import pandas as pd
    >>> from analytics import icc
    >>> wide = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9],
    ...         [6, 2, 4, 7]]
    >>> long = pd.DataFrame([(t, j, r) for t, row in enumerate(wide)
    ...                      for j, r in enumerate(row)], columns=["subject", "judge", "score"])
    >>> res = icc(long, targets="subject", raters="judge", ratings="score")
    >>> res["ICC"].round(2).tolist()
    [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
    >>> res.attrs["design"]
    'crossed'
    """
    require_choice(nan_policy, "nan_policy", ("raise", "omit"))
    level = 1.0 - (1.0 - require_open_unit(ci, "ci")) / 2.0
    frame = _long_ratings(data, targets, raters, ratings, nan_policy)
    n_targets = frame[targets].nunique()
    if n_targets < 2:
        raise ValueError(f"at least two targets are required, got {n_targets}.")
    if len(frame) <= n_targets:
        raise ValueError("at least one target needs two or more ratings.")
    design = _design(frame, targets, raters)
    oneway = _oneway(frame, targets, ratings)
    rows = _oneway_rows(oneway, level)
    reason = "requires a complete crossed design (every rater rates every target)"
    if design == "crossed":
        wide = frame.pivot(index=targets, columns=raters, values=ratings).to_numpy()
        twoway = {**oneway, **_twoway(wide)}
        rows.update(_twoway_rows(twoway, n_targets, level))
        reason = ""
    columns = ["ICC", "F", "df1", "df2", "pval", "ci_low", "ci_high"]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=columns).reindex(_ICC_INDEX)
    out.insert(0, "description", [_ICC_DESCRIPTION[i] for i in _ICC_INDEX])
    out["valid"] = out["ICC"].notna()
    out["reason"] = np.where(out["valid"], "", reason)
    out.index.name = "type"
    out.attrs.update(design=design, n_targets=int(n_targets), k=oneway["k"])
    return out


def _delta_squared(domain: np.ndarray, marginals: np.ndarray, level: str) -> np.ndarray:
    """Krippendorff's squared difference function between every pair of values."""
    if level == "nominal":
        return 1.0 - np.eye(len(domain))
    v = domain.astype(float)
    if level == "interval":
        return np.subtract.outer(v, v) ** 2
    if level == "ratio":
        total = np.add.outer(v, v)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(total == 0, 0.0, np.subtract.outer(v, v) / total)
        return ratio**2
    cumulative = np.cumsum(marginals)
    low = np.minimum.outer(np.arange(len(v)), np.arange(len(v)))
    high = np.maximum.outer(np.arange(len(v)), np.arange(len(v)))
    between = cumulative[high] - cumulative[low] + marginals[low]
    return (between - (marginals[low] + marginals[high]) / 2.0) ** 2


def krippendorff_alpha(
    data: pd.DataFrame, *, units: str, raters: str, values: str, level: str
) -> float:
    """Krippendorff's alpha for any number of raters, with missing values.

    Parameters
    ----------
    data : pandas.DataFrame
        Long frame, one row per (unit, rater) value. Rows with a missing value are ignored;
        each rater gives a unit at most one value.
    units, raters, values : str
        Columns holding the rated unit, the rater and the value.
    level : {'nominal', 'ordinal', 'interval', 'ratio'}
        Level of measurement. Values must be numeric except for 'nominal'; 'ratio' needs
        non-negative values. Ordinal ranks follow the numeric order of the values.

    Returns
    -------
    float
        Alpha; NaN when every pairable value is the same (no expected disagreement).

    Notes
    -----
    Units with fewer than two values are not pairable and are left out. With
    :math:`n_{uc}` the number of values :math:`c` in unit :math:`u` and :math:`m_u` the
    values in that unit, the coincidences are
    :math:`o_{ck} = \\sum_u (n_{uc} n_{uk} - [c=k] n_{uc}) / (m_u - 1)`, with margins
    :math:`n_c = \\sum_k o_{ck}` and :math:`n = \\sum_c n_c`. Then

    .. math:: \\alpha = 1 - (n - 1)\\frac{\\sum_{c,k} o_{ck}\\,\\delta^2_{ck}}
                                          {\\sum_{c,k} n_c n_k\\,\\delta^2_{ck}}

    with :math:`\\delta^2_{ck}` = 1 if c != k (nominal), :math:`(c-k)^2` (interval),
    :math:`((c-k)/(c+k))^2` (ratio) and
    :math:`(\\sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2` (ordinal).

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School
    for Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43

    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
    measure for coding data. Communication Methods and Measures, 1(1), 77-89.

    Examples
    --------
    Krippendorff (2011), section C: four observers, twelve units, missing values.

    >>> import numpy as np
    >>> import pandas as pd
    >>> from analytics import krippendorff_alpha
    >>> nan = np.nan
    >>> table = {"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...          "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...          "C": [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...          "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]}
    >>> long = pd.DataFrame(table).rename_axis("unit").reset_index().melt(
    ...     id_vars="unit", var_name="observer", value_name="value")
    >>> [round(krippendorff_alpha(long, units="unit", raters="observer", values="value",
    ...                           level=lv), 3)
    ...  for lv in ["nominal", "ordinal", "interval", "ratio"]]
    [0.743, 0.815, 0.849, 0.797]
    """
    require_choice(level, "level", _LEVELS)
    frame = require_frame(data)
    require_columns(frame, units=units, raters=raters, values=values)
    if level != "nominal":
        require_numeric(frame, [values])
    frame = frame[[units, raters, values]].dropna(subset=[values])
    require_unique_pairs(frame, units, raters, "each rater may code each unit once")
    if level == "ratio" and (frame[values] < 0).any():
        raise ValueError("level='ratio' needs non-negative values.")
    counts = pd.crosstab(frame[units], frame[values])
    counts = counts[counts.sum(axis=1) >= 2]
    if counts.empty:
        raise ValueError("no unit has two or more values: alpha cannot be computed.")
    n_uc = counts.to_numpy(dtype=float)
    weighted = n_uc / (n_uc.sum(axis=1, keepdims=True) - 1.0)
    coincidence = n_uc.T @ weighted - np.diag(weighted.sum(axis=0))
    marginals = coincidence.sum(axis=0)
    delta = _delta_squared(counts.columns.to_numpy(), marginals, level)
    expected = float(marginals @ delta @ marginals)
    if expected == 0.0:
        return math.nan
    observed = float(np.sum(coincidence * delta))
    return float(1.0 - (marginals.sum() - 1.0) * observed / expected)
