"""Tests for analytics.lone_ballots: Iglewicz & Hoaglin modified z-scores per subject (#13)."""

from __future__ import annotations

import statistics

import numpy as np
import pandas as pd
import pytest

from analytics import lone_ballots as exported
from analytics.lone_ballots import lone_ballots

KW = {"subject": "subject", "ballot": "ballot", "score": "score"}


def _frame(groups: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {"subject": s, "ballot": f"{s}-{i}", "score": v}
        for s, values in groups.items()
        for i, v in enumerate(values)
    ]
    return pd.DataFrame(rows)


def _reference(data: pd.DataFrame, threshold: float, min_ballots: int) -> dict:
    """Plain loop: Iglewicz & Hoaglin (1993) with the mean-absolute-deviation fallback."""
    out = {}
    for s in dict.fromkeys(data["subject"]):
        rows = data[(data["subject"] == s) & data["score"].notna()]
        xs = [float(v) for v in rows["score"]]
        if len(xs) < min_ballots:
            continue
        med = statistics.median(xs)
        devs = [abs(v - med) for v in xs]
        mad = statistics.median(devs)
        mean_ad = sum(devs) / len(devs)
        for b, v in zip(rows["ballot"], xs, strict=True):
            if mad > 0:
                z = 0.6745 * (v - med) / mad
            elif mean_ad > 0:
                z = (v - med) / (1.253314 * mean_ad)
            else:
                z = 0.0
            if abs(z) > threshold:
                out[(s, b)] = (med, mad, z, "low" if v < med else "high")
    return out


def test_exported_from_package() -> None:
    assert exported is lone_ballots


def test_hand_computed_example() -> None:
    # NIST/SEMATECH e-Handbook 1.3.5.17 formula, by hand on x = 1, 2, 3, 4, 100:
    # median = 3; |x - 3| = 2, 1, 0, 1, 97 -> MAD = median(0, 1, 1, 2, 97) = 1;
    # M(100) = 0.6745 * 97 / 1 = 65.4265 (flagged); M(1) = 0.6745 * -2 = -1.349 (not flagged).
    data = _frame({"A": [1, 2, 3, 4, 100]})
    out = lone_ballots(data, **KW)
    assert out["ballot"].tolist() == ["A-4"]
    row = out.iloc[0]
    assert row["median"] == 3.0 and row["mad"] == 1.0 and row["direction"] == "high"
    assert row["modified_z"] == pytest.approx(65.4265)
    assert out.attrs["threshold"] == 3.5
    # Lower the cut-off below 1.349 and x = 1 is flagged too, after 100.
    low = lone_ballots(data, threshold=1.3, **KW)
    assert low["ballot"].tolist() == ["A-4", "A-0"]
    assert low["modified_z"].iloc[1] == pytest.approx(-1.349)
    assert low["direction"].tolist() == ["high", "low"]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("threshold", [3.5, 1.0])
def test_matches_plain_loop(seed: int, threshold: float) -> None:
    rng = np.random.default_rng(seed)
    groups: dict[str, list[float]] = {}
    for k in range(12):
        n = int(rng.integers(2, 15))
        if k % 3 == 0:  # integer scores on a short scale: ties, often MAD = 0
            values = rng.choice([3.0, 3.0, 3.0, 4.0, 5.0], size=n).tolist()
        else:
            values = rng.normal(75, 8, size=n).round(1).tolist()
        if k % 4 == 1:
            values[0] = 5.0  # a planted grudge
        groups[f"S{k}"] = values
    data = _frame(groups)
    data.loc[data.sample(frac=0.05, random_state=seed).index, "score"] = np.nan
    data = data.sample(frac=1.0, random_state=seed).reset_index(drop=True)

    out = lone_ballots(data, threshold=threshold, **KW)
    expected = _reference(data, threshold, 5)
    got = {
        (r.subject, r.ballot): (r.median, r.mad, r.modified_z, r.direction)
        for r in out.itertuples(index=False)
    }
    assert got.keys() == expected.keys()
    for key, (med, mad, z, direction) in expected.items():
        assert got[key][:3] == pytest.approx((med, mad, z))
        assert got[key][3] == direction
    magnitudes = out["modified_z"].abs().to_numpy()
    assert (np.diff(magnitudes) <= 0).all()


def test_planted_grudge_small_subject_and_fallback() -> None:
    rng = np.random.default_rng(7)
    grudge = (80 + rng.normal(0, 2, size=12)).round(1).tolist() + [10.0]
    data = _frame(
        {
            "grudge": grudge,
            "few": [90, 10, 50, 60],  # 4 ballots: skipped, however spread
            "fallback": [5, 5, 5, 5, 5, 9],  # MAD = 0 -> mean absolute deviation
            "equal": [4, 4, 4, 4, 4, 4],  # MAD = meanAD = 0 -> nothing
        }
    )
    out = lone_ballots(data, **KW)
    assert set(out["subject"]) == {"grudge", "fallback"}
    g = out[out["subject"] == "grudge"].iloc[0]
    assert g["ballot"] == "grudge-12" and g["direction"] == "low" and g["modified_z"] < -3.5
    f = out[out["subject"] == "fallback"]
    assert f["ballot"].tolist() == ["fallback-5"]
    # median 5, MAD 0; meanAD = 4 / 6; M = 4 / (1.253314 * 4 / 6) = 4.7873
    assert f["mad"].iloc[0] == 0.0 and f["direction"].iloc[0] == "high"
    assert f["modified_z"].iloc[0] == pytest.approx(4 / (1.253314 * 4 / 6))
    # The small subject is flagged once min_ballots allows it.
    assert "few" not in set(out["subject"])
    assert lone_ballots(data, min_ballots=4, threshold=0.5, **KW)["subject"].eq("few").any()


def test_nothing_flagged_returns_empty_frame_with_columns() -> None:
    out = lone_ballots(_frame({"A": [4, 4, 4, 4, 4], "B": [1, 2]}), **KW)
    assert out.empty
    assert list(out.columns) == ["subject", "ballot", "score", "median", "mad"] + [
        "modified_z",
        "direction",
    ]
    assert out.attrs["threshold"] == 3.5


def test_nan_scores_are_dropped_before_counting() -> None:
    data = _frame({"A": [80, 81, 79, 80, 10, np.nan, np.nan]})
    assert lone_ballots(data, **KW)["ballot"].tolist() == ["A-4"]
    assert lone_ballots(data, min_ballots=6, **KW).empty


def test_bad_input_raises_naming_it() -> None:
    data = _frame({"A": [1, 2, 3, 4, 5]})
    with pytest.raises(ValueError, match="score='points'"):
        lone_ballots(data, subject="subject", ballot="ballot", score="points")
    with pytest.raises(ValueError, match="data is empty"):
        lone_ballots(data.iloc[0:0], **KW)
    with pytest.raises(ValueError, match="DataFrame"):
        lone_ballots([1, 2, 3], **KW)
    repeated = pd.concat([data, data.iloc[[2]]], ignore_index=True)
    with pytest.raises(ValueError, match=r"\['A', 'A-2'\] occurs more than once"):
        lone_ballots(repeated, **KW)
    with pytest.raises(ValueError, match="'score' must be numeric"):
        lone_ballots(data.assign(score="x"), **KW)
    with pytest.raises(ValueError, match="threshold"):
        lone_ballots(data, threshold=0, **KW)
    with pytest.raises(ValueError, match="min_ballots"):
        lone_ballots(data, min_ballots=2, **KW)
    with pytest.raises(ValueError, match="ballot"):
        lone_ballots(data.assign(ballot=None), **KW)
