"""rwg / rwg_j / awg and McDonald's omega against published examples and R reference output.

The data and every reference number are stored in tests/analytics/data (R is not needed here);
each CSV's header cites its source. data/r_reference_omega_rwg.R regenerates the R values.

* rwg: LeBreton, Moeller & Wittmer's WGA tutorial prints summaries of rwg (uniform null) for
  item LEAD06 of multilevel's ``lq2002`` (2 decimals). Per-company rwg, rwg(J) and awg are also
  checked against R ``multilevel`` 2.7 (R output, not a published example: the multilevel
  documentation shipped with R prints no rwg / rwg.j / awg output).
* omega (FIML, the default): the one-factor openness example of Flora (2020) as run and printed
  by Arenas (2021): lavaan estimates, log-likelihood and semTools omega; plus lavaan FIML output
  on random data with missing values.
* omega (listwise): R output of factanal and semTools::compRelSEM(obs.var=FALSE) on the data
  of the published psychTools omega example, whose printed descriptives pin the data (the
  omega printed there is a multi-factor minres Schmid-Leiman estimate, a different estimator).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics import mcdonald_omega, rwg
from analytics._factor import one_factor_fiml

DATA = Path(__file__).parent / "data"
LEAD = [f"LEAD{i:02d}" for i in range(1, 12)]
REVERSED = ["at.ease", "calm", "confident", "content", "relaxed"]
TENSION = ["anxious", "jittery", "nervous", "tense", "upset"]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, comment="#")


@pytest.fixture(scope="module")
def lq2002_long() -> pd.DataFrame:
    """lq2002 leadership items, long: COMPID, SUB, item, score."""
    wide = _read("lq2002_lead.csv")
    return wide.melt(id_vars=["COMPID", "SUB"], var_name="item", value_name="score")


@pytest.fixture(scope="module")
def r_multilevel() -> pd.DataFrame:
    return _read("lq2002_r_multilevel.csv").set_index("COMPID")


@pytest.fixture(scope="module")
def anxiety() -> pd.DataFrame:
    return _read("sai_anxiety.csv")


def _agreement(long: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    subset = long[long["item"].isin(items)]
    return rwg(subset, groups="COMPID", items="item", ratings="score", scale_points=5)


# --- rwg / rwg_j / awg ----------------------------------------------------------------------


def test_rwg_reproduces_published_wga_tutorial_lead06(lq2002_long: pd.DataFrame) -> None:
    # WGA tutorial, Step 4a (see data/lq2002_lead.csv): 49 companies, uniform null, LEAD06:
    # mean rwg .51, 59% of companies above the .51 cutoff, 90th percentile 0.72 (R quantile
    # type 7 = pandas' linear). Printed to 2 decimals, so compared after rounding.
    res = _agreement(lq2002_long, ["LEAD06"])["rwg"]
    assert len(res) == 49
    assert round(res.mean(), 2) == 0.51
    assert round(float((res > 0.51).mean()), 2) == 0.59
    assert round(res.quantile(0.9), 2) == 0.72


def test_rwg_rwgj_awg_equal_r_multilevel_per_company(
    lq2002_long: pd.DataFrame, r_multilevel: pd.DataFrame
) -> None:
    # R output (multilevel 2.7), not a published example; written with 15 significant digits.
    single6 = _agreement(lq2002_long, ["LEAD06"])
    single5 = _agreement(lq2002_long, ["LEAD05"])
    scale = _agreement(lq2002_long, LEAD)
    ref = r_multilevel
    assert list(scale.index) == list(ref.index)
    tol = dict(rel=0, abs=1e-12)
    assert single6["rwg"].to_numpy() == pytest.approx(ref["rwg_LEAD06"].to_numpy(), **tol)
    assert scale["rwg_j"].to_numpy() == pytest.approx(ref["rwgj_LEAD"].to_numpy(), **tol)
    assert single5["awg"].to_numpy() == pytest.approx(ref["awg_LEAD05"].to_numpy(), **tol)
    assert scale["awg"].to_numpy() == pytest.approx(ref["awgj_LEAD"].to_numpy(), **tol)
    assert (scale["n_raters"] == ref["gsize"]).all()
    assert (scale["n_raters"] == ref["awgj_nraters"]).all()
    assert (scale["n_items"] == ref["awgj_nitems"]).all()
    assert single5["awg"].min() < 0  # company 57: awg is not truncated, unlike rwg


# --- McDonald's omega -----------------------------------------------------------------------

# psychTools omega vignette, section 4.4, describe(anxiety), p. 17: n and mean of each item.
PUBLISHED_DESCRIBE = {
    "anxious": (5317, 1.69),
    "jittery": (5291, 1.51),
    "nervous": (5297, 1.43),
    "tense": (5338, 1.65),
    "upset": (5330, 1.37),
    "at.ease": (5334, 2.60),
    "calm": (5345, 2.73),
    "confident": (5302, 2.68),
    "content": (5275, 2.48),
    "relaxed": (5280, 2.48),
}


def test_sai_data_is_the_published_example(anxiety: pd.DataFrame) -> None:
    assert len(anxiety) == 5378  # n.obs printed by omega(anxiety, 2)
    for item, (n, mean) in PUBLISHED_DESCRIBE.items():
        assert anxiety[item].count() == n
        assert round(anxiety[item].mean(), 2) == mean


def _recoded_complete(anxiety: pd.DataFrame) -> pd.DataFrame:
    complete = anxiety.dropna()
    return complete.assign(**{c: 5 - complete[c] for c in REVERSED})


def test_omega_equals_r_one_factor_ml_on_sai_anxiety(anxiety: pd.DataFrame) -> None:
    # R output, not a published example (see data/sai_anxiety.csv). factanal and semTools agree
    # to 6e-9; the tolerance 1e-6 allows for the ML optimizers' convergence.
    data = _recoded_complete(anxiety)
    res = mcdonald_omega(data, nan_policy="listwise")
    assert (res.n, res.k) == (5240, 10)
    assert res.omega == pytest.approx(0.8758841667, abs=1e-6)  # semTools compRelSEM
    assert res.omega == pytest.approx(0.8758841607, abs=1e-6)  # factanal + formula
    standardized = pd.Series(res.loadings, index=data.columns) / data.std(ddof=1)
    factanal = [0.515599, 0.521595, 0.557884, 0.661120, 0.484905,
                0.818812, 0.805236, 0.472610, 0.652312, 0.810784]  # fmt: skip
    assert standardized.to_numpy() == pytest.approx(factanal, abs=2e-5)
    # Not the observed-variance variants (different estimators, quoted for contrast).
    assert abs(res.omega - 0.8663000235) > 0.005  # compRelSEM(obs.var=TRUE)
    assert abs(res.omega - 0.8739086812) > 0.001  # psych omega(nfactors=1, fm="ml")


def test_omega_equals_r_one_factor_ml_on_sai_tension_items(anxiety: pd.DataFrame) -> None:
    data = anxiety.dropna()[TENSION]  # the same 5,240 rows R used
    res = mcdonald_omega(data, nan_policy="listwise")
    assert res.n == 5240
    assert res.omega == pytest.approx(0.8423283353, abs=1e-6)  # semTools compRelSEM
    assert res.omega == pytest.approx(0.8423283497, abs=1e-6)  # factanal + formula


def test_fiml_and_listwise_give_the_same_omega_on_complete_data(anxiety: pd.DataFrame) -> None:
    # With no missing value FIML is ordinary ML: the loadings differ only by the n vs n - 1
    # scaling of the covariances, which cancels in omega.
    data = anxiety.dropna()[TENSION]
    fiml, listwise = mcdonald_omega(data), mcdonald_omega(data, nan_policy="listwise")
    assert (fiml.method, listwise.method) == ("fiml", "ml")
    assert fiml.omega == pytest.approx(listwise.omega, abs=1e-9)


# --- omega by FIML: Flora (2020) / Arenas (2021), openness items of bfi ----------------------

# Printed by Arenas (2021) from lavaan 0.6-9 (see data/bfi_openness.csv), 3 decimals.
PRINTED_LOADINGS = [0.622, 0.684, 0.794, 0.361, 0.685]
PRINTED_INTERCEPTS = [4.816, 4.287, 4.436, 4.893, 4.509]
PRINTED_RESIDUALS = [0.888, 1.981, 0.860, 1.361, 1.294]


@pytest.fixture(scope="module")
def openness() -> pd.DataFrame:
    data = _read("bfi_openness.csv")
    return data.assign(O2=7 - data["O2"], O5=7 - data["O5"])  # negatively worded, as printed


def test_omega_fiml_reproduces_the_published_openness_example(openness: pd.DataFrame) -> None:
    res = mcdonald_omega(openness)
    assert (res.method, res.n, res.k) == ("fiml", 2800, 5)
    assert [round(x, 3) for x in res.loadings] == PRINTED_LOADINGS
    assert [round(x, 3) for x in res.uniquenesses] == PRINTED_RESIDUALS
    # Printed omega 0.6079033 is where lavaan's default tolerance (rel.tol 1e-10) stops; run on
    # to rel.tol 1e-12, lavaan reaches 0.6079036235 (R output). Both are checked.
    assert res.omega == pytest.approx(0.6079033, abs=5e-7)
    assert res.omega == pytest.approx(0.6079036235, abs=2e-8)


def test_fiml_fit_has_the_published_likelihood_patterns_and_means(openness: pd.DataFrame) -> None:
    fit = one_factor_fiml(openness.to_numpy(dtype=float))
    assert fit.patterns == 7  # "Number of missing patterns 7"
    assert round(fit.loglik, 3) == -22581.302  # "Loglikelihood user model (H0)"
    assert [round(x, 3) for x in fit.mean] == PRINTED_INTERCEPTS
    # At least as high as lavaan's own optimum, run to rel.tol 1e-12 (R output).
    assert fit.loglik >= -22581.3017028154 - 1e-9


@pytest.fixture(scope="module")
def lavaan_fiml() -> pd.DataFrame:
    return _read("fiml_random_lavaan.csv").set_index("set")


@pytest.mark.parametrize("set_id", [1, 2, 3, 4])
def test_omega_fiml_equals_lavaan_on_random_data_with_missing_values(
    set_id: int, lavaan_fiml: pd.DataFrame
) -> None:
    # R output (not published). The likelihood is flat near the optimum of a small sample, so
    # estimates agree to ~1e-6 while the maximized log-likelihoods agree to 1e-7.
    long = _read("fiml_random.csv")
    wide = long[long["set"] == set_id].pivot(index="row", columns="item", values="value")
    ref = lavaan_fiml.loc[set_id]
    assert wide.isna().any().any()
    res = mcdonald_omega(wide)
    assert (res.n, res.k) == (ref["n"], ref["k"])
    assert res.omega == pytest.approx(ref["omega"], abs=1e-6)
    lam = [float(v) for v in ref["loadings"].split()]
    psi = [float(v) for v in ref["uniquenesses"].split()]
    assert res.loadings == pytest.approx(lam, abs=5e-6)
    assert res.uniquenesses == pytest.approx(psi, abs=5e-6)
    fit = one_factor_fiml(wide.to_numpy(dtype=float))
    assert fit.loglik == pytest.approx(ref["loglik"], abs=1e-7)
