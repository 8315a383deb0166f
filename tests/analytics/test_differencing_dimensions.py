"""Differencing over dimensions (audit route 5c): no hidden cell can be recomputed from shown ones.

Written as the attacker works. A dimension cell hidden because too few ballots answered it (many
"cannot judge") sits next to its row's overall and the row's other dimensions; the subtraction
``(sum(W) * overall - sum(W_d * shown dimension)) / W_hidden`` would give it back if the overall
were published. The strongest check is two worlds that differ only in the hidden answers: every
published number must be identical in both, so nothing published depends on the hidden cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import score_subjects
from analytics.suppression import COMBINED

DIMS = {"a": ["a1", "a2"], "b": ["b1", "b2"], "c": ["c1", "c2"]}
ITEMS = pd.DataFrame(
    {
        "item_id": [i for items in DIMS.values() for i in items],
        "row_id": None,
        "dimension": [d for d, items in DIMS.items() for _ in items],
        "weight": [1.0, 1.0, 2.0, 1.0, 1.0, 0.5],
        "reverse": [False, True, False, False, True, False],
        "scale_min": 1.0,
        "scale_max": 5.0,
    }
)
DIM_W = {"a": 1.0, "b": 2.0, "c": 1.0}
W = {"superior": 0.3, "peer": 0.4, "subordinate": 0.3, "public": 0.1}
NA = None
FULL = (4, 2, 3, 5, 1, 4)  # a1, a2, b1, b2, c1, c2 of a ballot that answers everything


def ballots(group: str, rows: list[tuple], start: int = 0) -> pd.DataFrame:
    """Answer rows of ``group``: one tuple of (a1, a2, b1, b2, c1, c2) per ballot, None = N/A."""
    out = []
    for i, values in enumerate(rows, start):
        for item, v in zip(ITEMS["item_id"], values, strict=True):
            out.append({"phase_id": "p", "ballot_id": f"{group}{i}", "rater_group": group,
                        "subject_id": "s", "item_id": item, "row_id": None, "value_num": v,
                        "is_na": v is None})  # fmt: skip
    return pd.DataFrame(out)


def peers(c_answers: list[tuple]) -> pd.DataFrame:
    """Five peers; the first len(c_answers) answer dimension c, the rest say "cannot judge"."""
    base = [(5, 1, 4, 4), (3, 3, 2, 4), (4, 2, 5, 3), (2, 4, 3, 3), (5, 2, 4, 5)]
    c = [*c_answers, *[(NA, NA)] * (len(base) - len(c_answers))]
    return ballots("peer", [(*ab, *cc) for ab, cc in zip(base, c, strict=True)])


def subordinates() -> pd.DataFrame:
    return ballots(
        "subordinate", [FULL, (3, 3, 4, 4, 2, 2), (5, 1, 5, 5, 4, 3), (2, 4, 2, 3, 3, 5)]
    )


def ballot_overall_by_hand(values: tuple, dim_w: dict = DIM_W) -> float:
    """One ballot's overall on 0..1, written out: POMP per item (reversed where keyed), item
    weights within a dimension, dimension weights over the answered dimensions."""
    dims = {}
    for (_, item), v in zip(ITEMS.iterrows(), values, strict=True):
        if v is not None:
            p = (5 - v if item["reverse"] else v - 1) / 4
            dims.setdefault(item["dimension"], []).append((item["weight"], p))
    means = {d: sum(w * p for w, p in ps) / sum(w for w, _ in ps) for d, ps in dims.items()}
    return sum(dim_w[d] * m for d, m in means.items()) / sum(dim_w[d] for d in means)


def world(c_answers: list[tuple]) -> pd.DataFrame:
    return pd.concat([peers(c_answers), subordinates()], ignore_index=True)


def score(answers: pd.DataFrame, **kw) -> pd.DataFrame:
    kw = {"weights": W, "dimension_weights": DIM_W, **kw}
    return score_subjects(answers, ITEMS, **kw)


def row(out: pd.DataFrame, group: str) -> pd.Series:
    return out[out["rater_group"] == group].set_index("dimension")["score"]


def subtract(out: pd.DataFrame, group: str, target: str, dim_w: dict = DIM_W) -> float:
    """The attack: (sum W * overall - sum of W_d * the other dimensions) / W_target."""
    s = row(out, group)
    rest = sum(w * s[d] for d, w in dim_w.items() if d != target)
    return (sum(dim_w.values()) * s["overall"] - rest) / dim_w[target]


# two worlds: the two peers who judge dimension c answer all 1s, or all 5s
LOW, HIGH = [(1, 1), (1, 1)], [(5, 5), (5, 5)]


def test_the_subtraction_is_exact_on_a_row_where_everything_is_published():
    # the attack is real: every subordinate answered everything, so the overall is the
    # W-weighted mean of the dimension means and any one dimension follows from the rest
    out = score(world(HIGH))
    for target in DIMS:
        assert subtract(out, "subordinate", target) == pytest.approx(
            row(out, "subordinate")[target]
        )


@pytest.mark.parametrize("percent", [False, True])
def test_a_dimension_hidden_for_cannot_judge_answers_cannot_be_subtracted(percent):
    a, b = score(world(LOW), percent=percent), score(world(HIGH), percent=percent)
    # the worlds really differ in what the overall sees: the two peers' own overalls move
    low, high = (ballot_overall_by_hand((5, 1, 4, 4, *c)) for c in ((1, 1), (5, 5)))
    assert low != pytest.approx(high)
    pd.testing.assert_frame_equal(a, b)  # published output independent of the hidden answers
    peer = a[a["rater_group"] == "peer"].set_index("dimension")
    assert peer.loc["c", "status"] == "suppressed"  # 2 < 3 answers (rule 6)
    assert peer.loc["overall", "status"] == "suppressed"  # complementary (rule 7)
    assert peer.loc[["c", "overall"], ["score", "n", "sd"]].isna().all().all()
    assert not peer.loc[["a", "b"], "suppressed"].any()  # the other dimensions stay shown
    assert peer.loc[["a", "b"], "n"].tolist() == [5, 5]
    assert np.isnan(subtract(a, "peer", "c"))  # nothing to subtract from
    n = a[a["rater_group"] == "peer"].set_index("dimension")["n"]  # the n-weighted variant
    by_n = a[a["rater_group"] == "peer"].set_index("dimension")["score"] * n
    assert pd.isna(by_n["overall"] - by_n["a"] - by_n["b"])


def test_two_hidden_dimensions_do_not_leave_their_sum_in_the_overall():
    # b and c both thin: a published overall would give W_b*b + W_c*c, and with scores bounded
    # to the scale an extreme sum pins both. The overall is hidden, so both worlds look alike.
    def two_thin(v: int) -> pd.DataFrame:
        rows = [(4, 2, v, v, v, v), (3, 3, v, v, v, v)] + [(5, 1, NA, NA, NA, NA)] * 3
        return pd.concat([ballots("peer", rows), subordinates()], ignore_index=True)

    a, b = score(two_thin(1)), score(two_thin(5))
    pd.testing.assert_frame_equal(a, b)
    peer = a[a["rater_group"] == "peer"].set_index("dimension")["status"]
    assert peer.to_dict() == {"a": "shown", "b": "suppressed", "c": "suppressed",
                              "overall": "suppressed"}  # fmt: skip


def test_a_hidden_group_dimension_is_not_in_the_others_composite():
    a, b = score(world(LOW)), score(world(HIGH))
    pd.testing.assert_frame_equal(a, b)
    others, sub = row(a, "others"), row(a, "subordinate")
    # the attack across groups: (others * sum w - w_sub * sub) / w_peer. Peer's hidden c and
    # hidden overall are left out of the composites, so only the subordinates are in them.
    for dim in ("c", "overall"):
        residual = others[dim] * (W["peer"] + W["subordinate"]) - W["subordinate"] * sub[dim]
        assert residual / W["peer"] == pytest.approx(sub[dim])  # gives back sub, not peer
        assert others[dim] == pytest.approx(sub[dim])
    n = a[a["rater_group"] == "others"].set_index("dimension")["n"]
    assert n.to_dict() == {"a": 9, "b": 9, "c": 4, "overall": 4}
    # dimensions the peers' cells are shown for still pool both groups
    expected = (W["peer"] * row(a, "peer")["a"] + W["subordinate"] * sub["a"]) / 0.7
    assert others["a"] == pytest.approx(expected)


def test_a_thin_dimension_of_the_combined_cell_hides_the_combined_overall():
    # public (1 ballot) merges with the subordinates (3); of those 4 only 2 judge c, so the
    # combined c is hidden and the combined overall with it. The worlds differ in those 2.
    def merged(v: int) -> pd.DataFrame:
        sub = [(3, 3, 4, 4, v, v), (5, 1, 5, 5, v, NA), (2, 4, 2, 3, NA, NA)]
        public = ballots("public", [(4, 2, 3, 5, NA, NA)])
        return pd.concat(
            [peers([(2, 3)] * 5), ballots("subordinate", sub), public], ignore_index=True
        )

    a, b = score(merged(1)), score(merged(5))
    pd.testing.assert_frame_equal(a, b)
    comb = a[a["rater_group"] == COMBINED].set_index("dimension")
    assert comb["status"].to_dict() == {"a": "shown", "b": "shown", "c": "suppressed",
                                        "overall": "suppressed"}  # fmt: skip
    assert comb.loc[["a", "b"], "n"].tolist() == [4, 4]
    members = a[a["rater_group"].isin(["subordinate", "public"])]
    assert (members["status"] == "merged").all() and members["score"].isna().all()
    others, peer = row(a, "others"), row(a, "peer")
    assert others["c"] == pytest.approx(peer["c"]) and others["overall"] == pytest.approx(
        peer["overall"]
    )


def test_a_row_with_nothing_hidden_is_unchanged():
    # no over-suppression: the subordinates' row is the same whether or not the peers next to it
    # have a hidden dimension, and with every peer judging c nothing is hidden at all
    alone = score(subordinates())
    mixed = score(world(LOW))
    cols = ["dimension", "score", "n", "sd", "ci_low", "ci_high", "suppressed", "status"]
    sub = [
        x[x["rater_group"] == "subordinate"][cols].reset_index(drop=True) for x in (alone, mixed)
    ]
    pd.testing.assert_frame_equal(*sub)
    full_world = world([(2, 4)] * 5)
    full = score(full_world)
    assert (full["status"].isin(["shown", "composite"])).all()
    assert not full["suppressed"].any()
    per_ballot = full_world[full_world["rater_group"] == "peer"].groupby("ballot_id", sort=False)
    expected = np.mean([ballot_overall_by_hand(tuple(g["value_num"])) for _, g in per_ballot])
    assert row(full, "peer")["overall"] == pytest.approx(1 + 4 * expected, abs=1e-12)


def test_a_dimension_that_does_not_enter_the_overall_does_not_hide_it():
    # dimension weight 0: the overall is not a function of c, so it stays shown, and still
    # nothing published depends on the hidden c answers
    dim_w = {"a": 1.0, "b": 2.0, "c": 0.0}
    a, b = score(world(LOW), dimension_weights=dim_w), score(world(HIGH), dimension_weights=dim_w)
    pd.testing.assert_frame_equal(a, b)
    peer = a[a["rater_group"] == "peer"].set_index("dimension")["status"]
    assert peer.to_dict() == {"a": "shown", "b": "shown", "c": "suppressed", "overall": "shown"}


# -- random worlds: perturb every answer that feeds a hidden cell, nothing published may move --


def random_world(rng: np.random.Generator, subjects: int = 25) -> pd.DataFrame:
    parts, size = [], {"superior": 2, "peer": 7, "subordinate": 6, "public": 4, "self": 1}
    for s in range(subjects):
        for group, most in size.items():
            k = int(rng.integers(0, most + 1))
            if k == 0:
                continue
            values = rng.integers(1, 6, size=(k, len(ITEMS))).astype(object)
            values[rng.random(values.shape) < 0.4] = None  # many "cannot judge"
            part = ballots(group, [tuple(v) for v in values])
            part["subject_id"] = f"s{s}"
            part["ballot_id"] = f"s{s}-" + part["ballot_id"]
            parts.append(part)
    answers = pd.concat(parts, ignore_index=True)
    answers["value_num"] = answers["value_num"].astype(float)
    return answers


def feeds_hidden_cell(answers: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """True for each answer whose own published cell (its group's, or the combined cell for a
    merged group) is hidden: the answers an attacker wants and the report must not reveal."""
    status = out.set_index(["subject_id", "rater_group", "dimension"])["status"]
    dim = answers["item_id"].map(dict(zip(ITEMS["item_id"], ITEMS["dimension"], strict=True)))
    own = status.reindex(pd.MultiIndex.from_arrays([answers["subject_id"],
                                                    answers["rater_group"], dim]))  # fmt: skip
    comb = status.reindex(pd.MultiIndex.from_arrays([answers["subject_id"],
                                                     [COMBINED] * len(answers), dim]))  # fmt: skip
    reported = np.where(own.to_numpy() == "merged", comb.to_numpy(), own.to_numpy())
    return pd.Series(reported == "suppressed", index=answers.index) & ~answers["is_na"]


@pytest.mark.parametrize(
    ("seed", "settings", "dim_w", "percent"),
    [
        (1, None, DIM_W, False),
        (2, {"show_self": False}, {"a": 1.0, "b": 1.0, "c": 0.0}, True),
        (3, {"show_superior": True, "peer": 4}, None, False),
    ],
)
def test_random_worlds_publish_nothing_that_depends_on_a_hidden_cell(
    seed, settings, dim_w, percent
):
    rng = np.random.default_rng(seed)
    answers = random_world(rng)
    kw = {"thresholds": settings, "dimension_weights": dim_w, "percent": percent}
    out = score(answers, **kw)
    hidden_dims = out[(out["dimension"] != "overall") & (out["status"] == "suppressed")]
    shown_rows = out[out["status"] == "shown"].drop_duplicates(["subject_id", "rater_group"])
    assert len(hidden_dims) > 20 and len(shown_rows) > 20  # the world exercises the rule
    feed = feeds_hidden_cell(answers, out)
    assert feed.sum() > 50
    for _ in range(2):
        other = answers.copy()
        other.loc[feed, "value_num"] = rng.integers(1, 6, size=int(feed.sum())).astype(float)
        pd.testing.assert_frame_equal(out, score(other, **kw))
    # and rule 7 itself: a shown overall means every dimension entering it is shown
    enters = [d for d in DIMS if dim_w is None or dim_w[d] > 0]
    for (_, group), r in out[out["rater_group"] != "others"].groupby(["subject_id", "rater_group"]):
        r = r.set_index("dimension")
        if r.loc["overall", "status"] == "shown":
            present = [d for d in enters if d in r.index]
            assert (r.loc[present, "status"] == "shown").all(), group
