"""Cronbach's alpha, McDonald's omega and Spearman-Brown against independent references."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin
import pytest
from statsmodels.multivariate.factor import Factor

from analytics import (
    CronbachAlpha,
    cronbach_alpha,
    icc,
    mcdonald_omega,
    raters_needed,
    spearman_brown,
)


def random_items(
    rng: np.random.Generator, n: int = 60, k: int = 6, missing: float = 0.08
) -> pd.DataFrame:
    """Correlated 1-5 Likert answers with a share of missing cells."""
    trait = rng.normal(size=(n, 1))
    raw = trait + rng.normal(scale=1.0, size=(n, k))
    items = np.clip(np.round(raw + 3), 1, 5)
    items[rng.random((n, k)) < missing] = np.nan
    return pd.DataFrame(items, columns=[f"q{i}" for i in range(1, k + 1)])


# --- Cronbach's alpha -----------------------------------------------------------------------


def test_alpha_matches_published_pingouin_example_with_missing_values() -> None:
    # pingouin 0.7 docs, cronbach_alpha (checked there against R psych): see data/*.md.
    data = pingouin.read_dataset("cronbach_wide_missing")
    pairwise = cronbach_alpha(data)
    assert pairwise.alpha == pytest.approx(0.732660835214447, abs=1e-12)
    assert (round(pairwise.ci_low, 3), round(pairwise.ci_high, 3)) == (0.435, 0.909)
    assert cronbach_alpha(data, nan_policy="listwise").alpha == pytest.approx(
        0.8016949152542373, abs=1e-12
    )


@pytest.mark.parametrize("seed", range(5))
def test_alpha_equals_pingouin_pairwise_on_random_data_with_missing(seed: int) -> None:
    data = random_items(np.random.default_rng(seed), n=40 + seed, k=3 + seed)
    expected, ci = pingouin.cronbach_alpha(data, nan_policy="pairwise")
    res = cronbach_alpha(data)
    assert res.alpha == pytest.approx(expected, abs=1e-9)
    # pingouin rounds its interval to 3 decimals.
    assert res.ci_low == pytest.approx(ci[0], abs=5e-4 + 1e-12)
    assert res.ci_high == pytest.approx(ci[1], abs=5e-4 + 1e-12)
    assert (res.n, res.k) == data.shape


@pytest.mark.parametrize("seed", range(3))
def test_alpha_listwise_equals_pingouin_on_complete_rows(seed: int) -> None:
    data = random_items(np.random.default_rng(seed), missing=0.05)
    complete = data.dropna()
    expected, ci = pingouin.cronbach_alpha(complete)
    res = cronbach_alpha(data, nan_policy="listwise")
    assert res.alpha == pytest.approx(expected, abs=1e-9)
    assert res.ci_low == pytest.approx(ci[0], abs=5e-4 + 1e-12)
    assert res.n == len(complete)


def test_alpha_ci_level_widens_interval(rng: np.random.Generator) -> None:
    data = random_items(rng)
    narrow, wide = cronbach_alpha(data, ci=0.8), cronbach_alpha(data, ci=0.99)
    assert wide.ci_low < narrow.ci_low < narrow.alpha < narrow.ci_high < wide.ci_high


def test_alpha_ignores_rows_with_no_answer(rng: np.random.Generator) -> None:
    data = random_items(rng)
    padded = pd.concat([data, pd.DataFrame(np.nan, index=[900, 901], columns=data.columns)])
    assert cronbach_alpha(padded) == cronbach_alpha(data)


def test_alpha_is_nan_when_total_score_has_no_variance() -> None:
    res = cronbach_alpha(pd.DataFrame({"a": [3, 3, 3], "b": [4, 4, 4]}))
    assert math.isnan(res.alpha) and math.isnan(res.ci_low)


def test_alpha_result_is_frozen(rng: np.random.Generator) -> None:
    res = cronbach_alpha(random_items(rng))
    assert isinstance(res, CronbachAlpha)
    with pytest.raises(AttributeError):
        res.alpha = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (pd.DataFrame({"a": [1, 2, 3]}), {}, "at least 2 item columns"),
        (pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), {}, "must be numeric"),
        (pd.DataFrame({"a": [1, np.nan], "b": [2, 3]}), {}, "never answered together"),
        (pd.DataFrame({"a": [1, np.nan], "b": [2, 3]}), {"nan_policy": "listwise"}, "two resp"),
        (pd.DataFrame({"a": [1, 2], "b": [2, 3]}), {"nan_policy": "omit"}, "nan_policy"),
        (pd.DataFrame({"a": [1, 2], "b": [2, 3]}), {"ci": 1.5}, "ci must be"),
        ([[1, 2], [3, 4]], {}, "DataFrame"),
        (pd.DataFrame(), {}, "empty"),
    ],
)
def test_alpha_rejects_bad_input(data: object, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cronbach_alpha(data, **kwargs)  # type: ignore[arg-type]


def test_alpha_and_omega_do_not_mutate_input(rng: np.random.Generator) -> None:
    data = random_items(rng)
    before = data.copy()
    cronbach_alpha(data, nan_policy="listwise")
    mcdonald_omega(data)
    pd.testing.assert_frame_equal(data, before)


# --- McDonald's omega -----------------------------------------------------------------------


def _data_with_exact_covariance(cov: np.ndarray, n: int, seed: int) -> pd.DataFrame:
    """Rows whose sample covariance (ddof 1) equals ``cov`` exactly."""
    z = np.random.default_rng(seed).normal(size=(n, cov.shape[0]))
    z -= z.mean(axis=0)
    whitened = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False)).T)
    x = whitened @ np.linalg.cholesky(cov).T + 3.0
    return pd.DataFrame(x, columns=[f"q{i}" for i in range(cov.shape[0])])


def test_omega_recovers_population_value_of_a_one_factor_covariance() -> None:
    # Known by construction: Sigma = lambda lambda' + Psi, omega = (sum l)^2 / (.. + sum psi).
    lam = np.array([0.9, 0.7, 1.2, 0.5, 0.8])
    psi = np.array([0.5, 0.8, 0.4, 0.9, 0.6])
    data = _data_with_exact_covariance(np.outer(lam, lam) + np.diag(psi), n=200, seed=1)
    res = mcdonald_omega(data, nan_policy="listwise")  # factanal scaling: covariance / (n - 1)
    assert res.omega == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + psi.sum()), abs=1e-6)
    np.testing.assert_allclose(res.loadings, lam, atol=1e-5)
    np.testing.assert_allclose(res.uniquenesses, psi, atol=1e-5)


def test_omega_equals_alpha_for_parallel_items() -> None:
    # Equal loadings and uniquenesses: omega and alpha coincide (McDonald 1999, ch. 6).
    cov = np.full((4, 4), 0.64) + np.diag(np.full(4, 0.5))
    data = _data_with_exact_covariance(cov, n=150, seed=2)
    assert mcdonald_omega(data).omega == pytest.approx(cronbach_alpha(data).alpha, abs=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_omega_matches_statsmodels_ml_factor_on_random_data(seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = random_items(rng, n=120, k=5 + seed, missing=0.0)
    fit = Factor(corr=data.corr().to_numpy(), n_factor=1, method="ml", nobs=len(data)).fit()
    sd = data.std(ddof=1).to_numpy()
    lam = np.abs(fit.loadings[:, 0]) * sd
    psi = fit.uniqueness * sd**2
    expected = lam.sum() ** 2 / (lam.sum() ** 2 + psi.sum())
    assert mcdonald_omega(data).omega == pytest.approx(expected, abs=1e-5)


def test_omega_listwise_uses_complete_rows_only(rng: np.random.Generator) -> None:
    data = random_items(rng, n=80, k=5, missing=0.05)
    res = mcdonald_omega(data, nan_policy="listwise")
    assert res.n == len(data.dropna())
    assert res.omega == mcdonald_omega(data.dropna(), nan_policy="listwise").omega


def test_omega_fiml_uses_every_answered_row(rng: np.random.Generator) -> None:
    data = random_items(rng, n=80, k=5, missing=0.05)
    data.iloc[0] = np.nan  # an empty row carries no information and is dropped
    res = mcdonald_omega(data)
    assert (res.method, res.n) == ("fiml", 79)
    assert res.omega != mcdonald_omega(data, nan_policy="listwise").omega


def test_omega_fiml_recovers_the_population_omega_under_missingness() -> None:
    # 4,000 rows of a known one-factor model, 20 % of the answers missing completely at random:
    # FIML stays close to the population omega.
    rng = np.random.default_rng(11)
    lam, psi = np.array([0.9, 0.7, 1.2, 0.5, 0.8]), np.array([0.5, 0.8, 0.4, 0.9, 0.6])
    x = rng.normal(size=(4000, 1)) * lam + rng.normal(size=(4000, 5)) * np.sqrt(psi)
    x[rng.random(x.shape) < 0.2] = np.nan
    res = mcdonald_omega(pd.DataFrame(x))
    assert res.omega == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + psi.sum()), abs=0.01)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pd.DataFrame({"a": [1, 2, 3], "b": [2, 3, 1]}), "at least 3 item columns"),
        (pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 3, 1, 4], "c": [5, 5, 5, 5]}), "zero var"),
        (pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 2, 3, 4], "c": [2, 1, 4, 3]}), "singular"),
        (pd.DataFrame({"a": [1, 2], "b": [2, 3], "c": [3, 1]}), "three rows"),
    ],
)
def test_omega_rejects_bad_input(data: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mcdonald_omega(data)


def test_omega_listwise_needs_three_complete_rows() -> None:
    data = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, np.nan, 1, 4], "c": [3, 1, np.nan, 2]})
    with pytest.raises(ValueError, match="three complete rows"):
        mcdonald_omega(data, nan_policy="listwise")
    with pytest.raises(ValueError, match="nan_policy"):
        mcdonald_omega(data, nan_policy="pairwise")


# --- Spearman-Brown -------------------------------------------------------------------------


def test_spearman_brown_links_single_and_average_icc(shrout_fleiss_long: pd.DataFrame) -> None:
    # ICC(1,k) is the Spearman-Brown step-up of ICC(1,1) (Shrout & Fleiss 1979, eq. 12).
    res = icc(shrout_fleiss_long, targets="target", raters="judge", ratings="rating")
    for single, mean in (("ICC1", "ICC1k"), ("ICC3", "ICC3k")):
        stepped = spearman_brown(res.at[single, "ICC"], 4)
        assert stepped == pytest.approx(res.at[mean, "ICC"], abs=1e-12)


@pytest.mark.parametrize(
    ("rho", "k", "expected"),
    [(0.5, 1, 0.5), (0.5, 2, 2 / 3), (0, 5, 0.0), (1, 3, 1.0), (0.6, 0.5, 0.3 / 0.7)],
)
def test_spearman_brown_hand_values(rho: float, k: float, expected: float) -> None:
    assert spearman_brown(rho, k) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("rho", "target"), [(0.17, 0.7), (0.29, 0.8), (0.05, 0.9), (0.4, 0.41)])
def test_raters_needed_is_the_smallest_sufficient_number(rho: float, target: float) -> None:
    k = raters_needed(rho, target)
    assert spearman_brown(rho, k) >= target - 1e-12
    assert k == 1 or spearman_brown(rho, k - 1) < target


def test_raters_needed_does_not_round_up_an_exact_whole_number() -> None:
    assert raters_needed(0.5, 0.8) == 4  # 4 * .5 / (1 + 3 * .5) = .8 exactly
    assert raters_needed(0.9, 0.8) == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: spearman_brown(1.2, 2), "reliability must lie"),
        (lambda: spearman_brown(0.5, 0), "k must be greater than 0"),
        (lambda: spearman_brown("0.5", 2), "must be a number"),
        (lambda: raters_needed(0.0, 0.8), "must be > 0"),
        (lambda: raters_needed(0.3, 1.0), "target must be strictly"),
    ],
)
def test_spearman_brown_rejects_bad_input(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_omega_fiml_survives_a_heywood_case_and_sparse_overlap() -> None:
    # q1 is (almost) the factor itself; with this seed its unbounded ML uniqueness lies below
    # 0.005 of its variance, so it stops at that bound. Every pair of items shares only some rows.
    rng = np.random.default_rng(1)
    f = rng.normal(size=300)
    x = np.column_stack([f + rng.normal(0, 1e-3, 300), *(f + rng.normal(0, 1, (3, 300)))])
    x[rng.random(x.shape) < 0.4] = np.nan
    res = mcdonald_omega(pd.DataFrame(x, columns=["q1", "q2", "q3", "q4"]))
    variance = np.nanvar(x[:, 0])
    assert res.uniquenesses[0] == pytest.approx(0.005 * variance, rel=1e-6)
    assert 0.0 < res.omega <= 1.0
    assert all(u > 0 for u in res.uniquenesses)
