"""The anonymity rule: decisions, the subtraction attack, comments, and no way around the floor."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.scoring import score_subjects
from analytics.suppression import (
    COMBINED,
    AnonymityRules,
    anonymity_decisions,
    pool_stats,
    release_comments,
    suppress_cell_stats,
)
from analytics.tallies import tally_grades
from tests.analytics.test_scoring_sql import (
    random_answers,
    random_items,
)  # same folder (pytest rootdir import)

ITEMS = pd.DataFrame(
    {
        "item_id": ["q1", "q2"],
        "row_id": None,
        "dimension": ["a", "b"],
        "weight": 1.0,
        "reverse": False,
        "scale_min": 1.0,
        "scale_max": 5.0,
    }
)


def decide(cells: dict[str, int], **settings) -> dict[str, str]:
    counts = pd.DataFrame(
        {"subject_id": "s", "rater_group": list(cells), "n": list(cells.values())}
    )
    out = anonymity_decisions(counts, thresholds=settings or None, by=["subject_id"])
    return dict(zip(out["rater_group"], out["status"], strict=True))


# fmt: off
@pytest.mark.parametrize(
    ("cells", "settings", "expected"),
    [
        ({"peer": 5, "subordinate": 3}, {}, {"peer": "shown", "subordinate": "shown"}),
        # one small group takes the next-smallest shown group with it (2 + 4 = 6 >= 3)
        ({"peer": 7, "subordinate": 4, "public": 2},
         {}, {"peer": "shown", "subordinate": "merged", "public": "merged"}),
        # two small groups that reach the threshold together merge without touching peer
        ({"peer": 7, "subordinate": 2, "public": 1},
         {}, {"peer": "shown", "subordinate": "merged", "public": "merged"}),
        # nothing reaches 3 even pooled: all suppressed
        ({"subordinate": 1, "public": 1}, {},
         {"subordinate": "suppressed", "public": "suppressed"}),
        # superior: anonymous by default, identified (shown from 1) when the campaign says so
        ({"superior": 1, "peer": 2}, {}, {"superior": "merged", "peer": "merged"}),
        ({"superior": 1, "peer": 3}, {"show_superior": True},
         {"superior": "shown", "peer": "shown"}),
        # self is never pooled: hidden by setting, shown by default
        ({"self": 1, "peer": 1}, {"show_self": False},
         {"self": "suppressed", "peer": "suppressed"}),
        ({"self": 1, "peer": 4}, {}, {"self": "shown", "peer": "shown"}),
        # a threshold of 1 cannot switch anonymity off: the floor of 3 holds
        ({"peer": 2, "subordinate": 1}, {"peer": 1, "subordinate": 1},
         {"peer": "merged", "subordinate": "merged"}),
        ({"peer": 2}, {"peer": 1}, {"peer": "suppressed"}),
        ({"peer": 4, "public": 4}, {"public": 5}, {"peer": "merged", "public": "merged"}),
    ],
)
# fmt: on
def test_decisions_table(cells, settings, expected):
    assert decide(cells, **settings) == expected


def test_thresholds_validate_and_floor():
    assert AnonymityRules.from_settings({"peer": 1}).threshold("peer") == 3
    assert AnonymityRules.from_settings({"thresholds": {"peer": 6}}).threshold("peer") == 6
    with pytest.raises(ValueError, match="unknown rater group 'friends'"):
        AnonymityRules.from_settings({"friends": 3})
    with pytest.raises(ValueError, match="integer"):
        AnonymityRules.from_settings({"peer": 2.5})
    with pytest.raises(ValueError, match="show_self"):
        AnonymityRules.from_settings({"show_self": "yes"})


def test_decisions_reject_bad_counts():
    good = pd.DataFrame({"subject_id": ["s"], "rater_group": ["peer"], "n": [3]})
    with pytest.raises(ValueError, match="'n'"):
        anonymity_decisions(good.assign(n=0), by=["subject_id"])
    with pytest.raises(ValueError, match="'rater_group'"):
        anonymity_decisions(good.assign(rater_group="boss"), by=["subject_id"])
    with pytest.raises(ValueError, match="'phase_id'"):
        anonymity_decisions(good)


def test_pool_stats_equals_direct_computation():
    rng = np.random.default_rng(0)
    parts = [rng.random(k) for k in (1, 2, 5)]
    pooled = np.concatenate(parts)
    n, mean, var = pool_stats(np.array([len(p) for p in parts]),
                              np.array([p.mean() for p in parts]),
                              np.array([p.var(ddof=1) if len(p) > 1 else np.nan for p in parts]))
    assert n == 8
    assert mean == pytest.approx(pooled.mean(), abs=1e-12)
    assert var == pytest.approx(pooled.var(ddof=1), abs=1e-12)


def ballots(group: str, values: list[tuple[float, float]], start: int = 0) -> pd.DataFrame:
    rows = []
    for i, (a, b) in enumerate(values, start):
        for item, v in (("q1", a), ("q2", b)):
            rows.append({"phase_id": "p", "ballot_id": f"{group}{i}", "rater_group": group,
                         "subject_id": "s", "item_id": item, "row_id": None, "value_num": v,
                         "is_na": False})
    return pd.DataFrame(rows)


W = {"superior": 0.3, "peer": 0.4, "subordinate": 0.3}


def test_subtraction_attack_on_a_suppressed_group_recovers_nothing():
    # superior shown (identified), peer 2 ballots: below 3 and nobody to merge with -> suppressed.
    # Two worlds differ only in the peers' answers: every published number must be the same.
    settings = {"show_superior": True}
    sup = ballots("superior", [(4, 4)])
    world_a = pd.concat([sup, ballots("peer", [(1, 1), (1, 2)])], ignore_index=True)
    world_b = pd.concat([sup, ballots("peer", [(5, 5), (5, 4)])], ignore_index=True)
    a = score_subjects(world_a, ITEMS, weights=W, thresholds=settings)
    b = score_subjects(world_b, ITEMS, weights=W, thresholds=settings)
    pd.testing.assert_frame_equal(a, b)
    peer = a[a["rater_group"] == "peer"]
    assert peer["suppressed"].all() and peer["score"].isna().all() and peer["n"].isna().all()
    # the naive attack: others*sum(w) - w_sup*superior = w_peer*peer_mean -> residual is 0
    overall = a[a["dimension"] == "overall"].set_index("rater_group")["score"]
    assert overall["others"] == pytest.approx(overall["superior"])  # composite = superior only


def test_subtraction_attack_on_a_merged_group_is_ambiguous():
    # public has 1 ballot, so it merges with the next-smallest group (subordinate, 3); peer (5)
    # stays shown. Swapping the public ballot with a subordinate ballot leaves every published
    # number equal, so the public rater's answer cannot be told from the subordinates'.
    peer = ballots("peer", [(3, 3), (4, 4), (2, 3), (5, 4), (3, 2)])
    sub = [(1, 2), (4, 5), (2, 2)]
    world_a = pd.concat([peer, ballots("subordinate", sub), ballots("public", [(5, 5)])])
    world_b = pd.concat([peer, ballots("subordinate", [(5, 5), *sub[1:]]),
                         ballots("public", [sub[0]])])
    w = {**W, "public": 0.1}
    a = score_subjects(world_a, ITEMS, weights=w)
    b = score_subjects(world_b, ITEMS, weights=w)
    pd.testing.assert_frame_equal(a, b)
    shown = a[~a["suppressed"]]
    assert set(shown["rater_group"]) == {"peer", COMBINED, "others"}
    assert (a.loc[a["rater_group"] == COMBINED, "n"] == 4).all()
    # the combined cell pools the 4 ballots: overall (q1 + q2) / 2 = 1.5, 4.5, 2, 5
    comb = a[(a["rater_group"] == COMBINED) & (a["dimension"] == "overall")].iloc[0]
    assert comb["score"] == pytest.approx(3.25)
    assert comb["sd"] == pytest.approx(np.std([1.5, 4.5, 2, 5], ddof=1))


def test_composite_is_a_function_of_published_cells_only():
    # On a random world, recompute every others composite from the published rows alone.
    rng = np.random.default_rng(11)
    items = random_items(rng)
    answers = random_answers(rng, items, subjects=40)
    w = {"superior": 0.3, "peer": 0.4, "subordinate": 0.3, "public": 0.2, "observer": 0.1}
    out = score_subjects(answers, items, weights=w, thresholds={"show_self": False})
    for (_, subject, dim), rows in out.groupby(["phase_id", "subject_id", "dimension"]):
        members = rows[rows["status"] == "merged"]["rater_group"]
        shown = rows[(rows["status"] == "shown") & (rows["rater_group"] != "self")]
        if shown.empty:
            assert (rows["rater_group"] != "others").all()
            continue
        combined_w = sum(w[m] for m in members)
        weight = shown["rater_group"].map(lambda g, cw=combined_w: cw if g == COMBINED else w[g])
        expected = (weight * shown["score"]).sum() / weight.sum()
        got = rows.loc[rows["rater_group"] == "others", "score"].item()
        assert got == pytest.approx(expected, abs=1e-12), (subject, dim)
        assert rows.loc[rows["rater_group"] == "others", "n"].item() == shown["n"].sum()


def test_rule_7_hides_an_overall_only_when_a_dimension_entering_it_is_hidden():
    # peer: b thin (2 < 3) -> overall hidden too; subordinate: all shown -> untouched;
    # public (1) + observer (2) merge: member rows stay "merged", the combined row is judged
    # like a group (its b pools 1 + 1 = 2 answers: thin, so its overall is hidden as well)
    cells = {("peer", "a"): 5, ("peer", "b"): 2, ("peer", "overall"): 5,
             ("subordinate", "a"): 4, ("subordinate", "b"): 3, ("subordinate", "overall"): 4,
             ("public", "a"): 1, ("public", "b"): 1, ("public", "overall"): 1,
             ("observer", "a"): 2, ("observer", "overall"): 2,
             ("observer", "b"): 1}  # fmt: skip
    stats = pd.DataFrame([{"phase_id": "p", "subject_id": "s", "rater_group": g, "dimension": d,
                           "n": n, "mean": 0.5, "var": 0.1} for (g, d), n in cells.items()])
    for weights in (None, {"a": 1.0}):  # a dimension not named is taken to enter the overall
        out = suppress_cell_stats(stats, dimension_weights=weights)
        status = out.set_index(["rater_group", "dimension"])["status"].to_dict()
        assert [status[("peer", d)] for d in ("a", "b", "overall")] == [
            "shown", "suppressed", "suppressed"]  # fmt: skip
        assert {status[("subordinate", d)] for d in ("a", "b", "overall")} == {"shown"}
        assert {status[(g, d)] for g in ("public", "observer") for d in "ab"} == {"merged"}
        assert [status[(COMBINED, d)] for d in ("a", "b", "overall")] == [
            "shown", "suppressed", "suppressed"]  # fmt: skip
    out = suppress_cell_stats(stats, dimension_weights={"a": 1.0, "b": 0.0})
    assert (out.loc[out["dimension"] == "overall", "status"] != "suppressed").all()


def test_tally_total_holds_only_published_votes():
    votes = (["peer"] * 9) + (["public"] * 2) + (["subordinate"] * 4)
    answers = pd.DataFrame({"phase_id": "p", "subject_id": "s", "rater_group": votes,
                            "ballot_id": [f"b{i}" for i in range(len(votes))], "item_id": "g",
                            "option_id": ["incompetent", "competent", "excellent"] * 5,
                            "is_na": False})
    t = tally_grades(answers, "g")
    wide = t.pivot(index="rater_group", columns="grade", values="votes")
    shown = t[~t["suppressed"] & (t["rater_group"] != "all")]
    # public (2) merged with subordinate (4): no group row lets the public votes be subtracted
    assert set(shown["rater_group"]) == {"peer", COMBINED}
    published = shown.groupby("grade")["votes"].sum()
    assert (wide.loc["all"] - published.reindex(wide.columns)).eq(0).all()


def test_comments_need_five_ballots_and_lose_labels_that_could_be_inferred():
    def world(groups: list[str]) -> pd.DataFrame:
        return pd.DataFrame({"phase_id": "p", "subject_id": "s", "rater_group": groups,
                             "ballot_id": [f"b{i}" for i in range(len(groups))],
                             "rater_pseudonym": "x", "item_id": "c", "is_na": False,
                             "value_text": [f"text {i}" for i in range(len(groups))]})

    assert release_comments(world(["peer"] * 4), item_ids=["c"]).empty
    mixed = release_comments(world(["peer"] * 6 + ["public"] * 2), item_ids=["c"], seed=3)
    assert set(mixed["rater_group"]) == {"others"} and len(mixed) == 8  # 2 public: no labels
    split = release_comments(world(["peer"] * 6 + ["public"] * 5), item_ids=["c"])
    assert split["rater_group"].value_counts().to_dict() == {"peer": 6, "public": 5}
    rest = release_comments(world(["peer"] * 6 + ["public"] * 3 + ["observer"] * 3), item_ids=["c"])
    assert rest["rater_group"].value_counts().to_dict() == {"peer": 6, "others": 6}
    assert not {"ballot_id", "rater_pseudonym"} & set(rest.columns)
    orders = {tuple(release_comments(world(["peer"] * 8), item_ids=["c"], seed=s)["text"])
              for s in range(5)}
    assert len(orders) > 1  # shuffled: the order says nothing about the ballots


def test_release_comments_with_no_comment_written_returns_an_empty_frame():
    answers = pd.DataFrame({"phase_id": "p", "subject_id": "s", "rater_group": "peer",
                            "ballot_id": ["a", "b"], "item_id": "q1", "value_text": None,
                            "is_na": False})
    out = release_comments(answers, item_ids=["comment"])
    assert out.empty
    assert list(out.columns) == ["phase_id", "subject_id", "rater_group", "item_id", "text"]
