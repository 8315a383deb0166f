"""Colluding raters (#13): match shares against a plain loop, power on planted pairs, the
family-wise calibration of the permutation threshold, and the edge cases."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

from analytics.collusion import PAIR_COLUMNS, colluding_pairs, match_matrix

GRADES = ["excellent", "competent", "basically_competent", "incompetent"]
CONCENTRATED = [0.60, 0.30, 0.08, 0.02]
COLUMNS = {"ballot": "ballot", "subject": "subject", "item": "item", "value": "grade"}


def hall(
    rng: np.random.Generator, n_ballots: int, n_subjects: int, n_items: int, p=CONCENTRATED
) -> np.ndarray:
    """Independent ballots: ballots x subjects x items grades drawn with probabilities ``p``."""
    return rng.choice(np.array(GRADES, dtype=object), p=p, size=(n_ballots, n_subjects, n_items))


def to_long(grades: np.ndarray) -> pd.DataFrame:
    """The long frame for a ballots x subjects x items array (None / NaN = not answered)."""
    n_ballots, n_subjects, n_items = grades.shape
    index = pd.MultiIndex.from_product(
        [
            [f"b{b:03d}" for b in range(n_ballots)],
            [f"s{s}" for s in range(n_subjects)],
            [f"i{i}" for i in range(n_items)],
        ],
        names=["ballot", "subject", "item"],
    )
    return pd.DataFrame({"grade": grades.ravel()}, index=index).reset_index()


def ref_share(first: list, second: list) -> tuple[int, int]:
    """Matches and common cells of two ballots, looping over cells; missing never matches."""
    matches = common = 0
    for a, b in zip(first, second, strict=True):
        if pd.isna(a) or pd.isna(b):
            continue
        common += 1
        matches += a == b
    return matches, common


# ---------------------------------------------------------------------------------------------
# Match shares
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_match_matrix_equals_a_loop_over_pairs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    grades = hall(rng, 15, 6, 3, p=[0.4, 0.3, 0.2, 0.1])
    grades[rng.random(grades.shape) < 0.25] = None
    grades[3] = None  # a ballot that answered nothing
    long = to_long(grades).sample(frac=1.0, random_state=seed)  # row order must not matter
    long = long.drop(long.index[:5])  # and some cells simply absent
    shares, common = match_matrix(long, **COLUMNS)
    wide = long.set_index(["ballot", "subject", "item"])["grade"].unstack(["subject", "item"])
    wide = wide.sort_index()
    assert list(shares.index) == list(wide.index) == list(shares.columns)
    for a in wide.index:
        for b in wide.index:
            matches, n_common = ref_share(list(wide.loc[a]), list(wide.loc[b]))
            if a != b:
                assert common.loc[a, b] == n_common
            expected = matches / n_common if n_common and a != b else math.nan
            assert shares.loc[a, b] == pytest.approx(expected, nan_ok=True)


def test_numeric_ratings_compare_by_value() -> None:
    long = pd.DataFrame(
        {
            "ballot": [1, 1, 1, 2, 2, 2],
            "subject": ["x", "y", "z"] * 2,
            "item": [0] * 6,
            "grade": [5, 4, np.nan, 5.0, 3.0, 2.0],
        }
    )
    shares, common = match_matrix(long, **COLUMNS)
    assert shares.loc[1, 2] == 0.5 and common.loc[1, 2] == 2


# ---------------------------------------------------------------------------------------------
# Power and calibration
# ---------------------------------------------------------------------------------------------


def plant_copy(grades: np.ndarray, rng: np.random.Generator, source: int, copy: int, edits: int):
    """Make ballot ``copy`` a copy of ``source`` with ``edits`` cells changed to another grade."""
    grades[copy] = grades[source]
    flat = grades[copy].reshape(-1)
    for cell in rng.choice(flat.size, size=edits, replace=False):
        flat[cell] = next(g for g in GRADES if g != flat[cell])


def test_planted_pairs_are_found_in_a_concentrated_hall() -> None:
    rng = np.random.default_rng(13)
    grades = hall(rng, 60, 8, 4)  # 32 cells; one grade item per subject gives too few cells
    plant_copy(grades, rng, 10, 41, edits=1)
    plant_copy(grades, rng, 25, 7, edits=2)
    out = colluding_pairs(to_long(grades), **COLUMNS, alpha=0.01, permutations=999, seed=5)
    assert list(out.columns) == list(PAIR_COLUMNS)
    pairs = set(zip(out["ballot_a"], out["ballot_b"], strict=True))
    assert pairs == {("b010", "b041"), ("b007", "b025")}
    assert (out["p_value"] <= 0.01).all()
    assert out["p_value"].min() == pytest.approx(1 / 1000)
    assert out["share"].tolist() == [31 / 32, 30 / 32]
    assert out.attrs["threshold"] < 30 / 32
    assert out.attrs["n_ballots"] == 60 and out.attrs["permutations"] == 999
    assert out.attrs["null_quantile"] == pytest.approx(0.99)


def test_no_collusion_is_rarely_flagged_while_the_85_percent_rule_flags_often() -> None:
    """40 halls without planted pairs: the permutation threshold flags a pair in about alpha of
    them; Kuriakose & Robbins's fixed 85 % flags most of them when grades are concentrated
    (Pew 2016), and hardly any when the same number of cells is answered uniformly."""
    alpha, seeds = 0.05, range(40)
    flagged = fixed_concentrated = fixed_uniform = 0
    for seed in seeds:
        rng = np.random.default_rng(1000 + seed)
        long = to_long(hall(rng, 60, 8, 2))  # 16 cells, grades 60/30/8/2 %
        out = colluding_pairs(long, **COLUMNS, alpha=alpha, permutations=199, seed=seed)
        flagged += not out.empty
        shares, _ = match_matrix(long, **COLUMNS)
        fixed_concentrated += bool((shares.to_numpy() >= 0.85).any())
        uniform, _ = match_matrix(to_long(hall(rng, 60, 8, 2, p=[0.25] * 4)), **COLUMNS)
        fixed_uniform += bool((uniform.to_numpy() >= 0.85).any())
    assert flagged <= 3, flagged
    assert fixed_concentrated >= 20, fixed_concentrated
    assert fixed_uniform <= 2, fixed_uniform


def test_no_collusion_on_forty_cells_is_flagged_at_about_alpha() -> None:
    """With more cells the shares are finer and the threshold less conservative."""
    flagged = 0
    for seed in range(40):
        long = to_long(hall(np.random.default_rng(2000 + seed), 60, 10, 4))
        out = colluding_pairs(long, **COLUMNS, alpha=0.05, permutations=199, seed=seed)
        flagged += not out.empty
    assert flagged <= 3, flagged


def test_two_hundred_ballots_run_in_seconds() -> None:
    rng = np.random.default_rng(7)
    grades = hall(rng, 200, 20, 3)
    grades[rng.random(grades.shape) < 0.1] = None
    start = time.perf_counter()
    out = colluding_pairs(to_long(grades), **COLUMNS, permutations=999)
    assert time.perf_counter() - start < 10
    assert out.attrs["n_ballots"] == 200


def test_same_seed_same_threshold() -> None:
    long = to_long(hall(np.random.default_rng(3), 20, 6, 2))
    runs = [colluding_pairs(long, **COLUMNS, permutations=99, seed=4) for _ in range(2)]
    assert runs[0].attrs["threshold"] == runs[1].attrs["threshold"]


# ---------------------------------------------------------------------------------------------
# Edge cases and bad input
# ---------------------------------------------------------------------------------------------


def test_a_single_ballot_gives_an_empty_result() -> None:
    out = colluding_pairs(to_long(hall(np.random.default_rng(0), 1, 8, 1)), **COLUMNS)
    assert out.empty and list(out.columns) == list(PAIR_COLUMNS)
    assert out.attrs["n_ballots"] == 1 and math.isnan(out.attrs["threshold"])


def test_ballots_with_nothing_in_common_give_an_empty_result() -> None:
    grades = hall(np.random.default_rng(0), 2, 8, 1)
    grades[0, 4:] = None
    grades[1, :4] = None
    long = to_long(grades)
    out = colluding_pairs(long, **COLUMNS)
    assert out.empty and out.attrs["permutations"] == 0
    shares, common = match_matrix(long, **COLUMNS)
    assert math.isnan(shares.loc["b000", "b001"]) and common.loc["b000", "b001"] == 0


def test_pairs_below_min_common_are_not_compared() -> None:
    grades = hall(np.random.default_rng(0), 12, 4, 1)
    grades[1] = grades[0]  # identical, but only 4 cells in common
    out = colluding_pairs(to_long(grades), **COLUMNS, permutations=19)
    assert out.empty and out.attrs["permutations"] == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.drop(columns="grade"), "value='grade'"),
        (lambda d: d.drop(columns="subject"), "subject='subject'"),
        (lambda d: d.iloc[:0], "ballots is empty"),
        (lambda d: d["grade"], "ballots must be a pandas DataFrame"),
        (lambda d: pd.concat([d, d.iloc[:1]]), "occurs more than once"),
        (lambda d: d.assign(ballot=d["ballot"].where(d.index > 0)), "missing ballot ids"),
    ],
)
def test_bad_input_raises_naming_the_problem(change, message: str) -> None:
    long = to_long(hall(np.random.default_rng(0), 4, 6, 1))
    with pytest.raises(ValueError, match=message):
        colluding_pairs(change(long), **COLUMNS)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"alpha": 0}, "alpha"),
        ({"alpha": 1.5}, "alpha"),
        ({"permutations": 0}, "permutations"),
        ({"permutations": 9.5}, "permutations"),
        ({"min_common": True}, "min_common"),
    ],
)
def test_bad_options_raise(option: dict, message: str) -> None:
    long = to_long(hall(np.random.default_rng(0), 4, 6, 1))
    with pytest.raises(ValueError, match=message):
        colluding_pairs(long, **COLUMNS, **option)
