"""ICC, Krippendorff's alpha and rwg/awg against published values and independent code."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest
from scipy import stats

from analytics import icc, krippendorff_alpha, rwg

# --- ICC ------------------------------------------------------------------------------------

# Shrout & Fleiss (1979), table 4, for the data in data/shrout_fleiss_1979.csv.
SHROUT_FLEISS = {
    "ICC1": 0.17,
    "ICC2": 0.29,
    "ICC3": 0.71,
    "ICC1k": 0.44,
    "ICC2k": 0.62,
    "ICC3k": 0.91,
}


def test_icc_reproduces_shrout_fleiss_1979_table(shrout_fleiss_long: pd.DataFrame) -> None:
    res = icc(shrout_fleiss_long, targets="target", raters="judge", ratings="rating")
    assert res.attrs["design"] == "crossed"
    assert res["valid"].all()
    for form, published in SHROUT_FLEISS.items():
        assert res.at[form, "ICC"] == pytest.approx(published, abs=0.005), form


def _crossed(rng: np.random.Generator, n: int, k: int) -> pd.DataFrame:
    true = rng.normal(size=(n, 1))
    bias = rng.normal(scale=0.5, size=(1, k))
    wide = true + bias + rng.normal(scale=0.8, size=(n, k))
    return pd.DataFrame(
        [(f"s{t}", f"r{j}", wide[t, j]) for t in range(n) for j in range(k)],
        columns=["subject", "rater", "score"],
    )


@pytest.mark.parametrize(("seed", "n", "k"), [(0, 8, 3), (1, 15, 5), (2, 30, 2), (3, 6, 7)])
def test_icc_equals_pingouin_on_crossed_random_data(
    seed: int, n: int, k: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(pingouin.options, "round.column.CI95", None)
    data = _crossed(np.random.default_rng(seed), n, k)
    ref = pingouin.intraclass_corr(data, targets="subject", raters="rater", ratings="score")
    res = icc(data, targets="subject", raters="rater", ratings="score")
    for column in ("ICC", "F", "df1", "df2", "pval"):
        np.testing.assert_allclose(res[column], ref[column], rtol=0, atol=1e-9)
    ci = np.vstack(ref["CI95"].to_numpy())
    np.testing.assert_allclose(res[["ci_low", "ci_high"]], ci, rtol=0, atol=1e-9)


def _nested_unbalanced(rng: np.random.Generator, sizes: list[int]) -> pd.DataFrame:
    rows = []
    for t, size in enumerate(sizes):
        level = rng.normal()
        rows += [(f"s{t}", f"s{t}-r{j}", level + rng.normal()) for j in range(size)]
    return pd.DataFrame(rows, columns=["subject", "rater", "score"])


@pytest.mark.parametrize("seed", range(4))
def test_icc_oneway_unbalanced_matches_scipy_anova_and_k0(seed: int) -> None:
    rng = np.random.default_rng(seed)
    sizes = list(rng.integers(2, 9, size=12))
    data = _nested_unbalanced(rng, sizes)
    res = icc(data, targets="subject", raters="rater", ratings="score")
    groups = [g["score"].to_numpy() for _, g in data.groupby("subject")]
    f_value, p_value = stats.f_oneway(*groups)
    n_i = np.array(sizes, dtype=float)
    k0 = (n_i.sum() - (n_i**2).sum() / n_i.sum()) / (len(n_i) - 1)
    assert res.attrs["design"] == "nested"
    assert res.attrs["k"] == pytest.approx(k0, abs=1e-12)
    assert res.at["ICC1", "F"] == pytest.approx(f_value, abs=1e-9)
    assert res.at["ICC1", "pval"] == pytest.approx(p_value, abs=1e-9)
    # (MSB - MSW) / (MSB + (k0 - 1) MSW) written with F = MSB / MSW.
    assert res.at["ICC1", "ICC"] == pytest.approx((f_value - 1) / (f_value + k0 - 1), abs=1e-9)
    assert res.at["ICC1k", "ICC"] == pytest.approx(1 - 1 / f_value, abs=1e-9)
    assert (res.at["ICC1", "df1"], res.at["ICC1", "df2"]) == (11, n_i.sum() - 12)


def test_icc_nested_balanced_equals_pingouin_one_way_forms(rng: np.random.Generator) -> None:
    data = _nested_unbalanced(rng, [4] * 10)
    relabelled = data.assign(rater=data["rater"].str.split("-").str[1])  # crossed labels
    ref = pingouin.intraclass_corr(
        relabelled, targets="subject", raters="rater", ratings="score"
    ).set_index("Type")
    res = icc(data, targets="subject", raters="rater", ratings="score")
    assert res.at["ICC1", "ICC"] == pytest.approx(ref.at["ICC(1,1)", "ICC"], abs=1e-9)
    assert res.at["ICC1k", "ICC"] == pytest.approx(ref.at["ICC(1,k)", "ICC"], abs=1e-9)


def test_icc_reports_which_forms_a_nested_design_supports(rng: np.random.Generator) -> None:
    res = icc(
        _nested_unbalanced(rng, [3, 5, 4, 2, 6]), targets="subject", raters="rater", ratings="score"
    )
    assert res.index.tolist() == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    assert res["valid"].tolist() == [True, False, False, True, False, False]
    assert res.loc[~res["valid"], ["ICC", "F", "ci_low"]].isna().all().all()
    assert res.loc[~res["valid"], "reason"].str.contains("crossed").all()
    assert (res.loc[res["valid"], "reason"] == "").all()


def test_icc_incomplete_crossed_design_falls_back_to_one_way(rng: np.random.Generator) -> None:
    data = _crossed(rng, 8, 4).iloc[1:]  # one missing cell
    res = icc(data, targets="subject", raters="rater", ratings="score")
    assert res.attrs["design"] == "incomplete"
    assert res["valid"].sum() == 2


def test_icc_nan_policy(rng: np.random.Generator) -> None:
    data = _crossed(rng, 8, 3)
    data.loc[0, "score"] = np.nan
    with pytest.raises(ValueError, match="missing ratings"):
        icc(data, targets="subject", raters="rater", ratings="score")
    res = icc(data, targets="subject", raters="rater", ratings="score", nan_policy="omit")
    expected = icc(data.dropna(), targets="subject", raters="rater", ratings="score")
    pd.testing.assert_frame_equal(res, expected)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.rename(columns={"score": "x"}), "ratings='score' is not a column"),
        (lambda d: d.assign(score=d["score"].astype(str)), "must be numeric"),
        (lambda d: pd.concat([d, d.iloc[:1]]), "occurs more than once"),
        (lambda d: d[d["subject"] == "s0"], "at least two targets"),
        (lambda d: d[d["rater"] == "r0"], "two or more ratings"),
    ],
)
def test_icc_rejects_bad_input(mutate, message: str, rng: np.random.Generator) -> None:
    with pytest.raises(ValueError, match=message):
        icc(mutate(_crossed(rng, 5, 3)), targets="subject", raters="rater", ratings="score")


def test_agreement_functions_do_not_mutate_input(rng: np.random.Generator) -> None:
    data = _crossed(rng, 6, 3)
    data.loc[2, "score"] = np.nan
    data["item"] = "q1"
    data["score_int"] = rng.integers(1, 6, size=len(data)).astype(float)
    before = data.copy()
    icc(data, targets="subject", raters="rater", ratings="score", nan_policy="omit")
    krippendorff_alpha(data, units="subject", raters="rater", values="score_int", level="ordinal")
    rwg(data, groups="subject", items="item", ratings="score_int", scale_points=5)
    pd.testing.assert_frame_equal(data, before)


# --- Krippendorff's alpha -------------------------------------------------------------------

# Krippendorff (2011), section C, for data/krippendorff_2011.csv.
KRIPPENDORFF_2011 = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


@pytest.mark.parametrize(("level", "published"), KRIPPENDORFF_2011.items())
def test_krippendorff_reproduces_published_example(
    krippendorff_long: pd.DataFrame, level: str, published: float
) -> None:
    value = krippendorff_alpha(
        krippendorff_long, units="unit", raters="observer", values="value", level=level
    )
    assert value == pytest.approx(published, abs=5e-4)


def _reliability_matrix(rng: np.random.Generator, raters: int, units: int) -> np.ndarray:
    truth = rng.integers(1, 6, size=units)
    noise = rng.integers(-1, 2, size=(raters, units)) * (rng.random((raters, units)) < 0.4)
    matrix = np.clip(truth + noise, 1, 5).astype(float)
    matrix[rng.random((raters, units)) < 0.25] = np.nan
    return matrix


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
@pytest.mark.parametrize("seed", range(5))
def test_krippendorff_equals_krippendorff_package(level: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    matrix = _reliability_matrix(rng, raters=3 + seed, units=25 + 5 * seed)
    long = (
        pd.DataFrame(matrix)
        .rename_axis("rater")
        .reset_index()
        .melt(id_vars="rater", var_name="unit", value_name="value")
    )
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)
    value = krippendorff_alpha(long, units="unit", raters="rater", values="value", level=level)
    assert value == pytest.approx(float(expected), abs=1e-9)


def test_krippendorff_nominal_accepts_labels(krippendorff_long: pd.DataFrame) -> None:
    labels = krippendorff_long.assign(
        value=krippendorff_long["value"].map({1: "a", 2: "b", 3: "c", 4: "d", 5: "e"})
    )
    value = krippendorff_alpha(
        labels, units="unit", raters="observer", values="value", level="nominal"
    )
    assert value == pytest.approx(KRIPPENDORFF_2011["nominal"], abs=5e-4)


def test_krippendorff_is_nan_without_variation_and_one_with_perfect_agreement() -> None:
    same = pd.DataFrame({"u": [1, 1, 2, 2], "r": [1, 2, 1, 2], "v": [3, 3, 3, 3]})
    assert math.isnan(krippendorff_alpha(same, units="u", raters="r", values="v", level="interval"))
    perfect = same.assign(v=[3, 3, 4, 4])
    assert krippendorff_alpha(perfect, units="u", raters="r", values="v", level="ordinal") == 1.0


@pytest.mark.parametrize(
    ("frame", "kwargs", "message"),
    [
        ({"u": [1, 1], "r": [1, 2], "v": [1, 2]}, {"level": "circular"}, "level must be one of"),
        ({"u": [1, 2], "r": [1, 1], "v": [1, 2]}, {"level": "nominal"}, "no unit has two"),
        ({"u": [1, 1], "r": [1, 1], "v": [1, 2]}, {"level": "nominal"}, "more than once"),
        ({"u": [1, 1], "r": [1, 2], "v": [-1, 2]}, {"level": "ratio"}, "non-negative"),
        ({"u": [1, 1], "r": [1, 2], "v": ["a", "b"]}, {"level": "interval"}, "numeric"),
    ],
)
def test_krippendorff_rejects_bad_input(frame: dict, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha(pd.DataFrame(frame), units="u", raters="r", values="v", **kwargs)


# --- rwg / awg ------------------------------------------------------------------------------


def _r_var(x: np.ndarray) -> float:
    return float(np.var(x, ddof=1))


def _multilevel_awg(x: np.ndarray, low: float, high: float) -> float:
    """Transliteration of R multilevel 2.7 ``awg`` for one item (Bliese; CRAN source)."""
    m, k = x.mean(), len(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        a_wg = 1 - (2 * _r_var(x)) / (((high + low) * m - m**2 - high * low) * (k / (k - 1)))
    if m < (low * (k - 1) + high) / k or m > (high * (k - 1) + low) / k:
        a_wg = math.nan
    if m in (high, low):
        a_wg = 1.0
    return a_wg


def _multilevel_rwg_j(q: np.ndarray, ranvar: float) -> float:
    """Transliteration of R multilevel 2.7 ``rwg.j`` (and ``rwg`` when one column)."""
    j = q.shape[1]
    s = np.mean([_r_var(q[:, i]) for i in range(j)])
    s = min(s, ranvar)
    return (j * (1 - s / ranvar)) / (j * (1 - s / ranvar) + s / ranvar)


@pytest.mark.parametrize(
    ("seed", "n_items", "points"), [(0, 1, 5), (1, 4, 5), (2, 6, 7), (3, 1, 3)]
)
def test_rwg_and_awg_equal_r_multilevel_transliteration(
    seed: int, n_items: int, points: int
) -> None:
    rng = np.random.default_rng(seed)
    rows, reference = [], {}
    for g in range(15):
        size = int(rng.integers(2, 9))
        centre = rng.integers(1, points + 1)
        q = np.clip(
            centre
            + rng.integers(-1, 2, size=(size, n_items))
            * (rng.random((size, n_items)) < 0.5 + g / 40),
            1,
            points,
        ).astype(float)
        rows += [(g, f"i{i}", q[r, i]) for r in range(size) for i in range(n_items)]
        awgs = [
            a
            for a in (_multilevel_awg(q[:, i], 1, points) for i in range(n_items))
            if not math.isnan(a)
        ]
        reference[g] = (
            _multilevel_rwg_j(q, (points**2 - 1) / 12),
            np.mean(awgs) if awgs else math.nan,
        )
    data = pd.DataFrame(rows, columns=["group", "item", "score"])
    res = rwg(data, groups="group", items="item", ratings="score", scale_points=points)
    expected = pd.DataFrame.from_dict(reference, orient="index", columns=["rwg_j", "awg"])
    np.testing.assert_allclose(res["rwg_j"], expected["rwg_j"], atol=1e-12)
    np.testing.assert_allclose(res["awg"], expected["awg"], atol=1e-12)
    if n_items == 1:
        np.testing.assert_allclose(res["rwg"], res["rwg_j"], atol=0)
    else:
        assert res["rwg"].isna().all()


def test_rwg_hand_computations() -> None:
    # Group a, one item, 5 points: s2 = 2/3, sigma_EU = (25-1)/12 = 2 -> rwg = 2/3.
    # awg: M = 4, max variance [(5+1)4 - 16 - 5] * 4/3 = 4 -> 1 - 2(2/3)/4 = 2/3.
    # Group b: s2 = 16/3 > 2 -> truncated to rwg 0; awg = 1 - 2(16/3)/(16/3) = -1.
    # Group c: every rating 5 -> rwg 1, awg 1 (all at the scale maximum).
    data = pd.DataFrame(
        {"g": list("aaaabbbbccc"), "i": "q", "x": [3, 4, 4, 5, 1, 5, 1, 5, 5, 5, 5]}
    )
    res = rwg(data, groups="g", items="i", ratings="x", scale_points=5)
    np.testing.assert_allclose(res["rwg"], [2 / 3, 0.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(res["awg"], [2 / 3, -1.0, 1.0], atol=1e-12)


def test_rwg_j_hand_computation_with_missing_rating() -> None:
    # Items q1 = [2, 3, 4] (s2 = 1) and q2 = [3, 3] (one rating missing, s2 = 0);
    # mean s2 = .5, sigma_EU = 2, ratio .25 -> rwg(2) = 2(.75) / (2(.75) + .25) = 6/7.
    data = pd.DataFrame(
        {"g": "a", "i": ["q1", "q1", "q1", "q2", "q2", "q2"], "x": [2, 3, 4, 3, 3, np.nan]}
    )
    res = rwg(data, groups="g", items="i", ratings="x", scale_points=5)
    assert res.at["a", "rwg_j"] == pytest.approx(6 / 7, abs=1e-12)
    assert (res.at["a", "n_raters"], res.at["a", "n_items"]) == (3, 2)


def test_rwg_single_rater_group_is_nan() -> None:
    data = pd.DataFrame({"g": ["a", "b", "b"], "i": "q", "x": [3, 3, 4]})
    res = rwg(data, groups="g", items="i", ratings="x", scale_points=5)
    assert math.isnan(res.at["a", "rwg"]) and math.isnan(res.at["a", "awg"])


def test_rwg_scale_min_shifts_the_scale() -> None:
    one_based = pd.DataFrame({"g": "a", "i": "q", "x": [3, 4, 4, 5]})
    zero_based = one_based.assign(x=one_based["x"] - 1)
    a = rwg(one_based, groups="g", items="i", ratings="x", scale_points=5)
    b = rwg(zero_based, groups="g", items="i", ratings="x", scale_points=5, scale_min=0)
    np.testing.assert_allclose(a[["rwg", "awg"]], b[["rwg", "awg"]], atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scale_points": 1}, "scale_points must be at least 2"),
        ({"scale_points": 4.5}, "scale_points must be an integer"),
        ({"scale_points": 3}, r"must lie in \[1, 3\]"),
        ({"scale_points": 5, "items": "nope"}, "items='nope' is not a column"),
    ],
)
def test_rwg_rejects_bad_input(kwargs: dict, message: str) -> None:
    data = pd.DataFrame({"g": "a", "i": "q", "x": [3, 4, 4, 5]})
    arguments = {"groups": "g", "items": "i", "ratings": "x", **kwargs}
    with pytest.raises(ValueError, match=message):
        rwg(data, **arguments)
