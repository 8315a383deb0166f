"""Internal consistency of a scale and the Spearman-Brown prophecy.

Wide input: one row per respondent (or per rated subject), one column per item.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analytics._factor import one_factor_fiml, one_factor_ml
from analytics._validation import (
    require_choice,
    require_frame,
    require_numeric,
    require_open_unit,
    require_positive,
)

__all__ = [
    "CronbachAlpha",
    "McDonaldOmega",
    "cronbach_alpha",
    "mcdonald_omega",
    "raters_needed",
    "spearman_brown",
]


@dataclass(frozen=True)
class CronbachAlpha:
    """Cronbach's alpha with Feldt's confidence interval; ``n`` rows and ``k`` items used."""

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int


@dataclass(frozen=True)
class McDonaldOmega:
    """Omega total of the unweighted sum score, from a one-factor maximum-likelihood model.

    ``loadings`` and ``uniquenesses`` are on the items' raw (covariance) scale, in column order.
    """

    omega: float
    loadings: tuple[float, ...]
    uniquenesses: tuple[float, ...]
    n: int
    k: int
    method: str = "ml"


def _wide_items(data: object, min_items: int) -> pd.DataFrame:
    frame = require_frame(data)
    require_numeric(frame, frame.columns)
    if frame.shape[1] < min_items:
        raise ValueError(f"at least {min_items} item columns are required, got {frame.shape[1]}.")
    return frame.astype(float).dropna(axis=0, how="all")


def cronbach_alpha(
    data: pd.DataFrame, *, nan_policy: str = "pairwise", ci: float = 0.95
) -> CronbachAlpha:
    """Cronbach's alpha of a scale, with Feldt's F-based confidence interval.

    Parameters
    ----------
    data : pandas.DataFrame
        Wide frame: one row per respondent, one numeric column per item (at least two).
        Rows that are entirely missing are dropped first.
    nan_policy : {'pairwise', 'listwise'}
        'pairwise' (default) estimates each covariance from the rows where both items are
        present (:meth:`pandas.DataFrame.cov`); 'listwise' keeps only complete rows.
    ci : float
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    CronbachAlpha
        ``alpha, ci_low, ci_high, n, k``; ``n`` is the number of rows used for the interval.
        ``alpha`` is NaN when the total score has zero variance (alpha is undefined).

    Notes
    -----
    With :math:`C` the item covariance matrix of :math:`k` items,

    .. math::
        \\alpha = \\frac{k}{k-1}
            \\left(1 - \\frac{\\operatorname{tr} C}{\\mathbf 1' C \\mathbf 1}\\right)

    Feldt's interval (Feldt, Woodruff & Salih 1987), with :math:`F` quantiles on
    :math:`n-1` and :math:`(n-1)(k-1)` degrees of freedom and :math:`a = 1 - ci`:

    .. math:: [1 - (1-\\alpha) F_{1-a/2},\\; 1 - (1-\\alpha) F_{a/2}]

    This is ``pingouin.cronbach_alpha``, except that the interval is not rounded and, under
    'listwise', ``n`` counts the complete rows actually used (pingouin keeps the row count
    before deletion).

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334.

    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for
    coefficient alpha. Applied Psychological Measurement, 11(1), 93-103.

    Examples
    --------
    >>> import pandas as pd
    >>> from analytics import cronbach_alpha
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 5],
    ...                       "q3": [1, 3, 3, 4, 4]})
    >>> res = cronbach_alpha(items)
    >>> round(res.alpha, 4), res.n, res.k
    (0.9538, 5, 3)
    >>> round(res.ci_low, 3), round(res.ci_high, 3)
    (0.766, 0.995)
    """
    require_choice(nan_policy, "nan_policy", ("pairwise", "listwise"))
    level = require_open_unit(ci, "ci")
    frame = _wide_items(data, min_items=2)
    if nan_policy == "listwise":
        frame = frame.dropna(axis=0, how="any")
    n, k = frame.shape
    if n < 2:
        raise ValueError(f"at least two respondents with answers are required, got {n}.")
    cov = frame.cov().to_numpy()
    if np.isnan(cov).any():
        raise ValueError("some pair of items is never answered together: covariance undefined.")
    total = cov.sum()
    alpha = math.nan if total <= 0 else (k / (k - 1)) * (1.0 - np.trace(cov) / total)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1.0 - level) / 2.0
    low = 1.0 - (1.0 - alpha) * stats.f.isf(tail, df1, df2)
    high = 1.0 - (1.0 - alpha) * stats.f.isf(1.0 - tail, df1, df2)
    return CronbachAlpha(float(alpha), float(low), float(high), int(n), int(k))


def mcdonald_omega(data: pd.DataFrame, *, nan_policy: str = "fiml") -> McDonaldOmega:
    """McDonald's omega total of the unweighted sum score, from a one-factor ML model.

    Parameters
    ----------
    data : pandas.DataFrame
        Wide frame: one row per respondent, one numeric column per item (at least three, so
        that a one-factor model is identified). Rows that are entirely missing are dropped.
    nan_policy : {'fiml', 'listwise'}
        'fiml' (default) fits the model by full-information maximum likelihood, using every
        observed answer (missing at random assumed; lavaan's ``missing = "ml"``). 'listwise'
        keeps complete rows only and fits as R's ``factanal`` does.

    Returns
    -------
    McDonaldOmega
        ``omega``, raw-scale ``loadings`` and ``uniquenesses``, ``n`` (rows used), ``k`` and
        ``method`` ('fiml' or 'ml').

    Notes
    -----
    A single common factor with variance 1 is fitted by maximum likelihood, giving raw-scale
    loadings :math:`\\lambda_i` and uniquenesses :math:`\\psi_i`, and

    .. math:: \\omega_t = \\frac{(\\sum_i \\lambda_i)^2}{(\\sum_i \\lambda_i)^2 + \\sum_i \\psi_i}

    the model-implied reliability of the raw sum score (McDonald 1999, eq. 6.20b; ``omega``
    of semTools ``reliability`` / ``compRelSEM(obs.var = FALSE)`` for a one-factor CFA).

    - 'fiml' maximizes the casewise normal likelihood over missing-data patterns (Arbuckle
      1996) by L-BFGS-B with analytic gradients; estimates are those of
      lavaan ``cfa(..., std.lv = TRUE, missing = "ml")`` (covariances divided by n). With
      complete data it is ordinary ML and gives the same omega as 'listwise'.
    - 'listwise' fits the correlation matrix as R's ``factanal`` (Joreskog 1967; uniquenesses
      optimized by L-BFGS-B) and rescales by the item standard deviations (n - 1).

    Standardized uniquenesses are bounded below by 0.005 (as ``factanal``), so a Heywood case
    is not reported as a negative variance. Loadings are signed so that their sum is positive;
    reverse-keyed items should be recoded before calling.

    References
    ----------
    McDonald, R. P. (1999). Test theory: A unified treatment. Mahwah, NJ: Erlbaum.

    Arbuckle, J. L. (1996). Full information estimation in the presence of incomplete data.
    In G. A. Marcoulides & R. E. Schumacker (Eds.), Advanced structural equation modeling.
    Mahwah, NJ: Erlbaum.

    Joreskog, K. G. (1967). Some contributions to maximum likelihood factor analysis.
    Psychometrika, 32(4), 443-482.

    Flora, D. B. (2020). Your coefficient alpha is probably wrong, but which coefficient omega
    is right? Advances in Methods and Practices in Psychological Science, 3(4), 484-501.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from analytics import mcdonald_omega
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4, 5, 3, 2], "q2": [2, 2, 3, 5, 5, 3, np.nan],
    ...                       "q3": [1, 3, 3, 4, 4, 2, 2], "q4": [2, 1, 4, 4, 5, 3, 1]})
    >>> res = mcdonald_omega(items)
    >>> res.method, res.n, res.k
    ('fiml', 7, 4)
    >>> listwise = mcdonald_omega(items, nan_policy="listwise")
    >>> listwise.method, listwise.n
    ('ml', 6)
    >>> 0.9 < res.omega < 1.0
    True
    """
    require_choice(nan_policy, "nan_policy", ("fiml", "listwise"))
    frame = _wide_items(data, min_items=3)
    if nan_policy == "listwise":
        frame = frame.dropna(axis=0, how="any")
    n, k = frame.shape
    if n < 3:
        raise ValueError(f"at least three {'complete ' if nan_policy == 'listwise' else ''}"
                         f"rows are required, got {n}.")  # fmt: skip
    _check_factorable(frame)
    if nan_policy == "listwise":
        sd = frame.std(ddof=1).to_numpy()
        lam_std, psi_std = one_factor_ml(frame.corr().to_numpy())
        lam, psi, method = lam_std * sd, psi_std * sd**2, "ml"
    else:
        fit = one_factor_fiml(frame.to_numpy())
        lam, psi, method = fit.loadings, fit.uniquenesses, "fiml"
    common = lam.sum() ** 2
    omega = common / (common + psi.sum())
    return McDonaldOmega(float(omega), tuple(map(float, lam)), tuple(map(float, psi)), n, k, method)


def _check_factorable(frame: pd.DataFrame) -> None:
    """Every item varies, and the (pairwise) correlation matrix is of full rank."""
    sd = frame.std(ddof=1).to_numpy()
    if np.any(~(sd > 0)):
        constant = [str(c) for c, s in zip(frame.columns, sd, strict=True) if not s > 0]
        raise ValueError(f"items with zero variance cannot be factored: {constant}.")
    corr = frame.corr().fillna(0.0).to_numpy()
    if np.linalg.matrix_rank(corr) < frame.shape[1]:
        raise ValueError("the item correlation matrix is singular (e.g. duplicated items).")


def spearman_brown(reliability: float, k: float) -> float:
    """Reliability of the mean of ``k`` parallel ratings (Spearman-Brown prophecy).

    Parameters
    ----------
    reliability : float
        Reliability of one rating, in [0, 1].
    k : float
        Lengthening factor (number of raters or items), greater than 0; may be fractional.

    Returns
    -------
    float

    Notes
    -----
    .. math:: \\rho_k = \\frac{k \\rho_1}{1 + (k - 1) \\rho_1}

    References
    ----------
    Spearman, C. (1910). Correlation calculated from faulty data. British Journal of
    Psychology, 3, 271-295. Brown, W. (1910). Some experimental results in the correlation of
    mental abilities. British Journal of Psychology, 3, 296-322.

    Examples
    --------
    >>> from analytics import spearman_brown
    >>> round(spearman_brown(0.17, 4), 4)
    0.4503
    """
    rho = _reliability(reliability, "reliability")
    factor = require_positive(k, "k")
    return float(factor * rho / (1.0 + (factor - 1.0) * rho))


def raters_needed(single_rater_reliability: float, target: float) -> int:
    """Smallest number of raters whose mean reaches ``target`` reliability (Spearman-Brown).

    Parameters
    ----------
    single_rater_reliability : float
        Reliability of one rater (e.g. ICC1), in (0, 1].
    target : float
        Wanted reliability of the mean rating, strictly between 0 and 1.

    Returns
    -------
    int
        At least 1.

    Notes
    -----
    Solving the Spearman-Brown formula for :math:`k`:

    .. math:: k = \\left\\lceil \\frac{\\rho^*(1-\\rho_1)}{\\rho_1(1-\\rho^*)} \\right\\rceil

    A relative tolerance of 1e-9 absorbs floating-point error so that an exact whole number
    of raters is not rounded up.

    References
    ----------
    Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: Uses in assessing rater
    reliability. Psychological Bulletin, 86(2), 420-428 (eq. 12).

    Examples
    --------
    >>> from analytics import raters_needed
    >>> raters_needed(0.17, 0.70)
    12
    """
    rho = _reliability(single_rater_reliability, "single_rater_reliability")
    goal = require_open_unit(target, "target")
    if rho <= 0.0:
        raise ValueError("single_rater_reliability must be > 0: no number of raters suffices.")
    exact = goal * (1.0 - rho) / (rho * (1.0 - goal))
    return max(1, math.ceil(exact * (1.0 - 1e-9)))


def _reliability(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {value!r}.")
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}.")
    return float(value)
