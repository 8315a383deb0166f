"""Careless-responding indices (#13) against plain re-implementations, hand-worked examples,
the R package careless's own test case, and values computed by careless 1.2.2 in R."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analytics.careless import INDICES, careless_indices, psychant

NAN = math.nan

# ---------------------------------------------------------------------------------------------
# Independent implementations: loops over rows and items, written from the R definitions.
# ---------------------------------------------------------------------------------------------


def ref_runs(row: list[float]) -> list[int]:
    """Run lengths as R's rle: NaN never equals anything, so each NaN is a run of 1."""
    runs: list[int] = []
    for k, value in enumerate(row):
        if k > 0 and not math.isnan(value) and value == row[k - 1]:
            runs[-1] += 1
        else:
            runs.append(1)
    return runs


def ref_pearson(x: list[float], y: list[float]) -> float:
    """Pearson r over the complete pairs; NaN below 2 pairs or with a constant side."""
    pairs = [(a, b) for a, b in zip(x, y, strict=True) if not (math.isnan(a) or math.isnan(b))]
    if len(pairs) < 2:
        return NAN
    xs, ys = [a for a, _ in pairs], [b for _, b in pairs]
    if len(set(xs)) == 1 or len(set(ys)) == 1:
        return NAN
    return float(np.corrcoef(xs, ys)[0, 1])


def ref_mean(values: list[float]) -> float:
    present = [v for v in values if not math.isnan(v)]
    return statistics.fmean(present) if present else NAN


def ref_irv(row: list[float]) -> float:
    present = [v for v in row if not math.isnan(v)]
    return statistics.stdev(present) if len(present) >= 2 else NAN


def ref_evenodd(row: list[float], sizes: list[int]) -> float:
    """R's evenodd for one row: items 1, 3, 5, ... of a factor are odd; 2, 4, ... are even."""
    even, odd, start = [], [], 0
    for size in sizes:
        items = row[start : start + size]
        start += size
        odd.append(ref_mean([items[k] for k in range(size) if (k + 1) % 2 == 1]))
        even.append(ref_mean([items[k] for k in range(size) if (k + 1) % 2 == 0]))
    r = ref_pearson(even, odd)
    if math.isnan(r):
        return NAN
    corrected = -1.0 if r == -1 else 2 * r / (1 + r)
    return -max(corrected, -1.0)


def ref_pairwise_cov(x: np.ndarray, i: int, j: int) -> float:
    rows = [k for k in range(len(x)) if not (np.isnan(x[k, i]) or np.isnan(x[k, j]))]
    a, b = x[rows, i], x[rows, j]
    return float(np.sum((a - a.mean()) * (b - b.mean())) / (len(rows) - 1))


def ref_mahad(x: np.ndarray) -> list[float]:
    """psych::outlier: pairwise covariance, centred rows, quadratic form over answered items."""
    p = x.shape[1]
    keep = [k for k in range(len(x)) if not np.isnan(x[k]).all()]
    sample = x[keep]
    cov = np.array([[ref_pairwise_cov(sample, i, j) for j in range(p)] for i in range(p)])
    inverse = np.linalg.inv(cov)
    means = [ref_mean(list(sample[:, j])) for j in range(p)]
    out = []
    for k in range(len(x)):
        seen = [j for j in range(p) if not np.isnan(x[k, j])]
        if not seen:
            out.append(NAN)
            continue
        c = np.array([x[k, j] - means[j] for j in seen])
        out.append(float(c @ inverse[np.ix_(seen, seen)] @ c))
    return out


def ref_psychsyn(x: np.ndarray, critval: float = 0.60, anto: bool = False) -> list[float]:
    """Pairs of items correlating beyond critval; per row, r across the pairs (> 2 pairs)."""
    p = x.shape[1]
    pairs = []
    for j in range(p):
        for i in range(j + 1, p):
            r = ref_pearson(list(x[:, i]), list(x[:, j]))
            if (r < -abs(critval)) if anto else (r > abs(critval)):
                pairs.append((i, j))
    out = []
    for row in x:
        complete = [(i, j) for i, j in pairs if not (np.isnan(row[i]) or np.isnan(row[j]))]
        if len(complete) <= 2:
            out.append(NAN)
        else:
            out.append(ref_pearson([row[i] for i, _ in complete], [row[j] for _, j in complete]))
    return out


def random_ballots(seed: int, n: int = 80, p: int = 12) -> pd.DataFrame:
    """Three correlated scales of 4 items (some reversed), answers 1-5, ~12% missing."""
    rng = np.random.default_rng(seed)
    loadings = np.repeat(np.eye(3), 4, axis=0) * rng.choice([-1.2, 1.2], size=(p, 1))
    raw = 3 + rng.normal(size=(n, 3)) @ loadings.T + rng.normal(scale=0.6, size=(n, p))
    x = np.clip(np.round(raw), 1, 5)
    x[rng.random((n, p)) < 0.12] = np.nan
    x[1] = 3.0  # a straight-liner
    x[2] = np.nan  # a blank ballot
    x[3, :] = np.nan
    x[3, 5] = 2.0  # a single answer
    return pd.DataFrame(x, index=[f"b{k}" for k in range(n)], columns=[f"i{j}" for j in range(p)])


SIZES = [3, 1, 5, 3]  # scales of 3, 1 (no even half), 5 and 3 items over the 12 columns


def scales_for(data: pd.DataFrame, sizes: list[int]) -> dict[str, list[str]]:
    cols, out, start = list(data.columns), {}, 0
    for k, size in enumerate(sizes):
        out[f"s{k}"] = cols[start : start + size]
        start += size
    return out


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_matches_plain_implementation(seed: int) -> None:
    data = random_ballots(seed)
    x = data.to_numpy()
    out = careless_indices(data, scales=scales_for(data, SIZES))
    rows = [list(r) for r in x]
    assert_allclose(out["longstring"], [max(ref_runs(r)) for r in rows])
    assert_allclose(out["avgstring"], [statistics.fmean(ref_runs(r)) for r in rows])
    assert_allclose(out["irv"], [ref_irv(r) for r in rows], rtol=1e-12)
    assert_allclose(out["evenodd"], [ref_evenodd(r, SIZES) for r in rows], rtol=1e-12)
    assert_allclose(out["mahad"], ref_mahad(x), rtol=1e-9)
    assert_allclose(out["psychsyn"], ref_psychsyn(x), rtol=1e-12, atol=1e-14)
    antonyms = psychant(data)
    assert_allclose(antonyms, ref_psychsyn(x, -0.60, anto=True), rtol=1e-12, atol=1e-14)
    assert out["psychsyn"].notna().sum() > 40 and antonyms.notna().sum() > 20


# ---------------------------------------------------------------------------------------------
# Hand-worked examples.
# ---------------------------------------------------------------------------------------------


def test_longstring_by_hand() -> None:
    data = pd.DataFrame(
        [
            [1, 1, 1, 2, 2, 3],  # runs 3, 2, 1: longest 3, mean 6 / 3 = 2
            [2, 2, NAN, NAN, 2, 2],  # runs 2, 1, 1, 2 (each NaN its own run): 2, 6 / 4 = 1.5
            [4, 4, 4, 4, 4, 4],  # one run of 6
            [1, 2, 1, 2, 1, 2],  # six runs of 1
        ]
    )
    out = careless_indices(data)
    assert out["longstring"].tolist() == [3, 2, 6, 1]
    assert out["avgstring"].tolist() == [2, 1.5, 6, 1]


def test_irv_by_hand() -> None:
    # [1, 2, 3, NaN]: mean 2, squares 1 + 0 + 1 = 2 over n - 1 = 2: sd 1.
    # [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, squares 32 over 7: sd sqrt(32 / 7).
    data = pd.DataFrame([[1, 2, 3] + [NAN] * 5, [2, 4, 4, 4, 5, 5, 7, 9]])
    assert_allclose(careless_indices(data)["irv"], [1.0, math.sqrt(32 / 7)])


def test_evenodd_by_hand() -> None:
    # Three scales of two items (odd item first). Odd means o, even means e per scale:
    # b1: o = 1, 2, 3; e = 1, 3, 2 -> r = 1 / sqrt(2 * 2) = .5 -> 2r / (1 + r) = 2/3 -> -2/3
    # b2: o = 1, 2, 3; e = 3, 2, 1 -> r = -1 -> corrected -inf, floored at -1 -> +1
    # b3: o = 1, 2, 3; e = 2, 3, 1 -> r = -.5 -> -1 / .5 = -2, floored at -1 -> +1
    # b4: o = 1, 2, 3; e = 2, 4, 6 -> r = 1 -> -1
    # b5: o = 1, 2, 3; e = 2, NaN, 4 -> two complete scales -> r = 1 -> -1
    # b6: o = 2, 2, 2 -> no variance -> NaN
    data = pd.DataFrame(
        [
            [1, 1, 2, 3, 3, 2],
            [1, 3, 2, 2, 3, 1],
            [1, 2, 2, 3, 3, 1],
            [1, 2, 2, 4, 3, 6],
            [1, 2, 2, NAN, 3, 4],
            [2, 1, 2, 3, 2, 5],
        ],
        columns=["a1", "a2", "b1", "b2", "c1", "c2"],
    )
    scales = {"A": ["a1", "a2"], "B": ["b1", "b2"], "C": ["c1", "c2"]}
    out = careless_indices(data, scales=scales)["evenodd"]
    assert_allclose(out, [-2 / 3, 1, 1, -1, -1, NAN])


def test_evenodd_uses_listed_order_and_drops_one_item_scales() -> None:
    # Listing C's items in reverse makes c2 the odd item: o = 1, 2, 2; e = 1, 3, 3 -> r = 1.
    # The one-item scale D has no even half and drops out.
    data = pd.DataFrame([[1, 1, 2, 3, 3, 2, 9]], columns=["a1", "a2", "b1", "b2", "c1", "c2", "d1"])
    scales = {"A": ["a1", "a2"], "B": ["b1", "b2"], "C": ["c2", "c1"], "D": ["d1"]}
    assert_allclose(careless_indices(data, scales=scales)["evenodd"], [-1.0])


def test_mahad_by_hand() -> None:
    # Pairwise covariance: x over (0, 1, 0, 1) has variance 1/3; y over (0, 0, 1) has 1/3;
    # the pairs of rows 1-3 give cov -1/6. S = [[1/3, -1/6], [-1/6, 1/3]], S^-1 = [[4, 2],
    # [2, 4]]. Column means 1/2 and 1/3. Row (0, 0): c = (-1/2, -1/3), D² = 1 + 2/3 + 4/9 =
    # 19/9; (1, 0): 1 - 2/3 + 4/9 = 7/9; (0, 1): 1 - 4/3 + 16/9 = 13/9; (1, NaN): the
    # missing deviation counts as 0, 4 * 1/4 = 1; the blank ballot is NaN.
    data = pd.DataFrame({"x": [0, 1, 0, 1, NAN], "y": [0, 0, 1, NAN, NAN]})
    assert_allclose(careless_indices(data)["mahad"], [19 / 9, 7 / 9, 13 / 9, 1, NAN])


def test_psychsyn_by_hand() -> None:
    # a, c, e are mutually uncorrelated (r = 0); b = a, d = c, f = e (r = 1). The synonym
    # pairs are (b, a), (d, c), (f, e), so each ballot correlates (a, c, e) with itself: 1,
    # except the first ballot, constant on them (NaN). Reversing b, d, f makes the same pairs
    # antonyms, each ballot correlating (a, c, e) with its negation: -1 (the first again NaN).
    a, c, e = [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]
    data = pd.DataFrame({"a": a, "b": a, "c": c, "d": c, "e": e, "f": e})
    assert_allclose(careless_indices(data)["psychsyn"], [NAN, 1, 1, 1])
    anto = pd.DataFrame({"a": a, "b": [-v for v in a], "c": c, "d": [-v for v in c]})
    anto = anto.assign(e=e, f=[-v for v in e])
    assert_allclose(psychant(anto), [NAN, -1, -1, -1])


# ---------------------------------------------------------------------------------------------
# Published worked example: careless's tests/testthat/test-longstring.R on
# inst/testdata/lonstring-test-data.csv expects longstring == c(1:9*10, 10).
# ---------------------------------------------------------------------------------------------


def careless_longstring_testdata() -> pd.DataFrame:
    """The package's 10 x 100 test data (checked cell by cell against the CSV): row k (1-9)
    opens with 10k ones, then alternates 0, 1; row 10 alternates blocks of ten 1s and ten 0s."""
    rows = [[1] * (10 * k) + [0, 1] * ((100 - 10 * k) // 2) for k in range(1, 10)]
    rows.append(([1] * 10 + [0] * 10) * 5)
    return pd.DataFrame(rows, columns=[f"X{j}" for j in range(1, 101)])


def test_careless_package_longstring_case() -> None:
    out = careless_indices(careless_longstring_testdata())
    assert out["longstring"].tolist() == [10 * k for k in range(1, 10)] + [10]
    # Row k has 1 + (100 - 10k) runs; row 10 has ten runs of ten.
    expected = [100 / (101 - 10 * k) for k in range(1, 10)] + [10]
    assert_allclose(out["avgstring"], expected)


# ---------------------------------------------------------------------------------------------
# Values computed by R 4.2.2 with careless 1.2.2 (R/*.R at ryentes/careless 0a84caf) and
# psych 2.2.9, on SMALL below saved as small.csv:
#   x <- read.csv("small.csv"); ls <- longstring(x, avg = TRUE)
#   ls$longstr; ls$avgstr; irv(x); evenodd(x, c(2, 1, 3, 2)); mahad(x, plot = FALSE)
#   psychsyn(x, .60, resample_na = FALSE); psychsyn(x, -.60, anto = TRUE, resample_na = FALSE)
# printed with sprintf("%.15g"). Ballot 8's D² is negative: the pairwise covariance is not
# positive definite, and R keeps the value.
# ---------------------------------------------------------------------------------------------

SMALL = [
    [5, NAN, NAN, 5, 1, 5, NAN, 5],
    [5, 4, NAN, 5, 2, 3, 3, 3],
    [5, 5, 1, 4, 4, 3, 3, 3],
    [5, 5, 1, 5, 3, 4, 3, 3],
    [2, 2, 2, 2, 2, 2, 2, 2],
    [3, 3, 2, 3, 3, 3, 2, 4],
    [3, 3, 3, 3, 4, 1, 3, 3],
    [4, 4, 2, NAN, 2, 3, 3, 4],
    [3, 2, 4, 3, NAN, 5, 1, 5],
    [NAN] * 8,
    [5, 4, 2, 5, 4, 2, 4, 2],
    [5, 5, 1, 5, 4, 1, 5, NAN],
    [NAN, NAN, NAN, NAN, NAN, 1, NAN, NAN],
    [2, 2, 4, 1, 5, 1, 5, 1],
]

R_SMALL = {
    "longstring": [1, 3, 3, 2, 8, 3, 4, 2, 1, 1, 1, 2, 1, 2],
    "avgstring": [1, 1.33333333333333, 2, 1.33333333333333, 8, 1.6, 2, 1.33333333333333,
                  1, 1, 1, 1.14285714285714, 1, 1.14285714285714],
    "irv": [1.78885438199983, 1.13389341902768, 1.30930734141595, 1.40788595317336, 0,
            0.640869944461656, 0.83452296039628, 0.899735410842437, 1.49602648308619, NAN,
            1.30930734141595, 1.88982236504614, NAN, 1.76776695296637],
    "evenodd": [NAN, -0.666666666666667, -0.979991993593593, -0.818926870714066, NAN, 1, 1,
                -0.666666666666667, 1, NAN, -0.31788908312068, -1, NAN, 1],
    "mahad": [6.14229917822622, 4.95138055016197, 1.78831191357194, 4.04049247333493,
              7.82456621633592, 0.94464898189195, 3.16218287124005, -0.598158726063795,
              5.03648363165128, NAN, 10.7493804542343, 4.84878902277756, 4.46190693942875,
              10.2661719051739],
    "psychsyn": [NAN, 0.76696498884737, 0.801783725737273, 0.918558653543692, NAN, NAN, NAN,
                 0.866025403784439, 0.789473684210526, NAN, 0.833333333333333, NAN, NAN,
                 0.951733734533601],
    "psychant": [NAN, NAN, -0.871613980178518, -0.942880899288931, NAN, -0.488093530091976,
                 -0.440958551844098, -0.75, -0.938314863256836, NAN, -0.921284663987611,
                 -0.979957887012223, NAN, -0.978497192378814],
}  # fmt: skip


def test_matches_r_careless() -> None:
    data = pd.DataFrame(SMALL, columns=[f"q{j}" for j in range(1, 9)])
    out = careless_indices(data, scales=scales_for(data, [2, 1, 3, 2]))
    for name in INDICES:
        assert_allclose(out[name], R_SMALL[name], rtol=1e-12, atol=1e-13, err_msg=name)
    assert_allclose(psychant(data), R_SMALL["psychant"], rtol=1e-12, err_msg="psychant")


# ---------------------------------------------------------------------------------------------
# Shape, edge cases and bad input.
# ---------------------------------------------------------------------------------------------


def test_output_frame_shape() -> None:
    data = random_ballots(7)
    out = careless_indices(data)
    assert list(out.columns) == list(INDICES)
    assert out.index.equals(data.index)
    assert out["evenodd"].isna().all()  # no scales, no even-odd
    assert psychant(data).name == "psychant" and psychant(data).index.equals(data.index)


def test_constant_and_blank_rows() -> None:
    data = random_ballots(5)
    out = careless_indices(data, scales=scales_for(data, SIZES))
    constant, blank = out.loc["b1"], out.loc["b2"]
    assert constant["irv"] == 0 and constant["longstring"] == 12 == constant["avgstring"]
    assert np.isnan(constant["psychsyn"]) and np.isnan(constant["evenodd"])
    assert np.isfinite(constant["mahad"])
    # R's rle makes every NaN a run of 1, so a blank ballot has longstring 1.
    assert blank["longstring"] == 1 == blank["avgstring"]
    assert blank[["irv", "evenodd", "mahad", "psychsyn"]].isna().all()
    single = out.loc["b3"]  # one answer: no sd, no pairs
    assert np.isnan(single["irv"]) and np.isnan(single["psychsyn"])


def test_single_column() -> None:
    # R's psych::outlier fails on one item; the same formula gives (x - mean)² / var:
    # mean 2.5, var 5/3 -> 2.25 * 3/5 = 1.35 and 0.25 * 3/5 = 0.15.
    out = careless_indices(pd.DataFrame({"q": [1, 2, 3, 4, NAN]}), scales={"A": ["q"]})
    assert out["longstring"].tolist() == [1] * 5 and out["avgstring"].tolist() == [1] * 5
    assert out[["irv", "evenodd", "psychsyn"]].isna().all().all()
    assert_allclose(out["mahad"], [1.35, 0.15, 0.15, 1.35, NAN])


def test_one_item_scales_and_single_scale_give_nan() -> None:
    data = random_ballots(3)
    ones = {f"s{k}": [c] for k, c in enumerate(data.columns)}
    assert careless_indices(data, scales=ones)["evenodd"].isna().all()
    single = {"all": list(data.columns)}  # R stops: even-odd needs several factors
    assert careless_indices(data, scales=single)["evenodd"].isna().all()


def test_undefined_sample_statistics_are_nan() -> None:
    wide = pd.DataFrame(np.arange(12.0).reshape(3, 4))  # more items than ballots: singular
    assert careless_indices(wide)["mahad"].isna().all()
    noise = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 4, 1, 3], "c": [3, 1, 2, 4]})
    assert careless_indices(noise)["psychsyn"].isna().all()  # no pair above .60
    assert psychant(noise, critval=-0.99).isna().all()  # no pair below -.99


def test_non_numeric_column_is_named() -> None:
    data = pd.DataFrame({"q1": [1, 2], "comment": ["ok", "no"]})
    with pytest.raises(ValueError, match="'comment'"):
        careless_indices(data)
    with pytest.raises(ValueError, match="'comment'"):
        psychant(data)


def test_bad_scales_are_named() -> None:
    data = random_ballots(1)
    with pytest.raises(ValueError, match=r"scales\['B'\] names 'nope'"):
        careless_indices(data, scales={"A": ["i0", "i1"], "B": ["i2", "nope"]})
    with pytest.raises(ValueError, match=r"scales\['B'\] must be a non-empty list"):
        careless_indices(data, scales={"A": ["i0", "i1"], "B": []})
    with pytest.raises(ValueError, match="scales must map"):
        careless_indices(data, scales=["i0", "i1"])


def test_nullable_integers_and_repeated_columns() -> None:
    data = pd.DataFrame({"a": [1, 2, None, 4], "b": [1, 2, 3, None]}, dtype="Int64")
    assert careless_indices(data)["longstring"].tolist() == [2, 2, 1, 1]
    with pytest.raises(ValueError, match="'a' more than once"):
        careless_indices(pd.DataFrame([[1, 2]], columns=["a", "a"]))


def test_bad_data() -> None:
    with pytest.raises(ValueError, match="DataFrame"):
        careless_indices([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="empty"):
        careless_indices(pd.DataFrame())
    with pytest.raises(ValueError, match="critval"):
        psychant(random_ballots(1), critval="high")
