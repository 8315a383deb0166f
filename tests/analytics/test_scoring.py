"""Scores: hand-computed examples (one with a rated commitment item), an independent loop
implementation, bad input, sensitivity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.scoring import score_subjects
from analytics.sensitivity import rank_sensitivity, weight_scenarios, weight_sensitivity
from survey_engine import items_frame, load_template
from tests.analytics.test_scoring_sql import (
    random_answers,
    random_items,
)  # same folder (pytest rootdir import)

ITEMS = pd.DataFrame(
    {
        "item_id": ["q1", "q2", "q3"],
        "row_id": None,
        "dimension": ["ability", "ability", "integrity"],
        "weight": [1.0, 2.0, 1.0],
        "reverse": [False, True, False],
        "scale_min": 1.0,
        "scale_max": 5.0,
    }
)
DIM_W = {"ability": 2.0, "integrity": 1.0}
W = {"superior": 0.3, "peer": 0.4, "subordinate": 0.3}


def hand_answers() -> pd.DataFrame:
    na = None
    ballots = {  # group, ballot: (q1, q2, q3); q2 is reverse-keyed (x' = 1 + 5 - x)
        ("peer", "b1"): (5, 2, 3),  # ability (5 + 2*4)/3 = 13/3, integrity 3, overall 35/9
        ("peer", "b2"): (4, na, 5),  # ability 4, integrity 5, overall (2*4 + 5)/3 = 13/3
        ("peer", "b3"): (na, na, 2),  # ability none, integrity 2, overall 2 (renormalized)
        ("peer", "b4"): (3, 3, 4),  # ability 3, integrity 4, overall 10/3
        ("subordinate", "c1"): (2, 4, 2),  # 2, 2, 2
        ("subordinate", "c2"): (3, 3, 3),  # 3, 3, 3
        ("subordinate", "c3"): (4, 2, 4),  # 4, 4, 4
        ("superior", "d1"): (5, 1, 5),  # 5, 5, 5
        ("self", "e1"): (5, 1, 5),  # 5, 5, 5: never in "others"
    }
    rows = []
    for (group, ballot), values in ballots.items():
        for item, v in zip(["q1", "q2", "q3"], values, strict=True):
            rows.append(
                {"phase_id": "p", "ballot_id": ballot, "rater_group": group, "subject_id": "s",
                 "item_id": item, "row_id": None, "value_num": v, "is_na": v is None}
            )  # fmt: skip
    return pd.DataFrame(rows)


def cell(out: pd.DataFrame, group: str, dim: str) -> pd.Series:
    return out[(out["rater_group"] == group) & (out["dimension"] == dim)].iloc[0]


@pytest.fixture
def hand() -> pd.DataFrame:
    return score_subjects(
        hand_answers(), ITEMS, weights=W, dimension_weights=DIM_W,
        thresholds={"show_superior": True},
    )  # fmt: skip


def test_hand_computed_group_cells(hand):
    # peer ability: ballots b1, b2, b4 -> (13/3 + 4 + 3) / 3 = 34/9; b3 answered N/A only
    peer_ability = cell(hand, "peer", "ability")
    assert peer_ability["score"] == pytest.approx(34 / 9)
    assert peer_ability["n"] == 3
    assert peer_ability["sd"] == pytest.approx(np.std([13 / 3, 4, 3], ddof=1))
    # peer integrity: 3, 5, 2, 4 -> mean 3.5, sd sqrt(5/3), t(.975, 3) = 3.182446
    peer_int = cell(hand, "peer", "integrity")
    assert (peer_int["score"], peer_int["n"]) == (pytest.approx(3.5), 4)
    half = 3.182446305284263 * np.sqrt(5 / 3) / 2
    assert peer_int["ci_low"] == pytest.approx(3.5 - half)
    assert peer_int["ci_high"] == pytest.approx(3.5 + half)
    # peer overall: (35/9 + 13/3 + 2 + 10/3) / 4 = 122/36, each ballot counted once
    assert cell(hand, "peer", "overall")["score"] == pytest.approx(122 / 36)
    assert cell(hand, "subordinate", "overall")["score"] == pytest.approx(3.0)
    assert cell(hand, "subordinate", "overall")["sd"] == pytest.approx(1.0)
    assert cell(hand, "superior", "overall")["score"] == pytest.approx(5.0)
    assert np.isnan(cell(hand, "superior", "overall")["ci_low"])  # n = 1: no interval


def test_hand_computed_others_composite_excludes_self(hand):
    # others = .3*superior + .4*peer + .3*subordinate, self left out
    assert cell(hand, "others", "overall")["score"] == pytest.approx(0.3 * 5 + 0.4 * 122 / 36 + 0.9)
    assert cell(hand, "others", "ability")["score"] == pytest.approx(1.5 + 0.4 * 34 / 9 + 0.9)
    assert cell(hand, "others", "integrity")["score"] == pytest.approx(1.5 + 0.4 * 3.5 + 0.9)
    assert cell(hand, "others", "overall")["n"] == 1 + 4 + 3
    assert cell(hand, "self", "overall")["score"] == pytest.approx(5.0)
    # a weight for an absent group is renormalized away
    again = score_subjects(
        hand_answers(),
        ITEMS,
        weights={**W, "public": 0.5},
        dimension_weights=DIM_W,
        thresholds={"show_superior": True},
    )
    pd.testing.assert_frame_equal(again, score_subjects(
        hand_answers(), ITEMS, weights=W, dimension_weights=DIM_W,
        thresholds={"show_superior": True}))  # fmt: skip


def test_percent_scale_and_thin_dimension_cell(hand):
    pct = score_subjects(hand_answers(), ITEMS, weights=W, dimension_weights=DIM_W,
                         thresholds={"show_superior": True}, percent=True)  # fmt: skip
    assert cell(pct, "peer", "integrity")["score"] == pytest.approx(62.5)  # (3.5 - 1) / 4
    # one more N/A on q1 and q2 for b4 leaves peer ability with 2 ballots: suppressed cell
    answers = hand_answers()
    answers.loc[(answers["ballot_id"] == "b4") & answers["item_id"].isin(["q1", "q2"]),
                ["value_num", "is_na"]] = [np.nan, True]  # fmt: skip
    out = score_subjects(answers, ITEMS, weights=W, thresholds={"show_superior": True})
    assert cell(out, "peer", "ability")["suppressed"]
    assert np.isnan(cell(out, "peer", "ability")["score"])
    assert not cell(out, "peer", "integrity")["suppressed"]
    # the composite for ability then uses superior and subordinate only (.3/.6 each)
    assert cell(out, "others", "ability")["score"] == pytest.approx(0.5 * 5 + 0.5 * 3)


def test_composite_interval_is_welch_satterthwaite(hand):
    out = score_subjects(hand_answers(), ITEMS, weights=W, dimension_weights=DIM_W)
    # superior (1 ballot) merges with subordinate (3) by default: 2 cells, both n >= 2
    peer, comb = cell(out, "peer", "integrity"), cell(out, "others_combined", "integrity")
    a = np.array([0.4, 0.6])  # combined weighs .3 + .3
    v = a**2 * np.array([peer["sd"], comb["sd"]]) ** 2 / np.array([peer["n"], comb["n"]])
    df = v.sum() ** 2 / (v**2 / (np.array([peer["n"], comb["n"]]) - 1)).sum()
    half = stats.t.ppf(0.975, df) * np.sqrt(v.sum())
    got = cell(out, "others", "integrity")
    assert got["ci_high"] - got["score"] == pytest.approx(half)


def loop_scores(answers: pd.DataFrame, items: pd.DataFrame) -> dict:
    """Independent route: plain dictionaries and loops, no pandas groupby.

    A rated commitment item (``type == "commitment"``) is one value per ballot and subject: the
    mean of the ratings of the subject's commitments.
    """
    meta = {(r.item_id, r.row_id or ""): r for r in items.itertuples()}
    commitment = {r.item_id for r in items.itertuples() if getattr(r, "type", None) == "commitment"}
    values: dict = {}
    for r in answers.itertuples():
        cell = (r.item_id, "" if r.item_id in commitment else (r.row_id or ""))
        if cell not in meta or r.is_na:
            continue
        key = (r.subject_id, r.rater_group, r.ballot_id, cell)
        values.setdefault(key, []).append(r.value_num)
    per_ballot: dict = {}
    for (subject, group, ballot, cell), xs in values.items():
        m = meta[cell]
        mean = sum(xs) / len(xs)
        x = (m.scale_min + m.scale_max - mean) if m.reverse else mean
        p = (x - m.scale_min) / (m.scale_max - m.scale_min)
        key = (subject, group, ballot)
        per_ballot.setdefault(key, {}).setdefault(m.dimension, []).append((m.weight, p))
    cells: dict = {}
    for (subject, group, _), dims in per_ballot.items():
        scores = {d: sum(w * p for w, p in v) / sum(w for w, _ in v)
                  for d, v in dims.items() if sum(w for w, _ in v) > 0}  # fmt: skip
        for d, s in scores.items():
            cells.setdefault((subject, group, d), []).append(s)
        if scores:
            cells.setdefault((subject, group, "overall"), []).append(np.mean(list(scores.values())))
    return cells


@pytest.mark.parametrize(("seed", "commitment"), [(21, False), (22, True)])
def test_random_world_matches_an_independent_loop_implementation(seed, commitment):
    rng = np.random.default_rng(seed)
    items = random_items(rng, commitment=commitment)
    answers = random_answers(rng, items, subjects=30)
    before = answers.copy()
    out = score_subjects(answers, items, thresholds={"show_superior": True})
    pd.testing.assert_frame_equal(answers, before)  # input not mutated
    expected = loop_scores(answers, items)
    shown = out[(out["status"] == "shown") & (out["rater_group"] != "others_combined")]
    assert len(shown) > 100
    for r in shown.itertuples():
        values = np.array(expected[(r.subject_id, r.rater_group, r.dimension)])
        assert r.n == len(values)
        assert r.score == pytest.approx(1 + 4 * values.mean(), abs=1e-12)
        if len(values) > 1 and values.std() == 0:
            assert r.ci_low == r.ci_high == pytest.approx(r.score)  # no spread: zero width
        elif len(values) > 1:
            assert r.sd == pytest.approx(4 * values.std(ddof=1), abs=1e-12)
            se = 4 * values.std(ddof=1) / np.sqrt(len(values))
            lo, hi = stats.t.interval(0.95, len(values) - 1, loc=1 + 4 * values.mean(), scale=se)
            assert (r.ci_low, r.ci_high) == (pytest.approx(lo), pytest.approx(hi))


COMMIT_ITEMS = pd.DataFrame(
    {
        "item_id": ["q1", "kp"],
        "row_id": None,
        "type": ["likert", "commitment"],
        "dimension": "delivery",
        "weight": [1.0, 2.0],
        "reverse": False,
        "scale_min": 1.0,
        "scale_max": 5.0,
    }
)


def commitment_answers() -> pd.DataFrame:
    na = None
    ballots = {  # ballot: (q1, (k1, k2, k3)); the subject stated 3 commitments k1..k3
        "b1": (3, (5, 4, na)),  # kp = (5 + 4)/2 = 4.5; delivery (1*3 + 2*4.5)/3 = 4
        "b2": (5, (2, 3, 4)),  # kp = 3; delivery (5 + 2*3)/3 = 11/3
        "b3": (2, (na, na, na)),  # kp not answered; delivery = q1 = 2
        "b4": (4, (1, 2, 3)),  # kp = 2; delivery (4 + 2*2)/3 = 8/3
    }
    rows = []
    for ballot, (q1, ratings) in ballots.items():
        cells = [("q1", None, q1)] + [("kp", f"k{j}", v) for j, v in enumerate(ratings, 1)]
        for item, row, v in cells:
            rows.append(
                {"phase_id": "p", "ballot_id": ballot, "rater_group": "peer", "subject_id": "s",
                 "item_id": item, "row_id": row, "value_num": v, "is_na": v is None}
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_hand_computed_rated_commitment_is_the_mean_of_its_ratings():
    out = score_subjects(commitment_answers(), COMMIT_ITEMS)
    # peer delivery: (4 + 11/3 + 2 + 8/3) / 4 = (12 + 11 + 6 + 8) / 12 = 37/12, n = 4 ballots
    delivery = cell(out, "peer", "delivery")
    assert delivery["score"] == pytest.approx(37 / 12)
    assert delivery["n"] == 4
    assert delivery["sd"] == pytest.approx(np.std([4, 11 / 3, 2, 8 / 3], ddof=1))
    assert cell(out, "peer", "overall")["score"] == pytest.approx(37 / 12)  # one dimension
    # per item: kp alone is (4.5 + 3 + 2) / 3 = 19/6 over the 3 ballots that rated any commitment
    by_item = score_subjects(commitment_answers(), COMMIT_ITEMS.assign(dimension=["q1", "kp"]))
    assert cell(by_item, "peer", "kp")["score"] == pytest.approx(19 / 6)
    assert cell(by_item, "peer", "kp")["n"] == 3
    # without type the commitment answers (row_id = commitment id) match no item row: q1 only
    untyped = score_subjects(commitment_answers(), COMMIT_ITEMS.drop(columns="type"))
    assert cell(untyped, "peer", "delivery")["score"] == pytest.approx((3 + 5 + 2 + 4) / 4)


def test_commitment_templates_score_their_rated_commitments():
    for template, item_id in [("commitment_midyear", "commitment_progress"),
                              ("commitment_yearend", "commitment_results")]:  # fmt: skip
        items = items_frame(load_template(template))
        items = items[items["dimension"].notna()]
        assert list(items["item_id"]) == [item_id]
        assert list(items["type"]) == ["commitment"]
        answers = commitment_answers().query("item_id == 'kp'").assign(item_id=item_id)
        out = score_subjects(answers, items)
        # kp per ballot 4.5, 3, 2 (b3 all N/A): mean 19/6
        assert cell(out, "peer", "delivery")["score"] == pytest.approx(19 / 6)


def test_each_ballot_counts_once():
    # b1 answers three items (all 5), b2 one item (1): mean of ballots is 3, not 16/4 = 4
    items = ITEMS.assign(dimension="ability", reverse=False, weight=1.0)
    rows = [("b1", "q1", 5), ("b1", "q2", 5), ("b1", "q3", 5), ("b2", "q1", 1), ("b3", "q1", 3)]
    answers = pd.DataFrame(
        [{"phase_id": "p", "ballot_id": b, "rater_group": "peer", "subject_id": "s",
          "item_id": i, "row_id": None, "value_num": v, "is_na": False} for b, i, v in rows]
    )  # fmt: skip
    assert cell(score_subjects(answers, items), "peer", "ability")["score"] == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a, i: (a.drop(columns="ballot_id"), i), "'ballot_id'"),
        (lambda a, i: (a, i.drop(columns="reverse")), "'reverse'"),
        (lambda a, i: (a.assign(is_na=False), i), "'value_num'"),
        (lambda a, i: (a.assign(rater_group="boss"), i), "'rater_group'"),
        (lambda a, i: (a, i.assign(weight=-1.0)), "'weight'"),
        (lambda a, i: (a, i.assign(scale_max=1.0)), "'scale_max'"),
        (lambda a, i: (a, i.assign(dimension="overall")), "'dimension'"),
        (lambda a, i: (pd.concat([a, a.head(1)]), i), "twice"),
        (lambda a, i: (a, pd.concat([i, i.head(1)])), "unique"),
        (lambda a, i: (a, i.assign(type="commitment", row_id=["r", None, None])), "'type'"),
        (lambda a, i: (a, i.assign(scale_max=[5.0, 5.0, 7.0])), "percent=True"),
    ],
)
def test_bad_input_raises_value_error_naming_the_problem(change, message):
    answers, items = change(hand_answers(), ITEMS.copy())
    with pytest.raises(ValueError, match=message):
        score_subjects(answers, items)


def test_bad_keywords_raise():
    with pytest.raises(ValueError, match="self"):
        score_subjects(hand_answers(), ITEMS, weights={"self": 1.0})
    with pytest.raises(ValueError, match="dimension_weights"):
        score_subjects(hand_answers(), ITEMS, dimension_weights={"ability": 1.0})
    with pytest.raises(ValueError, match="confidence"):
        score_subjects(hand_answers(), ITEMS, confidence=95)


def test_sensitivity_scenarios_are_ten_points_then_renormalized():
    names = {name: w for name, _, _, w in weight_scenarios(W)}
    assert names["peer +10pp"] == pytest.approx({"superior": 0.3, "peer": 0.5, "subordinate": 0.3})
    assert names["superior -10pp"]["superior"] == pytest.approx(0.2)
    assert weight_scenarios({"peer": 0.05, "public": 0.95})[2][3]["peer"] == 0.0  # clipped


def test_sensitivity_on_random_world_matches_direct_recomputation():
    rng = np.random.default_rng(5)
    items = random_items(rng)
    answers = random_answers(rng, items, subjects=30)
    scores = score_subjects(answers, items, weights=W, thresholds={"show_superior": True})
    long = weight_sensitivity(scores, W, bands={"good": 3.2, "fair": 0.0})
    base = long[long["scenario"] == "base"].set_index("subject_id")["score"]
    others = scores[(scores["rater_group"] == "others") & (scores["dimension"] == "overall")]
    np.testing.assert_allclose(base[others["subject_id"]], others["score"], atol=1e-12)
    moved = score_subjects(answers, items, weights={**W, "peer": 0.5},
                           thresholds={"show_superior": True})  # fmt: skip
    moved = moved[(moved["rater_group"] == "others") & (moved["dimension"] == "overall")]
    up = long[long["scenario"] == "peer +10pp"].set_index("subject_id")["score"]
    np.testing.assert_allclose(up[moved["subject_id"]], moved["score"], atol=1e-12)
    summary = rank_sensitivity(scores, W, bands={"good": 3.2, "fair": 0.0})
    assert (summary["min_rank"] <= summary["base_rank"]).all()
    assert (summary["base_rank"] <= summary["max_rank"]).all()
    assert summary["rank_range"].max() > 0


def test_a_phase_where_every_cell_is_hidden_scores_to_suppressed_rows_not_an_error():
    answers = pd.DataFrame(
        {
            "campaign_id": "c",
            "phase_id": "p",
            "phase_kind": "single",
            "ballot_id": ["b1", "b2"],
            "rater_pseudonym": ["x", "y"],
            "rater_group": "peer",
            "subject_id": "s1",
            "item_id": "q1",
            "row_id": None,
            "option_id": None,
            "value_num": [3.0, 4.0],
            "value_text": None,
            "is_na": False,
        }
    )
    items = pd.DataFrame(
        {
            "item_id": ["q1"],
            "row_id": [None],
            "type": ["likert"],
            "dimension": ["d"],
            "weight": [1.0],
            "reverse": [False],
            "scale_min": [1],
            "scale_max": [5],
        }
    )
    out = score_subjects(answers, items)
    assert out["suppressed"].all()
    assert out["score"].isna().all()
