"""360 views: categories, gaps and blind spots built so the answer is known by construction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import blind_spots, rater_group_gaps, self_other_agreement


def _scores() -> pd.DataFrame:
    # Differences self - other: +2, -2, 0, 0, 0 -> mean 0, SD = sqrt(8/4) = 1.414.
    # Others' mean = (3 + 4 + 4.5 + 2 + 3.5) / 5 = 3.4.
    return pd.DataFrame(
        {
            "cadre": ["over", "under", "good", "poor", "edge"],
            "self": [5.0, 2.0, 4.5, 2.0, 3.5],
            "others": [3.0, 4.0, 4.5, 2.0, 3.5],
        }
    )


def test_self_other_agreement_categories_by_construction() -> None:
    res = self_other_agreement(_scores(), subject="cadre", self_score="self", other_score="others")
    assert res["category"].tolist() == [
        "over-estimator",
        "under-estimator",
        "in agreement and good",
        "in agreement and poor",
        "in agreement and good",
    ]
    assert res.loc["over", "z"] == pytest.approx(2 / np.sqrt(2), abs=1e-12)
    assert res.loc["under", "difference"] == -2.0


def test_self_other_threshold_is_a_parameter() -> None:
    data = _scores()
    strict = self_other_agreement(
        data, subject="cadre", self_score="self", other_score="others", threshold=1.5
    )
    assert strict.loc["over", "category"] == "in agreement and poor"  # z = 1.41 < 1.5
    assert strict.loc["under", "category"] == "in agreement and good"


def test_self_other_is_relative_to_the_mean_difference() -> None:
    # Everyone rates themself exactly one point high: nobody stands out.
    data = pd.DataFrame({"c": list("abc"), "s": [4.0, 5.0, 3.0], "o": [3.0, 4.0, 2.0]})
    res = self_other_agreement(data, subject="c", self_score="s", other_score="o")
    assert res["z"].tolist() == [0.0, 0.0, 0.0]
    assert res["category"].tolist() == [
        "in agreement and good",
        "in agreement and good",
        "in agreement and poor",
    ]


def test_self_other_leaves_incomplete_subjects_unclassified() -> None:
    data = pd.concat(
        [_scores(), pd.DataFrame({"cadre": ["new"], "self": [np.nan], "others": [1.0]})],
        ignore_index=True,
    )
    res = self_other_agreement(data, subject="cadre", self_score="self", other_score="others")
    assert pd.isna(res.loc["new", "category"])
    expected = self_other_agreement(
        _scores(), subject="cadre", self_score="self", other_score="others"
    )
    pd.testing.assert_series_equal(res["category"].iloc[:5], expected["category"])


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (pd.DataFrame({"cadre": ["a", "a"], "self": [1, 2], "others": [1, 2]}), {}, "one row"),
        (pd.DataFrame({"cadre": ["a"], "self": [1], "others": [1]}), {}, "two subjects"),
        (pd.DataFrame({"cadre": ["a", "b"], "self": ["x", "y"], "others": [1, 2]}), {}, "numeric"),
        (_scores(), {"threshold": 0}, "threshold must be greater than 0"),
        (_scores().drop(columns="others"), {}, "other_score|score_1"),
    ],
)
def test_self_other_rejects_bad_input(data: pd.DataFrame, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        self_other_agreement(
            data, subject="cadre", self_score="self", other_score="others", **kwargs
        )


def _ratings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cadre": ["a"] * 6 + ["b"] * 3,
            "group": [
                "self",
                "peer",
                "peer",
                "peer",
                "subordinate",
                "subordinate",
                "peer",
                "peer",
                "subordinate",
            ],
            "score": [5.0, 3.0, 4.0, 5.0, 2.0, np.nan, 4.0, 2.0, 5.0],
        }
    )


def test_rater_group_gaps_against_self() -> None:
    res = rater_group_gaps(_ratings(), subject="cadre", rater_group="group", score="score")
    assert res.columns.tolist() == [
        "cadre",
        "group",
        "n",
        "mean",
        "reference",
        "reference_mean",
        "gap",
    ]
    a = res[res["cadre"] == "a"].set_index("group")
    assert a.loc["peer", "gap"] == -1.0 and a.loc["subordinate", "gap"] == -3.0
    assert a.loc["subordinate", "n"] == 1  # the missing score is ignored
    b = res[res["cadre"] == "b"]
    assert b["gap"].isna().all()  # b has no self-rating


def test_rater_group_gaps_against_the_other_groups_pooled() -> None:
    res = rater_group_gaps(
        _ratings(), subject="cadre", rater_group="group", score="score", reference=None
    ).set_index(["cadre", "group"])
    # a: peers 4.0 vs pooled others (5 + 2) / 2 = 3.5; self 5 vs (3 + 4 + 5 + 2) / 4 = 3.5.
    assert res.loc[("a", "peer"), "gap"] == pytest.approx(0.5, abs=1e-12)
    assert res.loc[("a", "self"), "gap"] == pytest.approx(1.5, abs=1e-12)
    assert res.loc[("b", "subordinate"), "reference_mean"] == pytest.approx(3.0, abs=1e-12)
    assert (res["reference"] == "others").all()


def test_rater_group_gaps_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="rater_group='role' is not a column"):
        rater_group_gaps(_ratings(), subject="cadre", rater_group="role", score="score")
    with pytest.raises(ValueError, match="numeric"):
        rater_group_gaps(
            _ratings().assign(score="x"), subject="cadre", rater_group="group", score="score"
        )


def _items() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cadre": ["a"] * 6 + ["b"] * 2,
            "item": ["q1", "q2", "q3", "q4", "q5", "q6", "q1", "q2"],
            "self": [5.0, 5.0, 2.0, 4.0, 5.0, 1.0, 3.0, np.nan],
            "others": [2.0, 3.5, 4.0, 3.5, 3.0, 4.5, 3.0, 1.0],
        }
    )


def test_blind_spots_and_hidden_strengths_by_construction() -> None:
    res = blind_spots(
        _items(), subject="cadre", item="item", self_score="self", other_score="others", top=2
    )
    assert res[["item", "kind", "rank"]].values.tolist() == [
        ["q1", "blind spot", 1],  # +3
        ["q5", "blind spot", 2],  # +2 (q2 +1.5 is cut by top=2; q4 +0.5 is below min_gap)
        ["q6", "hidden strength", 1],  # -3.5
        ["q3", "hidden strength", 2],  # -2
    ]
    assert (res["cadre"] == "a").all()  # b: no gap of 1 point, q2 lacks a self score


def test_blind_spots_min_gap_is_a_parameter() -> None:
    res = blind_spots(
        _items(),
        subject="cadre",
        item="item",
        self_score="self",
        other_score="others",
        top=5,
        min_gap=0.5,
    )
    assert res.loc[res["kind"] == "blind spot", "item"].tolist() == ["q1", "q5", "q2", "q4"]


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"top": 0}, "top must be"), ({"min_gap": -1}, "min_gap must be")]
)
def test_blind_spots_rejects_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        blind_spots(
            _items(),
            subject="cadre",
            item="item",
            self_score="self",
            other_score="others",
            **kwargs,
        )


def test_three_sixty_functions_do_not_mutate_input() -> None:
    scores, ratings, items = _scores(), _ratings(), _items()
    copies = scores.copy(), ratings.copy(), items.copy()
    self_other_agreement(scores, subject="cadre", self_score="self", other_score="others")
    rater_group_gaps(ratings, subject="cadre", rater_group="group", score="score", reference=None)
    blind_spots(items, subject="cadre", item="item", self_score="self", other_score="others")
    for frame, copy in zip((scores, ratings, items), copies, strict=True):
        pd.testing.assert_frame_equal(frame, copy)
