"""One-factor models fitted by maximum likelihood: the measurement model behind omega.

- :func:`one_factor_ml`: complete data, fitted to a correlation matrix as R's ``factanal`` does.
- :func:`one_factor_fiml`: data with missing values, full-information ML (casewise likelihood
  grouped by missing-data pattern), as lavaan's ``cfa(..., missing = "ml")`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

MIN_UNIQUENESS = 0.005  # lower bound of standardized uniquenesses, as in R's factanal
_OPTIONS = {"ftol": 1e-15, "gtol": 1e-11, "maxiter": 20_000, "maxcor": 30}


def one_factor_ml(corr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fit one factor by maximum likelihood to a correlation matrix (Joreskog 1967).

    The uniquenesses are optimized (L-BFGS-B, bounded to [0.005, 1]); for given uniquenesses
    the loadings are the first eigenvector of Psi^-1/2 R Psi^-1/2, as in R's ``factanal``.
    Returns standardized loadings (their sum positive) and uniquenesses.
    """
    p = corr.shape[0]

    def loadings_for(psi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        scale = 1.0 / np.sqrt(psi)
        values, vectors = np.linalg.eigh(corr * np.outer(scale, scale))
        first = vectors[:, -1] * np.sqrt(max(values[-1] - 1.0, 0.0))
        return np.sqrt(psi) * first, values

    def objective(psi: np.ndarray) -> float:
        _, values = loadings_for(psi)
        rest = values[:-1]
        return float(-np.sum(np.log(rest) - rest) - 1.0 + p)

    def gradient(psi: np.ndarray) -> np.ndarray:
        lam, _ = loadings_for(psi)
        residual = np.outer(lam, lam) + np.diag(psi) - corr
        return np.diag(residual) / psi**2

    start = np.clip((1.0 - 0.5 / p) / np.diag(np.linalg.inv(corr)), MIN_UNIQUENESS, 1.0)
    fit = optimize.minimize(
        objective,
        start,
        jac=gradient,
        method="L-BFGS-B",
        bounds=[(MIN_UNIQUENESS, 1.0)] * p,
        options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 10_000},
    )
    lam, _ = loadings_for(fit.x)
    return (-lam if lam.sum() < 0 else lam), fit.x


@dataclass(frozen=True)
class FimlFit:
    """Means, raw loadings and uniquenesses of a one-factor model, and its log-likelihood."""

    mean: np.ndarray
    loadings: np.ndarray
    uniquenesses: np.ndarray
    loglik: float
    patterns: int


@dataclass(frozen=True)
class _Pattern:
    observed: np.ndarray  # indices of the observed items
    n: int
    mean: np.ndarray  # of the rows with this pattern
    cov: np.ndarray  # biased (divided by n)


def _patterns(x: np.ndarray) -> list[_Pattern]:
    seen = ~np.isnan(x)
    masks, inverse = np.unique(seen, axis=0, return_inverse=True)
    out = []
    for j, mask in enumerate(masks):
        rows = x[np.ravel(inverse) == j][:, mask]
        centred = rows - rows.mean(axis=0)
        cov = centred.T @ centred / len(rows)
        out.append(_Pattern(np.flatnonzero(mask), len(rows), rows.mean(axis=0), cov))
    return out


def _start(x: np.ndarray) -> np.ndarray:
    """Means, loadings and uniquenesses of a complete-data ML fit to the pairwise covariances."""
    k = x.shape[1]
    mean = np.nanmean(x, axis=0)
    cov = np.ma.cov(np.ma.masked_invalid(x), rowvar=False, allow_masked=True).filled(0.0)
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    if np.linalg.eigvalsh(corr)[0] <= 1e-8:  # pairwise matrix not positive definite
        corr = 0.5 * np.eye(k) + 0.5 * np.ones((k, k))
    lam, psi = one_factor_ml(corr)
    return np.concatenate([mean, lam * sd, psi * sd**2])


def one_factor_fiml(x: np.ndarray) -> FimlFit:
    """Full-information ML fit of one factor (factor variance 1) to rows with missing values.

    Minimizes ``sum_p n_p [log|S_p| + tr(S_p^-1 (C_p + d_p d_p'))]`` over the missing-data
    patterns ``p`` (``S_p`` the model covariance of the observed items, ``C_p`` and ``d_p`` the
    pattern's covariance and mean deviation), with analytic gradients. Each row must have at
    least one observed value; uniquenesses are bounded below by 0.005 of the item variance.
    """
    n, k = x.shape
    patterns = _patterns(x)
    scale = float(n)

    def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return theta[:k], theta[k : 2 * k], theta[2 * k :]

    def value_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        mean, lam, psi = unpack(theta)
        sigma = np.outer(lam, lam) + np.diag(psi)
        total, g_sigma, g_mean = 0.0, np.zeros((k, k)), np.zeros(k)
        for p in patterns:
            o = p.observed
            inv = np.linalg.inv(sigma[np.ix_(o, o)])
            d = p.mean - mean[o]
            moment = p.cov + np.outer(d, d)
            total += p.n * (np.linalg.slogdet(sigma[np.ix_(o, o)])[1] + np.sum(inv * moment))
            g_sigma[np.ix_(o, o)] += p.n * (inv - inv @ moment @ inv)
            g_mean[o] -= 2.0 * p.n * (inv @ d)
        grad = np.concatenate([g_mean, 2.0 * g_sigma @ lam, np.diag(g_sigma)])
        return total / scale, grad / scale

    bounds = [(None, None)] * (2 * k) + [(MIN_UNIQUENESS * v, None) for v in np.nanvar(x, axis=0)]
    fit = optimize.minimize(
        value_and_gradient, _start(x), jac=True, method="L-BFGS-B", bounds=bounds, options=_OPTIONS
    )
    mean, lam, psi = unpack(fit.x)
    observed = sum(p.n * len(p.observed) for p in patterns)
    loglik = -0.5 * (fit.fun * scale + observed * np.log(2.0 * np.pi))
    return FimlFit(mean, -lam if lam.sum() < 0 else lam, psi, float(loglik), len(patterns))
